/**
 * The previous GP factor lives in the compute worker that holds the study (its per-study entry
 * keeps the policy, which keeps the last model): a worker that holds it extends it, a fresh worker
 * (restart, eviction) refactors from the stored state, and both answer the same up to round-off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlgorithmSpec } from '../../../protocol/algorithm.js';
import { createRng } from '../../../core/rng.js';
import type { Observation, PolicyState } from '../../../policy/types.js';
import { WorkerPool } from '../../../server/compute/worker-pool.js';
import type { SuggestJob } from '../../../server/compute/types.js';

const SPACE = { a: { type: 'float' as const, low: 0, high: 1 }, b: { type: 'float' as const, low: -2, high: 2 } };
// The Gaussian likelihood: the robust default's per-row outlier variances are known variances, under which the factor is not extended (docs/as-built.md).
const algorithm = AlgorithmSpec.parse({ surrogate: 'gp', surrogateOptions: { likelihood: 'gaussian' }, acquisition: 'log-ei', seed: 4 });
const rng = createRng(9);
const observations: Observation[] = Array.from({ length: 302 }, () => {
  const [a, b] = [rng.uniform(), 4 * rng.uniform() - 2];
  return { params: { a, b }, value: Math.sin(5 * a) * Math.cos(b) + 0.01 * rng.normal() };
});

function job(n: number, state?: PolicyState): SuggestJob {
  return { kind: 'suggest', spec: { space: SPACE, algorithm }, direction: 'maximize', completed: observations.slice(0, n), pending: [], count: 1, ...(state ? { state } : {}), timeBudgetMs: 120_000, hardLimitMs: 600_000 };
}

/** The state with its last full fit marked settled, so the next fit reuses the hyperparameters. */
function settled(state: PolicyState): PolicyState {
  const s = state.surrogate as Record<string, unknown> & { kind: string; reuse: Record<string, unknown> };
  return { ...state, surrogate: { ...s, reuse: { ...s.reuse, fitGain: 0 } } };
}

test('warm fit in a worker: the worker holding the study extends its factor; a fresh worker refactors; same suggestion', async (t) => {
  const warmPool = new WorkerPool({ workers: 1 });
  const coldPool = new WorkerPool({ workers: 1 });
  t.after(() => Promise.all([warmPool.close(), coldPool.close()]));
  const first = await warmPool.suggest('s', job(300));
  const state = settled(first.state);
  const warm = await warmPool.suggest('s', job(302, state));
  const cold = await coldPool.suggest('s', job(302, state));
  const path = (d: { diagnostics: Record<string, unknown> }) => (d.diagnostics.model as Record<string, unknown>).fitPath;
  assert.equal(path(warm), 'extended');
  assert.equal(path(cold), 'refactored');
  for (const key of ['a', 'b']) assert.ok(Math.abs((warm.suggestions[0][key] as number) - (cold.suggestions[0][key] as number)) < 1e-6, key);
});
