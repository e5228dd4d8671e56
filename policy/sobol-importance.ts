/**
 * First-order Sobol indices of a function over [0,1]^d by the pick-freeze estimator of
 * Saltelli et al. (2010), "Variance based sensitivity analysis of model output", Table 2 (b):
 *   V_i ≈ (1/N) Σ_j f(B)_j · (f(A_B^i)_j − f(A)_j),   S_i = V_i / Var(f),
 * where A, B are N×d independent samples and A_B^i is A with the columns of group i taken from B.
 * Groups let a one-hot categorical or a simplex block count as one parameter. The dashboard's
 * parameter importance is this, applied to the fitted model's posterior mean.
 */
import type { Matrix } from '../core/matrix.js';

/** Rows of a function evaluation: f(X) for X: n×d, returns length n. */
export type RowFunction = (X: Matrix) => Float64Array;

/**
 * S_i per group, clipped to [0, 1] (the estimator can go slightly negative or past 1 for small N).
 * A, B: N×d, rows independent draws of the same distribution. All zeros when f is constant.
 */
export function firstOrderSobol(f: RowFunction, A: Matrix, B: Matrix, groups: readonly (readonly number[])[]): Float64Array {
  const n = A.rows;
  const d = A.cols;
  const fA = f(A);
  const fB = f(B);
  let mean = 0;
  for (let j = 0; j < n; j++) mean += fA[j]! + fB[j]!;
  mean /= 2 * n;
  let variance = 0;
  for (let j = 0; j < n; j++) variance += (fA[j]! - mean) ** 2 + (fB[j]! - mean) ** 2;
  variance /= 2 * n - 1;
  const out = new Float64Array(groups.length);
  // Relative to the mean's scale: below this the surface is flat and every share is 0.
  if (!(variance > 1e-24 * Math.max(1, mean * mean))) return out;
  groups.forEach((cols, g) => {
    const mixed = Float64Array.from(A.data);
    for (let j = 0; j < n; j++) for (const c of cols) mixed[j * d + c] = B.data[j * d + c]!;
    const fAB = f({ rows: n, cols: d, data: mixed });
    // Centring f(B) leaves the expectation unchanged (E[f(A_B^i) − f(A)] = 0) and removes the
    // variance a large mean would add to the estimate.
    let v = 0;
    for (let j = 0; j < n; j++) v += (fB[j]! - mean) * (fAB[j]! - fA[j]!);
    out[g] = Math.min(1, Math.max(0, v / n / variance));
  });
  return out;
}
