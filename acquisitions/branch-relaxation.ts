/**
 * Acquisition search on conditional spaces (core/conditions.ts): one branch at a time. A local
 * search starting at a valid row x relaxes only the columns active at x; inactive columns stay
 * pinned at their fixed values and int parents move only by discrete steps, so the continuous
 * search never spends iterations (or finite-difference evaluations) on columns the model sees as
 * constant. Branch changes come from the discrete moves of the parents, scored after projection
 * (which snaps the columns the move made inactive to their fixed values).
 */
import type { Matrix } from '../core/matrix.js';
import type { SearchSpace } from '../core/space-types.js';
import { buildRelaxation, type FixedCoordinate, type Relaxation } from './relaxation.js';

/** The relaxation of the branch active at x (valid row); `base` itself for unconditional spaces. */
export function branchRelaxation(space: SearchSpace, fixed: readonly FixedCoordinate[], x: ArrayLike<number>, base: Relaxation): Relaxation {
  if (!space.conditional) return base;
  return buildRelaxation(space, [...fixed, ...space.inactiveCoordinates(x)], new Set(space.conditionColumns));
}

/** Scoring that first projects every row to a valid point on conditional spaces (rows changed in place). */
export function projectedScore(space: SearchSpace, score: (X: Matrix) => Float64Array): (X: Matrix) => Float64Array {
  if (!space.conditional) return score;
  return (X) => {
    for (let r = 0; r < X.rows; r++) X.data.set(space.project(X.data.subarray(r * X.cols, (r + 1) * X.cols)), r * X.cols);
    return score(X);
  };
}
