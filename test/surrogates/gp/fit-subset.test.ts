/**
 * Subset-of-data hyperparameter fits (surrogates/gp/fit-subset.ts): the subset as a function of
 * the rows (order-free, stable as data grows), fitRows ≥ n equal to the exact fit, the posterior
 * conditioned on ALL rows (checked against R&W eq. 2.25–2.26 solved here by Gauss-Jordan
 * elimination), convergence to the exact fit as the subset grows to all rows, and recovery of a
 * known lengthscale from data drawn from a GP with that lengthscale (a closed-form truth).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type Rng } from '../../../core/rng.js';
import { cholesky } from '../../../core/linalg/linalg.js';
import type { Matrix } from '../../../core/matrix.js';
import { fitSubsetRows, subsetData } from '../../../surrogates/gp/fit-subset.js';
import { fitGp } from '../../../surrogates/gp/gp-fit.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';
import { factorize, logPrior } from '../../../surrogates/gp/gp-likelihood.js';
import type { FittedGp } from '../../../surrogates/gp/fitted-gp.js';
import type { TrainingData } from '../../../surrogates/types.js';

const d = 2;

function uniformX(rng: Rng, n: number): Matrix {
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
}

/** y ~ GP(0, Matérn-5/2 with lengthscale ℓ and outputscale 1) + N(0, noise), drawn by a Cholesky of the exact covariance. */
function gpDraw(X: Matrix, lengthscale: number, noise: number, rng: Rng): Float64Array {
  const n = X.rows;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) r2 += ((X.data[i * d + k] - X.data[j * d + k]) / lengthscale) ** 2;
      const r = Math.sqrt(5 * r2);
      const v = (1 + r + (r * r) / 3) * Math.exp(-r) + (i === j ? noise + 1e-10 : 0);
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  const L = cholesky({ rows: n, cols: n, data: K });
  assert.ok(L, "the covariance is positive definite");
  const z = Float64Array.from({ length: n }, () => rng.normal());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) y[i] += L.data[i * n + j] * z[j];
  return y;
}

/** Full-data log posterior (lml + log prior) at a model's hyperparameters. */
function fullLogPosterior(model: FittedGp, options: GpOptions, data: TrainingData): number {
  return factorize(model.layout, model.params, data).lml + logPrior(model.layout, { prior: resolveModelSpec(options, d).noisePrior, fixed: false }, model.params);
}

/** Solve A x = b (A n×n, row-major) by Gauss-Jordan elimination with partial pivoting. */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]) > Math.abs(M[p * n + c])) p = r;
    for (let k = 0; k < n; k++) [M[c * n + k], M[p * n + k]] = [M[p * n + k], M[c * n + k]];
    [x[c], x[p]] = [x[p], x[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r * n + c] / M[c * n + c];
      for (let k = c; k < n; k++) M[r * n + k] -= f * M[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = 0; c < n; c++) x[c] /= M[c * n + c];
  return x;
}

