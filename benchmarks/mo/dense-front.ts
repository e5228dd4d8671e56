/**
 * Max-hypervolume estimates for problems without a closed-form front: the hypervolume of the
 * feasible non-dominated points among 2^16 scrambled-Sobol points of the box (seed 0), or 2^12 of
 * the Pareto-optimal set when the problem knows it. A lower bound on the true maximum.
 */
import { fromRows } from '../../core/matrix.js';
import { hypervolume } from '../../core/pareto/hypervolume.js';
import { paretoFront } from '../../core/pareto/nondominated.js';
import { createRng } from '../../core/rng.js';
import { sobol } from '../../core/sobol.js';
import type { MoProblem } from './types.js';

/** Coordinates closer than this to a bound (unit scale) are also tried on the bound. */
const SNAP = 0.05;

/** Sobol points on a known Pareto-optimal set (m − 1 dimensions: far fewer suffice). */
export const OPTIMAL_SET_POINTS = 2 ** 12;

/** Sobol points of the dense estimate. */
export const DENSE_POINTS = 2 ** 16;

/** The estimate and its source line. */
export function denseMaxHv(p: Omit<MoProblem, 'maxHv'>, points = p.optimalSet ? OPTIMAL_SET_POINTS : DENSE_POINTS): { value: number; source: string } {
  const dim = p.optimalSet?.dim ?? p.dim;
  const U = sobol(points, dim, createRng(0));
  const rows: number[][] = [];
  const add = (u: ArrayLike<number>): void => {
    const x = p.optimalSet ? p.optimalSet.map(u) : Array.from({ length: p.dim }, (_, j) => p.lower[j] + (p.upper[j] - p.lower[j]) * u[j]);
    if (p.c && p.c(x).some((v) => v > 0)) return;
    rows.push(p.f(x).map((v) => -v)); // maximize −f
  };
  for (let i = 0; i < U.rows; i++) {
    const u = U.data.subarray(i * dim, (i + 1) * dim);
    add(u);
    // Fronts often run along the box's faces, which random points never hit: also the point with
    // coordinates within SNAP of a bound moved onto it.
    if (!p.optimalSet) add(Array.from(u, (v) => (v < SNAP ? 0 : v > 1 - SNAP ? 1 : v)));
  }
  const { front } = paretoFront(fromRows(sweepFront(rows), p.objectives));
  return { value: hypervolume(front, p.ref.map((r) => -r)), source: p.optimalSet ? `estimate: ${points} scrambled-Sobol points of the Pareto-optimal set (a lower bound)` : `estimate: feasible front of ${points} scrambled-Sobol points and their snaps to the box's faces (a lower bound)` };
}

/**
 * Non-dominated rows of a large set (maximized) in O(n log n + n·|front|): after a lexicographic
 * descending sort a row can only be dominated by an earlier row, and then also by a row already on
 * the front (dominance is transitive), so each row is checked against the front so far.
 */
function sweepFront(rows: number[][]): number[][] {
  const sorted = [...rows].sort((a, b) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return b[k] - a[k];
    return 0;
  });
  const front: number[][] = [];
  for (const r of sorted) {
    if (!front.some((f) => f.every((v, k) => v >= r[k]))) front.push(r);
  }
  return front;
}
