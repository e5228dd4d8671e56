/**
 * The startup screen's options (policy/pruners/startup-rank.ts): `startupMinSteps` (the first rung,
 * below minSteps) and `startupRungTrials` (runs that must reach the first rung before any goes past
 * it). Checked against hand-computed rankings and, over many random sequences of curves, against a
 * brute-force replay written here from the rule's statement (per rung, the sorted values of every
 * run that reached it; a run goes on while in the top max(1, floor(n/3)); past the first rung only
 * once startupRungTrials runs have reached it), which shares no code with the pruner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../core/rng.js';
import { createSearchSpace } from '../../../core/search-space.js';
import type { CurveTrial } from '../../../policy/pruners/curve-forecast.js';
import { decideLearningCurve, type LearningCurveSettings } from '../../../policy/pruners/learning-curve-decide.js';
import { inProcessRunner, LearningCurvePruner, type LearningCurveJob } from '../../../policy/pruners/learning-curve-pruner.js';
import type { PrunerTrial } from '../../../policy/pruners/types.js';
import { LearningCurvePruner as LearningCurveSpec } from '../../../protocol/pruner.js';

const space = createSearchSpace({ lr: { type: 'float', low: 0, high: 1 } });
const SCREEN: LearningCurveSettings = { threshold: 0.05, minSteps: 3, maxSteps: 30, scale: 'log', maxCurves: 64, startupTrials: 3, startupMinSteps: 1, startupRungTrials: 3 };
const at = (values: number[]) => values.map((value, i) => ({ step: i + 1, value }));
const stopped = (id: string, values: number[]): CurveTrial => ({ id, params: { lr: 0.1 }, state: 'pruned', curve: at(values), value: values.at(-1) });
const running = (id: string, values: number[]): CurveTrial => ({ id, params: { lr: 0.5 }, state: 'running', curve: at(values) });

test('the first startupRungTrials - 1 runs stop at the first rung (step 1), whatever their value', () => {
  const first = decideLearningCurve(space, 'minimize', [running('a', [0.1])], 'a', SCREEN);
  assert.equal(first.prune, true);
  assert.equal(first.reason, 'startup (0 of 3 trials completed): run 1 of the 3 that must reach rung 0 (step 1) before any goes past it');
  const second = decideLearningCurve(space, 'minimize', [stopped('a', [0.1]), running('b', [0.05])], 'b', SCREEN);
  assert.equal(second.prune, true);
  assert.match(second.reason, /run 2 of the 3/);
});

test('the third run goes on past step 1 only as the best of the 3 there (floor(3/3) = 1)', () => {
  const calibration = [stopped('a', [0.4]), stopped('b', [0.6])];
  assert.equal(decideLearningCurve(space, 'minimize', [...calibration, running('c', [0.3])], 'c', SCREEN).prune, false);
  const worse = decideLearningCurve(space, 'minimize', [...calibration, running('c', [0.5])], 'c', SCREEN);
  assert.equal(worse.prune, true);
  assert.match(worse.reason, /value 0.5 at rung 0 \(step 1\) is not in the top 1 of 3/);
  // Maximizing mirrors it: 0.7 beats 0.6 and 0.4, 0.5 does not.
  assert.equal(decideLearningCurve(space, 'maximize', [...calibration, running('c', [0.7])], 'c', SCREEN).prune, false);
  assert.equal(decideLearningCurve(space, 'maximize', [...calibration, running('c', [0.5])], 'c', SCREEN).prune, true);
  // Step 2 is no rung (1, 3, 9, 27): nothing is judged there, even a value far worse than the others'.
  assert.equal(decideLearningCurve(space, 'minimize', [...calibration, running('c', [0.3, 9])], 'c', SCREEN).prune, false);
});

test('the pruner reads history only for decidable reports: screen rungs below minSteps, then [minSteps, maxSteps)', async () => {
  const spec = LearningCurveSpec.parse({ type: 'learning-curve', maxSteps: 30, startupTrials: 3, startupMinSteps: 1, startupRungTrials: 3 });
  const jobs: LearningCurveJob[] = [];
  const runner = inProcessRunner(space);
  const pruner = new LearningCurvePruner(spec, (job) => (jobs.push(job), runner(job)));
  const trial = (values: number[]): PrunerTrial => ({ id: 't', number: 0, state: 'running', curve: at(values), params: { lr: 0.5 } });
  const study = { id: 's', name: 's' };
  assert.equal(pruner.history({ study, direction: 'minimize', trial: trial([1]), step: 1 }).kind, 'all');
  assert.equal(pruner.history({ study, direction: 'minimize', trial: trial([1, 1]), step: 2 }).kind, 'none');
  assert.equal(pruner.history({ study, direction: 'minimize', trial: trial([1, 1, 1]), step: 3 }).kind, 'all');
  // A first report at step 2 (step 1 never reported) crosses rung 1 and is judged there.
  assert.equal(pruner.history({ study, direction: 'minimize', trial: { ...trial([]), curve: [{ step: 2, value: 1 }] }, step: 2 }).kind, 'all');
  // Step 2 refuses without a job; step 1 goes to the runner and the lone first run stops.
  assert.equal((await pruner.decide({ study, direction: 'minimize', trial: trial([1, 1]), step: 2, others: [] })).prune, false);
  assert.equal(jobs.length, 0);
  assert.equal((await pruner.decide({ study, direction: 'minimize', trial: trial([1]), step: 1, others: [] })).prune, true);
  assert.equal(jobs.length, 1);
});

test('after the startup phase, steps below minSteps are not decided (the forecast rule starts at minSteps)', () => {
  const done = (id: string, end: number): CurveTrial => ({ id, params: { lr: end }, state: 'completed', curve: at(Array.from({ length: 30 }, (_, i) => end + Math.exp(-(i + 1) / 4))), value: end + Math.exp(-30 / 4) });
  const d = decideLearningCurve(space, 'minimize', [done('a', 0.1), done('b', 0.2), done('c', 0.3), running('r', [50])], 'r', SCREEN);
  assert.equal(d.prune, false);
  assert.equal(d.reason, 'step 1 < minSteps 3');
});

/** The rule replayed from its statement: the step at which each run stops (or maxSteps when it completes). */
function referenceStops(curves: number[][], first: number, needed: number, maxSteps: number): number[] {
  const rungs: number[] = [];
  for (let r = first; r < maxSteps; r *= 3) rungs.push(r);
  const reached = new Map<number, number[]>(rungs.map((r) => [r, []]));
  return curves.map((curve) => {
    for (let step = 1; step < maxSteps; step++) {
      const values = reached.get(step);
      if (!values) continue;
      values.push(curve[step - 1]!);
      const keep = Math.max(1, Math.floor(values.length / 3));
      const kth = [...values].sort((a, b) => a - b)[keep - 1]!;
      if (curve[step - 1]! > kth || (step === first && values.length < needed)) return step;
    }
    return maxSteps;
  });
}

