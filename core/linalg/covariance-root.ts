/**
 * A root of a posterior covariance for joint draws: the Cholesky factor with jitter (relative from
 * 1e-10, six tries, as the posteriors have always used), and, when that fails, the pivoted
 * Cholesky root of rank r < h (pivoted-cholesky.ts). A posterior covariance at many near-duplicate
 * points (a Student-t or NNGP posterior past ~60 observations, a stack member's baseline) can be
 * indefinite by more than any jitter relative to its own small diagonal: its round-off comes from
 * the prior's scale. The pivoted root draws the h points from the r pivot directions; the other
 * points are, to round-off, their linear combinations.
 */
import { BoError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { choleskyWithJitter } from './linalg.js';
import { pivotedCholesky } from './pivoted-cholesky.js';

/**
 * full: h×r with full·fullᵀ ≈ Σ (lower-triangular h×h when not pivoted); block: full at the pivot
 * rows (r×r, lower-triangular) for solves; pivots: the root's column t belongs to row pivots[t]
 * (identity when not pivoted); jitter: the absolute amount added to the diagonal (0 when pivoted).
 */
export interface CovarianceRoot {
  readonly full: Matrix;
  readonly block: Matrix;
  readonly pivots: Int32Array;
  readonly jitter: number;
  readonly pivoted: boolean;
}

/** Cholesky with jitter (identity pivots); the pivoted root when every jittered attempt fails. */
export function covarianceRoot(cov: Matrix): CovarianceRoot {
  const h = cov.rows;
  try {
    const { L, jitter } = choleskyWithJitter(cov, { initialJitter: 1e-10, maxTries: 6 });
    return { full: L, block: L, pivots: Int32Array.from({ length: h }, (_, i) => i), jitter, pivoted: false };
  } catch (e) {
    if (!(e instanceof BoError && e.code === 'FAILED_PRECONDITION')) throw e;
  }
  const { L, pivots } = pivotedCholesky(cov);
  const r = pivots.length;
  const block: Matrix = { rows: r, cols: r, data: new Float64Array(r * r) };
  for (let t = 0; t < r; t++) for (let u = 0; u <= t; u++) block.data[t * r + u] = L.data[pivots[t] * r + u];
  return { full: L, block, pivots, jitter: 0, pivoted: true };
}

/**
 * The root as an h×h matrix R with R·Rᵀ = full·fullᵀ: column pivots[t] is full's column t, the
 * others zero, so the draw mean + R z uses base sample z_j of pivot row j, as the unpivoted
 * mean + L z uses z_j of row j. Not pivoted: full itself.
 */
export function squareRoot(root: CovarianceRoot): Matrix {
  if (!root.pivoted) return root.full;
  const h = root.full.rows;
  const r = root.pivots.length;
  const out: Matrix = { rows: h, cols: h, data: new Float64Array(h * h) };
  for (let j = 0; j < h; j++) for (let t = 0; t < r; t++) out.data[j * h + root.pivots[t]] = root.full.data[j * r + t];
  return out;
}

/** c (length h) at the root's pivot rows in pivot order, as `block` solves against (c itself when not pivoted). */
export function atPivotRows(root: CovarianceRoot, c: Float64Array): Float64Array {
  return root.pivoted ? Float64Array.from(root.pivots, (p) => c[p]) : c;
}

/** The rows of M (h×d) at the root's pivot rows in pivot order (M itself when not pivoted). */
export function pivotRowsOf(root: CovarianceRoot, m: Matrix): Matrix {
  if (!root.pivoted) return m;
  const d = m.cols;
  const out = new Float64Array(root.pivots.length * d);
  root.pivots.forEach((p, t) => out.set(m.data.subarray(p * d, (p + 1) * d), t * d));
  return { rows: root.pivots.length, cols: d, data: out };
}
