/**
 * The GP likelihood the single-objective BO policy runs when a 'gp' study names none: since
 * session 20 the robust likelihood (relevance pursuit of outlier variances) with each suspected
 * outlier measured once more before it is discounted (verifyOutliers), chosen by
 * benchmarks/results/bbob-s20-verify-rule.md on the bbob selection instances (RESULTS.md session
 * 20). It is a policy default, not GpOptions': the re-measuring ask is the BO policy's, and the
 * other users of the GP (multi-objective, multi-fidelity, `auto`'s candidates) run it without that
 * ask, where the robust likelihood alone discounts real structure of noiseless objectives.
 */
import type { AlgorithmSpec } from '../protocol/algorithm.js';

/** The options written in for a 'gp' study that sets no likelihood option. */
export const DEFAULT_GP_LIKELIHOOD = { likelihood: 'robust', verifyOutliers: true } as const;

/** What a 'gp' study stored before session 20 (no effective.gpLikelihood) ran. */
export const LEGACY_GP_LIKELIHOOD = 'gaussian';

/** The likelihood-only options: a study that sets any of them chose its likelihood itself. */
const LIKELIHOOD_KEYS = ['likelihood', 'outlierPenalty', 'maxOutlierFraction', 'verifyOutliers'] as const;

/** `options` of a 'gp' study with the default likelihood written in when it names none of the likelihood options. */
export function withDefaultGpLikelihood(surrogate: AlgorithmSpec['surrogate'], options: Record<string, unknown>): Record<string, unknown> {
  if (surrogate !== 'gp' || LIKELIHOOD_KEYS.some((k) => options[k] !== undefined)) return options;
  return { ...options, ...DEFAULT_GP_LIKELIHOOD };
}
