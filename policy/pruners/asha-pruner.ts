import type { PrunerSpec } from '../../protocol/pruner.js';
import type { Direction } from '../../protocol/study.js';
import type { HistoryNeed, HistoryQuery, IntermediateValue, PruneContext, PruneDecision, Pruner, PrunerTrial } from './types.js';
import { NO_HISTORY, firstAtOrAfter, minimizeSign } from './types.js';

type AshaSpec = Extract<PrunerSpec, { type: 'asha' }>;

/** The rungs of one successive-halving run: rung k at step r·eta^(s+k). */
export interface RungLadder {
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
}

/** The step of rung k. */
export function rungStep(l: RungLadder, k: number): number {
  return l.minResource * l.reductionFactor ** (l.minEarlyStoppingRate + k);
}

/**
 * Whether `value` is promotable among `competing` (which holds it): in the top
 * floor(n/eta) of the rung; while floor(n/eta) = 0 only the best is (Optuna's
 * _is_trial_promotable_to_next_rung: it cannot pause trials to wait for a full rung).
 */
export function promotable(value: number, competing: readonly number[], eta: number, direction: Direction): boolean {
  const sign = minimizeSign(direction);
  const sorted = competing.map((v) => sign * v).sort((a, b) => a - b);
  const k = Math.max(0, Math.floor(sorted.length / eta) - 1);
  return sign * value <= sorted[k]!;
}

/**
 * Asynchronous successive halving (Li et al. 2018, arXiv:1810.05934, Algorithm 2; Optuna's
 * SuccessiveHalvingPruner) without stored rung records: a trial's score at rung k is its value at
 * its smallest reported step >= the rung's step (the report that first reached the rung, when
 * steps arrive in order). A report judges the rungs it reaches first: for each, the trial goes on
 * only if promotable among every trial of `pool` with a score there (its own included).
 * A report that does not raise the trial's largest step judges nothing (as Optuna's last_step).
 */
export function ashaDecide(ladder: RungLadder, trial: PrunerTrial, step: number, pool: readonly PrunerTrial[], direction: Direction): PruneDecision {
  for (const k of rungsJudged(ladder, trial, step)) {
    const at = rungStep(ladder, k);
    const own = firstAtOrAfter(trial.curve, at)!;
    const competing = [own.value, ...scores(pool, trial.id, at)];
    if (!promotable(own.value, competing, ladder.reductionFactor, direction)) {
      const keep = Math.max(1, Math.floor(competing.length / ladder.reductionFactor));
      return { prune: true, reason: `asha: value ${own.value} at rung ${k} (step ${at}) is not in the top ${keep} of ${competing.length} trials there` };
    }
  }
  return { prune: false };
}

/**
 * The rungs this report judges: those at or below `step` that no earlier report of the trial
 * reached (none when `step` does not raise its largest step). Usually empty: a trial crosses
 * about log_eta(steps) rungs in its life, so most reports read no other trial at all.
 */
export function rungsJudged(ladder: RungLadder, trial: PrunerTrial, step: number): number[] {
  const previousMax = trial.curve.reduce((m, p) => (p.step !== step && p.step > m ? p.step : m), -1);
  const out: number[] = [];
  if (step <= previousMax) return out;
  for (let k = 0; rungStep(ladder, k) <= step; k++) if (rungStep(ladder, k) > previousMax) out.push(k);
  return out;
}

/** A rung decision reads whole curves (a score is the value at the first step >= the rung's); no rung judged: nothing. */
export function ashaHistory(ladder: RungLadder, trial: PrunerTrial, step: number): HistoryNeed {
  return rungsJudged(ladder, trial, step).length > 0 ? { kind: 'all' } : NO_HISTORY;
}

/** The rung scores (value at the smallest step >= `at`) of the pool's trials other than `selfId`. */
function scores(pool: readonly PrunerTrial[], selfId: string, at: number): number[] {
  const out: number[] = [];
  for (const t of pool) {
    if (t.id === selfId) continue;
    const p: IntermediateValue | undefined = firstAtOrAfter(t.curve, at);
    if (p) out.push(p.value);
  }
  return out;
}

/** `{type: 'asha'}`: one successive-halving ladder shared by every trial of the study. */
export class AshaPruner implements Pruner {
  readonly kind = 'asha';
  constructor(private readonly spec: AshaSpec) {}

  history({ trial, step }: HistoryQuery): HistoryNeed {
    return ashaHistory(this.spec, trial, step);
  }

  decide(ctx: PruneContext): PruneDecision {
    return ashaDecide(this.spec, ctx.trial, ctx.step, ctx.others, ctx.direction);
  }
}
