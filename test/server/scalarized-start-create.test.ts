/**
 * study:create pins the scalarized start (policy/scalarized-start.ts): a 3-objective study with the
 * default acquisition stores algorithm.scalarizedStart and shows it in its effective algorithm with
 * a note; a 2-objective study stores nothing; a scalarizedStart that cannot run is refused with its path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Requests, type RequestInputOf } from '../../protocol/messages.js';
import { DEFAULT_SCALARIZED_START } from '../../policy/scalarized-start.js';
import { makeService, branin } from './service-fixture.js';
import { expectCode } from './expect-code.js';

const THREE = { a: 'minimize', b: 'minimize', c: 'maximize' } as const;

async function create(input: RequestInputOf<'study:create'>) {
  const fx = makeService();
  const view = await fx.service.handle('study:create', Requests['study:create'].parse(input) as never);
  return { view, stored: await fx.storage.getStudy((view as { id: string }).id) };
}

test('three objectives: the default scalarized start is stored in the spec and shown in the effective algorithm', async () => {
  const { stored } = await create(branin({ objectives: THREE, algorithm: { surrogate: 'gp' } }));
  assert.equal(stored?.algorithm.scalarizedStart, DEFAULT_SCALARIZED_START);
  assert.equal(stored?.effectiveAlgorithm?.scalarizedStart, DEFAULT_SCALARIZED_START);
  assert.ok(stored?.effectiveAlgorithm?.notes?.some((n) => n.includes(`first ${DEFAULT_SCALARIZED_START} model asks run qnparego`)));
});

test('two objectives and qlognehvi by name store none; a given value is kept', async () => {
  const two = await create(branin({ objectives: { a: 'minimize', b: 'minimize' }, algorithm: { surrogate: 'gp' } }));
  assert.equal(two.stored?.algorithm.scalarizedStart, undefined);
  const named = await create(branin({ objectives: THREE, algorithm: { surrogate: 'gp', acquisition: 'qlognehvi' } }));
  assert.equal(named.stored?.algorithm.scalarizedStart, undefined);
  const given = await create(branin({ objectives: THREE, algorithm: { surrogate: 'gp', scalarizedStart: 4 } }));
  assert.equal(given.stored?.algorithm.scalarizedStart, 4);
});

test('a scalarized start that would not run is refused at algorithm.scalarizedStart', async () => {
  await expectCode(create(branin({ algorithm: { surrogate: 'gp', scalarizedStart: 4 } })), 'INVALID_ARGUMENT', ['algorithm', 'scalarizedStart']);
  await expectCode(create(branin({ objectives: THREE, algorithm: { surrogate: 'gp', acquisition: 'qnparego', scalarizedStart: 4 } })), 'INVALID_ARGUMENT', ['algorithm', 'scalarizedStart']);
  const negative = Requests['study:create'].safeParse(branin({ objectives: THREE, algorithm: { surrogate: 'gp', scalarizedStart: -1 } }));
  assert.deepEqual(negative.success ? undefined : negative.error.issues[0].path, ['algorithm', 'scalarizedStart']);
});
