/**
 * algorithm.outputTransform: a value outside the enum is INVALID_ARGUMENT at algorithm.outputTransform;
 * a valid one is refused at study:create where the effective policy is not the single-objective BO
 * policy (it would be ignored there), at the same path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { Requests, type RequestInputOf } from '../../protocol/messages.js';
import { makeService, branin } from './service-fixture.js';
import { expectCode } from './expect-code.js';

const create = (input: RequestInputOf<'study:create'>) => {
  const { service } = makeService();
  return service.handle('study:create', Requests['study:create'].parse(input) as never);
};
const path = ['algorithm', 'outputTransform'];

test("outputTransform 'half-rank' with the BO policy is accepted (gp and auto)", async () => {
  await create(branin({ algorithm: { surrogate: 'gp', outputTransform: 'half-rank' } }));
  await create(branin({ algorithm: { surrogate: 'auto', outputTransform: 'standardize' } }));
});

test('an unknown outputTransform is refused by the wire schema at outputTransform', () => {
  const r = AlgorithmSpec.safeParse({ surrogate: 'gp', outputTransform: 'log' });
  assert.equal(r.success, false);
  assert.deepEqual(r.error!.issues.map((i) => i.path.join('.')), ['outputTransform']);
  assert.equal(AlgorithmSpec.parse({}).outputTransform, undefined, 'absent stays absent: the policy default applies');
});

test('outputTransform refused for multi-outcome, multi-fidelity and space-filling studies', async () => {
  await expectCode(create(branin({ objectives: { a: 'minimize', b: 'minimize' }, algorithm: { surrogate: 'gp', outputTransform: 'half-rank' } })), 'INVALID_ARGUMENT', path);
  const fidelity = { ...branin().space, size: { type: 'fidelity' as const, levels: [{ value: 'S', cost: 0.2 }, { value: 'L', cost: 1 }], target: 'L' } };
  await expectCode(create(branin({ space: fidelity, algorithm: { surrogate: 'gp', outputTransform: 'half-rank' } })), 'INVALID_ARGUMENT', path);
  await expectCode(create(branin({ algorithm: { surrogate: 'none', outputTransform: 'power' } })), 'INVALID_ARGUMENT', path);
});
