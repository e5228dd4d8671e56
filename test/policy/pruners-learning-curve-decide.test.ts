/**
 * The learning-curve pruner's decisions on synthetic exponential-decay curves y(t) = a + b·e^(−t/τ)
 * (the shape the freeze-thaw kernel models): hand-checkable cases (warm-up, no incumbent, a run far
 * worse than the best, a run on the best's track), and the reported probability equals the closed
 * form Φ((log best − m)/s) of the forecast it rests on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalCdf } from '../../core/normal.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { forecastFinals, type CurveTrial } from '../../policy/pruners/curve-forecast.js';
import { decideLearningCurve, type LearningCurveSettings } from '../../policy/pruners/learning-curve-decide.js';

const space = createSearchSpace({ lr: { type: 'float', low: 0, high: 1 } });
const SETTINGS: LearningCurveSettings = { threshold: 0.05, minSteps: 3, maxSteps: 30, scale: 'log', maxCurves: 64, startupTrials: 0 };
const rng = createRng(5);

/** A decaying loss curve a + b·e^(−t/τ) with 1% multiplicative noise, steps 1..upTo. */
function curve(a: number, b: number, tau: number, upTo: number): { step: number; value: number }[] {
  return Array.from({ length: upTo }, (_, i) => ({ step: i + 1, value: (a + b * Math.exp(-(i + 1) / tau)) * (1 + 0.01 * rng.normal()) }));
}

/** Eight completed runs ending between 0.1 and 0.45 (the best near 0.1). */
const finished: CurveTrial[] = Array.from({ length: 8 }, (_, i) => {
  const c = curve(0.1 + 0.05 * i, 2, 4 + i, 30);
  return { id: `c${i}`, params: { lr: i / 8 }, state: 'completed', curve: c, value: c[29].value };
});

test('no decision before minSteps, at maxSteps, or without a completed trial', () => {
  const early: CurveTrial = { id: 'r', params: { lr: 0.5 }, state: 'running', curve: curve(3, 1, 5, 2) };
  assert.equal(decideLearningCurve(space, 'minimize', [...finished, early], 'r', SETTINGS).prune, false);
  assert.match(decideLearningCurve(space, 'minimize', [...finished, early], 'r', SETTINGS).reason, /minSteps/);
  const lonely: CurveTrial = { ...early, curve: curve(3, 1, 5, 10) };
  assert.match(decideLearningCurve(space, 'minimize', [lonely], 'r', SETTINGS).reason, /no completed trial/);
});

test('a run stuck far above the best is pruned; a run on the best run\'s track is not', () => {
  const stuck: CurveTrial = { id: 'bad', params: { lr: 0.9 }, state: 'running', curve: curve(1.8, 0.4, 3, 10) };
  const good: CurveTrial = { id: 'good', params: { lr: 0.05 }, state: 'running', curve: curve(0.09, 2, 4, 10) };
  const bad = decideLearningCurve(space, 'minimize', [...finished, stuck], 'bad', SETTINGS);
  assert.equal(bad.prune, true, bad.reason);
  assert.ok(bad.probability! < 1e-3, bad.reason);
  const fine = decideLearningCurve(space, 'minimize', [...finished, good], 'good', SETTINGS);
  assert.equal(fine.prune, false, fine.reason);
  assert.ok(fine.probability! > 0.2, fine.reason);
});

test('the decision\'s probability is Φ((log best − m)/s) of its forecast (closed form)', () => {
  const mid: CurveTrial = { id: 'mid', params: { lr: 0.4 }, state: 'running', curve: curve(0.2, 2, 6, 8) };
  const trials = [...finished, mid];
  const d = decideLearningCurve(space, 'minimize', trials, 'mid', SETTINGS);
  const f = forecastFinals(space, trials, ['mid'], SETTINGS);
  assert.ok(f.ok);
  const { mean, variance } = f.forecasts.get('mid')!;
  const best = Math.min(...finished.map((t) => t.value!));
  const want = normalCdf((Math.log(best) - mean) / Math.sqrt(variance));
  assert.ok(Math.abs(d.probability! - want) < 1e-12, `${d.probability} vs ${want}`);
});

test('a curve reported from step 0 is forecast with its step-0 point (regression: steps < 1 were dropped)', () => {
  const zeroBased: CurveTrial = { id: 'z', params: { lr: 0.3 }, state: 'running', curve: [{ step: 0, value: 0.9 }] };
  const f = forecastFinals(space, [...finished, zeroBased], ['z'], SETTINGS);
  assert.ok(f.ok, f.ok ? '' : f.reason);
});
