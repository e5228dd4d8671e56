/**
 * BO on partial runs (issue 19): a pruned trial's predicted final value becomes a training
 * observation, with the forecast's predictive variance as its known noise (Observation.variance,
 * heteroscedastic in the GP). The forecast is the learning-curve pruner's own freeze-thaw GP
 * (curve-forecast.ts), the same call the training-curves benchmark makes for its pruned trials.
 *
 * Pure and deterministic: runs where the suggest runs (a compute worker, or this thread in a
 * service without a compute plane), so the fit never blocks the server's event loop.
 */
import type { SearchSpace } from '../../core/space-types.js';
import type { Params } from '../../protocol/space.js';
import type { Observation } from '../types.js';
import { forecastFinals, type CurveTrial, type ForecastSettings, type HyperCache } from './curve-forecast.js';

/** What a suggest needs to learn from pruned trials: plain data (it crosses to a compute worker). */
export interface PartialRunsInput {
  /**
   * Finished trials (completed and pruned, trial-number order) with their curves: every pruned one
   * among them is forecast; the model conditions on at most settings.maxCurves of the others
   * (curve-forecast.ts conditioningWindow) plus the forecast ones.
   */
  readonly trials: readonly CurveTrial[];
  readonly settings: ForecastSettings;
  /** Pruned trials older than the window: not forecast (their points stay excluded), counted in diagnostics. */
  readonly outsideWindow: number;
}

/** What the diagnostics say about pruned trials (Diagnostics.partialRuns). */
export interface PartialRunsSummary {
  /** Pruned trials that became observations (forecast final value + variance). */
  readonly forecast: number;
  /** Pruned trials the model did not learn from (their points are still never suggested again). */
  readonly ignored: number;
  /** Why some or all were ignored. */
  readonly reason?: string;
}

/** The suggest's completed and excluded lists once the pruned trials' forecasts are folded in. */
export interface PartialRunsApplied {
  readonly completed: readonly Observation[];
  readonly excluded: readonly Params[];
  readonly summary: PartialRunsSummary;
}

/**
 * Appends one observation per forecast pruned trial (in trial order, after `completed`) and moves
 * every pruned trial that could not be forecast to `excluded`, as before issue 19. A forecast
 * failure (too few finished curves, a value the log scale cannot take) ignores all the window's
 * pruned trials, with the reason.
 */
export function applyPartialRuns(space: SearchSpace, completed: readonly Observation[], excludedBefore: readonly Params[], input: PartialRunsInput, cache?: HyperCache): PartialRunsApplied {
  const { maxSteps, scale } = input.settings;
  let excluded = excludedBefore;
  // A pruned trial without a usable curve (none reported up to maxSteps, or a value the log scale cannot take) stays excluded alone.
  const usable = (t: CurveTrial) => {
    const points = t.curve.filter((p) => p.step >= 0 && p.step <= maxSteps);
    return points.length > 0 && (scale !== 'log' || points.every((p) => p.value > 0));
  };
  const prunedAll = input.trials.filter((t) => t.state === 'pruned');
  const pruned = prunedAll.filter(usable);
  const unusable = prunedAll.filter((t) => !usable(t));
  excluded = unusable.length > 0 ? [...excluded, ...unusable.map((t) => t.params)] : excluded;
  const ignoredOutside = input.outsideWindow + unusable.length;
  const notes = [
    ...(input.outsideWindow > 0 ? [`${input.outsideWindow} pruned trial(s) older than the most recent ones forecast are not forecast`] : []),
    ...(unusable.length > 0 ? [`${unusable.length} pruned trial(s) without a ${scale === 'log' ? 'positive ' : ''}reported value up to step ${maxSteps} are not forecast`] : []),
  ];
  const windowNote = notes.length > 0 ? notes.join('; ') : undefined;
  if (pruned.length === 0) return { completed, excluded, summary: { forecast: 0, ignored: ignoredOutside, ...(windowNote ? { reason: windowNote } : {}) } };
  // maxCurves bounds the conditioning curves, not the forecasts: forecastFinals counts its targets
  // against the cap, so the cap is raised by their number.
  const result = forecastFinals(space, input.trials, pruned.map((t) => t.id), { ...input.settings, maxCurves: input.settings.maxCurves + pruned.length }, cache);
  if (!result.ok) {
    const reason = `pruned trials not forecast: ${result.reason}`;
    return { completed, excluded: [...excluded, ...pruned.map((t) => t.params)], summary: { forecast: 0, ignored: ignoredOutside + pruned.length, reason: windowNote ? `${reason}; ${windowNote}` : reason } };
  }
  const forecasts: Observation[] = pruned.map((t) => {
    const f = result.forecasts.get(t.id)!;
    return { params: t.params, value: f.value, variance: f.valueVariance };
  });
  return { completed: [...completed, ...forecasts], excluded, summary: { forecast: forecasts.length, ignored: ignoredOutside, ...(windowNote ? { reason: windowNote } : {}) } };
}
