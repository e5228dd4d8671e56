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
 * the same L_c are merged, and for m ≥ 3 equal runs in neighbouring cells of outcome 1 as well.
 * m = 2 gives the n+1 staircase boxes; m outcomes at most (n+1)^{m−1}.
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

/** One run of equal L along outcome 0: grid cells [start, end) of outcome 0, column floor L. */
interface Run {
  readonly start: number;
  readonly end: number;
  readonly L: number;
}

/**
 * The runs along outcome 0 for the grid index idx of outcomes 1..m−2: L_c of every cell, cells
 * with equal L_c merged. O(n) per cell.
 */
function runsAlongFirst(P: Matrix, ref: ArrayLike<number>, grids: readonly number[][], idx: number[]): Run[] {
  const m = P.cols;
  const cells = grids[0].length - 1;
  const runs: Run[] = [];
  let runStart = 0;
  let runL = NaN;
  for (let c0 = 0; c0 <= cells; c0++) {
    let L = NaN;
    if (c0 < cells) {
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
      runs.push({ start: runStart, end: c0, L: runL });
      runStart = c0;
    }
    if (c0 === 0 || L !== runL) runL = L;
  }
  return runs;
}

/**
 * Boxes of the non-dominated region of Y's front above ref (Y: n×m maximized, m ≥ 1). For m ≥ 3,
 * runs that repeat (same outcome-0 interval and L) in consecutive cells of outcome 1 are merged
 * into one box, which for m = 3 cuts the count about 3x (test/core/pareto/box-decomposition.test.ts).
 */
export function nondominatedBoxes(Y: Matrix, ref: ArrayLike<number>): BoxDecomposition {
  const m = Y.cols;
  if (ref.length !== m) throw new RangeError(`nondominatedBoxes: reference point has ${ref.length} entries for ${m} outcomes`);
  const P = paretoFront(aboveReference(Y, ref)).front;
  if (m === 1) {
    let top = ref[0];
    for (let i = 0; i < P.rows; i++) top = Math.max(top, P.data[i]);
    return { count: 1, m, lower: Float64Array.of(top), upper: Float64Array.of(Infinity) };
  }
  const grids = Array.from({ length: m - 1 }, (_, k) => gridOf(P, ref, k));
  const cellsPer = grids.map((g) => g.length - 1);
  const idx = new Array<number>(m - 1).fill(0);
  // Boxes as [lower..., upper...] rows, so a box opened in one cell of outcome 1 can still grow.
  const boxes: number[][] = [];
  const boxOf = (run: Run): number[] => {
    const row = new Array<number>(2 * m);
    for (let k = 0; k < m - 1; k++) {
      row[k] = k === 0 ? grids[0][run.start] : grids[k][idx[k]];
      row[m + k] = k === 0 ? grids[0][run.end] : grids[k][idx[k] + 1];
    }
    row[m - 1] = run.L;
    row[2 * m - 1] = Infinity;
    return row;
  };
  if (m === 2) {
    for (const run of runsAlongFirst(P, ref, grids, idx)) boxes.push(boxOf(run));
  } else {
    for (;;) {
      // Outcomes 2..m−2 fixed by idx; sweep outcome 1, extending the boxes whose run repeats.
      let open = new Map<string, number[]>();
      for (let c1 = 0; c1 < cellsPer[1]; c1++) {
        idx[1] = c1;
        const next = new Map<string, number[]>();
        for (const run of runsAlongFirst(P, ref, grids, idx)) {
          const key = `${run.start},${run.end},${run.L}`;
          let row = open.get(key);
          if (row) row[m + 1] = grids[1][c1 + 1];
          else boxes.push((row = boxOf(run)));
          next.set(key, row);
        }
        open = next;
      }
      let k = 2;
      while (k < m - 1 && ++idx[k] === cellsPer[k]) idx[k++] = 0;
      if (k >= m - 1) break;
    }
  }
  const lower = new Float64Array(boxes.length * m);
  const upper = new Float64Array(boxes.length * m);
  boxes.forEach((row, b) => {
    for (let k = 0; k < m; k++) {
      lower[b * m + k] = row[k];
      upper[b * m + k] = row[m + k];
    }
  });
  return { count: boxes.length, m, lower, upper };
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
