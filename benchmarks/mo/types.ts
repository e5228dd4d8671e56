/**
 * A multi-objective (possibly constrained) benchmark problem: every objective MINIMIZED on a box,
 * constraints as c_j(x) ≤ 0 (feasible when every one is), as BoTorch's test functions define them.
 */
export interface MoProblem {
  readonly name: string;
  readonly dim: number;
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Number of objectives (minimized). */
  readonly objectives: number;
  /** Number of constraints c_j(x) ≤ 0. */
  readonly constraints: number;
  /** Reference point for the hypervolume (minimization: every objective below it counts). */
  readonly ref: readonly number[];
  /**
   * The largest attainable hypervolume above `ref` (for log hypervolume regret), with how it is
   * known: a closed form, or an estimate from a dense design (a lower bound; the regret is then
   * relative to it and its source is printed with the results).
   */
  readonly maxHv: { readonly value: number; readonly source: string };
  /** Objectives at x (user units). */
  f(x: ArrayLike<number>): number[];
  /**
   * Where the Pareto-optimal x lie, when known (DTLZ2 family: x_i = 0.5 for i ≥ m−1): maps a point
   * of [0,1]^frontDim to x, so the dense max-hypervolume estimate samples the optimal manifold.
   */
  readonly optimalSet?: { readonly dim: number; map(u: ArrayLike<number>): number[] };
  /** Constraint values at x (feasible where every entry ≤ 0); absent without constraints. */
  c?(x: ArrayLike<number>): number[];
}

/** [0,1]^d. */
export function unitBox(d: number): { lower: number[]; upper: number[] } {
  return { lower: new Array<number>(d).fill(0), upper: new Array<number>(d).fill(1) };
}
