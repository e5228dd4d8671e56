/**
 * Pivoted (rank-revealing) Cholesky of a symmetric positive SEMI-definite matrix (Harbrecht,
 * Peters & Schneider 2012, Algorithm 1): at step k the largest remaining diagonal residual d_p is
 * the pivot, column k of L is (A[:, p] − L[:, :k] L[p, :k]ᵀ)/√d_p, and the factorization stops at
 * rank r once every residual is ≤ tol·max(diag A). Then A ≈ L Lᵀ with L h×r (rows in A's order)
 * and L restricted to the pivot rows (in pivot order) lower-triangular; the error's trace is at
 * most (h − r)·tol·max(diag A). For matrices that round-off made slightly indefinite (a posterior
 * covariance at many near-duplicate points), where a plain Cholesky fails even with jitter.
 */
import type { Matrix } from '../matrix.js';

/** The rank-r factor: L (h×r, A ≈ L Lᵀ) and the pivot rows in order (L's row pivots[t] has zeros after column t). */
export interface PivotedCholesky {
  readonly L: Matrix;
  readonly pivots: Int32Array;
}

/** Pivoted Cholesky of the symmetric h×h matrix A, stopping below tol·max diag (see the file comment). */
export function pivotedCholesky(a: Matrix, tol = 1e-10): PivotedCholesky {
  const h = a.rows;
  if (a.cols !== h) throw new RangeError(`pivotedCholesky: A is ${a.rows}×${a.cols}, not square`);
  const d = new Float64Array(h);
  let maxDiag = 0;
  for (let i = 0; i < h; i++) {
    d[i] = a.data[i * h + i];
    maxDiag = Math.max(maxDiag, d[i]);
  }
  const stop = tol * maxDiag;
  const perm = Int32Array.from({ length: h }, (_, i) => i);
  const cols: Float64Array[] = [];
  for (let k = 0; k < h; k++) {
    let best = k;
    for (let j = k + 1; j < h; j++) if (d[perm[j]] > d[perm[best]]) best = j;
    const p = perm[best];
    if (!(d[p] > stop)) break;
    [perm[k], perm[best]] = [p, perm[k]];
    const col = new Float64Array(h);
    const root = Math.sqrt(d[p]);
    col[p] = root;
    for (let j = k + 1; j < h; j++) {
      const q = perm[j];
      let v = a.data[q * h + p];
      for (let t = 0; t < k; t++) v -= cols[t][q] * cols[t][p];
      col[q] = v / root;
      d[q] -= col[q] * col[q];
    }
    d[p] = 0;
    cols.push(col);
  }
  const r = cols.length;
  const L: Matrix = { rows: h, cols: r, data: new Float64Array(h * r) };
  for (let t = 0; t < r; t++) for (let i = 0; i < h; i++) L.data[i * r + t] = cols[t][i];
  return { L, pivots: perm.slice(0, r) };
}
