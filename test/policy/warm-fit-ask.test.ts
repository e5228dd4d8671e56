/**
 * An ask whose GP fit reuses the previous hyperparameters gives the same suggestion on a warm
 * worker (the policy holds the previous factor and extends it) as on a cold one (a fresh policy
 * with only the stored state: one fresh Cholesky), up to round-off; and is deterministic.
 * Reference: the cold path, whose factor test/surrogates/gp/factor-reuse.test.ts checks against L Lᵀ = K_y.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { Observation, PolicyState, SuggestDecision } from '../../policy/types.js';

const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: -2, high: 2 }, c: { type: 'float', low: 0, high: 1 } });
// The Gaussian likelihood: the robust default's per-row outlier variances are known variances, under which the factor is not extended (surrogates/gp/factor-reuse.ts).
const algorithm = AlgorithmSpec.parse({ surrogate: 'gp', surrogateOptions: { likelihood: 'gaussian' }, acquisition: 'qlognei', seed: 11 });
const rng = createRng(5);
const observations: Observation[] = Array.from({ length: 303 }, () => {
  const [a, b, c] = [rng.uniform(), 4 * rng.uniform() - 2, rng.uniform()];
  return { params: { a, b, c }, value: Math.sin(6 * a) + Math.cos(2 * b) * c + 0.01 * rng.normal() };
});

function ask(policy: ReturnType<typeof createPolicy>, n: number, state?: PolicyState): Promise<SuggestDecision> {
  return policy.suggest({ space, algorithm, direction: 'maximize', completed: observations.slice(0, n), pending: [], count: 1, ...(state ? { state } : {}) });
}

/** The state with the last full fit marked settled (gain 0), so the next fit may reuse. */
function settled(state: PolicyState): PolicyState {
  const s = state.surrogate as Record<string, unknown> & { kind: string; reuse: Record<string, unknown> };
  return { ...state, surrogate: { ...s, reuse: { ...s.reuse, fitGain: 0 } } };
}

test('warm-fit ask: the warm worker path (factor extended) equals the cold path (fresh factor) for the same seed and state', async () => {
  const warmPolicy = createPolicy(algorithm);
  const first = await ask(warmPolicy, 300);
  const state = settled(first.state);
  const warm = await ask(warmPolicy, 303, state);
  const cold = await ask(createPolicy(algorithm), 303, state);
  const fitPath = (d: SuggestDecision) => (d.diagnostics.model as Record<string, unknown>).fitPath;
  assert.equal(fitPath(warm), 'extended');
  assert.equal(fitPath(cold), 'refactored');
  assert.deepEqual(warm.state.surrogate, cold.state.surrogate, 'same hyperparameters and reuse record');
  for (const key of ['a', 'b', 'c']) {
    const w = warm.suggestions[0][key] as number;
    const c = cold.suggestions[0][key] as number;
    assert.ok(Math.abs(w - c) < 1e-6, `${key}: warm ${w}, cold ${c}`);
  }
  // Deterministic: another cold worker gives bit-identical suggestions.
  const again = await ask(createPolicy(algorithm), 303, state);
  assert.deepEqual(again.suggestions, cold.suggestions);
});
