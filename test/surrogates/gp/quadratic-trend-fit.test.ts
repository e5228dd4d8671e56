/**
 * What the quadratic trend (GpOptions.trend, kernels/quadratic-kernel.ts) buys and costs, measured
 * against the noise-free truth at held-out points (RMSE in standardized units):
 * - a noisy, rotated, ill-conditioned quadratic (bbob f10-like ellipsoid, condition 10³, noise sd 0.1·median f
 *   as bbob's gauss-high): the trend GP's RMSE is well below the constant-mean GP's;
 * - a draw from the stationary default kernel: the trend costs little.
 * Seeded; the thresholds leave margin around the values measured when the test was written: trend/plain RMSE
 * 0.444, 0.253, 0.255 on the quadratic (seeds 1-3), 0.997, 1.008, 0.990 on the stationary draw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { choleskyWithJitter } from '../../../core/linalg/linalg.js';
import { createRng, type Rng } from '../../../core/rng.js';
import { GpSurrogate } from '../../../surrogates/gp/gp-surrogate.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';

function uniformRows(rng: Rng, rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
  return m;
}

/** A random rotation: Gram-Schmidt on Gaussian columns (d×d, row-major). */
function rotation(rng: Rng, d: number): Float64Array {
  const Q = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const v = Float64Array.from({ length: d }, () => rng.normal());
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += v[i] * Q[i * d + k];
      for (let i = 0; i < d; i++) v[i] -= dot * Q[i * d + k];
    }
    const norm = Math.hypot(...v);
    for (let i = 0; i < d; i++) Q[i * d + j] = v[i] / norm;
  }
  return Q;
}

/** f(x) = Σ_i λ_i ((Rᵀ(x − x*))_i)², λ_i = 10^(3i/(d−1)): the bbob ellipsoid's conditioning, rotated. */
function ellipsoid(rng: Rng, d: number): (x: ArrayLike<number>) => number {
  const R = rotation(rng, d);
  const xStar = Float64Array.from({ length: d }, () => 0.3 + 0.4 * rng.uniform());
  const lambda = Float64Array.from({ length: d }, (_, i) => 10 ** ((3 * i) / (d - 1)));
  return (x) => {
    let f = 0;
    for (let i = 0; i < d; i++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += R[k * d + i] * (x[k] - xStar[k]);
      f += lambda[i] * z * z;
    }
    return f;
  };
}

const rows = (X: Matrix) => Array.from({ length: X.rows }, (_, i) => X.data.subarray(i * X.cols, (i + 1) * X.cols));

/** Held-out RMSE of the posterior mean against the noise-free truth, both standardized by the training y's mean and sd. */
async function heldOutRmse(trend: 'constant' | 'quadratic', X: Matrix, yObs: Float64Array, Xt: Matrix, ft: Float64Array, seed: number): Promise<number> {
  const mean = yObs.reduce((a, b) => a + b, 0) / yObs.length;
  const sd = Math.sqrt(yObs.reduce((a, b) => a + (b - mean) ** 2, 0) / yObs.length);
  const model = await new GpSurrogate({ trend }).fit({ X, y: yObs.map((v) => (v - mean) / sd) }, { rng: createRng(seed) });
  const mu = model.posterior(Xt).mean();
  let s = 0;
  for (let i = 0; i < ft.length; i++) s += (mu[i] - (ft[i] - mean) / sd) ** 2;
  return Math.sqrt(s / ft.length);
}

test('noisy rotated ill-conditioned quadratic (d = 5, n = 60, noise sd 0.1·median f): the trend GP predicts far better', async () => {
  const d = 5;
  const ratios: number[] = [];
  for (const seed of [1, 2, 3]) {
    const rng = createRng(100 + seed);
    const f = ellipsoid(rng, d);
    const X = uniformRows(rng, 60, d);
    const fx = Float64Array.from(rows(X), f);
    const median = [...fx].sort((a, b) => a - b)[30];
    const yObs = fx.map((v) => v + 0.1 * median * rng.normal());
    const Xt = uniformRows(rng, 300, d);
    const ft = Float64Array.from(rows(Xt), f);
    const plain = await heldOutRmse('constant', X, yObs, Xt, ft, seed);
    const quad = await heldOutRmse('quadratic', X, yObs, Xt, ft, seed);
    ratios.push(quad / plain);
  }
  const worst = Math.max(...ratios);
  assert.ok(worst < 0.6, `RMSE ratios trend/plain per seed: ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
});

test('a draw from the stationary default kernel (d = 3, n = 50): the trend costs little', async () => {
  const d = 3;
  const kernel = resolveModelSpec(GpOptions.parse({}), d).kernel; // scale(matern52)
  const theta = Float64Array.of(Math.log(0.25), Math.log(0.35), Math.log(0.3), Math.log(1));
  const ratios: number[] = [];
  for (const seed of [1, 2, 3]) {
    const rng = createRng(200 + seed);
    const X = uniformRows(rng, 50, d);
    const Xt = uniformRows(rng, 200, d);
    // One joint draw at the training and held-out rows: f = L z, L Lᵀ = K([X; Xt]).
    const all = { rows: 250, cols: d, data: Float64Array.of(...X.data, ...Xt.data) };
    const { L } = choleskyWithJitter(kernel.matrix(theta, all, all), { initialJitter: 1e-10, maxTries: 6 });
    const z = Float64Array.from({ length: 250 }, () => rng.normal());
    const fAll = new Float64Array(250);
    for (let i = 0; i < 250; i++) for (let j = 0; j <= i; j++) fAll[i] += L.data[i * 250 + j] * z[j];
    const yObs = fAll.slice(0, 50).map((v) => v + 0.1 * rng.normal());
    const ft = fAll.slice(50);
    const plain = await heldOutRmse('constant', X, yObs, Xt, ft, seed);
    const quad = await heldOutRmse('quadratic', X, yObs, Xt, ft, seed);
    ratios.push(quad / plain);
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  assert.ok(mean < 1.1, `RMSE ratios trend/plain per seed: ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
});
