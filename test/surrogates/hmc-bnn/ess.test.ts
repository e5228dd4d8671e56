/**
 * The ESS estimator against closed forms: i.i.d. draws have ESS ≈ N; an AR(1) chain x_t = φx_{t−1} + e_t
 * has integrated autocorrelation time (1 + φ)/(1 − φ), so ESS ≈ N(1 − φ)/(1 + φ). Tolerances cover the
 * estimator's own spread: over 20 seed sets of 4 chains (seeds 10s+k, s = 1..20, k = 0..3; the test uses s = 1), ESS / closed form ranged 0.94–1.05 (i.i.d., 2000
 * per chain), 0.95–1.05 (φ = 0.5) and 0.77–1.18 (φ = 0.9; 5000 per chain).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { effectiveSampleSize } from '../../../surrogates/hmc-bnn/ess.js';

function ar1(phi: number, n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  x[0] = rng.normal() / Math.sqrt(1 - phi * phi);
  for (let t = 1; t < n; t++) x[t] = phi * x[t - 1] + rng.normal();
  return x;
}

test('ESS of i.i.d. draws is close to the number of draws', () => {
  const chains = [10, 11, 12, 13].map((s) => ar1(0, 2000, s));
  const ess = effectiveSampleSize(chains);
  assert.ok(Math.abs(ess / 8000 - 1) < 0.1, `ESS ${ess} of 8000 i.i.d. draws`);
});

test('ESS of AR(1) chains matches N(1 − φ)/(1 + φ)', () => {
  for (const [phi, tol] of [[0.5, 0.1], [0.9, 0.3]]) {
    const chains = [10, 11, 12, 13].map((s) => ar1(phi, 5000, s));
    const expected = (20000 * (1 - phi)) / (1 + phi);
    const ess = effectiveSampleSize(chains);
    assert.ok(Math.abs(ess / expected - 1) < tol, `φ = ${phi}: ESS ${ess.toFixed(0)} vs ${expected.toFixed(0)}`);
  }
});

test('chains stuck at different values have a small ESS (between-chain variance counts)', () => {
  const chains = [0, 1, 2, 3].map((s) => Float64Array.from(ar1(0, 500, s + 30), (v) => 0.1 * v + 5 * s));
  assert.ok(effectiveSampleSize(chains) < 20);
});
