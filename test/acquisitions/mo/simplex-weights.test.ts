/**
 * qNParEGO's scalarization weights (acquisitions/mo/simplex-weights.ts) are uniform on the simplex,
 * checked by Monte Carlo against closed forms: the midpoint subdivision of the 2-simplex into four
 * congruent triangles (each holds 1/4 of a uniform distribution; chi-square, 3 degrees of freedom),
 * and the marginal of one weight, Beta(1, m − 1), whose CDF is 1 − (1 − t)^(m−1) (Kolmogorov-Smirnov).
 * Fixed seeds, so the outcome is deterministic; the bounds are the 0.1% critical values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { dirichletWeights } from '../../../acquisitions/mo/simplex-weights.js';

const N = 40000;

test('weights are positive and sum to 1', () => {
  const rng = createRng(11);
  for (let i = 0; i < 1000; i++) {
    const w = dirichletWeights(4, rng);
    assert.ok(w.every((v) => v > 0));
    assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  }
});

test('m = 3: each of the four midpoint triangles of the simplex gets 1/4 of the draws (chi-square)', () => {
  const rng = createRng(5);
  const counts = [0, 0, 0, 0]; // corner k: w_k > 1/2; 3: the central triangle (every w_k < 1/2)
  for (let i = 0; i < N; i++) {
    const w = dirichletWeights(3, rng);
    const corner = w.findIndex((v) => v > 0.5);
    counts[corner < 0 ? 3 : corner]++;
  }
  const chi2 = counts.reduce((s, c) => s + (c - N / 4) ** 2 / (N / 4), 0);
  assert.ok(chi2 < 16.27, `chi-square ${chi2.toFixed(2)} for counts ${counts}`); // chi2(3) 0.999 quantile
});

test('m = 4: one weight follows Beta(1, 3), CDF 1 − (1 − t)^3 (Kolmogorov-Smirnov)', () => {
  const rng = createRng(9);
  const xs = Array.from({ length: N }, () => dirichletWeights(4, rng)[2]).sort((a, b) => a - b);
  let ks = 0;
  xs.forEach((x, i) => {
    const F = 1 - (1 - x) ** 3;
    ks = Math.max(ks, Math.abs(F - i / N), Math.abs(F - (i + 1) / N));
  });
  assert.ok(ks < 1.95 / Math.sqrt(N), `KS statistic ${ks}`); // 0.1% critical value ≈ 1.95/√N
});
