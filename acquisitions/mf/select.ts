/**
 * Cost-aware selection of (point, level) for multi-fidelity studies: the scorer turns rows of the
 * search space's encoding into acquisition values, in pool mode (argmax over candidate rows) or
 * continuous mode (optimizeAcquisition per level with the fidelity pinned, best cost-weighted
 * value wins). Batches are sequential greedy with kriging-believer fantasies (the model is
 * conditioned on each pick at its posterior mean; the max-value samples stay fixed, as BoTorch).
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { SearchSpace } from '../../core/space-types.js';
import { optimizeAcquisition } from '../optimize.js';
import { nearestIndex } from '../relaxation.js';
import { costWeightedLogEi } from './cost-ei.js';
import { mfMesScores } from './mf-mes.js';
import { targetMoments, type ExactGpModel } from './target-moments.js';

/** Cost-aware acquisition kinds. */
export type MfAcquisitionKind = 'mf-mes' | 'cost-ei';

/** How the encoded space maps to the model's inputs and what each level costs. */
export interface MfLayout {
  readonly space: SearchSpace;
  /** The fidelity coordinate, when the space has one. */
  readonly fidelity?: {
    readonly index: number;
    /** Encoded value of each level in the space (k/(L−1)). */
    readonly grid: Float64Array;
    readonly target: number;
    /** The value s ∈ [0,1] the kernel sees for each level (target = 1). */
    readonly modelValue: Float64Array;
  };
  /** Cost of each level (length 1 without fidelity). */
  readonly costs: Float64Array;
}

/** Level index of an encoded row (0 without fidelity). */
export function levelOf(layout: MfLayout, x: ArrayLike<number>): number {
  const f = layout.fidelity;
  return f ? nearestIndex(f.grid, x[f.index]) : 0;
}

/** Rows in model coordinates: the fidelity column replaced by the level's model value (or by 1 when `atTarget`). */
export function toModel(layout: MfLayout, X: Matrix, atTarget = false): Matrix {
  const out = { rows: X.rows, cols: X.cols, data: X.data.slice() };
  const f = layout.fidelity;
  if (!f) return out;
  for (let i = 0; i < X.rows; i++) {
    const x = out.data.subarray(i * X.cols, (i + 1) * X.cols);
    x[f.index] = atTarget ? 1 : f.modelValue[nearestIndex(f.grid, x[f.index])];
  }
  return out;
}

/** What a scorer needs besides the model. */
export interface ScoreContext {
  readonly kind: MfAcquisitionKind;
  /** Max-value samples (mf-mes), standardized target-level units. */
  readonly maxValues: ArrayLike<number>;
  /** Incumbent at the target level (cost-ei). */
  readonly best: number;
}

/** Acquisition value per encoded row (m×d): MF-MES gain/cost or cost-weighted LogEI. */
export function scoreRows(model: ExactGpModel, layout: MfLayout, ctx: ScoreContext, X: Matrix): Float64Array {
  const m = targetMoments(model, toModel(layout, X), toModel(layout, X, true));
  const costs = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) costs[i] = layout.costs[levelOf(layout, X.data.subarray(i * X.cols, (i + 1) * X.cols))];
  return ctx.kind === 'mf-mes' ? mfMesScores(m, ctx.maxValues, costs).value : costWeightedLogEi(m, ctx.best, costs);
}

/** The model conditioned on encoded rows at its own posterior mean (kriging believer). */
export function believe(model: ExactGpModel, layout: MfLayout, X: Matrix): ExactGpModel {
  if (X.rows === 0) return model;
  const Xm = toModel(layout, X);
  return model.condition(Xm, model.posterior(Xm).mean());
}

/** One pick: the index into the pool (pool mode) or the point, with its value. */
export interface Pick {
  readonly x: Float64Array;
  readonly value: number;
  readonly poolIndex?: number;
  readonly level: number;
}

/** Pool mode: q rows of `pool` (encoded, m×d) among `allowed` indices, greedy with fantasies. */
export function selectFromPool(model: ExactGpModel, layout: MfLayout, ctx: ScoreContext, pool: Matrix, allowed: readonly number[], q: number): Pick[] {
  const d = pool.cols;
  const left = [...allowed];
  const picks: Pick[] = [];
  let current = model;
  for (let j = 0; j < q && left.length > 0; j++) {
    const X = { rows: left.length, cols: d, data: new Float64Array(left.length * d) };
    left.forEach((r, i) => X.data.set(pool.data.subarray(r * d, (r + 1) * d), i * d));
    const v = scoreRows(current, layout, ctx, X);
    let best = 0;
    for (let i = 1; i < v.length; i++) if (v[i] > v[best] || (Number.isNaN(v[best]) && !Number.isNaN(v[i]))) best = i;
    const x = X.data.slice(best * d, (best + 1) * d);
    picks.push({ x, value: v[best], poolIndex: left[best], level: levelOf(layout, x) });
    left.splice(best, 1);
    if (j + 1 < q) current = believe(current, layout, { rows: 1, cols: d, data: x });
  }
  return picks;
}

/** Options of the continuous search. */
export interface ContinuousOptions {
  readonly rng: Rng;
  readonly levels: readonly number[];
  /** Encoded rows not to return again (observed, pending). */
  readonly avoid: Matrix;
  readonly rawSamples: number;
  readonly restarts: number;
  readonly maxIterations: number;
  readonly signal?: AbortSignal;
  readonly deadline?: number;
}

/** Continuous mode: q points, each the best over levels of optimizeAcquisition with the fidelity pinned. */
export function selectContinuous(model: ExactGpModel, layout: MfLayout, ctx: ScoreContext, q: number, opts: ContinuousOptions): Pick[] {
  const { space } = layout;
  const d = space.dim;
  const picks: Pick[] = [];
  let current = model;
  const avoidRows: Float64Array[] = [];
  for (let i = 0; i < opts.avoid.rows; i++) avoidRows.push(opts.avoid.data.slice(i * d, (i + 1) * d));
  for (let j = 0; j < q; j++) {
    const m = current;
    const objective = { values: (X: Matrix) => scoreRows(m, layout, ctx, X) };
    let best: Pick | undefined;
    for (const level of opts.levels) {
      const f = layout.fidelity;
      const avoid = { rows: avoidRows.length, cols: d, data: new Float64Array(avoidRows.length * d) };
      avoidRows.forEach((r, i) => avoid.data.set(r, i * d));
      const r = optimizeAcquisition(objective, space, {
        rng: opts.rng.split(),
        rawSamples: opts.rawSamples,
        restarts: opts.restarts,
        maxIterations: opts.maxIterations,
        allowFewRawSamples: true,
        fixed: f ? [{ index: f.index, value: f.grid[level] }] : [],
        avoid,
        signal: opts.signal,
        deadline: opts.deadline,
      });
      if (!best || r.value > best.value) best = { x: r.x, value: r.value, level };
    }
    if (!best) break;
    picks.push(best);
    avoidRows.push(best.x);
    if (j + 1 < q) current = believe(current, layout, { rows: 1, cols: d, data: best.x });
  }
  return picks;
}
