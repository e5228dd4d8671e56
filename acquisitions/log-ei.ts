import { dLogH, logH, logNormalPdf } from '../core/normal.js';
import { momentAcquisition } from './moment.js';
import { logEiStudentT } from './student-t-moments.js';
import type { MomentAcquisition } from './types.js';

/**
 * Analytic LogEI (Ament et al. 2023; seed-specs §7.1), maximization:
 *   z = (μ − f*)/σ,  LogEI = log h(z) + log σ,  h(z) = φ(z) + zΦ(z).
 * Derivatives: ∂/∂μ = h'(z)/h(z) / σ with h'/h = Φ/h = dLogH(z);
 *   ∂/∂v = (1 − z·Φ/h)/(2v) = φ(z)/h(z)/(2v) = exp(log φ(z) − log h(z))/(2v)  (no cancellation).
 */
export function createLogEi(): MomentAcquisition {
  return momentAcquisition('log-ei', (mean, variance, ctx, df) => {
    if (df !== undefined) return logEiStudentT(mean, variance, ctx.best, df);
    const sigma = Math.sqrt(variance);
    const z = (mean - ctx.best) / sigma;
    const lh = logH(z);
    return {
      value: lh + Math.log(sigma),
      dMean: dLogH(z) / sigma,
      dVariance: Math.exp(logNormalPdf(z) - lh) / (2 * variance),
    };
  }, { kind: 'log-mean-exp' });
}
