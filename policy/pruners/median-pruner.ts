import type { PrunerSpec } from '../../protocol/pruner.js';
import type { HistoryNeed, HistoryQuery, PruneContext, PruneDecision, Pruner, PrunerTrial } from './types.js';
import { NO_HISTORY, minimizeSign, valueAt } from './types.js';

type MedianSpec = Extract<PrunerSpec, { type: 'median' }>;

/** The median of a non-empty list (mean of the two middle values for an even count; numpy's percentile 50, linear). */
export function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * Whether `step` is the first reported step of its interval window (Optuna's
 * _is_first_in_interval_step): the trial's previous largest step lies before the window
 * [warmup + k·interval, ...) that `step` falls in.
 */
export function firstInInterval(step: number, steps: readonly number[], warmupSteps: number, intervalSteps: number): boolean {
  const windowStart = Math.floor((step - warmupSteps) / intervalSteps) * intervalSteps + warmupSteps;
  let previous = -1;
  for (const s of steps) if (s !== step && s > previous) previous = s;
  return previous < windowStart;
}

/**
 * Optuna's MedianPruner (optuna/pruners/_percentile.py, percentile 50), except that the
 * reference trials are the completed AND pruned ones (Optuna: completed only), as issue 19 asks:
 * with aggressive pruning few trials complete, and pruned curves are real measurements.
 * At step s (after warmupSteps, first report of each intervalSteps window, once startupTrials
 * trials finished): prune when the trial's best value so far is worse than the median of the
 * finished trials' values at exactly step s (none there: keep).
 */
export class MedianPruner implements Pruner {
  readonly kind = 'median';
  constructor(private readonly spec: MedianSpec) {}

  /** Whether this report is a decision point (after the warmup, first of its interval window). */
  private decides(trial: PrunerTrial, step: number): boolean {
    const { warmupSteps, intervalSteps } = this.spec;
    return step >= warmupSteps && firstInInterval(step, trial.curve.map((p) => p.step), warmupSteps, intervalSteps);
  }

  /** Only the others' values at this very step, and only at a decision point. */
  history({ trial, step }: HistoryQuery): HistoryNeed {
    return this.decides(trial, step) ? { kind: 'steps', steps: [step] } : NO_HISTORY;
  }

  decide(ctx: PruneContext): PruneDecision {
    const finished = ctx.others.filter((t) => t.state === 'completed' || t.state === 'pruned');
    if (finished.length === 0 || finished.length < this.spec.startupTrials) return { prune: false };
    if (!this.decides(ctx.trial, ctx.step)) return { prune: false };
    const sign = minimizeSign(ctx.direction);
    const best = sign * Math.min(...ctx.trial.curve.map((p) => sign * p.value));
    const atStep = finished.map((t) => valueAt(t.curve, ctx.step)).filter((v): v is number => v !== undefined);
    if (atStep.length === 0) return { prune: false };
    const m = median(atStep);
    if (sign * best <= sign * m) return { prune: false };
    return { prune: true, reason: `median: best value so far ${best} is worse than the median ${m} of ${atStep.length} finished trials at step ${ctx.step}` };
  }
}
