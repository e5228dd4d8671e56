/**
 * A disjoint box decomposition of the NON-dominated region above a reference point (maximization),
 * the object BoTorch's NondominatedPartitioning provides to EHVI (Yang et al. 2019; Daulton et al.
 * 2020): boxes [l_b, u_b] (u may be +∞) whose union is {z ≥ ref : no front point dominates z}.
 * Then the hypervolume improvement of a new point y is
 *   HVI(y) = Σ_b Π_k max(0, min(y_k, u_bk) − l_bk).
 *
 * Construction (exact): grid the first m−1 outcomes by ref and the front's coordinates. For a grid
 * cell c = Π_k [a_k, b_k] (k < m), a point (z', z_m) with z' inside c is dominated iff some front
 * point p has p_k ≥ b_k for all k < m and p_m ≥ z_m (grid coordinates are the points' own, so
 * p_k > a_k implies p_k ≥ b_k). So the non-dominated part of the column over c is
 * c × [L_c, ∞) with L_c = max(ref_m, max{p_m : p' ≥ b'}). Neighbouring cells along outcome 0 with
 * the same L_c are merged. m = 2 gives the n+1 staircase boxes; m outcomes at most (n+1)^{m−1}.
 */
import type { Matrix } from '../matrix.js';
import { aboveReference, paretoFront } from './nondominated.js';

/** Boxes as two row-major n_b×m arrays; upper entries may be +Infinity. */
export interface BoxDecomposition {
  readonly count: number;
  readonly m: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Sorted unique values of column k of P, with ref_k first and +∞ last. */
function gridOf(P: Matrix, ref: ArrayLike<number>, k: number): number[] {
  const vals = new Set<number>();
  for (let i = 0; i < P.rows; i++) vals.add(P.data[i * P.cols + k]);
  return [ref[k], ...[...vals].sort((a, b) => a - b), Infinity];
}

/** Boxes of the non-dominated region of Y's front above ref (Y: n×m maximized, m ≥ 1). */
export function nondominatedBoxes(Y: Matrix, ref: ArrayLike<number>): BoxDecomposition {
  const m = Y.cols;
  if (ref.length !== m) throw new RangeError(`nondominatedBoxes: reference point has ${ref.length} entries for ${m} outcomes`);
  const P = paretoFront(aboveReference(Y, ref)).front;
  const lower: number[] = [];
  const upper: number[] = [];
  if (m === 1) {
    let top = ref[0];
    for (let i = 0; i < P.rows; i++) top = Math.max(top, P.data[i]);
    return { count: 1, m, lower: Float64Array.of(top), upper: Float64Array.of(Infinity) };
  }
  const grids = Array.from({ length: m - 1 }, (_, k) => gridOf(P, ref, k));
  const cellsPer = grids.map((g) => g.length - 1);
  const idx = new Array<number>(m - 1).fill(0);
  for (;;) {
    // One run along outcome 0 for this index of outcomes 1..m−2; cells with equal L_c merge.
    let runStart = 0;
    let runL = NaN;
    for (let c0 = 0; c0 <= cellsPer[0]; c0++) {
      let L = NaN;
      if (c0 < cellsPer[0]) {
        idx[0] = c0;
        L = ref[m - 1];
        for (let i = 0; i < P.rows; i++) {
          const o = i * m;
          let covers = true;
          for (let k = 0; k < m - 1 && covers; k++) covers = P.data[o + k] >= grids[k][idx[k] + 1];
          if (covers && P.data[o + m - 1] > L) L = P.data[o + m - 1];
        }
      }
      if (c0 > 0 && L !== runL) {
        for (let k = 0; k < m - 1; k++) {
          lower.push(k === 0 ? grids[0][runStart] : grids[k][idx[k]]);
          upper.push(k === 0 ? grids[0][c0] : grids[k][idx[k] + 1]);
        }
        lower.push(runL);
        upper.push(Infinity);
        runStart = c0;
      }
      if (c0 === 0 || L !== runL) runL = L;
    }
    let k = 1;
    while (k < m - 1 && ++idx[k] === cellsPer[k]) idx[k++] = 0;
    if (k >= m - 1) break;
  }
  return { count: lower.length / m, m, lower: Float64Array.from(lower), upper: Float64Array.from(upper) };
}

/** HVI(y) = Σ_b Π_k max(0, min(y_k, u_bk) − l_bk): the hypervolume y adds to the decomposed front. */
export function hypervolumeImprovement(boxes: BoxDecomposition, y: ArrayLike<number>): number {
  const { m, lower, upper } = boxes;
  let total = 0;
  for (let b = 0; b < boxes.count; b++) {
    let vol = 1;
    for (let k = 0; k < m && vol > 0; k++) vol *= Math.max(0, Math.min(y[k], upper[b * m + k]) - lower[b * m + k]);
    total += vol;
  }
  return total;
}
