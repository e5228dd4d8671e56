/**
 * The random-search band against a closed form. f1 (sphere) has regret ‖x − x_opt‖², and x_opt lies in
 * [-4, 4]^d, so at d = 2 a point drawn uniform in [-5, 5]² has regret ≤ r with probability πr/100 for
 * r < 1. The best of N = 100 points is then (to 0.5%) exponential with rate λ = −100·ln(1 − πr/100)/r ≈ π,
 * and the median of 10 such bests has mean (Σ_{i=5}^{10} 1/i + Σ_{i=6}^{10} 1/i)/(2λ) = 0.7456/π
 * (order statistics of the exponential).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomMedianDraw } from '../../../benchmarks/bbob/random-band.js';

test('random band: the 10-seed median of random search on the 2-D sphere matches the order-statistics mean', () => {
  const reps = 1000;
  let sum = 0;
  for (let r = 0; r < reps; r++) sum += randomMedianDraw(1, 2, r, 0);
  const harmonic = (from: number) => Array.from({ length: 11 - from }, (_, i) => 1 / (from + i)).reduce((a, b) => a + b, 0);
  const expected = (harmonic(5) + harmonic(6)) / 2 / Math.PI;
  // The sample median of 10 exponentials has sd ≈ 0.3/λ ≈ 0.1, so the mean of 1000 has sd ≈ 0.003 (≈ 1.3%).
  assert.ok(Math.abs(sum / reps - expected) < 0.05 * expected, `mean ${sum / reps} vs ${expected}`);
});

test('random band: a draw depends only on (function, dimension, repetition, seed)', () => {
  assert.equal(randomMedianDraw(23, 2, 3, 7), randomMedianDraw(23, 2, 3, 7));
  assert.notEqual(randomMedianDraw(23, 2, 3, 7), randomMedianDraw(23, 2, 4, 7));
});
