/**
 * q ≥ 1 suggestions, pending-aware (DESIGN.md "Acquisition", seed-specs §7.2):
 * - moment acquisitions (log-ei, log-pi, ucb, posterior-mean): sequential greedy with kriging-
 *   believer fantasies: condition on the pending points at their posterior mean, then after each
 *   pick x_j condition on (x_j, μ(x_j)) and re-optimize (Ginsbourger et al. 2010); fantasies
 *   count as observations, so the incumbent becomes max(f*, fantasized means). Without
 *   FittedSurrogate.condition the picks are only kept distinct (`avoid`), as diagnostics say.
 * - qlognei: sequential greedy on the MC objective: the j-th point maximizes qLogNEI of the
 *   joint batch [pending; x_1..x_{j-1}; x] (BoTorch's sequential optimize_acqf with X_pending);
 *   analytic gradients on the fixed-base-sample surface when the model declares a crossPredictor capability (exact
 *   GPs; acquisitions/qlognei.ts), one-batch finite differences otherwise.
 * - thompson: q joint posterior draws over one Sobol pool (of the model conditioned on the
 *   pending points at their means, when it can be), argmax of each (distinct picks).
 */
import { vstack, type Matrix } from '../core/matrix.js';
import type { SearchSpace } from '../core/space-types.js';
import type { FittedSurrogate } from '../surrogates/types.js';
import { buildMomentObjective, optimizeAcquisition, type OptimizeOptions, type OptimizeResult } from './optimize.js';
import type { AnyAcquisition } from './registry.js';
import type { AcquisitionContext } from './types.js';

/** Options of suggestBatch: the optimizer's options plus the batch facts. */
export interface SuggestBatchOptions extends Omit<OptimizeOptions, 'candidates'> {
  /** Number of new points (≥ 1). */
  readonly q: number;
  /** Observed points (n×d): qLogNEI's baseline, never suggested again. */
  readonly observed?: Matrix;
  /** Running trials (p×d): fantasized / part of the joint batch, never suggested again. */
  readonly pending?: Matrix;
  /** Thompson candidate pool size [512]. */
  readonly thompsonPool?: number;
  /**
   * Value given to fantasies of the moment acquisitions: 'pessimistic' (constant liar at the lowest
   * posterior mean over the observed points, Ginsbourger et al. 2010 "CL-min", the default) or
   * 'believer' (kriging believer, the posterior mean). The believer keeps the mean near a pending
   * point, so on a confident model parallel workers bunch within a few 1e-3 of each other (seen on
   * Branin with 4 workers: three picks on one boundary point); the pessimistic lie pushes the mean
   * down over a lengthscale around each pending point and spreads the batch.
   */
  readonly fantasy?: 'pessimistic' | 'believer';
  /**
   * Add raw samples around the best observed points (BoTorch's sample_around_best): the top
   * max(1, round(5%·n)) observed rows by posterior mean become `aroundBest` of every
   * optimizeAcquisition call (continuous modes only) [false].
   */
  readonly sampleAroundBest?: boolean;
}

/** The top max(1, round(pct/100·n)) rows of X by posterior mean (BoTorch sample_points_around_best, best_pct = 5). */
export function bestByPosteriorMean(model: FittedSurrogate, X: Matrix, pct = 5): Matrix {
  const mean = model.posterior(X).mean();
  const k = Math.max(1, Math.round((X.rows * pct) / 100));
  const top = Array.from(mean.keys()).sort((a, b) => mean[b] - mean[a]).slice(0, k);
  const data = new Float64Array(k * X.cols);
  top.forEach((i, r) => data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols));
  return { rows: k, cols: X.cols, data };
}

/** The picks (q×d valid encoded rows), the acquisition value of each when picked, and diagnostics. */
export interface BatchSuggestion {
  readonly points: Matrix;
  readonly values: Float64Array;
  readonly diagnostics: {
    readonly mode: AnyAcquisition['mode'];
    /** True when kriging-believer fantasies were used (model.condition available). */
    readonly fantasies: boolean;
    readonly evaluations: number;
    readonly elapsedMs: number;
    readonly stopped: OptimizeResult['stopped'];
    readonly perPoint: readonly { readonly value: number; readonly source: OptimizeResult['source']; readonly starts: number }[];
  };
}

const empty = (d: number): Matrix => ({ rows: 0, cols: d, data: new Float64Array(0) });
const one = (x: Float64Array): Matrix => ({ rows: 1, cols: x.length, data: x });

