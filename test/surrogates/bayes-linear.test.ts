/**
 * Bayesian linear regression (surrogates/bayes-linear.ts) against two independent references:
 * the same model written as a GP (mean F m₀, kernel F diag(v₀) Fᵀ + σ²I, R&W 2006 eqs. 2.25–2.26,
 * solved by Gauss-Jordan elimination here), and a Monte Carlo of the prior conditioned by
 * importance weights.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitBayesLinear } from '../../surrogates/bayes-linear.js';
import { createRng } from '../../core/rng.js';
import { solveByElimination } from '../support/gaussian-elimination.js';

/** Solve A x = b by Gauss-Jordan with partial pivoting (A n×n row-major). */
test('bayes-linear: predictions equal the GP with kernel F diag(v0) Fᵀ and mean F m0 (1e-9)', () => {
  const rng = createRng(5);
  const p = 4;
  const F = Array.from({ length: 7 }, () => Array.from({ length: p }, () => rng.normal()));
  const y = F.map(() => rng.normal());
  const m0 = [0, 1, -0.5, 0.2];
  const v0 = [1, 0.5, 0.3, 2];
  const noise = 0.1;
  const model = fitBayesLinear(F, y, m0, v0, noise);
  const k = (a: number[], b: number[]) => a.reduce((s, v, j) => s + v * v0[j]! * b[j]!, 0);
  const mu0 = (a: number[]) => a.reduce((s, v, j) => s + v * m0[j]!, 0);
  const Ky = F.map((a, i) => F.map((b, j) => k(a, b) + (i === j ? noise : 0)));
  const alpha = solveByElimination(Ky, y.map((v, i) => v - mu0(F[i]!)));
  const Xs = Array.from({ length: 5 }, () => Array.from({ length: p }, () => rng.normal()));
  const pred = model.predict(Xs);
  Xs.forEach((x, s) => {
    const kx = F.map((a) => k(a, x));
    const mean = mu0(x) + kx.reduce((acc, v, i) => acc + v * alpha[i]!, 0);
    const w = solveByElimination(Ky, kx);
    const variance = k(x, x) - kx.reduce((acc, v, i) => acc + v * w[i]!, 0);
    assert.ok(Math.abs(pred.mean[s]! - mean) < 1e-9, `mean ${pred.mean[s]} vs GP ${mean}`);
    assert.ok(Math.abs(pred.variance[s]! - variance) < 1e-9, `variance ${pred.variance[s]} vs GP ${variance}`);
  });
});

test('bayes-linear: posterior mean of β matches prior draws weighted by the likelihood (Monte Carlo, 5 standard errors)', () => {
  const rng = createRng(9);
  const F = [[1, 0.3], [1, -0.8], [1, 1.4]];
  const y = [0.5, -0.2, 1.1];
  const m0 = [0, 1];
  const v0 = [1, 0.5];
  const noise = 0.4;
  const model = fitBayesLinear(F, y, m0, v0, noise);
  const N = 200_000;
  let sw = 0;
  const s1 = [0, 0];
  const s2 = [0, 0];
  for (let i = 0; i < N; i++) {
    const b = [m0[0]! + Math.sqrt(v0[0]!) * rng.normal(), m0[1]! + Math.sqrt(v0[1]!) * rng.normal()];
    let ll = 0;
    F.forEach((f, r) => { ll -= (y[r]! - f[0]! * b[0]! - f[1]! * b[1]!) ** 2 / (2 * noise); });
    const w = Math.exp(ll);
    sw += w;
    for (let j = 0; j < 2; j++) {
      s1[j] += w * b[j]!;
      s2[j] += w * b[j]! ** 2;
    }
  }
  for (let j = 0; j < 2; j++) {
    const mean = s1[j]! / sw;
    const sd = Math.sqrt(s2[j]! / sw - mean ** 2);
    // Importance sampling's effective size is below N; 5 standard errors at N/10 draws is a loose, safe bound.
    const se = sd / Math.sqrt(N / 10);
    assert.ok(Math.abs(model.mean[j]! - mean) < 5 * se, `β${j}: ${model.mean[j]} vs Monte Carlo ${mean} ± ${se}`);
    assert.ok(Math.abs(Math.sqrt(model.covariance[j * 2 + j]!) - sd) < 0.05 * sd, `sd β${j}: ${Math.sqrt(model.covariance[j * 3]!)} vs ${sd}`);
  }
});

test('bayes-linear: refuses a non-positive variance or noise, and rows of the wrong width', () => {
  assert.throws(() => fitBayesLinear([[1, 2]], [1], [0, 0], [1, 0], 0.1), RangeError);
  assert.throws(() => fitBayesLinear([[1, 2]], [1], [0, 0], [1, 1], 0), RangeError);
  assert.throws(() => fitBayesLinear([[1]], [1], [0, 0], [1, 1], 0.1), RangeError);
});
