/**
 * Exploratory asks of the single-objective BO policy (protocol/exploration.ts): whether this model
 * ask leaves the acquisition for a space-filling point, and why. Two triggers:
 * - the ε draw: one uniform number from a stream fixed by (seed, trials so far), so the same study
 *   state always gives the same decision on any worker (ε-greedy BO, De Ath et al. 2021, ε-RS);
 * - the skill gate (`minSkill`): Spearman's ρ between the fitted model's closed-form leave-one-out
 *   means and the observations it was fitted on (the model's own y: every outcome transform is
 *   monotone, so ρ is the same on the user's values). ρ ≤ 0 means the model ranks held-out points no
 *   better than chance (Katsuura, bbob f23, in RESULTS.md session 12); constant data (ρ undefined)
 *   count as no skill. With skill 'prequential' (policy/prequential-skill.ts) ρ is instead between the
 *   last PREQUENTIAL_WINDOW observations and each one's mean from the model refitted on the trials
 *   before it: whether the model predicted the points the search went on to ask.
 */
import { createRng, deriveSeed } from '../core/rng.js';
import { DEFAULT_EPSILON, type ExplorationSpec, type SkillStatistic } from '../protocol/exploration.js';
import { capabilitiesOf, type FittedSurrogate, type TrainingData } from '../surrogates/types.js';
import { PREQUENTIAL_WINDOW, prequentialSkill } from './prequential-skill.js';
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
  /** Which statistic `skill` is (protocol/exploration.ts skill), when it is 'prequential' (absent: 'loo', as stored traces show it). */
  readonly skillStatistic?: SkillStatistic;
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

/** Observations from which the gate is read: MIN_SKILL_OBSERVATIONS, plus the window under 'prequential' so its first prefix has as many. */
export function skillObservations(statistic: SkillStatistic): number {
  return statistic === 'prequential' ? MIN_SKILL_OBSERVATIONS + PREQUENTIAL_WINDOW : MIN_SKILL_OBSERVATIONS;
}

/**
 * This ask's exploration decision; undefined when the spec is absent or 'off'. `trials` counts
 * completed and pending trials (the policy's rng index), `y` is what `model` was fitted on;
 * `data` (X, y and any yVar of that fit, in trial order) is read by skill 'prequential' only.
 */
export function explorationDecision(spec: ExplorationSpec | undefined, seed: number, trials: number, model: FittedSurrogate, y: ArrayLike<number>, data?: TrainingData): ExplorationDiagnostics | undefined {
  if (spec === undefined || spec.mode === 'off') return undefined;
  const epsilon = spec.epsilon ?? DEFAULT_EPSILON;
  const draw = epsilonDraw(seed, trials);
  if (spec.minSkill === undefined) return { epsilon, draw, explore: draw < epsilon, ...(draw < epsilon ? { reason: 'epsilon' as const } : {}) };
  const statistic = spec.skill ?? 'loo';
  // 'loo' diagnostics stay as before the option existed (stored traces); 'prequential' names itself.
  const named = statistic === 'prequential' ? { skillStatistic: statistic } : {};
  const needed = skillObservations(statistic);
  if (y.length < needed) {
    const skillSkipped = `${y.length} observations: the gate reads from ${needed}`;
    return { epsilon, draw, minSkill: spec.minSkill, ...named, skillSkipped, explore: draw < epsilon, ...(draw < epsilon ? { reason: 'epsilon' as const } : {}) };
  }
  const skill = statistic === 'prequential' ? (data ? prequentialSkill(model, data) : undefined) : leaveOneOutSkill(model, y);
  const gate = skill === undefined ? { skillSkipped: skippedWhy(statistic, model, data) } : { skill: Number.isFinite(skill) ? skill : null };
  const unskilled = skill !== undefined && !(skill >= spec.minSkill);
  const reason = draw < epsilon ? ('epsilon' as const) : unskilled ? ('skill' as const) : undefined;
  return { epsilon, draw, minSkill: spec.minSkill, ...named, ...gate, explore: reason !== undefined, ...(reason ? { reason } : {}) };
}

function skippedWhy(statistic: SkillStatistic, model: FittedSurrogate, data: TrainingData | undefined): string {
  if (statistic === 'loo') return `the ${model.kind} model has no closed-form leave-one-out`;
  return data ? `the ${model.kind} model has no refit at fixed hyperparameters` : 'no training data passed for the prequential refits';
}
