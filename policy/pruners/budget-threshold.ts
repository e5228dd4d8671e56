/**
 * The learning-curve pruner's budget-aware threshold: the probability below which a run stops
 * moves linearly from `threshold` (nothing spent) to `budget.threshold` (the study's step budget
 * spent), and stays there after:
 *
 *   threshold(s) = threshold + (budget.threshold − threshold) · min(1, s / budget.steps),
 *   s = Σ over the study's trials of the last step each reported.
 *
 * Why: early in a study a pruned run that would have won costs little (there is budget left to
 * find another, and its whole curve teaches the curve model); late, a run that finishes without
 * winning takes epochs the study no longer has, so the rule should ask for more evidence that a
 * run can still beat the best (the rule of thumb behind Domhan et al. 2015's stopping test, made
 * a function of the spent share of the budget). The same spec can make the threshold fall instead.
 */
import type { PrunerSpec } from '../../protocol/pruner.js';
import type { PrunerTrial } from './types.js';

/** The budget part of the learning-curve pruner's spec. */
export type PrunerBudget = NonNullable<Extract<PrunerSpec, { type: 'learning-curve' }>['budget']>;

/**
 * Steps a study has spent: each trial's last reported step, summed over every trial (any state:
 * a failed run spent its steps too). Steps are the resource (epochs), so a trial that reported
 * only at steps 5 and 10 spent 10.
 */
export function spentSteps(trials: readonly Pick<PrunerTrial, 'curve'>[]): number {
  let spent = 0;
  for (const t of trials) {
    let last = 0;
    for (const p of t.curve) last = Math.max(last, p.step);
    spent += last;
  }
  return spent;
}

/** The threshold a decision uses once `spent` steps of the study are spent (without a budget: `threshold`). */
export function budgetThreshold(threshold: number, budget: PrunerBudget | undefined, spent: number): number {
  if (!budget) return threshold;
  const share = Math.min(1, Math.max(0, spent / budget.steps));
  return threshold + (budget.threshold - threshold) * share;
}
