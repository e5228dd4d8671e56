/**
 * Start heuristics of the acquisition optimizer: sample_around_best perturbations and BoTorch's
 * Boltzmann start selection (initialize_q_batch). References are closed forms / Monte Carlo
 * frequencies with stated tolerances; every random draw is seeded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows, type Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { boltzmannStarts, optimizeAcquisition, perturbAround } from '../../acquisitions/optimize.js';

test('perturbAround: inside [0,1]^d, centred on the given rows with sd sigma (truncation at a face)', () => {
  const centers = fromRows([
    [0.5, 0.5, 0.5],
    [0.0, 1.0, 0.25],
  ]);
  const m = 20000;
  const P = perturbAround(centers, m, 0.01, createRng(7));
  assert.equal(P.rows, m);
  // Rows near centre 0 vs centre 1 (separated by ≫ sigma): each share ≈ 1/2 (binomial sd 0.0035).
  let n0 = 0;
  let sum = 0;
  let sum2 = 0;
  for (let r = 0; r < m; r++) {
    const x = P.data.subarray(r * 3, r * 3 + 3);
    for (const v of x) assert.ok(v >= 0 && v <= 1);
    if (Math.abs(x[2] - 0.5) < 0.1) {
      n0++;
      sum += x[0] - 0.5;
      sum2 += (x[0] - 0.5) ** 2;
    } else {
      // Truncated at the faces x0 = 0 and x1 = 1: only the inside half-normal.
      assert.ok(x[0] >= 0 && x[0] < 0.08 && x[1] <= 1 && x[1] > 0.92);
    }
  }
  assert.ok(Math.abs(n0 / m - 0.5) < 0.02, `share ${n0 / m}`);
  const mean = sum / n0;
  const sd = Math.sqrt(sum2 / n0 - mean * mean);
  assert.ok(Math.abs(mean) < 5e-4, `mean ${mean}`); // 5 standard errors (0.01/√10000 = 1e-4)
  assert.ok(Math.abs(sd - 0.01) < 5e-4, `sd ${sd}`);
});

test('boltzmannStarts: k distinct indices, argmax always in, frequencies ∝ exp(z) (Monte Carlo)', () => {
  // 4 values; z = (v − mean)/sd with the sample sd (n − 1), as torch.std.
  const values = Float64Array.from([3, 2, 1, 0, -Infinity]);
  const order = [0, 1, 2, 3, 4];
  // k = 1: one weighted draw, but the argmax is forced in -> always index 0.
  assert.deepEqual(boltzmannStarts(values, order, 1, createRng(1)).slice(0, 1), [0]);
  // k = 2: the first pick is the weighted draw; the second is a second draw or the forced argmax.
  const mean = 1.5;
  const sd = Math.sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3);
  const w = [3, 2, 1, 0].map((v) => Math.exp((v - mean) / sd));
  const W = w.reduce((a, b) => a + b, 0);
  const rng = createRng(11);
  const counts = [0, 0, 0, 0, 0];
  const N = 20000;
  for (let t = 0; t < N; t++) {
    const s = boltzmannStarts(values, order, 2, rng);
    assert.equal(new Set(s).size, 5, 'a permutation of all indices');
    assert.ok(s.slice(0, 2).includes(0), 'argmax among the starts');
    assert.ok(!s.slice(0, 2).includes(4), 'a -Infinity value is never a start');
    counts[s[0]]++;
  }
  for (let i = 0; i < 4; i++) {
    const p = w[i] / W;
    assert.ok(Math.abs(counts[i] / N - p) < 4 * Math.sqrt((p * (1 - p)) / N) + 1e-3, `index ${i}: ${counts[i] / N} vs ${p}`);
  }
});

test('aroundBest: with one raw Sobol sample the optimizer still finds a narrow peak next to the given point', () => {
  // A peak of width 0.003 at c: a single Sobol point almost surely misses its basin, the perturbations do not.
  const c = [0.31, 0.77];
  const f = (x: ArrayLike<number>) => Math.exp(-((x[0] - c[0]) ** 2 + (x[1] - c[1]) ** 2) / (2 * 0.003 ** 2));
  const obj = {
    values(X: Matrix) {
      const out = new Float64Array(X.rows);
      for (let i = 0; i < X.rows; i++) out[i] = f(X.data.subarray(i * 2, i * 2 + 2));
      return out;
    },
  };
  const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });
  const opts = { rng: createRng(3), rawSamples: 1, restarts: 1, allowFewRawSamples: true };
  const without = optimizeAcquisition(obj, space, opts);
  assert.ok(without.value < 1e-6, `no luck expected without perturbations, got ${without.value}`);
  const withBest = optimizeAcquisition(obj, space, { ...opts, rng: createRng(3), aroundBest: fromRows([[0.312, 0.768]]) });
  assert.ok(withBest.value > 1 - 1e-6, `value ${withBest.value}`);
  assert.ok(Math.abs(withBest.x[0] - c[0]) < 1e-4 && Math.abs(withBest.x[1] - c[1]) < 1e-4);
});
