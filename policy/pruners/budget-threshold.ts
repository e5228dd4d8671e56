/**
 * The learning-curve pruner's budget-aware threshold: the probability below which a run stops
 * moves linearly from `threshold` (nothing spent) to `budget.threshold` (the study's step budget
 * spent), and stays there after:
 *
 *   threshold(s) = threshold + (budget.threshold − threshold) · min(1, s / budget.steps),
 *   s = Σ over the study's trials of the last step each reported.
 *
 * Why a schedule at all: what a wrong decision costs changes as the budget is spent. Early, the
 * incumbent is weak, so P(beat the best) is high for most runs and a fixed low threshold lets
 * mediocre runs finish, 'maxSteps' steps each, while most of the budget is still ahead to recover
 * from a winner cut too soon: a higher threshold there screens harder. Late, a winner cut is
 * costly (little budget is left to find another), which argues for a lower one; the opposite
 * schedule (rising: spend the last steps only on runs likely to win) is the same formula with
 * budget.threshold above threshold. Which one pays is measured, not assumed
 * (benchmarks/RESULTS.md, session 8, on the digits table's tuning seeds).
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
