/**
 * The ridge's Bayesian predictive (surrogates/ridge-predictive.ts) against brute force: the mean and
 * the variance of the flat-intercept Bayesian linear model written out with the full design [1, x],
 * penalty diag(0, λ, …, λ), and explicit Gauss-Jordan inverses:
 *   mean(x) = [1, x]·(ZᵀZ + Λ)⁻¹Zᵀy,   variance(x) = σ²(1 + [1, x](ZᵀZ + Λ)⁻¹[1, x]ᵀ),
 *   σ² = y_cᵀ(I + X_cX_cᵀ/λ)⁻¹y_c / (n − 1) with the n×n matrix inverted directly;
 * and by Monte Carlo: the predictive of a model drawn from its own prior covers held-out draws at
 * the nominal rate.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { fitRidge } from '../../surrogates/ridge.js';
import { fitRidgePredictive } from '../../surrogates/ridge-predictive.js';

/** Inverse of a square matrix (array of rows) by Gauss-Jordan with partial pivoting. */
function invert(A: number[][]): number[][] {
  const n = A.length;
  const M = A.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    const d = M[c][c];
    for (let j = 0; j < 2 * n; j++) M[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c];
      for (let j = 0; j < 2 * n; j++) M[r][j] -= f * M[c][j];
    }
  }
  return M.map((r) => r.slice(n));
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

test('fitRidgePredictive: mean, variance and σ² equal the brute-force flat-intercept Bayesian linear model', () => {
  const rng = createRng(5);
  const n = 14;
  const p = 3;
  const X = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.uniform()));
  const y = X.map((x) => 0.7 * x[0] - 1.2 * x[1] + 0.3 * x[2] + 0.2 * rng.normal() + 2);
  const lambda = fitRidge(X, y).lambda;
  const Z = X.map((x) => [1, ...x]);
  const A = Array.from({ length: p + 1 }, (_, a) => Array.from({ length: p + 1 }, (_, b) => Z.reduce((s, z) => s + z[a] * z[b], 0) + (a === b && a > 0 ? lambda : 0)));
  const Ainv = invert(A);
  const coef = Ainv.map((row) => dot(row, Array.from({ length: p + 1 }, (_, b) => Z.reduce((s, z, i) => s + z[b] * y[i], 0))));
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  const xMean = Array.from({ length: p }, (_, j) => X.reduce((s, x) => s + x[j], 0) / n);
  const Xc = X.map((x) => x.map((v, j) => v - xMean[j]));
  const yc = y.map((v) => v - yMean);
  const K = Xc.map((a, i) => Xc.map((b, j) => dot(a, b) / lambda + (i === j ? 1 : 0)));
  const sigma2 = dot(yc, invert(K).map((row) => dot(row, yc))) / (n - 1);
  const test = Array.from({ length: 5 }, () => Array.from({ length: p }, () => rng.uniform()));
  const got = fitRidgePredictive(X, y)(test);
  test.forEach((x, t) => {
    const z = [1, ...x];
    assert.ok(Math.abs(got.mean[t] - dot(z, coef)) < 1e-9, `mean ${t}: ${got.mean[t]} vs ${dot(z, coef)}`);
    const v = sigma2 * (1 + dot(z, Ainv.map((row) => dot(row, z))));
    assert.ok(Math.abs(got.variance[t] - v) < 1e-9 * v, `variance ${t}: ${got.variance[t]} vs ${v}`);
  });
});

test('fitRidgePredictive: 90% predictive intervals cover held-out draws of a linear law about 90% of the time (Monte Carlo)', () => {
  // 400 datasets of 30 noisy linear runs; 10 held-out runs each: 4,000 coverage indicators, whose
  // binomial sd at 0.9 is 0.005; the tolerance 0.03 also allows for σ² and λ being estimated.
  const rng = createRng(9);
  let covered = 0;
  let total = 0;
  for (let s = 0; s < 400; s++) {
    const w = [rng.normal(), rng.normal(), rng.normal()];
    const draw = () => {
      const x = [rng.uniform(), rng.uniform(), rng.uniform()];
      return { x, y: dot(w, x) + 0.3 * rng.normal() };
    };
    const train = Array.from({ length: 30 }, draw);
    const held = Array.from({ length: 10 }, draw);
    const pred = fitRidgePredictive(train.map((r) => r.x), train.map((r) => r.y))(held.map((r) => r.x));
    held.forEach((r, t) => {
      covered += Math.abs(r.y - pred.mean[t]) <= 1.6449 * Math.sqrt(pred.variance[t]) ? 1 : 0;
      total++;
    });
  }
  assert.ok(Math.abs(covered / total - 0.9) < 0.03, `coverage ${covered / total}`);
});
