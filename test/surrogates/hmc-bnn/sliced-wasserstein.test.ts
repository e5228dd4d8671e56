/**
 * Sliced 1-Wasserstein estimator (surrogates/hmc-bnn/sliced-wasserstein.ts) against closed forms,
 * and the coupling targets the sliced-Wasserstein prior fit differentiates through, against brute
 * force and finite differences.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { couplingTargets, randomDirections, slicedWasserstein1, sortedProjections } from '../../../surrogates/hmc-bnn/sliced-wasserstein.js';

function gaussianRows(n: number, M: number, sd: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * M }, () => sd * rng.normal());
}

describe('slicedWasserstein1', () => {
  it('equals |a − b|·√(2/π) for isotropic Gaussians N(0, a²I) and N(0, b²I) (every projection is N(0, a²) vs N(0, b²))', () => {
    const n = 20000;
    const M = 4;
    const K = 16;
    const sw = slicedWasserstein1(gaussianRows(n, M, 1, 1), gaussianRows(n, M, 2, 2), n, M, randomDirections(M, K, createRng(3)), K);
    const exact = Math.sqrt(2 / Math.PI);
    // Monte Carlo: the empirical quantile coupling's error is O(σ/√n) per direction (≈ 0.015 at n = 20000,
    // σ ≤ 2); 4 such errors is a 0.06 tolerance, averaged over 16 directions it is conservative.
    assert.ok(Math.abs(sw - exact) < 0.06, `SW₁ ${sw} vs ${exact}`);
  });

  it('is 0 between a sample and itself and symmetric', () => {
    const A = gaussianRows(500, 3, 1, 4);
    const B = gaussianRows(500, 3, 1.5, 5);
    const dirs = randomDirections(3, 8, createRng(6));
    assert.equal(slicedWasserstein1(A, A, 500, 3, dirs, 8), 0);
    assert.equal(slicedWasserstein1(A, B, 500, 3, dirs, 8), slicedWasserstein1(B, A, 500, 3, dirs, 8));
  });

  it('directions are unit vectors', () => {
    const dirs = randomDirections(5, 7, createRng(7));
    for (let k = 0; k < 7; k++) {
      let s = 0;
      for (let i = 0; i < 5; i++) s += dirs[i * 7 + k] ** 2;
      assert.ok(Math.abs(s - 1) < 1e-12);
    }
  });
});

describe('couplingTargets', () => {
  const n = 50;
  const M = 4;
  const K = 6;
  const A = gaussianRows(n, M, 1, 8);
  const B = gaussianRows(n, M, 1.3, 9);
  const dirs = randomDirections(M, K, createRng(10));
  // P = A·dirs (n×K), unsorted.
  const P = new Float64Array(n * K);
  for (let s = 0; s < n; s++) for (let k = 0; k < K; k++) for (let i = 0; i < M; i++) P[s * K + k] += A[s * M + i] * dirs[i * K + k];
  const Q = sortedProjections(B, n, M, dirs, K);
  const coupled = (p: Float64Array) => {
    const T = couplingTargets(p, n, K, Q);
    let s = 0;
    for (let i = 0; i < n * K; i++) s += Math.abs(p[i] - T[i]);
    return s / (n * K);
  };

  it('mean |P − T| is SW₁ (brute force: sorted projections of both samples)', () => {
    // T is float32 (it feeds a float32 tensor): tolerance 1e-6 relative.
    const sw = slicedWasserstein1(A, B, n, M, dirs, K);
    assert.ok(Math.abs(coupled(P) - sw) < 1e-6 * Math.max(1, sw), `${coupled(P)} vs ${sw}`);
  });

  it("with T fixed, sign(P − T)/(nK) is SW₁'s gradient in P (central finite differences)", () => {
    const T = couplingTargets(P, n, K, Q);
    const h = 1e-7;
    for (const idx of [0, 7, 133, n * K - 1]) {
      const plus = P.slice();
      const minus = P.slice();
      plus[idx] += h;
      minus[idx] -= h;
      const fd = (coupled(plus) - coupled(minus)) / (2 * h);
      const analytic = Math.sign(P[idx] - T[idx]) / (n * K);
      // T is float32: |P − T| ≫ h for these entries, so the coupling does not change within ±h.
      assert.ok(Math.abs(fd - analytic) < 1e-3 / (n * K), `entry ${idx}: fd ${fd} vs ${analytic}`);
    }
  });
});
