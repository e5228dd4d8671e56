import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, parseLogLevel } from '../../server/logger.js';

test('JSON lines with time, level, event and fields; levels filter; always() ignores the level but not silent', () => {
  const lines: string[] = [];
  const log = createLogger('warn', (l) => lines.push(l));
  log.info('hidden');
  log.warn('shown', { n: 1 });
  log.always('listening', { port: 5 });
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')));
  const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual({ level: a!.level, event: a!.event, n: a!.n }, { level: 'warn', event: 'shown', n: 1 });
  assert.ok(!Number.isNaN(Date.parse(String(a!.time))));
  assert.deepEqual({ level: b!.level, event: b!.event, port: b!.port }, { level: 'info', event: 'listening', port: 5 });
  const quiet: string[] = [];
  createLogger('silent', (l) => quiet.push(l)).always('listening');
  assert.equal(quiet.length, 0);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  log.error('cyclic', { cyclic });
  assert.match(lines[2]!, /not serialisable/);
  assert.equal(parseLogLevel('debug'), 'debug');
  assert.throws(() => parseLogLevel('loud'));
});
