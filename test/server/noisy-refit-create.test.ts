/**
 * algorithm.noisyRefit at study:create and on restart: a bad field is INVALID_ARGUMENT at its path (the wire
 * schema); 'on' is refused at algorithm.noisyRefit where it could never act (another policy; a family without a
 * fitted noise) and at algorithm.noisyRefit.transform where the second fit would repeat the first. What runs is
 * recorded in the effective algorithm (absent: off); a study stored without the record (before session 26) keeps
 * running without a second fit after a restart, while a new GP study runs today's default.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlgorithmSpec, type EffectiveAlgorithm } from '../../protocol/algorithm.js';
import { Requests, type RequestInputOf } from '../../protocol/messages.js';
import { DEFAULT_NOISY_REFIT } from '../../policy/noisy-refit-default.js';
import { algorithmToRun } from '../../server/algorithm-to-run.js';
import { makeService, branin } from './service-fixture.js';
import { expectCode } from './expect-code.js';
import { specsAfterRestart } from './stored-before.js';

const create = async (input: RequestInputOf<'study:create'>) => {
  const { service } = makeService();
  return ((await service.handle('study:create', Requests['study:create'].parse(input) as never)) as { effectiveAlgorithm: EffectiveAlgorithm }).effectiveAlgorithm;
};

test("the GP's default is recorded (z-scored y from 5 to 10 dimensions); other families, 'auto' and an explicit 'off' record nothing; an explicit 'on' is recorded with its defaults filled in", async () => {
  assert.deepEqual(DEFAULT_NOISY_REFIT, { mode: 'on', transform: 'standardize', minDim: 5, maxDim: 10 });
  assert.deepEqual((await create(branin({ algorithm: { surrogate: 'gp' } }))).noisyRefit, { transform: 'standardize', minDim: 5, maxDim: 10 });
  for (const surrogate of ['nngp', 'stp', 'auto'] as const) assert.equal((await create(branin({ algorithm: { surrogate } }))).noisyRefit, undefined, surrogate);
  assert.equal((await create(branin({ algorithm: { surrogate: 'gp', noisyRefit: { mode: 'off' } } }))).noisyRefit, undefined);
  assert.deepEqual((await create(branin({ algorithm: { surrogate: 'gp', noisyRefit: { mode: 'on', minDim: 2 } } }))).noisyRefit, { transform: 'standardize', minDim: 2, maxDim: 10 });
  assert.deepEqual((await create(branin({ algorithm: { surrogate: 'nngp', noisyRefit: { mode: 'on', transform: 'half-rank' } } }))).noisyRefit, { transform: 'half-rank', minDim: 5, maxDim: 10 });
  // Several objectives run the multi-outcome policy, which fits no second model: nothing recorded for the GP's default.
  assert.equal((await create(branin({ objectives: { a: 'minimize', b: 'minimize' }, algorithm: { surrogate: 'gp' } }))).noisyRefit, undefined);
});

test('bad fields are refused by the wire schema at their path', () => {
  const paths = (r: unknown) => AlgorithmSpec.safeParse({ surrogate: 'gp', noisyRefit: r }).error?.issues.map((i) => i.path.join('.'));
  assert.deepEqual(paths({ mode: 'on', minDim: 0 }), ['noisyRefit.minDim']);
  assert.deepEqual(paths({ mode: 'on', minDim: 2.5 }), ['noisyRefit.minDim']);
  assert.deepEqual(paths({ mode: 'on', transform: 'log' }), ['noisyRefit.transform']);
  assert.deepEqual(paths({ mode: 'off', minDim: 3 }), ['noisyRefit']);
  assert.deepEqual(paths({ mode: 'on', minDim: 11 }), ['noisyRefit.maxDim'], 'above the default maxDim');
  assert.deepEqual(paths({ mode: 'on', minDim: 3, maxDim: 2 }), ['noisyRefit.maxDim']);
  assert.equal(paths({ mode: 'on', minDim: 11, maxDim: 11 }), undefined);
  assert.deepEqual(paths({ mode: 'sometimes' }), ['noisyRefit.mode']);
});

test("'on' refused where it could never act, at algorithm.noisyRefit; a transform equal to the study's own, at algorithm.noisyRefit.transform", async () => {
  const on = { mode: 'on' } as const;
  await expectCode(create(branin({ algorithm: { surrogate: 'pfn', noisyRefit: on } })), 'INVALID_ARGUMENT', ['algorithm', 'noisyRefit']);
  await expectCode(create(branin({ algorithm: { surrogate: 'none', noisyRefit: on } })), 'INVALID_ARGUMENT', ['algorithm', 'noisyRefit']);
  await expectCode(create(branin({ objectives: { a: 'minimize', b: 'minimize' }, algorithm: { surrogate: 'gp', noisyRefit: on } })), 'INVALID_ARGUMENT', ['algorithm', 'noisyRefit']);
  const transform = ['algorithm', 'noisyRefit', 'transform'];
  await expectCode(create(branin({ algorithm: { surrogate: 'gp', outputTransform: 'standardize', noisyRefit: on } })), 'INVALID_ARGUMENT', transform);
  await expectCode(create(branin({ algorithm: { surrogate: 'gp', noisyRefit: { mode: 'on', transform: 'half-rank' } } })), 'INVALID_ARGUMENT', transform);
  // nngp's own transform is 'standardize', the refit's default.
  await expectCode(create(branin({ algorithm: { surrogate: 'nngp', noisyRefit: on } })), 'INVALID_ARGUMENT', transform);
  // 'off' is never refused: here on a policy that makes no second fit.
  assert.equal((await create(branin({ objectives: { a: 'minimize', b: 'minimize' }, algorithm: { surrogate: 'gp', noisyRefit: { mode: 'off' } } }))).noisyRefit, undefined);
});

test('a study stored before session 26 (no effective.noisyRefit) keeps running without a second fit after a restart; a new GP study runs the default; an explicit spec is left alone', async () => {
  const { old, current, effective } = await specsAfterRestart({ surrogate: 'gp', seed: 1 }, 'noisyRefit');
  assert.deepEqual([old.noisyRefit, current.noisyRefit], [{ mode: 'off' }, DEFAULT_NOISY_REFIT]);
  const { noisyRefit: _dropped, ...oldEffective } = effective;
  const explicit = { ...current, noisyRefit: { mode: 'on' as const, minDim: 9 } };
  assert.deepEqual(algorithmToRun({ algorithm: explicit, effectiveAlgorithm: oldEffective as EffectiveAlgorithm }).noisyRefit, { mode: 'on', minDim: 9 });
});
