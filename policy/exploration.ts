/**
 * Exploratory asks of the single-objective BO policy (protocol/exploration.ts): whether this model
 * ask leaves the acquisition for a space-filling point, and why. Two triggers:
 * - the ε draw: one uniform number from a stream fixed by (seed, trials so far), so the same study
 *   state always gives the same decision on any worker (ε-greedy BO, De Ath et al. 2021, ε-RS);
 * - the skill gate (`minSkill`): Spearman's ρ between the fitted model's closed-form leave-one-out
 *   means and the observations it was fitted on (the model's own y: every outcome transform is
 *   monotone, so ρ is the same on the user's values). ρ ≤ 0 means the model ranks held-out points no
 *   better than chance (Katsuura, bbob f23, in RESULTS.md session 12); constant data (ρ undefined)
 *   count as no skill.
 */
import { createRng, deriveSeed } from '../core/rng.js';
import { DEFAULT_EPSILON, type ExplorationSpec } from '../protocol/exploration.js';
import { capabilitiesOf, type FittedSurrogate } from '../surrogates/types.js';
import { spearman } from './rank-correlation.js';

/**
 * Observations below which the skill gate is not read: Spearman's ρ of 3-9 points takes a handful of
 * values and flips with one point (at n = 3 it is one of ±0.5, ±1). 10 is the bbob initial design for
 * d ≤ 6, so every selection run the gate was chosen on read it from its first model ask.
 */
export const MIN_SKILL_OBSERVATIONS = 10;

/** Stream id mixed into the study seed for the ε draws (any fixed constant, distinct from the others). */
const EPSILON_STREAM = 0xe951;

/** What an ask shows about exploration (diagnostics.exploration). */
export interface ExplorationDiagnostics {
  readonly epsilon: number;
  /** The uniform draw of this ask: exploratory by ε when below epsilon. */
  readonly draw: number;
  /** Leave-one-out Spearman ρ of the fitted model (null: constant data), when a skill gate is set. */
  readonly skill?: number | null;
  readonly minSkill?: number;
  /** Why the skill gate was not read (fewer than MIN_SKILL_OBSERVATIONS observations, or no closed-form leave-one-out). */
  readonly skillSkipped?: string;
  /** Whether this ask is exploratory, and which trigger made it so (ε first). */
  readonly explore: boolean;
  readonly reason?: 'epsilon' | 'skill';
}

/** The ε draw of the ask made after `trials` trials (completed + pending) of a study with `seed`. */
export function epsilonDraw(seed: number, trials: number): number {
  return createRng(deriveSeed(seed, EPSILON_STREAM, trials)).uniform();
}

/** Spearman's ρ between a model's leave-one-out means and `y` (its training y); undefined without closed-form LOO. */
export function leaveOneOutSkill(model: FittedSurrogate, y: ArrayLike<number>): number | undefined {
  const loo = capabilitiesOf(model).leaveOneOut?.();
  return loo ? spearman(Array.from(loo.mean), Array.from(y)) : undefined;
}

/**
 * This ask's exploration decision; undefined when the spec is absent or 'off'. `trials` counts
 * completed and pending trials (the policy's rng index), `y` is what `model` was fitted on.
 */
export function explorationDecision(spec: ExplorationSpec | undefined, seed: number, trials: number, model: FittedSurrogate, y: ArrayLike<number>): ExplorationDiagnostics | undefined {
  if (spec === undefined || spec.mode === 'off') return undefined;
  const epsilon = spec.epsilon ?? DEFAULT_EPSILON;
  const draw = epsilonDraw(seed, trials);
  if (spec.minSkill === undefined) return { epsilon, draw, explore: draw < epsilon, ...(draw < epsilon ? { reason: 'epsilon' as const } : {}) };
  if (y.length < MIN_SKILL_OBSERVATIONS) {
    const skillSkipped = `${y.length} observations: the gate reads from ${MIN_SKILL_OBSERVATIONS}`;
    return { epsilon, draw, minSkill: spec.minSkill, skillSkipped, explore: draw < epsilon, ...(draw < epsilon ? { reason: 'epsilon' as const } : {}) };
  }
  const skill = leaveOneOutSkill(model, y);
  const gate = skill === undefined ? { skillSkipped: `the ${model.kind} model has no closed-form leave-one-out` } : { skill: Number.isFinite(skill) ? skill : null };
  const unskilled = skill !== undefined && !(skill >= spec.minSkill);
  const reason = draw < epsilon ? ('epsilon' as const) : unskilled ? ('skill' as const) : undefined;
  return { epsilon, draw, minSkill: spec.minSkill, ...gate, explore: reason !== undefined, ...(reason ? { reason } : {}) };
}
