import { logNormalCdf, logNormalPdf } from '../core/normal.js';
import { momentAcquisition } from './moment.js';
import { logPiStudentT } from './student-t-moments.js';
import type { MomentAcquisition } from './types.js';

/**
 * Log probability of improvement, maximization: z = (μ − f*)/σ, LogPI = log Φ(z).
 * With r = φ(z)/Φ(z) = exp(log φ − log Φ) (inverse Mills ratio): ∂/∂μ = r/σ, ∂/∂v = −r·z/(2v).
 */
export function createLogPi(): MomentAcquisition {
  return momentAcquisition('log-pi', (mean, variance, ctx, df) => {
    if (df !== undefined) return logPiStudentT(mean, variance, ctx.best, df);
    const sigma = Math.sqrt(variance);
    const z = (mean - ctx.best) / sigma;
    const lp = logNormalCdf(z);
    const r = Math.exp(logNormalPdf(z) - lp);
    return { value: lp, dMean: r / sigma, dVariance: (-r * z) / (2 * variance) };
  }, { kind: 'log-mean-exp' });
}
