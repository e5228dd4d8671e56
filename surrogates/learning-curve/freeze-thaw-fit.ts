/**
 * Fits the freeze-thaw GP (freeze-thaw-posterior.ts) to a set of curves: values are z-scored over
 * all observed points, long curves are thinned, and the seven hyperparameters are set by MAP
 * (log marginal likelihood plus broad log-normal priors) with L-BFGS-B on central finite
 * differences. Why this model and not an LC-PFN: the freeze-thaw GP's predictive is closed form
 * (exactly testable), it uses the other curves through the GP over asymptotes, and it fits in
 * milliseconds to a second on one CPU core, where an LC-PFN needs a prior-training run far longer
 * than this service's CPU-only budget (and shipped weights) before it predicts anything.
 */
import { minimizeBounded } from '../../core/optim/lbfgsb.js';
import type { FreezeThawHyper } from './freeze-thaw-kernels.js';
import { FreezeThawPosterior } from './freeze-thaw-posterior.js';
import type { Curve, CurvePrediction, FittedCurveModel } from './types.js';

/** Options of fitFreezeThaw. */
export interface FreezeThawFitOptions {
  /** The final step (sets the scale of the decay rate β's bounds and default). */
  readonly maxSteps: number;
  /** Hyperparameters of a previous fit (standardized units) to start from. */
  readonly warmStart?: FreezeThawHyper;
  /** L-BFGS-B iteration cap per start (default 25: finite-difference gradients cost 15 likelihoods each). */
  readonly maxIterations?: number;
  /** Points kept per curve for the hyperparameter search and the returned posterior (evenly spaced, first and last kept; default FIT_POINTS_PER_CURVE). */
  readonly maxPointsPerCurve?: number;
  readonly signal?: AbortSignal;
}

/** The fitted model: predictions in the curves' own units. */
export interface FittedFreezeThaw extends FittedCurveModel {
  /** Hyperparameters in standardized units (pass back as warmStart). */
  readonly hyper: FreezeThawHyper;
  readonly logMarginalLikelihood: number;
}

const NAMES = ['mean', 'configScale', 'lengthscale', 'decayScale', 'alpha', 'beta', 'noise'] as const;
/** Prior sd of the log-scale hyperparameters around their defaults: broad, only keeps unidentified ones put. */
const PRIOR_SD = 3;
const FD_STEP = 1e-4;

/** Default hyperparameters (standardized units) for curves ending at maxSteps. */
function defaults(maxSteps: number): FreezeThawHyper {
  return { mean: 0, configScale: 1, lengthscale: 0.5, decayScale: 1, alpha: 1, beta: Math.max(1, maxSteps / 10), noise: 0.01 };
}

/** Bounds of θ = [mean, log s_x, log ℓ, log s_t, log α, log β, log σ²]. */
function bounds(maxSteps: number): { lower: Float64Array; upper: Float64Array } {
  const lower = [-4, 1e-4, 0.02, 1e-4, 0.05, 0.1, 1e-6];
  const upper = [4, 20, 20, 20, 10, 20 * maxSteps, 2];
  return {
    lower: Float64Array.from(lower, (v, i) => (i === 0 ? v : Math.log(v))),
    upper: Float64Array.from(upper, (v, i) => (i === 0 ? v : Math.log(v))),
  };
}

function toTheta(h: FreezeThawHyper): Float64Array {
  return Float64Array.from(NAMES, (k, i) => (i === 0 ? h[k] : Math.log(h[k])));
}

function fromTheta(theta: Float64Array): FreezeThawHyper {
  const h: Record<string, number> = {};
  NAMES.forEach((k, i) => (h[k] = i === 0 ? theta[i] : Math.exp(theta[i])));
  return h as unknown as FreezeThawHyper;
}

/** Points kept per curve when conditioning (bounds the O(T³) per curve). */
export const DEFAULT_POINTS_PER_CURVE = 24;
/**
 * Points kept per curve in the hyperparameter search (its likelihood runs hundreds of times): on
 * the digits table 12 points gave the same held-out log-likelihood as 24 at half the fit time.
 */
export const FIT_POINTS_PER_CURVE = 12;

