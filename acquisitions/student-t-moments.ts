/**
 * Acquisition values under a Student-t marginal (ν degrees of freedom), for the 'stp' surrogate.
 * The surrogate reports the t VARIANCE v = ν/(ν−2)·s², so the scale is s = √(v(ν−2)/ν).
 * With z = (μ − f*)/s and h_ν(z) = ∫_{−∞}^z T_ν(u) du = z·T_ν(z) + (ν + z²)/(ν − 1)·t_ν(z):
 *   EI = s·h_ν(z)                          (e.g. Shah, Wilson & Ghahramani 2014, t-process EI)
 *   ∂ln EI/∂μ = T_ν(z)/(s·h_ν(z)),  ∂ln EI/∂s = (ν + z²)·t_ν(z)/((ν − 1)·s·h_ν(z))
 *   PI = T_ν(z);  UCB = μ + q·s with q = T_ν⁻¹(Φ(√β)) (the Gaussian UCB's tail mass).
 * In the left tail h_ν is a difference of two terms that agree to ~1/ν relative, so it is
 * computed in log space as ln t + ln((ν+z²)/(ν−1) − |z|·e^{ln T − ln t}); this loses at most
 * log10(ν) digits (unlike the Gaussian EI, whose terms cancel exponentially).
 */
import { logHStudentT, studentTLogCdf, studentTLogPdf, studentTQuantile } from '../core/student-t.js';

// ln h_ν lives in core (surrogate 'auto''s decision score ranks by it too); re-exported for the acquisitions' callers.
export { logHStudentT };
import { normalCdf } from '../core/normal.js';
import type { MomentGradient } from './types.js';

function scaleOf(variance: number, nu: number): number {
  return Math.sqrt((variance * (nu - 2)) / nu);
}

/** LogEI under a t marginal with the chain rule to the variance. */
export function logEiStudentT(mean: number, variance: number, best: number, nu: number): MomentGradient {
  const s = scaleOf(variance, nu);
  const z = (mean - best) / s;
  const lh = logHStudentT(z, nu);
  const dMean = Math.exp(studentTLogCdf(z, nu) - lh) / s;
  const dS = (((nu + z * z) / (nu - 1)) * Math.exp(studentTLogPdf(z, nu) - lh)) / s;
  return { value: lh + Math.log(s), dMean, dVariance: dS * (s / (2 * variance)) };
}

/** LogPI under a t marginal. */
export function logPiStudentT(mean: number, variance: number, best: number, nu: number): MomentGradient {
  const s = scaleOf(variance, nu);
  const z = (mean - best) / s;
  const lT = studentTLogCdf(z, nu);
  const r = Math.exp(studentTLogPdf(z, nu) - lT);
  return { value: lT, dMean: r / s, dVariance: ((-r * z) / s) * (s / (2 * variance)) };
}

const quantileCache = new Map<string, number>();

/** UCB under a t marginal: the quantile with the Gaussian UCB's upper-tail mass. */
export function ucbStudentT(mean: number, variance: number, beta: number, nu: number): MomentGradient {
  const key = `${beta}:${nu}`;
  let q = quantileCache.get(key);
  if (q === undefined) {
    q = studentTQuantile(normalCdf(Math.sqrt(beta)), nu);
    if (quantileCache.size > 1000) quantileCache.clear();
    quantileCache.set(key, q);
  }
  const s = scaleOf(variance, nu);
  return { value: mean + q * s, dMean: 1, dVariance: (q * s) / (2 * variance) };
}
