/**
 * q suggestions for a multi-outcome acquisition by sequential greedy selection (BoTorch's
 * sequential optimize_acqf): pick j maximizes the surface whose head is [observed; pending;
 * picks 1..j−1], each pick optimized by acquisitions/optimize.ts (L-BFGS-B with the surface's
 * analytic gradient where every outcome's draws have one: exact GPs, the STP, ensembles and
 * mixtures with member gradients; finite differences otherwise, e.g. DKL). Observed, pending and earlier
 * picks are never returned again.
 */
import { vstack, type Matrix } from '../../core/matrix.js';
import type { SearchSpace } from '../../core/space-types.js';
import type { FittedSurrogate } from '../../surrogates/types.js';
import { optimizeAcquisition, type OptimizeOptions, type OptimizeResult } from '../optimize.js';
import { buildSampleSurface, type HeadDraws, type SampleScore } from './sample-surface.js';

/** Default MC samples of the multi-outcome surfaces (BoTorch's 128 for qLogNEHVI). */
export const MO_SAMPLES = 128;

/** What one multi-outcome ask needs. */
export interface OutcomeSuggestOptions extends Omit<OptimizeOptions, 'candidates' | 'avoid'> {
  readonly q: number;
  /** Observed encoded points (n×d), the rows every model was fitted on. */
  readonly observed: Matrix;
  /** Running trials (p×d). */
  readonly pending: Matrix;
  /** Seed of the fixed base samples. */
  readonly seed: number;
  readonly samples?: number;
}

/** The picks (valid encoded rows), their surface values and optimizer facts. */
export interface OutcomeSuggestion {
  readonly points: Float64Array[];
  readonly values: number[];
  readonly diagnostics: {
    readonly evaluations: number;
    readonly analyticGradient: boolean;
    readonly stopped: OptimizeResult['stopped'];
    /** Present when a head covariance needed the pivoted root: per pick, the outcomes and ranks (sample-surface.ts). */
    readonly pivotedHead?: { readonly pick: number; readonly outcome: number; readonly rank: number; readonly rows: number }[];
  };
}

/** Sequential greedy q picks of the surface built from `models` (one per outcome) and `makeScore`. */
export function suggestOutcomes(models: readonly FittedSurrogate[], makeScore: (draws: HeadDraws) => SampleScore, space: SearchSpace, options: OutcomeSuggestOptions): OutcomeSuggestion {
  const d = space.dim;
  const points: Float64Array[] = [];
  const values: number[] = [];
  let evaluations = 0;
  let analyticGradient = false;
  let stopped: OptimizeResult['stopped'] = 'done';
  const pivotedHead: { pick: number; outcome: number; rank: number; rows: number }[] = [];
  let head = vstack(options.observed, options.pending);
  for (let j = 0; j < options.q; j++) {
    const surface = buildSampleSurface(models, head, options.samples ?? MO_SAMPLES, options.seed, makeScore);
    analyticGradient = surface.valueAndGradient !== undefined;
    for (const p of surface.pivoted) pivotedHead.push({ pick: j, ...p, rows: head.rows });
    const deadline = options.deadline === undefined ? undefined : Date.now() + Math.max(0, options.deadline - Date.now()) / (options.q - j);
    const r = optimizeAcquisition(surface, space, { ...options, avoid: head, deadline });
    if (!r.x.every(Number.isFinite)) throw new Error('acquisition optimizer returned a non-finite point');
    points.push(r.x);
    values.push(r.value);
    evaluations += r.evaluations;
    if (r.stopped !== 'done') stopped = r.stopped;
    head = vstack(head, { rows: 1, cols: d, data: r.x });
  }
  return { points, values, diagnostics: { evaluations, analyticGradient, stopped, ...(pivotedHead.length > 0 ? { pivotedHead } : {}) } };
}
