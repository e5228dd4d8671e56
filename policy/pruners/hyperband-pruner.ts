import type { PrunerSpec } from '../../protocol/pruner.js';
import { crc32 } from '../../core/crc32.js';
import type { HistoryNeed, HistoryQuery, PruneContext, PruneDecision, Pruner } from './types.js';
import { ashaDecide, ashaHistory, type RungLadder } from './asha-pruner.js';

type HyperbandSpec = Extract<PrunerSpec, { type: 'hyperband' }>;

/**
 * floor(log_eta(max/min)) + 1 brackets, computed in integers: Optuna's float logarithm gives
 * floor(log_3(243)) = 4 (log returns 4.999...), this gives 5 (3^5 = 243 <= 243).
 */
export function bracketCount(minResource: number, maxResource: number, eta: number): number {
  let n = 0;
  for (let r = minResource * eta; r <= maxResource; r *= eta) n++;
  return n + 1;
}

/** Trials each bracket gets, relative (Optuna's _calculate_trial_allocation_budget): ceil(B·eta^s/(s+1)), s = B-1-i. */
export function bracketBudgets(brackets: number, eta: number): number[] {
  return Array.from({ length: brackets }, (_, i) => {
    const s = brackets - 1 - i;
    return Math.ceil((brackets * eta ** s) / (s + 1));
  });
}

/**
 * A trial's bracket as Optuna's HyperbandPruner._get_bracket_id picks it: crc32 of
 * `<study name>_<trial number>` modulo the total budget, walked through the brackets' budgets.
 * Deterministic, so every replica (and a rerun) puts a trial in the same bracket.
 */
export function bracketOf(studyName: string, trialNumber: number, budgets: readonly number[]): number {
  const total = budgets.reduce((a, b) => a + b, 0);
  let n = crc32(`${studyName}_${trialNumber}`) % total;
  for (let i = 0; i < budgets.length; i++) {
    n -= budgets[i]!;
    if (n < 0) return i;
  }
  return budgets.length - 1;
}

/**
 * Hyperband (Li et al. 2018, JMLR 18(185), Algorithm 1) run asynchronously as Optuna does: bracket
 * i is ASHA with minEarlyStoppingRate i, and a trial competes only with its own bracket's trials.
 */
export class HyperbandPruner implements Pruner {
  readonly kind = 'hyperband';
  private readonly budgets: number[];

  constructor(private readonly spec: HyperbandSpec) {
    this.budgets = bracketBudgets(bracketCount(spec.minResource, spec.maxResource, spec.reductionFactor), spec.reductionFactor);
  }

  /** The bracket of trial `number` in study `name`. */
  bracket(name: string, number: number): number {
    return bracketOf(name, number, this.budgets);
  }

  /** Bracket b's ladder: ASHA with minEarlyStoppingRate b. */
  private ladder(b: number): RungLadder {
    return { minResource: this.spec.minResource, reductionFactor: this.spec.reductionFactor, minEarlyStoppingRate: b };
  }

  history({ study, trial, step }: HistoryQuery): HistoryNeed {
    return ashaHistory(this.ladder(this.bracket(study.name, trial.number)), trial, step);
  }

  decide(ctx: PruneContext): PruneDecision {
    const b = this.bracket(ctx.study.name, ctx.trial.number);
    const pool = ctx.others.filter((t) => this.bracket(ctx.study.name, t.number) === b);
    const d = ashaDecide(this.ladder(b), ctx.trial, ctx.step, pool, ctx.direction);
    return d.prune ? { prune: true, reason: `hyperband bracket ${b}: ${d.reason!.replace(/^asha: /, '')}` } : d;
  }
}
