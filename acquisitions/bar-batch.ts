/**
 * q ≥ 1 suggestions over a bar (PFN) posterior with the candidate-set optimizer (bar-optimize.ts).
 * PFN rows are independent and the PFN has no exact conditioning, so there are no fantasies:
 * picks are sequential, and every row within L∞ distance `exclusion` of a pending trial or an
 * earlier pick of this batch scores −∞ (a hard local exclusion that spreads the batch; observed
 * points are only never returned again). Each pick costs one candidate pass plus one pass per
 * refinement round.
 */
import type { Matrix } from '../core/matrix.js';
import type { SearchSpace } from '../core/space-types.js';
import type { FittedSurrogate } from '../surrogates/types.js';
import type { BarAcquisition } from './bar-acquisitions.js';
import { optimizeCandidateSet, type CandidateSetOptions, type CandidateSetResult } from './bar-optimize.js';
import type { AcquisitionContext } from './types.js';

/** Options: the candidate-set options plus the batch facts. */
export interface BarBatchOptions extends Omit<CandidateSetOptions, 'include' | 'poolOnly'> {
  readonly q: number;
  readonly observed?: Matrix;
  readonly pending?: Matrix;
  /** L∞ exclusion radius around pending points and earlier picks [0.02]. */
  readonly exclusion?: number;
  /**
   * L∞ exclusion radius around observed points [0: only exact repeats are avoided]. A PFN trained
   * on a noisy prior cannot express a predictive spread below its noise floor and bucket width, so
   * its EI next to the incumbent never vanishes and it re-measures the same spot (issue 8).
   */
  readonly observedExclusion?: number;
}

/** The picks (q×d), their acquisition values and diagnostics. */
export interface BarBatchSuggestion {
  readonly points: Matrix;
  readonly values: Float64Array;
  readonly diagnostics: Record<string, unknown>;
}

function rowsOf(m: Matrix | undefined): Float64Array[] {
  if (!m) return [];
  return Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols));
}

/** Set v[i] = −∞ for every row of X within L∞ distance `radius` of one of `centers`. */
function excludeNear(X: Matrix, v: Float64Array, centers: readonly Float64Array[], radius: number): void {
  if (centers.length === 0) return;
  const d = X.cols;
  for (let i = 0; i < X.rows; i++) {
    for (const e of centers) {
      let far = false;
      for (let k = 0; k < d && !far; k++) far = Math.abs(X.data[i * d + k] - e[k]) > radius;
      if (!far) {
        v[i] = -Infinity;
        break;
      }
    }
  }
}

/** Suggest q points maximizing a bar acquisition; observed / pending / earlier picks are never returned. */
export function suggestBarBatch(model: FittedSurrogate, acq: BarAcquisition, space: SearchSpace, context: AcquisitionContext, options: BarBatchOptions): BarBatchSuggestion {
  const t0 = Date.now();
  const d = space.dim;
  const q = Math.floor(options.q);
  if (!(q >= 1)) throw new RangeError(`suggestBarBatch: q must be >= 1, got ${options.q}`);
  const radius = options.exclusion ?? 0.02;
  const observedRadius = options.observedExclusion ?? 0;
  const excluded: Float64Array[] = rowsOf(options.pending);
  const observedRows = observedRadius > 0 ? rowsOf(options.observed) : [];
  const avoidRows: Float64Array[] = [...rowsOf(options.observed), ...excluded, ...rowsOf(options.avoid)];
  const picks: Float64Array[] = [];
  const results: CandidateSetResult[] = [];
  for (let j = 0; j < q; j++) {
    const score = (X: Matrix): Float64Array => {
      const v = acq.evaluate(model.posterior(X), context);
      excludeNear(X, v, excluded, radius);
      excludeNear(X, v, observedRows, observedRadius);
      return v;
    };
    const avoid: Matrix = { rows: avoidRows.length, cols: d, data: new Float64Array(avoidRows.length * d) };
    avoidRows.forEach((r, i) => avoid.data.set(r, i * d));
    const remaining = options.deadline === undefined ? undefined : Date.now() + Math.max(0, options.deadline - Date.now()) / (q - j);
    const r = optimizeCandidateSet(score, space, {
      ...options,
      include: options.observed,
      poolOnly: !acq.smooth,
      avoid,
      deadline: remaining,
    });
    results.push(r);
    picks.push(r.x);
    excluded.push(r.x);
    avoidRows.push(r.x);
  }
  const points: Matrix = { rows: q, cols: d, data: new Float64Array(q * d) };
  picks.forEach((x, j) => points.data.set(x, j * d));
  return {
    points,
    values: Float64Array.from(results, (r) => r.value),
    diagnostics: {
      mode: 'bar-candidates',
      acquisition: acq.kind,
      fantasies: false,
      exclusionRadius: radius,
      observedExclusion: observedRadius,
      forwardPasses: results.reduce((s, r) => s + r.calls, 0),
      evaluations: results.reduce((s, r) => s + r.evaluations, 0),
      elapsedMs: Date.now() - t0,
      stopped: results.find((r) => r.stopped !== 'done')?.stopped ?? 'done',
      perPoint: results.map((r) => ({ value: r.value, source: r.source, rounds: r.rounds })),
    },
  };
}
