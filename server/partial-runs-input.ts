/**
 * Which pruned trials an ask's suggest learns from (issue 19, "the BO side uses partial runs"),
 * read under the study's lock. Only a `learning-curve` pruner has a curve model: its pruned trials
 * travel with the suggest as curves (the last maxCurves finished trials, the pruner's own bound)
 * and the suggest turns them into forecast observations (policy/pruners/partial-runs.ts) where it
 * runs. Other pruners have no forecast model: their pruned trials stay excluded points, not
 * training data, and the diagnostics say so.
 *
 * Why forecast per suggest rather than store one forecast at prune time: the prune decision's
 * forecast saw only the curves finished before it, and a trial can be pruned without one (a
 * client's own stop); forecasting with the finished set of now uses every curve, costs one
 * memoized hyperparameter fit per REFIT_EVERY finished curves in the worker, and needs no
 * storage change.
 */
import type { EffectiveAlgorithm } from '../protocol/algorithm.js';
import type { Params } from '../protocol/space.js';
import { curveTrials } from '../policy/pruners/learning-curve-pruner.js';
import type { PartialRunsInput, PartialRunsSummary } from '../policy/pruners/partial-runs.js';
import { BEST_SHARE } from '../policy/pruners/curve-forecast.js';
import type { Direction } from '../protocol/study.js';
import { curveObjective, prunerTrial } from './report.js';
import type { Storage, StoredStudy, StoredTrial } from './storage/types.js';

/** What the ask hands the suggest about pruned trials. */
export interface PrunedForSuggest {
  /** Points never to suggest again that the model does not learn from. */
  readonly excluded: Params[];
  /** Curves to forecast from (learning-curve pruner with pruned trials), else absent. */
  readonly partialRuns?: PartialRunsInput;
  /** Diagnostics when no forecast is attempted but pruned trials exist (another pruner). */
  readonly summary?: PartialRunsSummary;
}

/**
 * Surrogates whose fit takes an observation's known variance (TrainingData.yVar); the others would
 * take a forecast as an exact value, so their studies keep pruned trials out of the model.
 */
const KNOWN_NOISE_SURROGATES: readonly string[] = ['gp', 'dkl'];

/** Why a learning-curve study's pruned trials cannot be forecast observations, or undefined when they can. */
function notForecastable(study: StoredStudy, effective: EffectiveAlgorithm | undefined): string | undefined {
  if (Object.keys(study.objectives).length !== 1 || (study.constraints && Object.keys(study.constraints).length > 0)) return 'forecast observations need a single objective without outcome constraints';
  if (effective?.policy !== 'bo') return `forecast observations are used by single-fidelity BO only; this study runs ${effective?.policy ?? 'an unresolved algorithm'}`;
  if (!KNOWN_NOISE_SURROGATES.includes(effective.surrogate)) return `surrogate '${effective.surrogate}' takes no observation variance (${KNOWN_NOISE_SURROGATES.join(', ')} do): a forecast would count as exact`;
  return undefined;
}

/** Pruned trials forecast per ask, at most this many times maxCurves (the most recent): bounds the worker's O((maxCurves + pruned)³) conditioning. */
export const FORECAST_TARGETS_PER_CURVE = 4;

/**
 * The finished trials an ask reads curves for (trial-number order): the last maxCurves finished
 * ones, the best floor(maxCurves/4) completed ones (the conditioning window of curve-forecast.ts),
 * and the pruned ones up to FORECAST_TARGETS_PER_CURVE·maxCurves most recent, so a study with more
 * finished trials than maxCurves still learns from its older pruned trials instead of suggesting
 * near them again (they are forecast; the conditioning set stays maxCurves curves).
 */
export function forecastWindow(finished: readonly StoredTrial[], objective: string, direction: Direction, maxCurves: number): StoredTrial[] {
  const keep = new Set(finished.slice(-maxCurves).map((t) => t.id));
  const sign = direction === 'minimize' ? 1 : -1;
  const told = finished.filter((t) => t.state === 'completed' && Number.isFinite(t.values?.[objective]));
  told.sort((a, b) => sign * (a.values![objective]! - b.values![objective]!));
  for (const t of told.slice(0, Math.floor(maxCurves * BEST_SHARE))) keep.add(t.id);
  const prunedTrials = finished.filter((t) => t.state === 'pruned');
  for (const t of prunedTrials.slice(-FORECAST_TARGETS_PER_CURVE * maxCurves)) keep.add(t.id);
  return finished.filter((t) => keep.has(t.id));
}

/** Splits the study's pruned trials (any order) into excluded points and curves to forecast. */
export async function prunedForSuggest(storage: Storage, study: StoredStudy, pruned: readonly StoredTrial[], effective: EffectiveAlgorithm | undefined): Promise<PrunedForSuggest> {
  const spec = study.algorithm.pruner;
  if (pruned.length === 0) return { excluded: [] };
  const all = pruned.map((t) => t.params as Params);
  if (spec?.type !== 'learning-curve') {
    const reason = `pruner '${spec?.type ?? 'none'}' has no model of a curve's final value: pruned trials are excluded points, not training data`;
    return { excluded: all, summary: { forecast: 0, ignored: pruned.length, reason } };
  }
  if (spec.partialRuns === 'exclude') return { excluded: all, summary: { forecast: 0, ignored: pruned.length, reason: "algorithm.pruner.partialRuns is 'exclude': pruned trials are excluded points, not training data" } };
  const refused = notForecastable(study, effective);
  if (refused) return { excluded: all, summary: { forecast: 0, ignored: pruned.length, reason: refused } };
  const [objective, direction] = curveObjective(study);
  const finished = (await storage.listTrials(study.id, ['completed', 'pruned'])).sort((a, b) => a.number - b.number);
  const window = forecastWindow(finished, objective, direction, spec.maxCurves);
  const inWindow = new Set(window.map((t) => t.id));
  const curves = await storage.listCurves(study.id, window.map((t) => t.id));
  const trials = curveTrials(window.map((t) => prunerTrial(t, curves.get(t.id), objective)));
  const outside = pruned.filter((t) => !inWindow.has(t.id));
  return {
    excluded: outside.map((t) => t.params as Params),
    partialRuns: { trials, settings: { maxSteps: spec.maxSteps, scale: spec.scale, maxCurves: spec.maxCurves, direction }, outsideWindow: outside.length },
  };
}
