import { invalidArgument } from '../core/errors.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';

/**
 * algorithm.outputTransform is read by the single-objective BO policy only (policy/bo-policy.ts):
 * the multi-fidelity, pool and multi-outcome policies standardize in their own way and the
 * space-filling one fits nothing, so there it would be ignored; it is refused at create with
 * INVALID_ARGUMENT at algorithm.outputTransform instead.
 */
export function refuseOutputTransform(algorithm: Pick<AlgorithmSpec, 'outputTransform'>, effective: Pick<EffectiveAlgorithm, 'policy'>): void {
  if (algorithm.outputTransform === undefined || effective.policy === 'bo') return;
  throw invalidArgument(['algorithm', 'outputTransform'], `outputTransform is applied by the single-objective BO policy only; this study runs the '${effective.policy}' policy; drop outputTransform`);
}
