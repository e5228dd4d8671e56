/**
 * Stacking weights (surrogates/auto/stacking-weights.ts) against a brute-force grid over the simplex:
 * the objective Σ_i log Σ_k w_k exp(ℓ_ik) evaluated at every grid point (K = 2: step 1e-4; K = 3:
 * step 1/400), which uses nothing of the solver. The solver's objective must be at least the grid's
 * best (it optimizes over the continuum) and its weights within a grid step or two of the grid's argmax.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { stackingWeights, stackingWeightsWithDrop } from '../../../surrogates/auto/stacking-weights.js';

/** Σ_i log Σ_k w_k exp(ℓ_ik), computed directly (log-sum-exp per row). */
function objective(l: readonly Float64Array[], w: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < l[0].length; i++) {
    const top = Math.max(...l.map((lk) => lk[i]));
    total += top + Math.log(l.reduce((s, lk, k) => s + w[k] * Math.exp(lk[i] - top), 0));
  }
  return total;
}

/** K candidates' log densities of n observations: Gaussian predictives with per-candidate mean offsets and scales, so no candidate dominates everywhere. */
function logDensities(K: number, n: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  const y = Float64Array.from({ length: n }, () => rng.normal());
  return Array.from({ length: K }, (_, k) => {
    const shift = 0.4 * rng.normal();
    const sd = 0.6 + 0.8 * rng.uniform();
    return Float64Array.from(y, (v, i) => {
      // Candidate k predicts the first third of the rows better when k = i mod K: interior optima.
      const r = v - shift * (i % K === k ? 0.2 : 1);
      return -0.5 * Math.log(2 * Math.PI * sd * sd) - (r * r) / (2 * sd * sd);
    });
  });
}

test('K = 2: the solver matches the brute-force grid (step 1e-4) on 6 random problems', () => {
  for (let seed = 0; seed < 6; seed++) {
    const l = logDensities(2, 40, seed);
    let best = -Infinity;
    let arg = 0;
    for (let g = 0; g <= 10_000; g++) {
      const w = g / 10_000;
      const f = objective(l, [w, 1 - w]);
      if (f > best) [best, arg] = [f, w];
    }
    const s = stackingWeights(l);
    assert.ok(Math.abs(s.weights[0] + s.weights[1] - 1) < 1e-12);
    // The certificate: the solver is within n·gap of the optimum, which is at least the grid's best.
    assert.ok(s.objective >= best - 40 * s.gap - 1e-10, `seed ${seed}: solver ${s.objective} < grid ${best}`);
    assert.ok(Math.abs(s.objective - objective(l, Array.from(s.weights))) < 1e-9, 'the reported objective is the objective at the weights');
    assert.ok(Math.abs(s.weights[0] - arg) <= 2e-4, `seed ${seed}: w ${s.weights[0]} vs grid ${arg}`);
    assert.ok(s.gap <= 1e-9);
  }
});

test('K = 3: the solver matches the brute-force grid over the simplex (step 1/400) on 4 random problems', () => {
  const G = 400;
  for (let seed = 10; seed < 14; seed++) {
    const l = logDensities(3, 60, seed);
    let best = -Infinity;
    let arg = [0, 0, 0];
    for (let a = 0; a <= G; a++) {
      for (let b = 0; a + b <= G; b++) {
        const w = [a / G, b / G, (G - a - b) / G];
        const f = objective(l, w);
        if (f > best) [best, arg] = [f, w];
      }
    }
    const s = stackingWeights(l);
    assert.ok(s.gap <= 1e-9 && s.objective >= best - 60 * s.gap - 1e-10, `seed ${seed}: solver ${s.objective} < grid ${best}`);
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(s.weights[k] - arg[k]) <= 2 / G, `seed ${seed}: w ${Array.from(s.weights)} vs grid ${arg}`);
  }
});

test('a candidate that is worse on every row gets weight 0 (a vertex optimum), and one equal to another splits nothing it does not earn', () => {
  const l = logDensities(2, 30, 3);
  const worse = Float64Array.from(l[0], (v) => v - 1);
  const s = stackingWeights([l[0], worse]);
  assert.ok(s.weights[1] < 1e-6, `weight ${s.weights[1]}`);
  // Identical candidates: the objective is flat along the edge; any split has the same value (the grid's).
  const same = stackingWeights([l[0], Float64Array.from(l[0])]);
  assert.ok(Math.abs(same.objective - objective([l[0]], [1])) < 1e-9);
});

test('members under minWeight are dropped and the rest re-solved: the result is the optimum on the remaining members', () => {
  // Candidate 2 is slightly useful (tiny interior weight), candidates 0 and 1 share the rest.
  const l = logDensities(2, 50, 5);
  const tiny = Float64Array.from(l[0], (v, i) => (i === 0 ? v + 0.05 : v - 3));
  const full = stackingWeights([l[0], l[1], tiny]);
  assert.ok(full.weights[2] > 0 && full.weights[2] < 0.01, `setup: weight ${full.weights[2]}`);
  const dropped = stackingWeightsWithDrop([l[0], l[1], tiny]);
  assert.deepEqual(dropped.dropped.map((d) => d.index), [2]);
  assert.equal(dropped.weights[2], 0);
  const onTwo = stackingWeights([l[0], l[1]]);
  assert.ok(Math.abs(dropped.weights[0] - onTwo.weights[0]) < 1e-6 && Math.abs(dropped.objective - onTwo.objective) < 1e-9);
});
