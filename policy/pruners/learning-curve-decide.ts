/**
 * The `learning-curve` pruner's decision: stop a running trial when the freeze-thaw GP's predicted
 * probability that its value at maxSteps beats the best completed trial is below `threshold`
 * (Swersky et al. 2014's model; the rule is the probability-of-improvement stopping test of
 * Domhan et al. 2015, "Speeding up automatic hyperparameter optimization ... by extrapolation of
 * learning curves"). No I/O; costs a hyperparameter fit per new finished set (memoized) plus one
 * O(Σ T_n³ + N³) conditioning, so the service runs it on the compute plane.
 *
 * Before `startupTrials` trials have completed the model has too few whole curves to forecast from
 * (and nothing to compare with before the first), so the decision is Hyperband's most aggressive
 * bracket instead (startup-rank.ts): rank at rungs minSteps·3^k among the trials that reached them.
 */
import type { SearchSpace } from '../../core/space-types.js';
import { forecastFinals, probabilityToBeat, type CurveScale, type CurveTrial, type HyperCache } from './curve-forecast.js';
import { decideStartupRank } from './startup-rank.js';

/** The pruner's settings (validated on the wire by protocol/pruner.ts). */
export interface LearningCurveSettings {
  /** Prune when P(final beats the best) is below this. */
  readonly threshold: number;
  /** No decision before this step. */
  readonly minSteps: number;
  /** The final step whose value is forecast. */
  readonly maxSteps: number;
  readonly scale: CurveScale;
  /** Most curves one decision conditions on. */
  readonly maxCurves: number;
  /** Until this many trials have completed, decide by rank at rungs (startup-rank.ts); 0: no pruning until the model forecasts. */
  readonly startupTrials: number;
  /** The startup screen's first rung; absent: minSteps. */
  readonly startupMinSteps?: number;
  /** Runs that must reach the screen's first rung before any goes past it; absent: 1. */
  readonly startupRungTrials?: number;
}

/** A decision with the numbers behind it (shown to users as the reason). */
export interface LearningCurveDecision {
  readonly prune: boolean;
  readonly reason: string;
  readonly probability?: number;
  readonly predictedFinal?: number;
}

/** The best told value among completed trials (their value, else the curve's last point), or undefined. */
export function bestCompleted(trials: readonly CurveTrial[], direction: 'minimize' | 'maximize'): number | undefined {
  let best: number | undefined;
  for (const t of trials) {
    if (t.state !== 'completed') continue;
    const v = t.value ?? [...t.curve].sort((a, b) => a.step - b.step).at(-1)?.value;
    if (v === undefined || !Number.isFinite(v)) continue;
    if (best === undefined || (direction === 'minimize' ? v < best : v > best)) best = v;
  }
  return best;
}

/** Whether trial `trialId` (running, among `trials`) should stop now. */
export function decideLearningCurve(space: SearchSpace, direction: 'minimize' | 'maximize', trials: readonly CurveTrial[], trialId: string, settings: LearningCurveSettings, cache?: HyperCache): LearningCurveDecision {
  const trial = trials.find((t) => t.id === trialId);
  if (!trial) return { prune: false, reason: `trial ${trialId} is not among the study's trials` };
  const step = trial.curve.reduce((m, p) => Math.max(m, p.step), 0);
  if (step >= settings.maxSteps) return { prune: false, reason: `step ${step} reached maxSteps ${settings.maxSteps}` };
  const completed = trials.filter((t) => t.state === 'completed').length;
  // The screen judges its own rungs, which may start below minSteps (startupMinSteps).
  if (completed < settings.startupTrials) return decideStartupRank(trial, step, trials, direction, settings, completed);
  if (step < settings.minSteps) return { prune: false, reason: `step ${step} < minSteps ${settings.minSteps}` };
  const best = bestCompleted(trials, direction);
  if (best === undefined) return { prune: false, reason: 'no completed trial to compare with' };
  const result = forecastFinals(space, trials, [trialId], { ...settings, direction }, cache);
  if (!result.ok) return { prune: false, reason: result.reason };
  const forecast = result.forecasts.get(trialId)!;
  const probability = probabilityToBeat(forecast, best, direction, settings.scale);
  const prune = probability < settings.threshold;
  const reason = `P(value at step ${settings.maxSteps} beats ${best.toPrecision(4)}) = ${probability.toPrecision(3)} ${prune ? '<' : '>='} threshold ${settings.threshold} (predicted ${forecast.value.toPrecision(4)})`;
  return { prune, reason, probability, predictedFinal: forecast.value };
}
