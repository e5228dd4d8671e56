/**
 * Approximate box decomposition: drop the boxes whose volume is negligible, the idea of BoTorch's
 * `alpha` (NondominatedPartitioning after Couckuyt et al. 2012, used there from 5 objectives on).
 * BoTorch compares each cell with alpha × the total volume; here alpha is a budget for the SUM of
 * the dropped volumes, so the error has a bound that holds for every y:
 *
 *   ideal = the front's maximum per outcome,  U = ideal + (ideal − ref),  V_U = Π_k (U_k − ref_k),
 *   clip(b) = Π_k (min(u_bk, U_k) − l_bk)_+,  boxes dropped smallest clip first while Σ clip ≤ α·V_U;
 *   for y ≤ U:  0 ≤ HVI(y) − HVI_approx(y) ≤ Σ_dropped clip(b) ≤ α·V_U,
 *   beyond U:   the same times Π_k max(1, (y_k − ideal_k)/(U_k − ideal_k))
 * (a dropped box meets [ref, y] in at most its clipped extent per outcome with y_k ≤ U_k; its lower
 * sides are ≤ ideal_k, so a side reaching past U grows at most by that ratio). Boxes are disjoint,
 * so the approximate HVI never exceeds the exact one.
 */
import type { BoxDecomposition } from './box-decomposition.js';

/** The kept boxes and what was dropped: the bound above (`errorBound` = Σ clip of the dropped boxes). */
export interface PrunedBoxes {
  readonly boxes: BoxDecomposition;
  readonly dropped: number;
  readonly errorBound: number;
  /** U of the bound (valid for y ≤ U); absent when nothing could be dropped (empty front). */
  readonly bound?: Float64Array;
}

/** Drop negligible boxes of a decomposition of `front` (n×m maximized points above ref) with budget alpha·V_U (see the file comment). */
export function pruneNegligibleBoxes(boxes: BoxDecomposition, front: { rows: number; cols: number; data: Float64Array }, ref: ArrayLike<number>, alpha: number): PrunedBoxes {
  if (!(alpha >= 0 && alpha < 1)) throw new RangeError(`pruneNegligibleBoxes: alpha must be in [0, 1), got ${alpha}`);
  const { m, count } = boxes;
  if (alpha === 0 || front.rows === 0 || count <= 1) return { boxes, dropped: 0, errorBound: 0 };
  const U = new Float64Array(m);
  let VU = 1;
  for (let k = 0; k < m; k++) {
    let ideal = -Infinity;
    for (let i = 0; i < front.rows; i++) ideal = Math.max(ideal, front.data[i * m + k]);
    U[k] = ideal + (ideal - ref[k]);
    VU *= U[k] - ref[k];
  }
  if (!(VU > 0)) return { boxes, dropped: 0, errorBound: 0 };
  const clip = new Float64Array(count);
  for (let b = 0; b < count; b++) {
    let v = 1;
    for (let k = 0; k < m && v > 0; k++) v *= Math.max(0, Math.min(boxes.upper[b * m + k], U[k]) - boxes.lower[b * m + k]);
    clip[b] = v;
  }
  const order = Array.from({ length: count }, (_, b) => b).sort((a, b) => clip[a] - clip[b]);
  const budget = alpha * VU;
  const drop = new Uint8Array(count);
  let spent = 0;
  let dropped = 0;
  for (const b of order) {
    if (spent + clip[b] > budget || dropped === count - 1) break;
    spent += clip[b];
    drop[b] = 1;
    dropped++;
  }
  if (dropped === 0) return { boxes, dropped: 0, errorBound: 0, bound: U };
  const kept = count - dropped;
  const lower = new Float64Array(kept * m);
  const upper = new Float64Array(kept * m);
  let r = 0;
  for (let b = 0; b < count; b++) {
    if (drop[b]) continue;
    lower.set(boxes.lower.subarray(b * m, (b + 1) * m), r * m);
    upper.set(boxes.upper.subarray(b * m, (b + 1) * m), r * m);
    r++;
  }
  return { boxes: { count: kept, m, lower, upper }, dropped, errorBound: spent, bound: U };
}
