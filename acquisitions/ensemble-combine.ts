/**
 * Moment acquisitions on an ensemble posterior (surrogates/ensemble.ts): evaluate a(μ_s, v_s) per
 * member s = 1..M and combine in the acquisition's own space, with ∂/∂μ_s and ∂/∂v_s so the
 * optimizer chains them through each member's x-gradients:
 * - 'log-mean-exp' (LogEI, LogPI): EI and PI of an equal-weight mixture are the member averages,
 *   so log EI_mix = log (1/M) Σ_s exp(a_s); ∂/∂a_s = softmax(a)_s.
 * - 'mean' (posterior mean): μ_mix = (1/M) Σ μ_s.
 * - 'mixture-quantile' (UCB): the mixture's upper quantile q with the Gaussian UCB's tail mass,
 *   F(q) = (1/M) Σ_s Φ((q − μ_s)/σ_s) = Φ(√β) (for M = 1 exactly μ + √β·σ; the Student-t UCB uses
 *   the same rule). Solved by bisection; implicit-function gradients with w_s ∝ φ(z_s)/σ_s
 *   normalized: ∂q/∂μ_s = w_s, ∂q/∂v_s = w_s·z_s/(2σ_s).
 */
import { logNormalPdf, normalCdf } from '../core/normal.js';
import { MIN_VARIANCE } from './moment.js';
import type { AcquisitionContext, EnsembleGradient, MomentGradient } from './types.js';

/** How a moment acquisition averages over ensemble members. */
export type EnsembleRule = { readonly kind: 'log-mean-exp' } | { readonly kind: 'mean' } | { readonly kind: 'mixture-quantile'; readonly level: number };

/** Per-member value and partials (the acquisition's floored fromMoments). */
export type MemberFunction = (mean: number, variance: number, context: AcquisitionContext) => MomentGradient;

/** Combine member values by `rule`; means and variances have length M. */
export function combineMembers(rule: EnsembleRule, f: MemberFunction, means: ArrayLike<number>, variances: ArrayLike<number>, context: AcquisitionContext): EnsembleGradient {
  const M = means.length;
  const dMeans = new Float64Array(M);
  const dVariances = new Float64Array(M);
  if (rule.kind === 'mean') {
    let value = 0;
    for (let s = 0; s < M; s++) {
      value += means[s] / M;
      dMeans[s] = 1 / M;
    }
    return { value, dMeans, dVariances };
  }
  if (rule.kind === 'mixture-quantile') return mixtureQuantile(rule.level, means, variances);
  const parts: MomentGradient[] = [];
  let top = -Infinity;
  for (let s = 0; s < M; s++) {
    const g = f(means[s], variances[s], context);
    parts.push(g);
    if (g.value > top) top = g.value;
  }
  if (top === -Infinity) return { value: -Infinity, dMeans, dVariances };
  let sum = 0;
  for (const g of parts) sum += Math.exp(g.value - top);
  const value = top + Math.log(sum / M);
  for (let s = 0; s < M; s++) {
    const w = Math.exp(parts[s].value - top) / sum;
    dMeans[s] = w * parts[s].dMean;
    dVariances[s] = w * parts[s].dVariance;
  }
  return { value, dMeans, dVariances };
}

/** The level-quantile of (1/M) Σ N(μ_s, max(v_s, MIN_VARIANCE)) with its partials. */
export function mixtureQuantile(level: number, means: ArrayLike<number>, variances: ArrayLike<number>): EnsembleGradient {
  const M = means.length;
  const sd = new Float64Array(M);
  let lo = Infinity;
  let hi = -Infinity;
  for (let s = 0; s < M; s++) {
    sd[s] = Math.sqrt(Math.max(variances[s], MIN_VARIANCE));
    lo = Math.min(lo, means[s] - 40 * sd[s]);
    hi = Math.max(hi, means[s] + 40 * sd[s]);
  }
  const cdf = (q: number): number => {
    let F = 0;
    for (let s = 0; s < M; s++) F += normalCdf((q - means[s]) / sd[s]);
    return F / M;
  };
  // 200 halvings take any finite bracket to adjacent doubles.
  for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < level) lo = mid;
    else hi = mid;
  }
  const q = 0.5 * (lo + hi);
  const logW = new Float64Array(M);
  let top = -Infinity;
  for (let s = 0; s < M; s++) {
    logW[s] = logNormalPdf((q - means[s]) / sd[s]) - Math.log(sd[s]);
    top = Math.max(top, logW[s]);
  }
  let sum = 0;
  for (let s = 0; s < M; s++) sum += Math.exp(logW[s] - top);
  const dMeans = new Float64Array(M);
  const dVariances = new Float64Array(M);
  for (let s = 0; s < M; s++) {
    const w = Math.exp(logW[s] - top) / sum;
    dMeans[s] = w;
    // Below the variance floor the value is flat in v (as moment.ts reports).
    dVariances[s] = variances[s] < MIN_VARIANCE ? 0 : (w * ((q - means[s]) / sd[s])) / (2 * sd[s]);
  }
  return { value: q, dMeans, dVariances };
}
