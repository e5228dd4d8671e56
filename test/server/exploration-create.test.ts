/**
 * algorithm.exploration at study:create: a bad field is INVALID_ARGUMENT at its path (the wire
 * schema); a valid spec is refused where the effective policy is not single-objective BO (it would be
 * ignored) at algorithm.exploration, and a skill gate on a surrogate without a closed-form
 * leave-one-out predictive at algorithm.exploration.minSkill ('auto' has one when every candidate has).
 * Since session 12 a gp or auto study without the field resolves to ε = 0.1 with the gate at 0 and its
 * effective algorithm records it; a space-filling study records none.
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

test('exploration is accepted with the BO policy (gp and auto with kernel candidates with a gate, off anywhere)', async () => {
  await create(branin({ algorithm: { surrogate: 'gp', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 } } }));
  await create(branin({ algorithm: { surrogate: 'auto', exploration: { mode: 'epsilon', minSkill: 0.2 } } }));
  await create(branin({ algorithm: { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'deep-ensemble'] }, exploration: { mode: 'epsilon' } } }));
  await create(branin({ algorithm: { surrogate: 'none', exploration: { mode: 'off' } } }));
});

test('bad fields are refused by the wire schema at their path', () => {
  const paths = (e: unknown) => AlgorithmSpec.safeParse({ surrogate: 'gp', exploration: e }).error?.issues.map((i) => i.path.join('.'));
  assert.deepEqual(paths({ mode: 'epsilon', epsilon: 1.5 }), ['exploration.epsilon']);
  assert.deepEqual(paths({ mode: 'epsilon', minSkill: -2 }), ['exploration.minSkill']);
  assert.deepEqual(paths({ mode: 'epsilon', every: 3 }), ['exploration']);
  assert.deepEqual(paths({ mode: 'sometimes' }), ['exploration.mode']);
});

test('exploration refused for space-filling and multi-outcome studies; minSkill refused without closed-form LOO', async () => {
  const path = ['algorithm', 'exploration'];
  await expectCode(create(branin({ algorithm: { surrogate: 'none', exploration: { mode: 'epsilon' } } })), 'INVALID_ARGUMENT', path);
  await expectCode(create(branin({ objectives: { a: 'minimize', b: 'minimize' }, algorithm: { surrogate: 'gp', exploration: { mode: 'epsilon' } } })), 'INVALID_ARGUMENT', path);
  await expectCode(create(branin({ algorithm: { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'deep-ensemble'] }, exploration: { mode: 'epsilon', minSkill: 0 } } })), 'INVALID_ARGUMENT', [...path, 'minSkill']);
  await expectCode(create(branin({ algorithm: { surrogate: 'deep-ensemble', exploration: { mode: 'epsilon', minSkill: 0 } } })), 'INVALID_ARGUMENT', [...path, 'minSkill']);
});

test("skill: 'prequential' accepted for the refit families; refused at algorithm.exploration.skill without one or without minSkill; bad values at their path", async () => {
  const path = ['algorithm', 'exploration', 'skill'];
  for (const surrogate of ['gp', 'nngp', 'stp', 'auto'] as const) await create(branin({ algorithm: { surrogate, exploration: { mode: 'epsilon', minSkill: 0, skill: 'prequential' } } }));
  await create(branin({ algorithm: { surrogate: 'gp', exploration: { mode: 'epsilon', minSkill: 0, skill: 'loo' } } }));
  await expectCode(create(branin({ algorithm: { surrogate: 'gp', exploration: { mode: 'epsilon', skill: 'prequential' } } })), 'INVALID_ARGUMENT', path);
  await expectCode(create(branin({ algorithm: { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'deep-ensemble'] }, exploration: { mode: 'epsilon', skill: 'prequential' } } })), 'INVALID_ARGUMENT', path);
  // deep-ensemble has neither closed-form LOO nor a refit: the minSkill refusal comes first.
  await expectCode(create(branin({ algorithm: { surrogate: 'deep-ensemble', exploration: { mode: 'epsilon', minSkill: 0, skill: 'prequential' } } })), 'INVALID_ARGUMENT', ['algorithm', 'exploration', 'minSkill']);
  assert.deepEqual(AlgorithmSpec.safeParse({ surrogate: 'gp', exploration: { mode: 'epsilon', skill: 'future' } }).error?.issues.map((i) => i.path.join('.')), ['exploration.skill']);
});

test('the default is resolved at create and recorded in the effective algorithm (gp, auto; none for space filling)', async () => {
  for (const surrogate of ['gp', 'auto'] as const) {
    const view = (await create(branin({ algorithm: { surrogate } }))) as { effectiveAlgorithm: { exploration?: unknown } };
    assert.deepEqual(view.effectiveAlgorithm.exploration, { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, surrogate);
  }
  const own = (await create(branin({ algorithm: { surrogate: 'gp', exploration: { mode: 'off' } } }))) as { effectiveAlgorithm: { exploration?: unknown } };
  assert.equal(own.effectiveAlgorithm.exploration, undefined, "'off' is recorded as absent, which the pinning reads as 'off'");
  const sobol = (await create(branin({ algorithm: { surrogate: 'none' } }))) as { effectiveAlgorithm: { exploration?: unknown } };
  assert.equal(sobol.effectiveAlgorithm.exploration, undefined);
});
