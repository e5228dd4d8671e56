/**
 * Per-sample log scores of the multi-outcome acquisitions, for buildSampleSurface. Outcomes are in
 * the models' units: columns [0, objectives) are objectives (maximized), the rest constraint
 * metrics with their bounds. Pending points sit in the head with the observed points, as BoTorch
 * caches X_pending into qNEHVI's baseline: the improvement over a front that includes the pending
 * draws has the same argmax as the joint batch's (max(A, B) = A + (B − A)_+ with A fixed).
 */
import { nondominatedBoxes } from '../../core/pareto/box-decomposition.js';
import { aboveReference, paretoFront } from '../../core/pareto/nondominated.js';
import { pruneNegligibleBoxes } from '../../core/pareto/prune-boxes.js';
import { logFatplusWithDerivative, TAU_RELU } from '../smooth.js';
import { isFeasible, logFeasibility, type OutcomeBound } from './feasibility.js';
import { logHviOf, type LogHviTemperatures } from './log-hvi.js';
import type { HeadDraws, SampleScore } from './sample-surface.js';

/** What the scores need to know about the outcome columns. */
export interface OutcomeLayout {
  /** Number of objective columns (the first ones). */
  readonly objectives: number;
  /** Constraint bounds (columns ≥ objectives). */
  readonly bounds: readonly OutcomeBound[];
}

/** The feasible head rows of sample i as an r×objectives matrix (hard feasibility on the draws). */
function feasibleObjectives(draws: HeadDraws, i: number, layout: OutcomeLayout): { rows: number; cols: number; data: Float64Array } {
  const { h, outcomes: M } = draws;
  const m = layout.objectives;
  const rows: number[] = [];
  for (let j = 0; j < h; j++) {
    const o = (i * h + j) * M;
    if (isFeasible(layout.bounds, draws.data, o)) for (let k = 0; k < m; k++) rows.push(draws.data[o + k]);
  }
  return { rows: rows.length / m, cols: m, data: Float64Array.from(rows) };
}

/**
 * The approximate decomposition's alpha per number of objectives (core/pareto/prune-boxes.ts):
 * exact up to 3 objectives (their decomposition is already the minimal 2n+1 boxes, and pruning
 * would drop few), 1e-3 for 4 (error ≤ 0.1% of the front's doubled bounding box per sample; the
 * boxes dropped are measured by benchmarks/mo/box-counts.ts). BoTorch: 0 up to 4, 10^(m−8) from 5
 * (where this service runs qNParEGO instead).
 */
export function defaultBoxAlpha(objectives: number): number {
  return objectives <= 3 ? 0 : 1e-3;
}

/** Sizes of the per-sample decompositions of one surface, summed over samples (for diagnostics). */
export interface BoxStats {
  samples: number;
  boxes: number;
  dropped: number;
  maxBoxes: number;
}

/** Options of qLogNEHVI's score beyond the reference point. */
export interface LogNehviOptions extends LogHviTemperatures {
  /** Pruning budget of the decompositions (defaultBoxAlpha(objectives) when absent; 0 = exact). */
  readonly alpha?: number;
  /** Filled with the decomposition sizes of every surface built. */
  readonly stats?: BoxStats;
}

/**
 * qLogNEHVI (Ament et al. 2023; Daulton et al. 2021 for the noisy, sample-the-front part):
 * a_i(ξ) = log HVI(ξ | front of sample i's feasible head draws) + log P̃(ξ feasible), with the
 * smooth log HVI of log-hvi.ts over sample i's own box decomposition (w.r.t. `reference`),
 * approximate with options.alpha > 0 (core/pareto/prune-boxes.ts).
 */
