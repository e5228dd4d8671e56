/**
 * algorithm.outputTransform 'half-rank' in the BO policy: the model's y is core/output-warp.ts's
 * halfRankLogWarp of the maximized values, the ask's diagnostics say so (outputTransform, halfRank with
 * the count of values below the median, counted here by brute force), the same seed gives the same
 * suggestions; an explicit 'auto' runs 'auto' and a spec without the field the family's default.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { halfRankLogWarp } from '../../core/output-warp.js';
import { createSearchSpace } from '../../core/search-space.js';
import { branin } from '../../benchmarks/problems/branin.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { BoPolicy, transformOutcomes } from '../../policy/bo-policy.js';
import { defaultOutputTransform } from '../../policy/output-transform-default.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import type { Observation, SuggestRequest } from '../../policy/types.js';

const space = createSearchSpace({ x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } });
const algo = (input: AlgorithmInput = {}) => AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'log-ei', seed: 5, ...input });

async function design(n: number): Promise<Observation[]> {
  const d = await new SobolPolicy().suggest({ space, algorithm: algo({ surrogate: 'none' }), direction: 'minimize', completed: [], pending: [], count: n });
  return d.suggestions.map((params) => ({ params, value: branin.f([params.x1 as number, params.x2 as number]) }));
}

const request = (completed: Observation[], input: AlgorithmInput): SuggestRequest => ({ space, algorithm: algo(input), direction: 'minimize', completed, pending: [], count: 1 });

test("transformOutcomes 'half-rank' is halfRankLogWarp", () => {
  const v = [-310, -4, -0.5, -60, -2, -1e4, -0.1];
  assert.deepEqual(transformOutcomes(v, 'half-rank'), halfRankLogWarp(v));
});

test("a spec with outputTransform 'half-rank' runs it, says so, and is deterministic by seed", async () => {
  const completed = await design(9);
  const maximized = completed.map((o) => -o.value);
  const sorted = [...maximized].sort((a, b) => a - b);
  const belowMedian = maximized.filter((v) => v < sorted[4]).length;
  const a = await new BoPolicy().suggest(request(completed, { outputTransform: 'half-rank' }));
  assert.equal(a.diagnostics.phase, 'model');
  assert.equal(a.diagnostics.outputTransform, 'half-rank');
  const stats = a.diagnostics.halfRank as { median: number; warped: number };
  assert.equal(stats.warped, belowMedian);
  assert.equal(stats.median, sorted[4]);
  const b = await new BoPolicy().suggest(request(completed, { outputTransform: 'half-rank' }));
  assert.deepEqual(b.suggestions, a.suggestions);
  const plain = await new BoPolicy().suggest(request(completed, { outputTransform: 'auto' }));
  assert.equal(plain.diagnostics.outputTransform, 'auto');
  assert.equal(plain.diagnostics.halfRank, undefined);
  // Without the field the GP runs its family default (policy/output-transform-default.ts).
  const unnamed = await new BoPolicy().suggest(request(completed, {}));
  assert.equal(unnamed.diagnostics.outputTransform, defaultOutputTransform('gp'));
  // A policy option (benchmark variants, tests) still comes before the spec's field.
  const forced = await new BoPolicy({ outputTransform: 'standardize' }).suggest(request(completed, { outputTransform: 'half-rank' }));
  assert.equal(forced.diagnostics.outputTransform, 'standardize');
});
