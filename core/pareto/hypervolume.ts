/**
 * Exact hypervolume of MAXIMIZED outcomes w.r.t. a reference point: the Lebesgue measure of
 * {z : ref ≤ z ≤ y for some row y of Y}. Slicing along the last outcome (HSO, While et al. 2006):
 * HV_m(P) = Σ_i (y_(i),m − y_(i+1),m) · HV_{m−1}(first i+1 points by descending y_m), the 2-D
 * case by one sorted sweep. O(n^{m−1}·n log n): exact and fast for 2–4 outcomes and fronts of a
 * few hundred points, which is what the service needs.
 */
import type { Matrix } from '../matrix.js';
import { aboveReference, paretoFront } from './nondominated.js';

/** Hypervolume of the rows of Y (n×m, maximized) above ref (length m). Rows not above ref add nothing. */
export function hypervolume(Y: Matrix, ref: ArrayLike<number>): number {
  if (ref.length !== Y.cols) throw new RangeError(`hypervolume: reference point has ${ref.length} entries for ${Y.cols} outcomes`);
  const P = paretoFront(aboveReference(Y, ref)).front;
  const pts: number[][] = [];
  for (let i = 0; i < P.rows; i++) pts.push(Array.from(P.data.subarray(i * P.cols, (i + 1) * P.cols)));
  return slice(pts, Array.from(ref), Y.cols);
}

/** HV of points (each above ref in the first m coordinates) in the first m coordinates. */
function slice(pts: number[][], ref: number[], m: number): number {
  if (pts.length === 0) return 0;
  if (m === 1) return Math.max(...pts.map((p) => p[0])) - ref[0];
  if (m === 2) {
    const sorted = [...pts].sort((a, b) => b[0] - a[0]);
    let hv = 0;
    let top = ref[1];
    for (const p of sorted) {
      if (p[1] > top) {
        hv += (p[0] - ref[0]) * (p[1] - top);
        top = p[1];
      }
    }
    return hv;
  }
  const sorted = [...pts].sort((a, b) => b[m - 1] - a[m - 1]);
  let hv = 0;
  for (let i = 0; i < sorted.length; i++) {
    const next = i + 1 < sorted.length ? sorted[i + 1][m - 1] : ref[m - 1];
    const depth = sorted[i][m - 1] - next;
    if (depth > 0) hv += depth * slice(sorted.slice(0, i + 1), ref, m - 1);
  }
  return hv;
}
