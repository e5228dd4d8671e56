/** Data drawn from known models at random points (seeded): surrogate 'auto''s tests and benchmarks/auto-scores.ts. */
import { choleskyWithJitter } from '../core/linalg/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { standardize } from '../core/standardize.js';
import type { TrainingData } from '../surrogates/types.js';

/** n uniform points in [0,1]^d. */
export function uniformPoints(n: number, d: number, seed: number): Matrix {
  const rng = createRng(seed);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
}

/** One draw y ~ N(0, K + noise·I), standardized (the policy's y), at the rows of X. */
export function priorDraw(X: Matrix, K: Matrix, noise: number, seed: number): TrainingData {
  const n = X.rows;
  const C = { rows: n, cols: n, data: K.data.slice() };
  for (let i = 0; i < n; i++) C.data[i * n + i] += noise;
  const { L } = choleskyWithJitter(C);
  const rng = createRng(seed);
  const z = Array.from({ length: n }, () => rng.normal());
  const y = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k <= i; k++) s += L.data[i * n + k] * z[k];
    return s;
  });
  return { X, y: standardize(y).y };
}

/** The RBF kernel matrix exp(−‖x − x'‖²/(2ℓ²)) (unit variance). */
export function rbfMatrix(X: Matrix, lengthscale: number): Matrix {
  const n = X.rows;
  const d = X.cols;
  const K = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let r = 0;
      for (let k = 0; k < d; k++) r += (X.data[i * d + k] - X.data[j * d + k]) ** 2;
      K.data[i * n + j] = Math.exp(-r / (2 * lengthscale * lengthscale));
    }
  }
  return K;
}

/** Data without row i. */
export function withoutRow(data: TrainingData, i: number): TrainingData {
  const d = data.X.cols;
  const keep = Array.from({ length: data.y.length }, (_, k) => k).filter((k) => k !== i);
  const X = { rows: keep.length, cols: d, data: new Float64Array(keep.length * d) };
  keep.forEach((k, r) => X.data.set(data.X.data.subarray(k * d, (k + 1) * d), r * d));
  return { X, y: Float64Array.from(keep, (k) => data.y[k]) };
}

/** Row i of X as a 1×d matrix. */
export function rowOf(X: Matrix, i: number): Matrix {
  return { rows: 1, cols: X.cols, data: X.data.slice(i * X.cols, (i + 1) * X.cols) };
}
