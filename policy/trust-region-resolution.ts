import { invalidArgument } from '../core/errors.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';

/**
 * The trust region (algorithm.trustRegion) is a feature of the single-objective BO policy only:
 * asked of a study whose effective policy is another (multi-fidelity, pool, space-filling,
 * multi-outcome) it would be ignored, so it is refused at create with INVALID_ARGUMENT at
 * algorithm.trustRegion. mode 'off' is accepted everywhere (it asks for nothing).
 */
export function refuseTrustRegion(algorithm: Pick<AlgorithmSpec, 'trustRegion'>, effective: Pick<EffectiveAlgorithm, 'policy'>): void {
  const tr = algorithm.trustRegion;
  if (tr === undefined || tr.mode === 'off' || effective.policy === 'bo') return;
  throw invalidArgument(['algorithm', 'trustRegion'], `trust regions run with the single-objective BO policy only; this study runs the '${effective.policy}' policy; drop trustRegion or set mode 'off'`);
}
