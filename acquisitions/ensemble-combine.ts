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
 * A weighted mixture (member weights π_s summing to 1: surrogate 'auto' with combine 'stack') replaces
 * 1/M by π_s in all three: log EI_mix = log Σ_s π_s exp(a_s) (∂/∂a_s = π_s e^{a_s} / Σ π e^{a}),
 * μ_mix = Σ π_s μ_s, F(q) = Σ_s π_s Φ((q − μ_s)/σ_s). A member with degrees of freedom ν_s (a
 * Student-t marginal) is evaluated by the acquisition's t form (f(μ, v, ctx, ν)); the quantile rule
 * has no t form and refuses t members (study:create refuses UCB there: policy/auto-resolution.ts).
 * Without weights every path is the equal-weight code above, bit for bit.
 */
import { logNormalPdf, normalCdf } from '../core/normal.js';
import { MIN_VARIANCE } from './moment.js';
import type { AcquisitionContext, EnsembleGradient, MomentGradient } from './types.js';

/** How a moment acquisition averages over ensemble members. */
export type EnsembleRule = { readonly kind: 'log-mean-exp' } | { readonly kind: 'mean' } | { readonly kind: 'mixture-quantile'; readonly level: number };

/** Per-member value and partials (the acquisition's floored fromMoments). */
export type MemberFunction = (mean: number, variance: number, context: AcquisitionContext, df?: number) => MomentGradient;

/** Member weights and degrees of freedom of a weighted mixture (absent: equal weights, Gaussian members). */
export interface MemberLaw {
  readonly weights?: ArrayLike<number>;
  readonly df?: ArrayLike<number>;
}

/** Combine member values by `rule`; means and variances have length M. */
export function combineMembers(rule: EnsembleRule, f: MemberFunction, means: ArrayLike<number>, variances: ArrayLike<number>, context: AcquisitionContext, law: MemberLaw = {}): EnsembleGradient {
  if (law.weights !== undefined) return combineWeighted(rule, f, means, variances, context, law.weights, law.df);
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

/** combineMembers for member weights π (the file comment's weighted forms). */
function combineWeighted(rule: EnsembleRule, f: MemberFunction, means: ArrayLike<number>, variances: ArrayLike<number>, context: AcquisitionContext, weights: ArrayLike<number>, df?: ArrayLike<number>): EnsembleGradient {
  const M = means.length;
  const dMeans = new Float64Array(M);
  const dVariances = new Float64Array(M);
  if (rule.kind === 'mean') {
    let value = 0;
    for (let s = 0; s < M; s++) {
      value += weights[s] * means[s];
      dMeans[s] = weights[s];
    }
    return { value, dMeans, dVariances };
  }
  if (rule.kind === 'mixture-quantile') {
    if (df && Array.from(df).some((v) => Number.isFinite(v))) throw new RangeError('mixture quantile: Student-t members have no quantile rule here');
    return mixtureQuantile(rule.level, means, variances, weights);
  }
  const parts: MomentGradient[] = [];
  let top = -Infinity;
  for (let s = 0; s < M; s++) {
    const nu = df !== undefined && Number.isFinite(df[s]) ? df[s] : undefined;
    const g = f(means[s], variances[s], context, nu);
    parts.push(g);
    const lw = g.value + Math.log(weights[s]);
    if (lw > top) top = lw;
  }
  if (top === -Infinity) return { value: -Infinity, dMeans, dVariances };
  let sum = 0;
  const terms = parts.map((g, s) => Math.exp(g.value + Math.log(weights[s]) - top));
  for (const t of terms) sum += t;
  const value = top + Math.log(sum);
  for (let s = 0; s < M; s++) {
    const r = terms[s] / sum;
    dMeans[s] = r * parts[s].dMean;
    dVariances[s] = r * parts[s].dVariance;
  }
  return { value, dMeans, dVariances };
}

/** The level-quantile of Σ_s π_s N(μ_s, max(v_s, MIN_VARIANCE)) (π_s = 1/M without weights) with its partials. */
export function mixtureQuantile(level: number, means: ArrayLike<number>, variances: ArrayLike<number>, weights?: ArrayLike<number>): EnsembleGradient {
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
    if (weights) {
      for (let s = 0; s < M; s++) F += weights[s] * normalCdf((q - means[s]) / sd[s]);
      return F;
    }
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
    logW[s] = logNormalPdf((q - means[s]) / sd[s]) - Math.log(sd[s]) + (weights ? Math.log(weights[s]) : 0);
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
