/** Objective for box-constrained minimization: returns f(x) and writes ∇f(x) into grad. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

export interface BoundedMinimizeOptions {
  /** L-BFGS memory (default 10). */
  readonly memory?: number;
  /** Iteration cap (default 200). */
  readonly maxIterations?: number;
  /** Stop when the projected gradient's max-norm is below this (default 1e-6). */
  readonly pgtol?: number;
  /** Stop when the relative reduction of f is below factr·eps (scipy's convention; default 1e7). */
  readonly factr?: number;
  /** Stop early (returning the best point so far) when aborted or past this Date.now() deadline. */
  readonly signal?: AbortSignal;
  readonly deadline?: number;
}

export interface BoundedMinimizeResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly message: string;
}
