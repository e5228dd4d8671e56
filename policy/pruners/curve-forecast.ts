/**
 * Forecasts where trials' learning curves end (their value at maxSteps) with the freeze-thaw GP
 * (surrogates/learning-curve/). Shared by the `learning-curve` pruner (P(final beats the best)) and
 * by BO on partial runs (a pruned trial's predicted final as a noisy observation).
 *
 * Determinism and cost: the hyperparameters are fitted on the FINISHED curves only (completed and
 * pruned trials, which no longer change), so they are a pure function of that set and may be
 * memoized by its key (HyperCache); each forecast then conditions on finished + running curves
 * with those hyperparameters, O(Σ T_n³ + N³) with T_n <= 24 kept points and N <= maxCurves.
 */
import { normalCdf } from '../../core/normal.js';
import type { SearchSpace } from '../../core/space-types.js';
import type { Params } from '../../protocol/space.js';
import type { Direction } from '../../protocol/study.js';
import type { FreezeThawHyper } from '../../surrogates/learning-curve/freeze-thaw-kernels.js';
import { curveStats, fitFreezeThaw, thinCurve } from '../../surrogates/learning-curve/freeze-thaw-fit.js';
import { FreezeThawPosterior } from '../../surrogates/learning-curve/freeze-thaw-posterior.js';
import type { Curve } from '../../surrogates/learning-curve/types.js';

/** A trial as the forecaster sees it. */
export interface CurveTrial {
  readonly id: string;
  readonly params: Params;
  readonly state: 'running' | 'completed' | 'pruned';
  /** Reported (step, value) pairs, any order; steps past maxSteps are ignored. */
  readonly curve: readonly { readonly step: number; readonly value: number }[];
  /** The objective value told at completion (completed trials). */
  readonly value?: number;
}

/** How values become the model's working units. */
export type CurveScale = 'linear' | 'log';

export interface ForecastSettings {
  /** The final step: forecasts are of the value there. */
  readonly maxSteps: number;
  /** 'log' models log(value) (positive values only: multiplicative loss curves); 'linear' the values. */
  readonly scale: CurveScale;
  /** Most curves one forecast conditions on (see conditioningWindow): bounds the cost. */
  readonly maxCurves: number;
  /**
   * Which told values are better: with it the window keeps the best completed curves besides the
   * most recent ones (conditioningWindow); without it, the most recent only.
   */
  readonly direction?: Direction;
}

/** Memo of fitted hyperparameters by the finished set's key (a study's compute worker keeps one). */
export interface HyperCache {
  get(key: string): FreezeThawHyper | undefined;
  set(key: string, hyper: FreezeThawHyper): void;
}

/** Forecast of one trial's final value: a Gaussian in working units, and its user-unit summary. */
export interface FinalForecast {
  /** Working units (log of the value when scale is 'log'). */
  readonly mean: number;
  readonly variance: number;
  /** User units: the predictive median, and a delta-method variance around it. */
  readonly value: number;
  readonly valueVariance: number;
}

/** Finished curves needed before a forecast is made (the hyperparameters need several curves). */
export const MIN_FINISHED_CURVES = 3;
/** The hyperparameters are refitted after this many newly finished curves. */
export const REFIT_EVERY = 10;

/** Why no forecast could be made, or the forecasts by trial id. */
export type ForecastResult = { readonly ok: false; readonly reason: string } | { readonly ok: true; readonly forecasts: ReadonlyMap<string, FinalForecast> };

/** A trial's curve in working units, sorted, capped at maxSteps; null if a value cannot be mapped. */
function toCurve(space: SearchSpace, t: CurveTrial, settings: ForecastSettings): Curve | null {
  const points = t.curve.filter((p) => p.step >= 0 && p.step <= settings.maxSteps).sort((a, b) => a.step - b.step);
  if (points.length === 0) return null;
  if (settings.scale === 'log' && points.some((p) => !(p.value > 0))) return null;
  const map = settings.scale === 'log' ? Math.log : (v: number) => v;
  return { x: space.encode(t.params), steps: Float64Array.from(points, (p) => p.step), values: Float64Array.from(points, (p) => map(p.value)) };
}

/** User-unit summary of a working-unit Gaussian (log scale: median e^m, variance (e^m)²·v by the delta method). */
function toUser(mean: number, variance: number, scale: CurveScale): FinalForecast {
  if (scale === 'linear') return { mean, variance, value: mean, valueVariance: variance };
  const value = Math.exp(mean);
  return { mean, variance, value, valueVariance: value * value * variance };
}

/** Share of the window kept for the best completed curves when the direction is known. */
export const BEST_SHARE = 0.25;

