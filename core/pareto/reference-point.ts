/**
 * The reference point of a hypervolume when the user gives none, as Ax infers it
 * (ax/service/utils/best_point_utils / infer_reference_point): the nadir of the observed Pareto
 * front, moved away from the front by 10% of the front's range in each outcome. Outcomes are
 * MAXIMIZED here (the caller flips minimized ones), so "away" is down.
 */
import type { Matrix } from '../matrix.js';
import { paretoFront } from './nondominated.js';

/** Share of the front's range the inferred reference point lies below its nadir (Ax's scale 0.1). */
export const REFERENCE_MARGIN = 0.1;

/**
 * ref_k = min_front y_k − 0.1·(max_front y_k − min_front y_k); a flat outcome (one front point, or
 * equal values) uses 0.1·max(|min y_k|, 1) instead of the zero range, so ref stays strictly below
 * the front and every front point adds hypervolume. Y: n×m (n ≥ 1), maximized.
 */
export function inferReferencePoint(Y: Matrix): Float64Array {
  if (Y.rows === 0) throw new RangeError('inferReferencePoint: no observations');
  const { front } = paretoFront(Y);
  const m = Y.cols;
  const ref = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < front.rows; i++) {
      const v = front.data[i * m + k];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const range = hi - lo;
    ref[k] = lo - REFERENCE_MARGIN * (range > 0 ? range : Math.max(Math.abs(lo), 1));
  }
  return ref;
}
