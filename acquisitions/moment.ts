import { isEnsemble, isStudentT, type Posterior } from '../surrogates/types.js';
import { combineMembers, type EnsembleRule, type MemberLaw } from './ensemble-combine.js';
import type { AcquisitionContext, EnsembleGradient, MomentAcquisition, MomentGradient } from './types.js';

/**
 * Variance floor: σ = 1e-10 in standardized units (BoTorch clamps σ the same way) so z stays
 * finite at observed points of a noiseless model; the log- kinds stay finite there too.
 */
export const MIN_VARIANCE = 1e-20;

/** Function of the marginal moments (mean, variance ≥ MIN_VARIANCE) with its two partial derivatives. */
export type MomentFunction = (mean: number, variance: number, context: AcquisitionContext, df?: number) => MomentGradient;

/**
 * Build a MomentAcquisition whose evaluate() applies fromMoments row by row to a posterior's
 * marginals; on an ensemble posterior it evaluates every member and combines them by `ensemble`.
 */
export function momentAcquisition(kind: string, f: MomentFunction, ensemble: EnsembleRule): MomentAcquisition {
  const fromMoments = (mean: number, variance: number, context: AcquisitionContext, df?: number): MomentGradient => {
    if (variance < MIN_VARIANCE) {
      // Below the floor the value is flat in the variance: report dVariance = 0.
      const g = f(mean, MIN_VARIANCE, context, df);
      return { value: g.value, dMean: g.dMean, dVariance: 0 };
    }
    return f(mean, variance, context, df);
  };
  const fromEnsemble = (means: ArrayLike<number>, variances: ArrayLike<number>, context: AcquisitionContext, law?: MemberLaw): EnsembleGradient =>
    combineMembers(ensemble, (m, v, c, df) => fromMoments(m, v, c, df), means, variances, context, law);
  return {
    kind,
    fromMoments,
    fromEnsemble,
    evaluate(posterior: Posterior, context: AcquisitionContext): Float64Array {
      if (isEnsemble(posterior)) {
        const means = posterior.memberMeans();
        const vars = posterior.memberVariances();
        const M = posterior.members;
        const m = posterior.size;
        const out = new Float64Array(m);
        const mu = new Float64Array(M);
        const v = new Float64Array(M);
        const law: MemberLaw = { ...(posterior.weights ? { weights: posterior.weights } : {}), ...(posterior.memberDf ? { df: posterior.memberDf } : {}) };
        for (let j = 0; j < m; j++) {
          for (let s = 0; s < M; s++) {
            mu[s] = means.data[s * m + j];
            v[s] = vars.data[s * m + j];
          }
          out[j] = fromEnsemble(mu, v, context, law).value;
        }
        return out;
      }
      const mu = posterior.mean();
      const v = posterior.variance();
      // A Student-t posterior carries its degrees of freedom; its marginals are not Gaussian.
      const df = isStudentT(posterior) ? posterior.df : undefined;
      const out = new Float64Array(posterior.size);
      for (let i = 0; i < out.length; i++) out[i] = fromMoments(mu[i], v[i], context, df).value;
      return out;
    },
  };
}
