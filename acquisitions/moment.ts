import type { Posterior } from '../surrogates/types.js';
import type { AcquisitionContext, MomentAcquisition, MomentGradient } from './types.js';

/**
 * Variance floor: σ = 1e-10 in standardized units (BoTorch clamps σ the same way) so z stays
 * finite at observed points of a noiseless model; the log- kinds stay finite there too.
 */
export const MIN_VARIANCE = 1e-20;

/** Function of the marginal moments (mean, variance ≥ MIN_VARIANCE) with its two partial derivatives. */
export type MomentFunction = (mean: number, variance: number, context: AcquisitionContext, df?: number) => MomentGradient;

/** Build a MomentAcquisition whose evaluate() applies fromMoments row by row to a posterior's marginals. */
export function momentAcquisition(kind: string, f: MomentFunction): MomentAcquisition {
  const fromMoments = (mean: number, variance: number, context: AcquisitionContext, df?: number): MomentGradient => {
    if (variance < MIN_VARIANCE) {
      // Below the floor the value is flat in the variance: report dVariance = 0.
      const g = f(mean, MIN_VARIANCE, context, df);
      return { value: g.value, dMean: g.dMean, dVariance: 0 };
    }
    return f(mean, variance, context, df);
  };
  return {
    kind,
    fromMoments,
    evaluate(posterior: Posterior, context: AcquisitionContext): Float64Array {
      const mu = posterior.mean();
      const v = posterior.variance();
      // A Student-t posterior carries its degrees of freedom; its marginals are not Gaussian.
      const df = posterior.kind === 'student-t' ? (posterior as Posterior & { df?: number }).df : undefined;
      const out = new Float64Array(posterior.size);
      for (let i = 0; i < out.length; i++) out[i] = fromMoments(mu[i], v[i], context, df).value;
      return out;
    },
  };
}
