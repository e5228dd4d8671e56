import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Requests } from '../../protocol/messages.js';
import { BoError, invalidArgument } from '../../core/errors.js';
import { toWireError } from '../../server/errors.js';
import { createLogger } from '../../server/logger.js';

test('zod errors become INVALID_ARGUMENT with every issue path', () => {
  const r = Requests['trial:tell'].safeParse({ studyId: 's', trialId: 't', values: { loss: 'x' }, extra: 1 });
  assert.equal(r.success, false);
  const wire = toWireError(r.error);
  assert.equal(wire.code, 'INVALID_ARGUMENT');
  assert.equal(wire.retryable, false);
  const paths = wire.issues!.map((i) => JSON.stringify(i.path)).sort();
  assert.deepEqual(paths, ['["values","loss"]', '[]'].sort());
  assert.match(wire.message, /values\.loss: /);
  const sym = toWireError(new z.ZodError([{ code: 'custom', path: [Symbol('s'), 2], message: 'bad', input: 1 }]));
  assert.deepEqual(sym.issues?.[0]?.path, ['Symbol(s)', 2]);
});

test('BoError keeps its code, issues and retryable flag', () => {
  assert.deepEqual(toWireError(invalidArgument(['params', 'x'], 'too big')), {
    code: 'INVALID_ARGUMENT',
    message: 'params.x: too big',
    retryable: false,
    issues: [{ path: ['params', 'x'], message: 'too big' }],
  });
  assert.deepEqual(toWireError(new BoError('UNAVAILABLE', 'busy')), { code: 'UNAVAILABLE', message: 'busy', retryable: true });
});

test('anything else is INTERNAL with a generic message, and the detail is logged, not sent', () => {
  const lines: string[] = [];
  const logger = createLogger('info', (l) => lines.push(l));
  const wire = toWireError(new Error('secret path /etc/x'), logger);
  assert.deepEqual(wire, { code: 'INTERNAL', message: 'internal server error', retryable: true });
  assert.equal(lines.length, 1);
  const logged = JSON.parse(lines[0]!) as { level: string; event: string; error: { message: string } };
  assert.equal(logged.level, 'error');
  assert.equal(logged.event, 'internal_error');
  assert.equal(logged.error.message, 'secret path /etc/x');
  assert.equal(toWireError('a string').code, 'INTERNAL');
  assert.equal(toWireError(null).code, 'INTERNAL');
});
