/**
 * The multi-outcome policy on BraninCurrin observations: qNParEGO batches (distinct points,
 * Dirichlet weights on the simplex), qLogNEHVI's inferred reference point against Ax's rule
 * computed here by brute force, and a failing fit answered by a space-filling fallback.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { MoPolicy } from '../../policy/mo-policy.js';
import type { Observation, OutcomeSpec } from '../../policy/types.js';
import { braninCurrin } from '../../benchmarks/mo/problems.js';

const space = createSearchSpace({ x0: { type: 'float', low: 0, high: 1 }, x1: { type: 'float', low: 0, high: 1 } });
const outcomes: OutcomeSpec = { objectives: [{ name: 'f0', direction: 'minimize' }, { name: 'f1', direction: 'minimize' }], constraints: [] };
const FAST = { rawSamples: 64, restarts: 2, samples: 32 };

function observations(n: number): Observation[] {
  const rng = createRng(3);
  return Array.from({ length: n }, () => {
    const x = [rng.uniform(), rng.uniform()];
    const f = braninCurrin.f(x);
    return { params: { x0: x[0], x1: x[1] }, value: f[0], outcomes: f };
  });
}

test('qNParEGO: a batch of 2 distinct model points, each with Dirichlet weights on the simplex', async () => {
  const completed = observations(8);
  const d = await new MoPolicy(FAST).suggest({ space, algorithm: AlgorithmSpec.parse({ acquisition: 'qnparego', initialTrials: 4 }), direction: 'minimize', outcomes, completed, pending: [], count: 2 });
  assert.equal(d.diagnostics.phase, 'model', String(d.diagnostics.fallbackReason));
  assert.equal(d.suggestions.length, 2);
  assert.notDeepEqual(d.suggestions[0], d.suggestions[1]);
  const weights = d.diagnostics.scalarizationWeights as number[][];
  assert.equal(weights.length, 2);
  for (const w of weights) assert.ok(Math.abs(w[0] + w[1] - 1) < 1e-12 && w.every((v) => v > 0));
});

test('qLogNEHVI infers the reference point as Ax does (front nadir − 10% of the front range) and says so', async () => {
  const completed = observations(8);
  const d = await new MoPolicy(FAST).suggest({ space, algorithm: AlgorithmSpec.parse({ initialTrials: 4 }), direction: 'minimize', outcomes, completed, pending: [], count: 1 });
  assert.equal(d.diagnostics.phase, 'model', String(d.diagnostics.fallbackReason));
  const f = completed.map((o) => o.outcomes!);
  const front = f.filter((a) => !f.some((b) => b[0] <= a[0] && b[1] <= a[1] && (b[0] < a[0] || b[1] < a[1])));
  const expected = [0, 1].map((k) => {
    const vals = front.map((r) => r[k]);
    const [lo, hi] = [Math.min(...vals), Math.max(...vals)];
    return hi + 0.1 * (hi - lo); // minimized: the nadir is the max, moved up
  });
  const ref = d.diagnostics.referencePoint as Record<string, number>;
  assert.ok(Math.abs(ref.f0 - expected[0]) < 1e-9 && Math.abs(ref.f1 - expected[1]) < 1e-9, `${JSON.stringify(ref)} vs ${expected}`);
  assert.equal(d.diagnostics.referencePointSource, 'inferred');
});

test('a fit that throws falls back to space filling with the reason', async () => {
  const broken = { kind: 'gp', fit: () => Promise.reject(new Error('singular')) };
  const d = await new MoPolicy({ ...FAST, surrogate: broken }).suggest({ space, algorithm: AlgorithmSpec.parse({ initialTrials: 4 }), direction: 'minimize', outcomes, completed: observations(6), pending: [], count: 1 });
  assert.equal(d.diagnostics.phase, 'fallback');
  assert.match(String(d.diagnostics.fallbackReason), /singular/);
  assert.equal(d.suggestions.length, 1);
});
