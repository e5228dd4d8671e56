import { invalidArgument } from '../core/errors.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';
import { familyCapabilities } from '../surrogates/family-capabilities.js';

/**
 * algorithm.exploration is read by the single-objective BO policy only (policy/bo-policy.ts); any
 * other policy would ignore it, so it is refused at create with INVALID_ARGUMENT at
 * algorithm.exploration. Its skill gate reads a closed-form leave-one-out predictive, which only
 * some families declare (surrogates/family-capabilities.ts; 'auto' declares none of its own): for
 * the others `minSkill` is refused at algorithm.exploration.minSkill instead of never gating.
 */
export function refuseExploration(algorithm: Pick<AlgorithmSpec, 'exploration' | 'surrogate' | 'surrogateOptions'>, effective: Pick<EffectiveAlgorithm, 'policy'>): void {
  const spec = algorithm.exploration;
  if (spec === undefined || spec.mode === 'off') return;
  if (effective.policy !== 'bo') {
    throw invalidArgument(['algorithm', 'exploration'], `exploration is applied by the single-objective BO policy only; this study runs the '${effective.policy}' policy; drop exploration or set mode 'off'`);
  }
  if (spec.minSkill !== undefined && !familyCapabilities(algorithm.surrogate, algorithm.surrogateOptions ?? {})?.leaveOneOut) {
    throw invalidArgument(['algorithm', 'exploration', 'minSkill'], `the skill gate reads a closed-form leave-one-out predictive, which surrogate '${algorithm.surrogate}' does not have; use gp, nngp, ntk or stp, or drop minSkill`);
  }
}
