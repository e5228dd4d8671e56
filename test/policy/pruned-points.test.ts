/**
 * Pruned trials in the policies (issue 19): the model does not learn from them, but their points
 * are never suggested again and they use up their slot of the space-filling sequence. Reference:
 * the same policy without the feature, asked for one more point (a batch of n+1 equals n excluded
 * points then one more, since trial i gets sequence point i).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import { BoPolicy } from '../../policy/bo-policy.js';
import type { SuggestRequest } from '../../policy/types.js';

const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });
const key = (p: Params) => `${p.a},${p.b}`;

function request(surrogate: 'none' | 'gp', completed: Params[], excluded: Params[], count: number): SuggestRequest {
  return {
    space,
    algorithm: AlgorithmSpec.parse({ surrogate, seed: 11, initialTrials: 6 }),
    direction: 'minimize',
    completed: completed.map((params) => ({ params, value: (params.a as number) + (params.b as number) })),
    pending: [],
    excluded,
    count,
  };
}

for (const [name, policy, surrogate] of [['sobol', new SobolPolicy(), 'none'], ['bo (initial design)', new BoPolicy(), 'gp']] as const) {
  test(`${name}: excluded points count in the sequence and are never repeated`, async () => {
    const batch = (await policy.suggest({ ...request(surrogate, [], [], 4), excluded: undefined })).suggestions;
    // Trials 0 and 2 pruned, trial 1 completed: the next point is sequence point 3, not a pruned one.
    const next = (await policy.suggest(request(surrogate, [batch[1]!], [batch[0]!, batch[2]!], 1))).suggestions;
    assert.deepEqual(next.map(key), [key(batch[3]!)]);
    // Without the exclusion the index would restart at 1 (1 completed) and hand out a pruned trial's point.
    const blind = (await policy.suggest({ ...request(surrogate, [batch[1]!], [], 1), excluded: undefined })).suggestions;
    assert.ok([batch[0], batch[2]].some((p) => key(p!) === key(blind[0]!)), 'the reference shows the repeat the exclusion prevents');
  });
}

test('bo: the model phase learns only from completed trials; excluded points are not suggested again', async () => {
  const policy = new BoPolicy();
  const design = (await policy.suggest({ ...request('gp', [], [], 8), excluded: undefined })).suggestions;
  const decision = await policy.suggest(request('gp', design.slice(0, 6), design.slice(6, 8), 2));
  assert.equal(decision.diagnostics.phase, 'model');
  // The same fit as with no pruned trials at all: the incumbent (from the training values) is equal.
  const plain = await policy.suggest({ ...request('gp', design.slice(0, 6), [], 2), excluded: undefined });
  assert.equal(decision.diagnostics.incumbent, plain.diagnostics.incumbent);
  for (const s of decision.suggestions) assert.ok(!design.slice(6).some((p) => key(p) === key(s)));
});
