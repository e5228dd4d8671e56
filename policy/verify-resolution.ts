import { invalidArgument } from '../core/errors.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';

/**
 * Re-measuring suspected outliers (GpOptions.verifyOutliers) is an ask of the single-objective BO
 * policy (policy/verify-outlier.ts). The multi-outcome policy would fit the robust likelihood and
 * discount the flagged rows without ever measuring them again, which is not what the spec asks
 * for: refused at create with INVALID_ARGUMENT at algorithm.surrogateOptions.verifyOutliers. (The
 * multi-fidelity and pool policies take no surrogateOptions, and 'auto', whose 'gp-robust'
 * candidate re-measures too, runs under the BO policy only: both refused before this check.)
 */
export function refuseVerification(algorithm: Pick<AlgorithmSpec, 'surrogate' | 'surrogateOptions'>, effective: Pick<EffectiveAlgorithm, 'policy'>): void {
  if (effective.policy === 'bo' || algorithm.surrogate !== 'gp' || algorithm.surrogateOptions?.verifyOutliers !== true) return;
  throw invalidArgument(['algorithm', 'surrogateOptions', 'verifyOutliers'], `suspected outliers are re-measured by the single-objective BO policy only; this study runs the '${effective.policy}' policy; drop verifyOutliers (likelihood 'robust' alone runs)`);
}
