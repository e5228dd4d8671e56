import { invalidArgument } from '../core/errors.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';
import { AUTO_CANDIDATES } from '../surrogates/auto/auto-candidates.js';
import { AutoOptions } from '../surrogates/auto/auto-options.js';
import { studyHasCapability } from '../surrogates/auto/study-capability.js';

/**
 * algorithm.exploration is read by the single-objective BO policy only (policy/bo-policy.ts); any
 * other policy would ignore it, so it is refused at create with INVALID_ARGUMENT at
 * algorithm.exploration. Its skill gate reads a closed-form leave-one-out predictive, which only
 * some families declare (surrogates/family-capabilities.ts; 'auto' has it when every candidate
 * does, since its model forwards the chosen family's): for the others `minSkill` is refused at
 * algorithm.exploration.minSkill instead of never gating. Skill 'prequential' refits the model on
 * prefixes at fixed hyperparameters (surrogates/auto/prefix-model.ts), which the kernel families have
 * (gp, nngp, ntk, stp; 'auto' when every candidate is one): refused at algorithm.exploration.skill
 * for the others, and without a minSkill (there would be no gate to read it).
 */
export function refuseExploration(algorithm: Pick<AlgorithmSpec, 'exploration' | 'surrogate' | 'surrogateOptions'>, effective: Pick<EffectiveAlgorithm, 'policy'>): void {
  const spec = algorithm.exploration;
  if (spec === undefined || spec.mode === 'off') return;
  if (effective.policy !== 'bo') {
    throw invalidArgument(['algorithm', 'exploration'], `exploration is applied by the single-objective BO policy only; this study runs the '${effective.policy}' policy; drop exploration or set mode 'off'`);
  }
  if (spec.minSkill !== undefined && !studyHasCapability(algorithm.surrogate, algorithm.surrogateOptions ?? {}, 'leaveOneOut')) {
    throw invalidArgument(['algorithm', 'exploration', 'minSkill'], `the skill gate reads a closed-form leave-one-out predictive, which surrogate '${algorithm.surrogate}'${algorithm.surrogate === 'auto' ? ' with a neural candidate' : ''} does not have; use gp, nngp, ntk, stp or auto with kernel candidates, or drop minSkill`);
  }
  if (spec.skill !== undefined && spec.minSkill === undefined) {
    throw invalidArgument(['algorithm', 'exploration', 'skill'], `skill names what the skill gate reads, and this spec has no gate; set minSkill or drop skill`);
  }
  if (spec.skill === 'prequential' && !hasPrefixRefit(algorithm.surrogate, algorithm.surrogateOptions ?? {})) {
    throw invalidArgument(['algorithm', 'exploration', 'skill'], `skill 'prequential' refits the model on earlier trials at its hyperparameters, which surrogate '${algorithm.surrogate}'${algorithm.surrogate === 'auto' ? ' with a candidate outside gp, nngp, ntk, stp' : ''} cannot; use gp, nngp, ntk, stp or auto with those candidates, or skill 'loo'`);
  }
}

/** The families surrogates/auto/prefix-model.ts refits at fixed hyperparameters (FittedGp, FittedStp). */
const PREFIX_REFIT_KINDS: ReadonlySet<string> = new Set(['gp', 'nngp', 'ntk', 'stp']);

function hasPrefixRefit(surrogate: string, options: Record<string, unknown>): boolean {
  if (surrogate !== 'auto') return PREFIX_REFIT_KINDS.has(surrogate);
  const parsed = AutoOptions.safeParse(options);
  if (!parsed.success) return true;
  return parsed.data.candidates.every((name) => PREFIX_REFIT_KINDS.has(AUTO_CANDIDATES[name].kind));
}
