/**
 * The learning-curve pruner's startup rule: while fewer than `startupTrials` trials have completed,
 * the freeze-thaw GP has too few whole curves to fit and nothing (or little) to compare with, so
 * the pruner screens runs as Hyperband's most aggressive bracket does (Li et al. 2018; asynchronous
 * successive halving, asha-pruner.ts): rungs at minSteps·3^k, and at each rung a run goes on only
 * while it is in the top floor(n/3) of the n runs that reached it (the best while n < 6). Early
 * epochs then buy many screened configurations instead of a few whole runs of the initial design.
 */
import type { Direction } from '../../protocol/study.js';
import { ashaDecide, type RungLadder } from './asha-pruner.js';
import type { CurveTrial } from './curve-forecast.js';
import type { LearningCurveDecision, LearningCurveSettings } from './learning-curve-decide.js';

/** Hyperband's default reduction factor: a third of each rung goes on. */
export const STARTUP_REDUCTION_FACTOR = 3;

/** The startup rule's decision for `trial` (reporting `step`) among `trials`; `completed` counts the completed ones. */
export function decideStartupRank(trial: CurveTrial, step: number, trials: readonly CurveTrial[], direction: Direction, settings: Pick<LearningCurveSettings, 'minSteps' | 'startupTrials'>, completed: number): LearningCurveDecision {
  const ladder: RungLadder = { minResource: settings.minSteps, reductionFactor: STARTUP_REDUCTION_FACTOR, minEarlyStoppingRate: 0 };
  // ashaDecide reads ids, curves and states only; the trial number is not used.
  const asPruner = (t: CurveTrial) => ({ ...t, number: 0 });
  const pool = trials.filter((t) => t.id !== trial.id).map(asPruner);
  const d = ashaDecide(ladder, asPruner(trial), step, pool, direction);
  const phase = `startup (${completed} of ${settings.startupTrials} trials completed)`;
  return { prune: d.prune, reason: d.prune ? `${phase}: ${d.reason!.replace(/^asha: /, '')}` : `${phase}: not at a rung or in the top of every rung reached` };
}
