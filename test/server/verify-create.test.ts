/**
 * Re-measuring suspected outliers at study:create: asked for by GpOptions.verifyOutliers or by
 * 'auto''s 'gp-robust' candidate, it is an ask of the single-objective BO policy; a study that runs
 * the multi-outcome policy (several objectives or constraints) is refused at the field that asks for
 * it (policy/verify-resolution.ts) instead of fitting the robust likelihood and never re-measuring;
 * 'auto' and any surrogateOptions with a fidelity parameter were refused before, at their own paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Requests, type RequestInputOf } from '../../protocol/messages.js';
import { makeService, branin } from './service-fixture.js';
import { expectCode } from './expect-code.js';

const create = (input: RequestInputOf<'study:create'>) => {
  const { service } = makeService();
  return service.handle('study:create', Requests['study:create'].parse(input) as never);
};
const verifyingGp = { surrogate: 'gp' as const, surrogateOptions: { likelihood: 'robust', verifyOutliers: true } };
const verifyingAuto = { surrogate: 'auto' as const, surrogateOptions: { candidates: ['nngp', 'gp-robust'] } };
const twoObjectives = { objectives: { a: 'minimize' as const, b: 'minimize' as const } };
const fidelity = { space: { ...branin().space, size: { type: 'fidelity' as const, levels: [{ value: 'S', cost: 0.2 }, { value: 'L', cost: 1 }], target: 'L' } } };

test('accepted where the BO policy runs', async () => {
  for (const algorithm of [verifyingGp, verifyingAuto]) {
    const view = (await create(branin({ algorithm }))) as { effectiveAlgorithm: { policy: string } };
    assert.equal(view.effectiveAlgorithm.policy, 'bo');
  }
});

test('refused for several objectives or constraints (the multi-outcome policy) at the field that asks for it', async () => {
  const constrained = { constraints: { cost: { max: 1 } } };
  for (const extra of [twoObjectives, constrained]) {
    await expectCode(create(branin({ ...extra, algorithm: verifyingGp })), 'INVALID_ARGUMENT', ['algorithm', 'surrogateOptions', 'verifyOutliers']);
    // The robust likelihood without re-measuring is what that policy can run: accepted.
    await assert.doesNotReject(create(branin({ ...extra, algorithm: { surrogate: 'gp', surrogateOptions: { likelihood: 'robust' } } })));
  }
  // 'auto' models one outcome: refused for several at algorithm.surrogate before (outcome-resolution.ts).
  await expectCode(create(branin({ ...twoObjectives, algorithm: verifyingAuto })), 'INVALID_ARGUMENT', ['algorithm', 'surrogate']);
  // A fidelity parameter runs the multi-fidelity GP, which takes no surrogateOptions at all, and no 'auto' (refused before).
  await expectCode(create(branin({ ...fidelity, algorithm: verifyingGp })), 'INVALID_ARGUMENT', ['algorithm', 'surrogateOptions']);
  await expectCode(create(branin({ ...fidelity, algorithm: verifyingAuto })), 'INVALID_ARGUMENT', ['algorithm', 'surrogate']);
});
