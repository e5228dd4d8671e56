/**
 * The weight-prior options shared by the Bayesian-MLP surrogates ('hmc-bnn', 'bnn-sghmc'), and the
 * check that the matching options are only given with the prior they configure (a setting that
 * would be ignored is refused at study:create with its field path, not dropped).
 */
import { z } from 'zod';

/** Zod fields: prior, priorMatch, priorTarget. */
export const bnnPriorFields = {
  /** 'fan-in': σ_w²/fan_in per layer; 'gp-matched': per-layer scales fitted to a GP prior (priors.ts). */
  prior: z.enum(['fan-in', 'gp-matched']).default('fan-in'),
  /** With 'gp-matched': 'moment' (covariance matching, the default) or 'wasserstein' (sliced W₁, Tran et al.). */
  priorMatch: z.enum(['moment', 'wasserstein']).optional(),
  /**
   * With 'gp-matched': 'default-gp' (the service's default GP at its first start, the default) or
   * 'fitted-gp' (that GP fitted to the data at every fit; the match is re-fitted when its rounded
   * hyperparameters change, gp-prior-target.ts).
   */
  priorTarget: z.enum(['default-gp', 'fitted-gp']).optional(),
};

/** Refuses priorMatch / priorTarget unless prior is 'gp-matched'. */
export function checkBnnPriorFields(v: { prior: string; priorMatch?: string; priorTarget?: string }, ctx: z.RefinementCtx): void {
  for (const field of ['priorMatch', 'priorTarget'] as const)
    if (v[field] !== undefined && v.prior !== 'gp-matched')
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} configures the GP-matched prior; it needs prior: 'gp-matched' (prior is '${v.prior}')` });
}