/**
 * The finished curves a forecast conditions on, at most `cap`, in `trials` order (so the
 * hyperparameter memo's prefix key stays stable): the best floor(cap·BEST_SHARE) completed ones by
 * told value when `direction` is given, then the most recent others. Why keep the best: a decision
 * is P(beating the best), and the runs worth deciding carefully are near the best ones in the
 * space; a window of only the most recent curves drops the incumbent's curve once a study has more
 * than `cap` finished trials, and the GP over asymptotes then forecasts runs near it as average.
 */
export function conditioningWindow<F extends { id: string }>(trials: readonly CurveTrial[], finished: readonly F[], cap: number, direction?: Direction): F[] {
  if (finished.length <= cap) return [...finished];
  const keep = new Set<string>();
  if (direction) {
    const sign = direction === 'minimize' ? 1 : -1;
    const ids = new Set(finished.map((f) => f.id));
    const ranked = trials.filter((t) => t.state === 'completed' && t.value !== undefined && Number.isFinite(t.value) && ids.has(t.id)).sort((a, b) => sign * (a.value! - b.value!));
    for (const t of ranked.slice(0, Math.floor(cap * BEST_SHARE))) keep.add(t.id);
  }
  for (let i = finished.length - 1; i >= 0 && keep.size < cap; i--) keep.add(finished[i]!.id);
  return finished.filter((f) => keep.has(f.id));
}

/**
 * Forecast the final values of the `targets` (trial ids among `trials`). Conditions on the
 * finished trials (up to maxCurves, conditioningWindow) plus the targets; a finished
 * curve with a value the log scale cannot take (<= 0) is left out of the model. Fails with a reason
 * when fewer than MIN_FINISHED_CURVES finished curves remain or a target's value does not fit the
 * scale.
 */
export function forecastFinals(space: SearchSpace, trials: readonly CurveTrial[], targets: readonly string[], settings: ForecastSettings, cache?: HyperCache): ForecastResult {
  const finished: { id: string; curve: Curve }[] = [];
  for (const t of trials) {
    if (t.state === 'running') continue;
    const c = toCurve(space, t, settings);
    if (c) finished.push({ id: t.id, curve: c });
  }
  const wanted = new Set(targets);
  const targetCurves: { id: string; curve: Curve }[] = [];
  for (const t of trials) {
    if (!wanted.has(t.id)) continue;
    const c = toCurve(space, t, settings);
    if (!c) return { ok: false, reason: settings.scale === 'log' ? `trial ${t.id}: the log scale needs positive reported values` : `trial ${t.id} has no reported value up to step ${settings.maxSteps}` };
    targetCurves.push({ id: t.id, curve: c });
  }
  const keepFinished = conditioningWindow(trials, finished.filter((f) => !wanted.has(f.id)), Math.max(MIN_FINISHED_CURVES, settings.maxCurves - targetCurves.length), settings.direction);
  if (keepFinished.length < MIN_FINISHED_CURVES) return { ok: false, reason: `${keepFinished.length} finished curve(s): the curve model needs at least ${MIN_FINISHED_CURVES}` };

  // Hyperparameters are refitted once per REFIT_EVERY newly finished curves (a prefix of the kept
  // set): a pure function of that prefix, so memoizing them changes no decision.
  const fitCount = keepFinished.length >= REFIT_EVERY ? keepFinished.length - (keepFinished.length % REFIT_EVERY) : keepFinished.length;
  const fitSet = keepFinished.slice(0, fitCount).map((f) => f.curve);
  const key = `${settings.scale}:${settings.maxSteps}:${keepFinished.slice(0, fitCount).map((f) => f.id).join(',')}`;
  let hyper = cache?.get(key);
  if (!hyper) {
    hyper = fitFreezeThaw(fitSet, { maxSteps: settings.maxSteps }).hyper;
    cache?.set(key, hyper);
  }
  // The hyperparameters are in the fit set's standardized units: apply the same z-score to every curve.
  const { center, scale } = curveStats(fitSet);
  const all = [...keepFinished, ...targetCurves].map((f) => thinCurve({ ...f.curve, values: f.curve.values.map((v) => (v - center) / scale) }));
  const posterior = new FreezeThawPosterior(hyper, all);
  const forecasts = new Map<string, FinalForecast>();
  targetCurves.forEach((t, i) => {
    const p = posterior.predict(keepFinished.length + i, settings.maxSteps);
    forecasts.set(t.id, toUser(center + scale * p.mean, scale * scale * p.variance, settings.scale));
  });
  return { ok: true, forecasts };
}

/** P(final value better than `best`) under a forecast, better = lower when minimizing. */
export function probabilityToBeat(f: FinalForecast, best: number, direction: 'minimize' | 'maximize', scale: CurveScale): number {
  const b = scale === 'log' ? Math.log(best) : best;
  if (scale === 'log' && !(best > 0)) return direction === 'minimize' ? 0 : 1;
  const z = (b - f.mean) / Math.sqrt(f.variance);
  return direction === 'minimize' ? normalCdf(z) : 1 - normalCdf(z);
}