describe('subset-of-data hyperparameter fits', () => {
  it('the subset depends on the rows only: order-free, and stable as rows are added', () => {
    const rng = createRng(1);
    const X = uniformX(rng, 300);
    const data = { X, y: new Float64Array(300) };
    const rows = fitSubsetRows(data, 100);
    assert.equal(rows.length, 100);
    const key = (m: Matrix, r: number) => Array.from(m.data.subarray(r * d, (r + 1) * d)).join(',');
    const chosen = new Set(Array.from(rows, (r) => key(X, r)));
    // Reverse the row order: the same rows are chosen.
    const perm = Array.from({ length: 300 }, (_, i) => 299 - i);
    const Xr = { rows: 300, cols: d, data: Float64Array.from(perm.flatMap((r) => Array.from(X.data.subarray(r * d, (r + 1) * d)))) };
    const rowsR = fitSubsetRows({ X: Xr, y: new Float64Array(300) }, 100);
    assert.deepEqual(new Set(Array.from(rowsR, (r) => key(Xr, r))), chosen);
    // 20 more rows: at most 20 of the chosen rows leave the subset.
    const X2 = { rows: 320, cols: d, data: Float64Array.from([...X.data, ...uniformX(rng, 20).data]) };
    const kept = Array.from(fitSubsetRows({ X: X2, y: new Float64Array(320) }, 100), (r) => key(X2, r)).filter((k) => chosen.has(k)).length;
    assert.ok(kept >= 80, `kept ${kept} of 100`);
    assert.equal(fitSubsetRows(data, 300).length, 300);
    const sub = subsetData({ X, y: Float64Array.from({ length: 300 }, (_, i) => i) }, rows);
    assert.deepEqual(Array.from(sub.y), Array.from(rows));
  });

  it('fitRows >= n is the exact fit; the subset fit conditions on every row (R&W 2.25-2.26 by Gauss-Jordan)', async () => {
    const rng = createRng(2);
    const n = 120;
    const X = uniformX(rng, n);
    const data = { X, y: gpDraw(X, 0.3, 0.01, rng) };
    const exact = await fitGp(GpOptions.parse({ fitRows: 1_000_000 }), data, { rng: createRng(5) });
    const same = await fitGp(GpOptions.parse({ fitRows: n }), data, { rng: createRng(5) });
    assert.deepEqual(Array.from(same.params), Array.from(exact.params));
    assert.equal(exact.diagnostics().hyperparameterRows, undefined);

    const sub = await fitGp(GpOptions.parse({ fitRows: 40 }), data, { rng: createRng(5) });
    assert.equal(sub.diagnostics().hyperparameterRows, 40);
    assert.equal(sub.diagnostics().n, n);
    const Xs = uniformX(rng, 5);
    const post = sub.posterior(Xs);
    const K = sub.kernel.matrix(sub.params.subarray(0, sub.layout.kernel.size), X, X);
    const Ks = sub.kernel.matrix(sub.params.subarray(0, sub.layout.kernel.size), X, Xs);
    const Kss = sub.kernel.matrix(sub.params.subarray(0, sub.layout.kernel.size), Xs, Xs);
    const Ky = Float64Array.from(K.data);
    for (let i = 0; i < n; i++) Ky[i * n + i] += sub.noise + sub.factor.jitter;
    const alpha = solve(Ky, Float64Array.from(data.y, (v) => v - sub.mean), n);
    const mean = post.mean();
    const variance = post.variance();
    for (let j = 0; j < 5; j++) {
      const kcol = Float64Array.from({ length: n }, (_, i) => Ks.data[i * 5 + j]);
      let mu = sub.mean;
      for (let i = 0; i < n; i++) mu += kcol[i] * alpha[i];
      const v = solve(Ky, kcol, n);
      let q = 0;
      for (let i = 0; i < n; i++) q += kcol[i] * v[i];
      assert.ok(Math.abs(mean[j] - mu) < 1e-8, `mean ${mean[j]} vs ${mu}`);
      assert.ok(Math.abs(variance[j] - (Kss.data[j * 5 + j] - q)) < 1e-8, `variance ${variance[j]} vs ${Kss.data[j * 5 + j] - q}`);
    }
  });

  it('converges to the exact fit as the subset grows, and recovers a known lengthscale', async () => {
    const rng = createRng(3);
    const n = 300;
    const truth = 0.3;
    const X = uniformX(rng, n);
    const data = { X, y: gpDraw(X, truth, 0.01, rng) };
    const options = (fitRows: number) => GpOptions.parse({ fitRows, preset: 'botorch-legacy', polishIterations: 0 });
    const lp: number[] = [];
    const ell: number[][] = [];
    for (const m of [60, 150, n]) {
      const model = await fitGp(options(m), data, { rng: createRng(7) });
      lp.push(fullLogPosterior(model, options(m), data));
      ell.push(model.kernel.natural(model.params.subarray(0, model.layout.kernel.size)).lengthscale as number[]);
    }
    // The exact fit maximizes the full log posterior (up to the optimizer's tolerance); smaller subsets lose more.
    assert.ok(lp[2] >= lp[1] - 0.5 && lp[1] >= lp[0] - 0.5, `full-data log posterior by subset 60/150/300: ${lp.map((v) => v.toFixed(2)).join(' / ')}`);
    // Lengthscale truth 0.3: each fit within a factor 1.6 (300 points of a 2-d draw identify it well; 60 less so).
    for (const [i, l] of ell.entries()) for (const v of l) assert.ok(v > truth / 1.6 && v < truth * 1.6, `fit ${i}: lengthscales ${l}`);
    // The polish (default 5 full-data iterations) closes most of the 60-row subset's gap.
    const polished = await fitGp(GpOptions.parse({ fitRows: 60 }), data, { rng: createRng(7) });
    const lpPolished = fullLogPosterior(polished, options(60), data);
    assert.ok(lpPolished >= lp[0] - 1e-9 && lp[2] - lpPolished <= 0.5 * (lp[2] - lp[0]) + 0.5, `polished ${lpPolished.toFixed(2)} vs subset ${lp[0].toFixed(2)} vs exact ${lp[2].toFixed(2)}`);
  });
});