/** Suggest q points for any acquisition built by createAcquisition; pending- and observed-aware. */
export function suggestBatch(
  model: FittedSurrogate,
  acq: AnyAcquisition,
  space: SearchSpace,
  context: AcquisitionContext,
  options: SuggestBatchOptions,
): BatchSuggestion {
  const t0 = Date.now();
  const d = space.dim;
  const q = Math.floor(options.q);
  if (!(q >= 1)) throw new RangeError(`suggestBatch: q must be >= 1, got ${options.q}`);
  const pending = options.pending ?? empty(d);
  const observed = options.observed ?? empty(d);
  let avoid = vstack(vstack(observed, pending), options.avoid ?? empty(d));
  const chosen: Float64Array[] = [];
  const results: OptimizeResult[] = [];
  let fantasies = false;
  const aroundBest = options.sampleAroundBest && observed.rows > 0 && acq.mode !== 'thompson' ? bestByPosteriorMean(model, observed) : options.aroundBest;

  /** Each remaining point gets an equal share of the time left. */
  const deadlineFor = (j: number): number | undefined =>
    options.deadline === undefined ? undefined : Date.now() + Math.max(0, options.deadline - Date.now()) / (q - j);
  const pick = (r: OptimizeResult): void => {
    results.push(r);
    chosen.push(r.x);
    avoid = vstack(avoid, one(r.x));
  };

  if (acq.mode === 'moment') {
    // Kriging believer: a fantasy (x, μ(x)) is treated as observed, so it also raises the
    // incumbent; otherwise EI at a point whose mean already beats f* would not drop after
    // conditioning and the same point would be picked again.
    let current = model;
    let ctx = context;
    const lie = options.fantasy !== 'believer' && observed.rows > 0 ? Math.min(...model.posterior(observed).mean()) : undefined;
    const believe = (X: Matrix): void => {
      if (!current.condition) return;
      const y = lie !== undefined ? new Float64Array(X.rows).fill(lie) : current.posterior(X).mean();
      current = current.condition(X, y);
      ctx = { ...ctx, best: Math.max(ctx.best, ...y) };
    };
    fantasies = current.condition !== undefined;
    if (pending.rows > 0) believe(pending);
    for (let j = 0; j < q; j++) {
      const obj = buildMomentObjective(current, acq.acquisition, ctx);
      pick(optimizeAcquisition(obj, space, { ...options, aroundBest, avoid, deadline: deadlineFor(j) }));
      if (j < q - 1) believe(one(chosen[j]));
    }
  } else if (acq.mode === 'qlognei') {
    if (observed.rows === 0) throw new RangeError('suggestBatch: qlognei needs observed points (its baseline)');
    for (let j = 0; j < q; j++) {
      const batchHead = chosen.reduce((m, x) => vstack(m, one(x)), pending);
      const prepared = acq.acquisition.prepare(model, { baseline: observed, pending: batchHead });
      pick(optimizeAcquisition({ values: prepared.values, valueAndGradient: prepared.valueAndGradient }, space, { ...options, aroundBest, avoid, deadline: deadlineFor(j) }));
    }
  } else {
    const n = Math.max(q + pending.rows + observed.rows + 1, options.thompsonPool ?? 512);
    const pool = space.sample(n, options.rng);
    for (let i = 0; i < n; i++) {
      const x = pool.data.subarray(i * d, (i + 1) * d);
      for (const f of options.fixed ?? []) x[f.index] = f.value;
      x.set(space.project(x));
    }
    // Pending trials as kriging-believer fantasies: draws near running trials lose their spread.
    let current = model;
    if (pending.rows > 0 && model.condition) {
      fantasies = true;
      current = model.condition(pending, model.posterior(pending).mean());
    }
    const post = current.posterior(pool);
    const draws: Float64Array[] = [];
    for (let j = 0; j < q; j++) draws.push(acq.acquisition.evaluate(post, { ...context, baseSamples: undefined, rng: options.rng }));
    for (let j = 0; j < q; j++) {
      pick(optimizeAcquisition({ values: () => draws[j] }, space, { ...options, candidates: pool, avoid }));
    }
  }

  const points: Matrix = { rows: q, cols: d, data: new Float64Array(q * d) };
  chosen.forEach((x, j) => points.data.set(x, j * d));
  return {
    points,
    values: Float64Array.from(results, (r) => r.value),
    diagnostics: {
      mode: acq.mode,
      fantasies,
      evaluations: results.reduce((s, r) => s + r.evaluations, 0),
      elapsedMs: Date.now() - t0,
      stopped: results.find((r) => r.stopped !== 'done')?.stopped ?? 'done',
      perPoint: results.map((r) => ({ value: r.value, source: r.source, starts: r.starts })),
    },
  };
}
