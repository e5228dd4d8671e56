/**
 * The learning-curve pruner's startup rule: while fewer than `startupTrials` trials have completed,
 * the freeze-thaw GP has too few whole curves to fit and nothing (or little) to compare with, so
 * the pruner screens runs as Hyperband's most aggressive bracket does (Li et al. 2018; asynchronous
 * successive halving, asha-pruner.ts): rungs at startupMinSteps·3^k (startupMinSteps defaults to
 * minSteps), and at each rung a run goes on only while it is in the top floor(n/3) of the n runs
 * that reached it (the best while n < 6). Early epochs then buy many screened configurations
 * instead of a few whole runs of the initial design.
 *
 * Asynchronous successive halving cannot pause a run to wait for its rung to fill, so the first
 * run to reach a rung is always the best there and goes on: without `startupRungTrials` the study's
 * first run finishes unscreened. With it, the first startupRungTrials − 1 runs stop at the first
 * rung (the cost of a look: startupMinSteps steps each) and the next goes on only if it beats them
 * there, as the secretary rule spends its first candidates on calibration.
 */
import type { Direction } from '../../protocol/study.js';
import { ashaDecide, rungsJudged, type RungLadder } from './asha-pruner.js';
import type { CurveTrial } from './curve-forecast.js';
import type { LearningCurveDecision, LearningCurveSettings } from './learning-curve-decide.js';
import { firstAtOrAfter, type PrunerTrial } from './types.js';

/** Hyperband's default reduction factor: a third of each rung goes on. */
export const STARTUP_REDUCTION_FACTOR = 3;

type ScreenSettings = Pick<LearningCurveSettings, 'minSteps' | 'startupTrials' | 'startupMinSteps' | 'startupRungTrials'>;

/** The startup screen's rungs: startupMinSteps·3^k (minSteps·3^k when absent). */
export function startupLadder(settings: Pick<LearningCurveSettings, 'minSteps' | 'startupMinSteps'>): RungLadder {
  return { minResource: settings.startupMinSteps ?? settings.minSteps, reductionFactor: STARTUP_REDUCTION_FACTOR, minEarlyStoppingRate: 0 };
}

/** Whether the report of `trial` at `step` reaches a rung of the startup screen no earlier report reached. */
export function judgesStartupRung(settings: Pick<LearningCurveSettings, 'minSteps' | 'startupMinSteps'>, trial: PrunerTrial, step: number): boolean {
  return rungsJudged(startupLadder(settings), trial, step).length > 0;
}

/** The startup rule's decision for `trial` (reporting `step`) among `trials`; `completed` counts the completed ones. */
export function decideStartupRank(trial: CurveTrial, step: number, trials: readonly CurveTrial[], direction: Direction, settings: ScreenSettings, completed: number): LearningCurveDecision {
  const ladder = startupLadder(settings);
  // ashaDecide reads ids, curves and states only; the trial number is not used.
  const asPruner = (t: CurveTrial): PrunerTrial => ({ ...t, number: 0 });
  const self = asPruner(trial);
  const pool = trials.filter((t) => t.id !== trial.id).map(asPruner);
  const phase = `startup (${completed} of ${settings.startupTrials} trials completed)`;
  const needed = settings.startupRungTrials ?? 1;
  if (needed > 1 && rungsJudged(ladder, self, step).includes(0)) {
    const reached = 1 + pool.filter((t) => firstAtOrAfter(t.curve, ladder.minResource) !== undefined).length;
    if (reached < needed) return { prune: true, reason: `${phase}: run ${reached} of the ${needed} that must reach rung 0 (step ${ladder.minResource}) before any goes past it` };
  }
  const d = ashaDecide(ladder, self, step, pool, direction);
  return { prune: d.prune, reason: d.prune ? `${phase}: ${d.reason!.replace(/^asha: /, '')}` : `${phase}: not at a rung or in the top of every rung reached` };
}
