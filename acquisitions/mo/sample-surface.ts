/**
 * The MC surface shared by the multi-outcome acquisitions (qLogNEHVI, qNParEGO, constrained
 * qLogNEI): M outcomes, one independent model each, S fixed base samples. Outcome k's joint draws
 * over the head H (baseline + pending, h rows) and a candidate x come from outcome-draws.ts, by its
 * posterior's kind (Gaussian, Student-t, ensemble, mixture):
 *   head draws   Y_ik   (S×h per outcome, fixed)      candidate   ξ_ik(x)
 *   value        V(x) = log (1/S) Σ_i exp(a_i(ξ_i(x)))              a_i: the acquisition's log score
 * Gradient (fixed base samples, every outcome with analytic x-gradients): with
 * G_ik = softmax(a)_i ∂a_i/∂ξ_ik, ∇V = Σ_k Σ_i G_ik ∇ξ_ik, each outcome's inner sum by its draws'
 * addGradient.
 */
import type { Matrix } from '../../core/matrix.js';
import type { FittedSurrogate } from '../../surrogates/types.js';
import { logMeanExp } from '../smooth.js';
import { outcomeDraws, type PointDraws } from './outcome-draws.js';

/** Head draws of every outcome: sample i's head is the h×M block at i·h·M (row j = head point j). */
export interface HeadDraws {
  readonly samples: number;
  readonly h: number;
  readonly outcomes: number;
  readonly data: Float64Array;
}

/** A per-sample log score a_i(ξ_i), ξ_i the M outcomes of the candidate in sample i; writes ∂a_i/∂ξ_i into grad when given. */
export type SampleScore = (i: number, xi: Float64Array, grad?: Float64Array) => number;

/** The deterministic surface the acquisition optimizer maximizes (acquisitions/optimize.ts AcquisitionObjective). */
export interface SampleSurface {
  readonly draws: HeadDraws;
  /** Outcomes whose head covariance needed the pivoted root, with its rank (gaussian-draws.ts). */
  readonly pivoted: { readonly outcome: number; readonly rank: number }[];
  values(X: Matrix): Float64Array;
  /** Present when every outcome model has analytic x-gradients. */
  valueAndGradient?(x: Float64Array, grad: Float64Array): number;
}

/** Build the surface: `models[k]` is outcome k's fitted model, `head` the fixed rows, `makeScore` sees the head draws once. */
export function buildSampleSurface(models: readonly FittedSurrogate[], head: Matrix, samples: number, seed: number, makeScore: (draws: HeadDraws) => SampleScore): SampleSurface {
  const S = samples;
  const h = head.rows;
  const M = models.length;
  if (h === 0) throw new RangeError('multi-outcome surface: the head (observed points) is empty');
  const outcomes = models.map((model, k) => outcomeDraws(model, head, S, seed, k));
  const drawData = new Float64Array(S * h * M);
  outcomes.forEach((o, k) => {
    for (let i = 0; i < S; i++) for (let j = 0; j < h; j++) drawData[(i * h + j) * M + k] = o.head[i * h + j];
  });
  const draws: HeadDraws = { samples: S, h, outcomes: M, data: drawData };
  const score = makeScore(draws);

  const a = new Float64Array(S);
  const G = new Float64Array(S * M);
  const xi = new Float64Array(M);
  const gi = new Float64Array(M);

  /** Score every sample from xiOf(i, k) = ξ_ik; G gets ∂a_i/∂ξ_ik when asked. */
  const evaluate = (xiOf: (i: number, k: number) => number, wantGrad: boolean): number => {
    for (let i = 0; i < S; i++) {
      for (let k = 0; k < M; k++) xi[k] = xiOf(i, k);
      a[i] = score(i, xi, wantGrad ? gi : undefined);
      if (wantGrad) for (let k = 0; k < M; k++) G[i * M + k] = gi[k];
    }
    return logMeanExp(a);
  };

  const surface: SampleSurface = {
    draws,
    pivoted: outcomes.flatMap((o, k) => (o.pivotedRank === undefined ? [] : [{ outcome: k, rank: o.pivotedRank }])),
    values(X: Matrix): Float64Array {
      const out = new Float64Array(X.rows);
      for (let s0 = 0; s0 < X.rows; s0 += 256) {
        const e = Math.min(X.rows, s0 + 256);
        const part = { rows: e - s0, cols: X.cols, data: X.data.subarray(s0 * X.cols, e * X.cols) };
        const batches = outcomes.map((o) => o.batch(part));
        for (let r = 0; r < e - s0; r++) out[s0 + r] = evaluate((i, k) => batches[k][r * S + i], false);
      }
      return out;
    },
  };
  if (outcomes.every((o) => o.point !== undefined)) {
    const g = new Float64Array(S);
    surface.valueAndGradient = (x: Float64Array, grad: Float64Array): number => {
      const points: PointDraws[] = outcomes.map((o) => o.point!(x));
      const value = evaluate((i, k) => points[k].xi[i], true);
      grad.fill(0);
      if (!Number.isFinite(value)) return value;
      for (let k = 0; k < M; k++) {
        for (let i = 0; i < S; i++) g[i] = (Math.exp(a[i] - value) / S) * G[i * M + k];
        points[k].addGradient(g, grad);
      }
      return value;
    };
  }
  return surface;
}
