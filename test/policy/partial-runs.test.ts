/**
 * Pruned trials as forecast observations (issue 19): each pruned trial's observation is exactly the
 * freeze-thaw forecast of its final value, checked against forecastFinals called directly, and its
 * variance is the forecast's user-unit variance (log scale: the delta method value²·v, recomputed
 * here from the working-unit Gaussian). Trials that cannot be forecast stay excluded points, with a
 * reason; the result is a pure function of its input (determinism).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { forecastFinals, type CurveTrial, type ForecastSettings } from '../../policy/pruners/curve-forecast.js';
import { applyPartialRuns } from '../../policy/pruners/partial-runs.js';
import type { Observation } from '../../policy/types.js';

const space = createSearchSpace({ lr: { type: 'float', low: 0, high: 1 } });
const SETTINGS: ForecastSettings = { maxSteps: 20, scale: 'log', maxCurves: 64 };

/** Deterministic decaying curves a + 2·e^(−t/τ), steps 1..upTo. */
function curve(a: number, tau: number, upTo: number) {
  return Array.from({ length: upTo }, (_, i) => ({ step: i + 1, value: a + 2 * Math.exp(-(i + 1) / tau) }));
}

const completedTrials: CurveTrial[] = Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, params: { lr: i / 5 }, state: 'completed', curve: curve(0.1 + 0.1 * i, 3 + i, 20), value: 0.1 + 0.1 * i }));
const completedObs: Observation[] = completedTrials.map((t) => ({ params: t.params, value: t.value! }));
const prunedA: CurveTrial = { id: 'p1', params: { lr: 0.93 }, state: 'pruned', curve: curve(1.5, 2, 6) };
const prunedB: CurveTrial = { id: 'p2', params: { lr: 0.81 }, state: 'pruned', curve: curve(1.1, 3, 8) };

test('each pruned trial becomes an observation: value and variance are its forecast (forecastFinals called directly)', () => {
  const trials = [...completedTrials, prunedA, prunedB];
  const applied = applyPartialRuns(space, completedObs, [], { trials, settings: SETTINGS, outsideWindow: 0 });
  const direct = forecastFinals(space, trials, ['p1', 'p2'], SETTINGS);
  assert.ok(direct.ok);
  assert.deepEqual(applied.summary, { forecast: 2, ignored: 0 });
  assert.deepEqual(applied.excluded, [], 'forecast trials are observations, not excluded points');
  assert.deepEqual(applied.completed.slice(0, 5), completedObs, 'the completed observations come first, unchanged');
  for (const [i, t] of [prunedA, prunedB].entries()) {
    const obs = applied.completed[5 + i]!;
    const f = direct.forecasts.get(t.id)!;
    assert.deepEqual(obs.params, t.params);
    // Log scale: median e^m and delta-method variance (e^m)²·v, recomputed from the working-unit Gaussian.
    assert.ok(Math.abs(obs.value - Math.exp(f.mean)) < 1e-12 * obs.value, `${obs.value} vs e^${f.mean}`);
    assert.ok(Math.abs(obs.variance! - Math.exp(2 * f.mean) * f.variance) < 1e-12 * obs.variance!, `${obs.variance}`);
    assert.ok(obs.variance! > 0);
    // A run stopped far above the best ends, by the forecast, above the best completed value.
    assert.ok(obs.value > 0.1, `${t.id} forecast ${obs.value}`);
  }
});

test('pruned trials that cannot be forecast stay excluded points, with the reason', () => {
  const noCurve: CurveTrial = { id: 'p0', params: { lr: 0.5 }, state: 'pruned', curve: [] };
  const partial = applyPartialRuns(space, completedObs, [{ lr: 0.01 }], { trials: [...completedTrials, noCurve, prunedA], settings: SETTINGS, outsideWindow: 2 });
  assert.equal(partial.summary.forecast, 1);
  assert.equal(partial.summary.ignored, 3, 'two older than the forecast bound, one without a curve');
  assert.match(partial.summary.reason ?? '', /2 pruned trial\(s\) older than the most recent ones forecast are not forecast/);
  assert.match(partial.summary.reason ?? '', /1 pruned trial\(s\) without a positive reported value up to step 20/);
  assert.deepEqual(partial.excluded, [{ lr: 0.01 }, { lr: 0.5 }]);

  // Two finished curves besides the target: below MIN_FINISHED_CURVES (3), nothing is forecast.
  const few = applyPartialRuns(space, completedObs.slice(0, 2), [], { trials: [...completedTrials.slice(0, 2), prunedA], settings: SETTINGS, outsideWindow: 0 });
  assert.deepEqual(few.completed, completedObs.slice(0, 2));
  assert.deepEqual(few.excluded, [prunedA.params]);
  assert.equal(few.summary.forecast, 0);
  assert.match(few.summary.reason ?? '', /needs at least 3/);
});

test('deterministic: the same input gives the same observations, with or without a hyperparameter memo', () => {
  const input = { trials: [...completedTrials, prunedA, prunedB], settings: SETTINGS, outsideWindow: 0 };
  const memo = new Map();
  const cache = { get: (k: string) => memo.get(k), set: (k: string, h: unknown) => void memo.set(k, h) };
  const a = applyPartialRuns(space, completedObs, [], input);
  assert.deepEqual(applyPartialRuns(space, completedObs, [], input), a);
  assert.deepEqual(applyPartialRuns(space, completedObs, [], input, cache), a);
  assert.deepEqual(applyPartialRuns(space, completedObs, [], input, cache), a, 'from the warm memo');
});

test('more pruned trials than maxCurves are all forecast; the model conditions on maxCurves other curves', () => {
  // maxCurves 4 (its minimum) with 5 completed and 6 pruned curves: all 6 pruned become observations,
  // each equal to forecastFinals with the 4 most recent completed curves (c1..c4) as the conditioning set.
  const pruned = Array.from({ length: 6 }, (_, i): CurveTrial => ({ id: `q${i}`, params: { lr: 0.5 + i / 20 }, state: 'pruned', curve: curve(0.8 + 0.1 * i, 2, 4 + i) }));
  const small: ForecastSettings = { ...SETTINGS, maxCurves: 4 };
  const applied = applyPartialRuns(space, completedObs, [], { trials: [...completedTrials, ...pruned], settings: small, outsideWindow: 0 });
  assert.deepEqual(applied.summary, { forecast: 6, ignored: 0 });
  const direct = forecastFinals(space, [...completedTrials.slice(1), ...pruned], pruned.map((t) => t.id), { ...small, maxCurves: 10 });
  assert.ok(direct.ok);
  pruned.forEach((t, i) => assert.equal(applied.completed[5 + i]!.value, direct.forecasts.get(t.id)!.value, t.id));
});
