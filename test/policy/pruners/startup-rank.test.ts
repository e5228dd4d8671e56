/**
 * The learning-curve pruner's startup rule (policy/pruners/startup-rank.ts) against hand-computed
 * rung rankings: rungs at minSteps·3^k; at a rung with n runs the top max(1, floor(n/3)) go on.
 * Once startupTrials trials have completed, the forecast rule decides instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../../core/search-space.js';
import type { CurveTrial } from '../../../policy/pruners/curve-forecast.js';
import { decideLearningCurve, type LearningCurveSettings } from '../../../policy/pruners/learning-curve-decide.js';

const space = createSearchSpace({ lr: { type: 'float', low: 0, high: 1 } });
const SETTINGS: LearningCurveSettings = { threshold: 0.05, minSteps: 1, maxSteps: 30, scale: 'log', maxCurves: 64, startupTrials: 3 };

/** A curve with the given values at steps 1, 2, ... */
const at = (values: number[]) => values.map((value, i) => ({ step: i + 1, value }));
const done = (id: string, values: number[]): CurveTrial => ({ id, params: { lr: 0.1 }, state: 'completed', curve: at(values), value: values.at(-1) });
const running = (id: string, values: number[]): CurveTrial => ({ id, params: { lr: 0.5 }, state: 'running', curve: at(values) });

test('one completed run: a run worse at rung 0 (step 1) is pruned, a better one goes on (top 1 of 2)', () => {
  const first = done('a', [1.0, 0.8, 0.6, 0.5]);
  const worse = decideLearningCurve(space, 'minimize', [first, running('r', [1.2])], 'r', SETTINGS);
  assert.equal(worse.prune, true, worse.reason);
  assert.match(worse.reason, /^startup \(1 of 3 trials completed\): value 1.2 at rung 0 \(step 1\) is not in the top 1 of 2/);
  const better = decideLearningCurve(space, 'minimize', [first, running('r', [0.9])], 'r', SETTINGS);
  assert.equal(better.prune, false, better.reason);
});

test('between rungs nothing is judged; at rung 1 (step 3) the rung ranks all runs that reached it', () => {
  const first = done('a', [1.0, 0.8, 0.6, 0.5]);
  // Step 2 is no rung (rungs 1, 3, 9, ...): a bad value there is not judged.
  assert.equal(decideLearningCurve(space, 'minimize', [first, running('r', [0.9, 5])], 'r', SETTINGS).prune, false);
  // Step 3: 0.7 vs the first run's 0.6 there: not the best of 2.
  assert.equal(decideLearningCurve(space, 'minimize', [first, running('r', [0.9, 0.8, 0.7])], 'r', SETTINGS).prune, true);
});

test('with 7 runs at a rung the top floor(7/3) = 2 go on: the 2nd best goes on, the 3rd is pruned', () => {
  // Six pruned runs with step-1 values 0.2, 0.4, ..., 1.2 (completed: none of them; startup still holds).
  const others = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2].map((v, i): CurveTrial => ({ id: `p${i}`, params: { lr: i / 10 }, state: 'pruned', curve: at([v]) }));
  const second = decideLearningCurve(space, 'minimize', [...others, running('r', [0.3])], 'r', SETTINGS);
  assert.equal(second.prune, false, second.reason);
  const third = decideLearningCurve(space, 'minimize', [...others, running('r', [0.5])], 'r', SETTINGS);
  assert.equal(third.prune, true, third.reason);
  assert.match(third.reason, /not in the top 2 of 7/);
  // Maximizing mirrors it: 1.1 is 2nd of 7 (1.2, 1.1, 1.0, ...), 0.9 is 4th.
  assert.equal(decideLearningCurve(space, 'maximize', [...others, running('r', [1.1])], 'r', SETTINGS).prune, false);
  assert.equal(decideLearningCurve(space, 'maximize', [...others, running('r', [0.9])], 'r', SETTINGS).prune, true);
});

test('once startupTrials runs have completed the forecast rule decides (its reason is a probability)', () => {
  const completed = [done('a', at5(0.5)), done('b', at5(0.6)), done('c', at5(0.7))];
  const d = decideLearningCurve(space, 'minimize', [...completed, running('r', [3, 2.9, 2.9])], 'r', { ...SETTINGS, minSteps: 3 });
  assert.match(d.reason, /^P\(value at step 30 beats/);
  // startupTrials 0 never ranks: with one completed run the forecast rule needs 3 finished curves.
  const lone = decideLearningCurve(space, 'minimize', [completed[0]!, running('r', [9])], 'r', { ...SETTINGS, startupTrials: 0 });
  assert.equal(lone.prune, false);
  assert.match(lone.reason, /finished curve/);
});

/** A decaying 30-step curve ending near `end`. */
function at5(end: number): number[] {
  return Array.from({ length: 30 }, (_, i) => end + 2 * Math.exp(-(i + 1) / 4));
}
