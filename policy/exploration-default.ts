import type { ExplorationSpec } from '../protocol/exploration.js';

/**
 * The BO policy's exploration when the spec names none, per surrogate kind: for the exact GP and for
 * 'auto' (whose reference candidate is that GP, so an ask where auto keeps the GP stays the GP's ask)
 * ε-greedy with ε = 0.1 and the leave-one-out skill gate at ρ < 0, since session 12 (chosen by
 * benchmarks/results/bbob-s12-explore-rule.md on the bbob selection instances, RESULTS.md session 12);
 * every other family 'off' (no selection evidence for it). Under 'auto' a chosen family without a
 * closed-form leave-one-out (a neural candidate) skips the gate on that ask and says so
 * (diagnostics.exploration.skillSkipped).
 */
export function defaultExploration(surrogate: string): ExplorationSpec {
  return surrogate === 'gp' || surrogate === 'auto' ? DEFAULT_EXPLORATION : OFF;
}

/** The session-12 default of gp and auto. */
export const DEFAULT_EXPLORATION: ExplorationSpec = { mode: 'epsilon', epsilon: 0.1, minSkill: 0 };

/** What a BO study stored before effective.exploration existed (session 12) ran: no exploratory asks. */
export const LEGACY_EXPLORATION: ExplorationSpec = { mode: 'off' };

const OFF: ExplorationSpec = { mode: 'off' };
