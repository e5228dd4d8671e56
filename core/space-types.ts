import type { Params, SpaceSpec } from '../protocol/space.js';
import type { Matrix } from './matrix.js';
import type { Rng } from './rng.js';

/**
 * How encoded coordinates map back to parameters, so the acquisition optimizer can handle
 * discrete and simplex parameters exactly. Indices are columns of the encoded [0,1]^d row.
 */
export type Dimension =
  /** `lower`/`upper`: the encoded interval the acquisition optimizer may search [0, 1] (a trust region narrows it). */
  | { kind: 'continuous'; name: string; index: number; lower?: number; upper?: number }
  /** `grid` holds the encoded values of every admissible integer, ascending; `lower`/`upper` as for continuous (an empty grid only). */
  | { kind: 'integer'; name: string; index: number; grid: Float64Array; lower?: number; upper?: number }
  /** One-hot block: exactly one of `indices` is 1 in a valid encoded point. */
  | { kind: 'categorical'; name: string; indices: number[]; choices: number }
  /**
   * Mixture weights: the block is nonnegative and sums to 1 in a valid encoded point; with mixture
   * constraints also lower ≤ w ≤ upper (and minWeight, enforced by project only: it is not convex).
   */
  | { kind: 'simplex'; name: string; indices: number[]; components: string[]; lower?: Float64Array; upper?: Float64Array; natural?: Float64Array }
  /** Fidelity: `grid[k]` is the encoded value of level k, `costs[k]` its cost; `target` the target level index. */
  | { kind: 'fidelity'; name: string; index: number; grid: Float64Array; costs: number[]; target: number };

/** A validated search space: user params <-> rows in [0,1]^d. */
export interface SearchSpace {
  readonly spec: SpaceSpec;
  /** Encoded dimension d. */
  readonly dim: number;
  readonly dimensions: readonly Dimension[];
  /** User units -> encoded row. Throws BoError INVALID_ARGUMENT naming the parameter if a value is outside the space. */
  encode(params: Params): Float64Array;
  /** Encoded row -> user units (ints rounded, categoricals by argmax, simplex renormalised, fidelity snapped). */
  decode(x: ArrayLike<number>): Params;
  /** The valid encoded point that decode(x) stands for: encode(decode(x)), without the round trip through user units. */
  project(x: ArrayLike<number>): Float64Array;
  /** n valid encoded points: scrambled Sobol in the box, simplex blocks mapped onto the simplex, then projected. */
  sample(n: number, rng: Rng): Matrix;
  /**
   * Random access into the sequence sample() draws: sequence(rng).point(i) equals row i of
   * sample(n, rng) for any n > i (rng in the same state), without generating rows 0..i-1.
   */
  sequence(rng: Rng): SpaceSequence;
  /** True when some parameter is conditional (`when`); see core/conditions.ts. */
  readonly conditional: boolean;
  /** Encoded columns of int parameters that other parameters are conditioned on (moved by discrete steps only). */
  readonly conditionColumns: readonly number[];
  /** The inactive columns of a valid encoded row with their fixed values (empty for unconditional spaces). */
  inactiveCoordinates(x: ArrayLike<number>): { index: number; value: number }[];
  /** The params without the parameters their parents' values make inactive (given values are not checked). */
  activeParams(params: Params): Params;
  /** Check user params without encoding (same errors as encode). */
  validate(params: Params): void;
}

/** One space-filling sequence of a space (SearchSpace.sequence). */
export interface SpaceSequence {
  /** Encoded point i (a fresh row). */
  point(i: number): Float64Array;
}