export function logNehviScore(layout: OutcomeLayout, reference: ArrayLike<number>, options: LogNehviOptions = {}): (draws: HeadDraws) => SampleScore {
  const alpha = options.alpha ?? defaultBoxAlpha(layout.objectives);
  return (draws) => {
    const perSample = Array.from({ length: draws.samples }, (_, i) => {
      const Y = feasibleObjectives(draws, i, layout);
      let boxes = nondominatedBoxes(Y, reference);
      let dropped = 0;
      if (alpha > 0) {
        const pruned = pruneNegligibleBoxes(boxes, paretoFront(aboveReference(Y, reference)).front, reference, alpha);
        boxes = pruned.boxes;
        dropped = pruned.dropped;
      }
      if (options.stats) {
        options.stats.samples++;
        options.stats.boxes += boxes.count;
        options.stats.dropped += dropped;
        options.stats.maxBoxes = Math.max(options.stats.maxBoxes, boxes.count);
      }
      return logHviOf(boxes, options);
    });
    return (i, xi, grad) => {
      if (grad) grad.fill(0);
      return perSample[i](xi, grad) + logFeasibility(layout.bounds, xi, grad);
    };
  };
}

/** A scalarization s(y) of the objective columns with its gradient (added into grad). */
export interface Scalarization {
  value(y: ArrayLike<number>, grad?: Float64Array): number;
}

/** The identity on objective 0 (single-objective constrained qLogNEI). */
export const FIRST_OBJECTIVE: Scalarization = {
  value(y, grad) {
    if (grad) grad[0] += 1;
    return y[0];
  },
};

/** ParEGO's augmentation weight ρ (Knowles 2006; BoTorch get_chebyshev_scalarization alpha = 0.05). */
export const PAREGO_RHO = 0.05;

/**
 * Augmented Chebyshev scalarization on normalized objectives (Knowles 2006, BoTorch
 * get_chebyshev_scalarization for maximization): ŷ_k = (y_k − lo_k)/(hi_k − lo_k),
 * s(y) = min_k w_k ŷ_k + ρ Σ_k w_k ŷ_k. lo/hi: the observed range of each objective.
 */
export function chebyshev(weights: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, rho = PAREGO_RHO): Scalarization {
  const m = weights.length;
  const scale = Float64Array.from({ length: m }, (_, k) => weights[k] / Math.max(hi[k] - lo[k], 1e-12));
  return {
    value(y, grad) {
      let min = Infinity;
      let arg = 0;
      let sum = 0;
      for (let k = 0; k < m; k++) {
        const v = scale[k] * (y[k] - lo[k]);
        sum += v;
        if (v < min) [min, arg] = [v, k];
      }
      if (grad) {
        for (let k = 0; k < m; k++) grad[k] += rho * scale[k];
        grad[arg] += scale[arg];
      }
      return min + rho * sum;
    },
  };
}

/**
 * Constrained qLogNEI of a scalarized objective (qNParEGO with chebyshev(), plain constrained
 * qLogNEI with FIRST_OBJECTIVE): f*_i = max of s over sample i's feasible head rows (the min of s
 * over all head rows when none is feasible, so the feasibility weight leads the search), then
 * a_i(ξ) = log fatplus_τ0(s(ξ) − f*_i) + log P̃(ξ feasible) (BoTorch qLogNEI with constraints).
 */
export function logNeiScore(layout: OutcomeLayout, s: Scalarization, tauRelu = TAU_RELU): (draws: HeadDraws) => SampleScore {
  return (draws) => {
    const { h, outcomes: M } = draws;
    const best = new Float64Array(draws.samples);
    for (let i = 0; i < draws.samples; i++) {
      let feasible = -Infinity;
      let any = Infinity;
      for (let j = 0; j < h; j++) {
        const o = (i * h + j) * M;
        const v = s.value(draws.data.subarray(o, o + M));
        any = Math.min(any, v);
        if (isFeasible(layout.bounds, draws.data, o)) feasible = Math.max(feasible, v);
      }
      best[i] = Number.isFinite(feasible) ? feasible : any;
    }
    const dEll = new Float64Array(1);
    return (i, xi, grad) => {
      if (grad) grad.fill(0);
      const sg = grad ? new Float64Array(grad.length) : undefined;
      const ell = logFatplusWithDerivative(s.value(xi, sg) - best[i], tauRelu, dEll);
      if (grad && sg) for (let k = 0; k < grad.length; k++) grad[k] = dEll[0] * sg[k];
      return ell + logFeasibility(layout.bounds, xi, grad);
    };
  };
}