/** Evenly spaced subset of a curve's points (first and last kept). */
export function thinCurve(curve: Curve, keep: number = DEFAULT_POINTS_PER_CURVE): Curve {
  const n = curve.steps.length;
  if (n <= keep) return curve;
  const idx = Array.from({ length: keep }, (_, i) => Math.round((i * (n - 1)) / (keep - 1)));
  return { x: curve.x, steps: Float64Array.from(idx, (i) => curve.steps[i]), values: Float64Array.from(idx, (i) => curve.values[i]) };
}

/** Mean and sd over every point of the curves: the z-score the hyperparameters' units refer to. */
export function curveStats(curves: readonly Curve[]): { center: number; scale: number } {
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (const c of curves) {
    for (const v of c.values) {
      sum += v;
      sumSq += v * v;
      count++;
    }
  }
  const center = sum / count;
  return { center, scale: Math.sqrt(Math.max(sumSq / count - center * center, 0)) || 1 };
}

/** Negative log posterior of θ (log marginal likelihood + log-normal priors on the log-scale entries). */
function objective(theta: Float64Array, prior: Float64Array, curves: readonly Curve[]): number {
  const lml = new FreezeThawPosterior(fromTheta(theta), curves).logMarginalLikelihood;
  if (!Number.isFinite(lml)) return 1e12;
  let penalty = 0;
  for (let i = 1; i < theta.length; i++) penalty += 0.5 * ((theta[i] - prior[i]) / PRIOR_SD) ** 2;
  return -lml + penalty;
}

/**
 * Fit the freeze-thaw GP to curves (>= 1, all with the same x dimension); predictions are in the
 * curves' units. Throws RangeError on an empty or malformed input (callers validate first).
 */
export function fitFreezeThaw(curves: readonly Curve[], options: FreezeThawFitOptions): FittedFreezeThaw {
  if (curves.length === 0) throw new RangeError('freeze-thaw: no curves');
  for (const c of curves) if (c.steps.length === 0 || c.steps.length !== c.values.length) throw new RangeError('freeze-thaw: a curve needs equal, non-zero numbers of steps and values');
  const { center, scale } = curveStats(curves);
  const keep = Math.max(2, options.maxPointsPerCurve ?? FIT_POINTS_PER_CURVE);
  const z = curves.map((c) => thinCurve({ x: c.x, steps: c.steps, values: Float64Array.from(c.values, (v) => (v - center) / scale) }, keep));

  const prior = toTheta(defaults(options.maxSteps));
  const { lower, upper } = bounds(options.maxSteps);
  const clamp = (t: Float64Array) => t.map((v, i) => Math.min(upper[i], Math.max(lower[i], v)));
  const starts = [clamp(toTheta(defaults(options.maxSteps)))];
  if (options.warmStart) starts.unshift(clamp(toTheta(options.warmStart)));
  const fg = (theta: Float64Array, grad: Float64Array): number => {
    const probe = Float64Array.from(theta);
    for (let i = 0; i < theta.length; i++) {
      const lo = Math.max(lower[i], theta[i] - FD_STEP);
      const hi = Math.min(upper[i], theta[i] + FD_STEP);
      probe[i] = hi;
      const fHi = objective(probe, prior, z);
      probe[i] = lo;
      const fLo = objective(probe, prior, z);
      probe[i] = theta[i];
      grad[i] = hi > lo ? (fHi - fLo) / (hi - lo) : 0;
    }
    return objective(theta, prior, z);
  };
  let best: { x: Float64Array; f: number } = { x: starts[0], f: objective(starts[0], prior, z) };
  for (const x0 of starts) {
    const r = minimizeBounded(fg, x0, lower, upper, { maxIterations: options.maxIterations ?? 25, signal: options.signal, factr: 1e9 });
    if (r.f < best.f) best = { x: r.x, f: r.f };
  }
  const hyper = fromTheta(best.x);
  const posterior = new FreezeThawPosterior(hyper, z);
  const zCurves = z;
  return {
    hyper,
    logMarginalLikelihood: posterior.logMarginalLikelihood,
    predict(index: number, step: number): CurvePrediction {
      if (index < 0 || index >= zCurves.length) throw new RangeError(`freeze-thaw: no curve ${index}`);
      const p = posterior.predict(index, step);
      return { mean: center + scale * p.mean, variance: scale * scale * p.variance };
    },
  };
}
