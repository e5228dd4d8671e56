/**
 * The curves a forecast conditions on (policy/pruners/curve-forecast.ts conditioningWindow), against
 * hand-picked sets: under the cap everything stays; over it the best floor(cap/4) completed curves
 * by told value (direction-aware) stay besides the most recent ones, in trial order; without a
 * direction only the most recent stay (the rule before). And a forecast of a run on the best
 * run's track, in a study with more finished runs than maxCurves, keeps the best curve in view.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../../core/search-space.js';
import { conditioningWindow, forecastFinals, type CurveTrial } from '../../../policy/pruners/curve-forecast.js';

const t = (id: string, state: CurveTrial['state'], value?: number): CurveTrial => ({ id, params: { x: 0 }, state, curve: [{ step: 1, value: value ?? 1 }], ...(value !== undefined ? { value } : {}) });
// Twelve finished trials: completed ones with values, pruned ones without.
const trials: CurveTrial[] = [t('a', 'completed', 0.1), t('b', 'completed', 0.9), t('c', 'pruned'), t('d', 'completed', 0.2), t('e', 'completed', 0.8), t('f', 'pruned'), t('g', 'completed', 0.7), t('h', 'pruned'), t('i', 'completed', 0.6), t('j', 'pruned'), t('k', 'completed', 0.5), t('l', 'pruned')];
const finished = trials.map((x) => ({ id: x.id }));
const ids = (xs: { id: string }[]) => xs.map((x) => x.id).join('');

test('under the cap every finished curve stays', () => {
  assert.equal(ids(conditioningWindow(trials, finished, 12, 'minimize')), 'abcdefghijkl');
});

test('over the cap: the best floor(cap/4) completed by value, then the most recent, in trial order', () => {
  // cap 8: best 2 when minimizing are a (0.1), d (0.2); then the 6 most recent: l k j i h g.
  assert.equal(ids(conditioningWindow(trials, finished, 8, 'minimize')), 'adghijkl');
  // Maximizing: best 2 are b (0.9), e (0.8).
  assert.equal(ids(conditioningWindow(trials, finished, 8, 'maximize')), 'beghijkl');
  // A best curve that is also recent is not counted twice: cap 4, best 1 is a; then l k j.
  assert.equal(ids(conditioningWindow(trials, finished, 4, 'minimize')), 'ajkl');
  // Without a direction: the 8 most recent.
  assert.equal(ids(conditioningWindow(trials, finished, 8)), 'efghijkl');
});

test('a run on the best run\'s track is forecast near the best when the best curve is old (the window keeps it)', () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
  const curve = (a: number, upTo: number) => Array.from({ length: upTo }, (_, i) => ({ step: i + 1, value: a + 2 * Math.exp(-(i + 1) / 4) }));
  // The best run (x = 0.05, ends at 0.1) first, then 20 runs far away in x ending near 1.
  const many: CurveTrial[] = [{ id: 'best', params: { x: 0.05 }, state: 'completed', curve: curve(0.1, 20), value: 0.1 + 2 * Math.exp(-5) }];
  for (let i = 0; i < 20; i++) many.push({ id: `o${i}`, params: { x: 0.5 + i / 40 }, state: 'completed', curve: curve(1 + 0.01 * i, 20), value: 1 + 0.01 * i + 2 * Math.exp(-5) });
  many.push({ id: 'new', params: { x: 0.06 }, state: 'running', curve: curve(0.1, 3) });
  const settings = { maxSteps: 20, scale: 'log', maxCurves: 8 } as const;
  const withBest = forecastFinals(space, many, ['new'], { ...settings, direction: 'minimize' });
  const recentOnly = forecastFinals(space, many, ['new'], settings);
  assert.ok(withBest.ok && recentOnly.ok);
  const err = (f: typeof withBest) => (f.ok ? Math.abs(f.forecasts.get('new')!.value - (0.1 + 2 * Math.exp(-5))) : Infinity);
  // The true final of the new run is the best run's, 0.1135: the window with the best curve forecasts it closer.
  assert.ok(err(withBest) < err(recentOnly), `error with the best curve ${err(withBest)} vs recent only ${err(recentOnly)}`);
});
