import type { Rng } from '../../core/rng.js';

/** A synthetic test function to minimize on a box (user units). */
export interface Problem {
  /** Registry name, e.g. 'hartmann6' or 'ackley5_shifted'. */
  readonly name: string;
  readonly dim: number;
  /** Box: lower[i] <= x[i] <= upper[i]. */
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Global minimum value of the noise-free f. */
  readonly optimum: number;
  /** A global minimizer (may be rounded to the published digits). */
  readonly argmin: readonly number[];
  /** Standard deviation of the Gaussian observation noise (0 = none, or see `observe`). */
  readonly noise: number;
  /** Another observation model (heavy-tailed, multiplicative, scaled): the noisy value of a clean one, drawing from `rng`. */
  readonly observe?: (clean: number, rng: Rng) => number;
  /** What `observe` does, for result records (e.g. 'cauchy (scale 12.3)'). */
  readonly noiseModel?: string;
  /** Noise-free objective, x in user units (length dim). */
  f(x: ArrayLike<number>): number;
}

/** The peers' protocol: budget 100 for d <= 6, 150 above. */
export function defaultBudget(dim: number): number {
  return dim <= 6 ? 100 : 150;
}

/** The peers' protocol: 10 Sobol points for d <= 6, 2·d above. */
export function defaultInitialTrials(dim: number): number {
  return dim <= 6 ? 10 : 2 * dim;
}

/** Repeat one interval over d coordinates. */
export function box(dim: number, lo: number, hi: number): { lower: number[]; upper: number[] } {
  return { lower: new Array<number>(dim).fill(lo), upper: new Array<number>(dim).fill(hi) };
}