test('random sequences of runs: the pruner stops each run where the brute-force replay does (300 runs x 12 settings)', async () => {
  const rng = createRng(19);
  const maxSteps = 30;
  for (const first of [1, 2, 3]) {
    for (const needed of [1, 2, 3, 5]) {
      const spec = LearningCurveSpec.parse({ type: 'learning-curve', maxSteps, minSteps: 3, startupTrials: 1000, startupMinSteps: first, startupRungTrials: needed });
      const pruner = new LearningCurvePruner(spec, inProcessRunner(space));
      // Decaying curves with random levels and rates, so rankings change between rungs.
      const curves = Array.from({ length: 25 }, () => {
        const [a, b, tau] = [rng.uniform(), rng.uniform() * 2, 1 + rng.uniform() * 10];
        return Array.from({ length: maxSteps }, (_, i) => a + b * Math.exp(-(i + 1) / tau));
      });
      const trials: PrunerTrial[] = [];
      const stops: number[] = [];
      for (const [n, curve] of curves.entries()) {
        const trial = { id: String(n), number: n, state: 'running' as PrunerTrial['state'], curve: [] as { step: number; value: number }[], params: { lr: rng.uniform() } };
        let stop = maxSteps;
        for (let step = 1; step < maxSteps; step++) {
          trial.curve.push({ step, value: curve[step - 1]! });
          if ((await pruner.decide({ study: { id: 's', name: 's' }, direction: 'minimize', trial, step, others: trials })).prune) {
            stop = step;
            break;
          }
        }
        trial.state = stop < maxSteps ? 'pruned' : 'completed';
        trials.push(trial);
        stops.push(stop);
      }
      assert.deepEqual(stops, referenceStops(curves, first, needed, maxSteps), `startupMinSteps ${first}, startupRungTrials ${needed}`);
    }
  }
});
