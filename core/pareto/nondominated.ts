/**
 * Pareto dominance for MAXIMIZED outcomes. Y: n×m (row i = the m outcomes of point i).
 * a dominates b when a_k ≥ b_k for every k and a_k > b_k for some k.
 */
import type { Matrix } from '../matrix.js';

/** Whether row a (offset ao) dominates row b (offset bo) in data, both of m entries (maximization). */
export function dominates(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, m: number): boolean {
  let strict = false;
  for (let k = 0; k < m; k++) {
    const d = a[ao + k] - b[bo + k];
    if (d < 0) return false;
    if (d > 0) strict = true;
  }
  return strict;
}

/**
 * mask[i] = true when row i of Y is non-dominated. Duplicated non-dominated rows: only the first
 * is kept (BoTorch is_non_dominated(deduplicate=True)), so hypervolumes never count a point twice.
 * O(n²·m), fine for the fronts of a BO study (hundreds of points).
 */
export function nondominatedMask(Y: Matrix): boolean[] {
  const { rows: n, cols: m, data } = Y;
  const mask = new Array<boolean>(n).fill(true);
  for (let i = 0; i < n; i++) {
    const io = i * m;
    for (let j = 0; j < n && mask[i]; j++) {
      if (j === i) continue;
      const jo = j * m;
      if (dominates(data, jo, data, io, m)) mask[i] = false;
      else if (j < i && mask[j] && equalRows(data, io, jo, m)) mask[i] = false;
    }
  }
  return mask;
}

function equalRows(data: Float64Array, a: number, b: number, m: number): boolean {
  for (let k = 0; k < m; k++) if (data[a + k] !== data[b + k]) return false;
  return true;
}

/** The non-dominated rows of Y (in their original order) and their indices. */
export function paretoFront(Y: Matrix): { front: Matrix; indices: number[] } {
  const mask = nondominatedMask(Y);
  const indices: number[] = [];
  mask.forEach((keep, i) => keep && indices.push(i));
  const m = Y.cols;
  const data = new Float64Array(indices.length * m);
  indices.forEach((i, r) => data.set(Y.data.subarray(i * m, (i + 1) * m), r * m));
  return { front: { rows: indices.length, cols: m, data }, indices };
}

/** Rows of Y strictly better than ref in every outcome (only these add hypervolume above ref). */
export function aboveReference(Y: Matrix, ref: ArrayLike<number>): Matrix {
  const m = Y.cols;
  const keep: number[] = [];
  for (let i = 0; i < Y.rows; i++) {
    let ok = true;
    for (let k = 0; k < m && ok; k++) ok = Y.data[i * m + k] > ref[k];
    if (ok) keep.push(i);
  }
  const data = new Float64Array(keep.length * m);
  keep.forEach((i, r) => data.set(Y.data.subarray(i * m, (i + 1) * m), r * m));
  return { rows: keep.length, cols: m, data };
}
