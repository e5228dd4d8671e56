/**
 * The learning-curve pruner end to end: real server on port 0 (its decisions run as 'prune' jobs
 * on the compute plane), driven by the SDK. Curves are exponential decays a + 2·e^(−t/τ); after
 * four completed runs ending at a ∈ {0.1 … 0.4}, a run stuck near 1.8 must be told to stop with
 * the model's probability in the reason, and one on the best run's track must not. A spec the
 * server cannot honour is refused at create with the field's path.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndClientPerFile } from './harness.js';

const env = serverAndClientPerFile({ server: { computeWorkers: 1 }, clientId: 'lc' });

const MAX_STEPS = 15;
const decay = (a: number, tau: number, t: number) => a + 2 * Math.exp(-t / tau);

test('learning-curve pruner: stops a hopeless run, keeps a promising one (decisions from the compute plane)', async () => {
  const study = await env.client.createStudy({
    name: 'lc',
    space: { x: { type: 'float', low: 0, high: 1 } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'none', seed: 3, pruner: { type: 'learning-curve', maxSteps: MAX_STEPS, scale: 'log', threshold: 0.05 } },
  });
  const trials = await study.ask(6);
  for (let i = 0; i < 4; i++) {
    const id = trials[i]!.id;
    // Runs 2-4 may be advised to stop once run 1 is done; these complete regardless (the advice is advice).
    for (let t = 1; t <= MAX_STEPS; t++) await study.report(id, t, decay(0.1 * (i + 1), 3 + i, t));
    await study.tell(id, decay(0.1 * (i + 1), 3 + i, MAX_STEPS));
  }
  const early = await study.report(trials[4]!.id, 1, 1.8 + 2 * Math.exp(-1 / 2));
  assert.equal(early.prune, false, 'before minSteps (3) no decision');
  let stuck = early;
  for (let t = 2; t <= 6 && !stuck.prune; t++) stuck = await study.report(trials[4]!.id, t, 1.8 + 2 * Math.exp(-t / 2));
  assert.equal(stuck.prune, true, stuck.reason);
  assert.match(stuck.reason ?? '', /P\(value at step 15 beats 0\.1\d*\) = [0-9.e-]+ < threshold 0\.05/);
  let good = early;
  for (let t = 1; t <= 6; t++) good = await study.report(trials[5]!.id, t, decay(0.08, 3, t));
  assert.equal(good.prune, false, good.reason);
  assert.match(good.reason ?? '', />= threshold/);
});

test('learning-curve pruner specs the server cannot honour are refused at create with the field path', async () => {
  const base = { name: 'lc-bad', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { loss: 'minimize' } } as const;
  const cases = [
    [{ type: 'learning-curve', maxSteps: 3 }, ['algorithm', 'pruner', 'maxSteps']],
    [{ type: 'learning-curve', maxSteps: 10, threshold: 1.5 }, ['algorithm', 'pruner', 'threshold']],
    [{ type: 'learning-curve', maxSteps: 10, scale: 'cubic' }, ['algorithm', 'pruner', 'scale']],
    [{ type: 'learning-curve' }, ['algorithm', 'pruner', 'maxSteps']],
    [{ type: 'learning-curve', maxSteps: 10, startupTrials: -1 }, ['algorithm', 'pruner', 'startupTrials']],
    [{ type: 'learning-curve', maxSteps: 10, partialRuns: 'ignore' }, ['algorithm', 'pruner', 'partialRuns']],
    [{ type: 'learning-curve', maxSteps: 10, budget: { steps: 9, threshold: 0.2 } }, ['algorithm', 'pruner', 'budget', 'steps']],
    [{ type: 'learning-curve', maxSteps: 10, budget: { steps: 100, threshold: 1 } }, ['algorithm', 'pruner', 'budget', 'threshold']],
    [{ type: 'learning-curve', maxSteps: 10, budget: { steps: 100 } }, ['algorithm', 'pruner', 'budget', 'threshold']],
    [{ type: 'learning-curve', maxSteps: 10, budget: { steps: 100, threshold: 0.2, epochs: 5 } }, ['algorithm', 'pruner', 'budget']],
    [{ type: 'learning-curve', maxSteps: 10, startupTrials: 3, startupMinSteps: 0 }, ['algorithm', 'pruner', 'startupMinSteps']],
    [{ type: 'learning-curve', maxSteps: 10, startupTrials: 3, startupMinSteps: 1.5 }, ['algorithm', 'pruner', 'startupMinSteps']],
    [{ type: 'learning-curve', maxSteps: 10, startupTrials: 3, startupMinSteps: 10 }, ['algorithm', 'pruner', 'startupMinSteps']],
    [{ type: 'learning-curve', maxSteps: 10, startupTrials: 3, startupRungTrials: 0 }, ['algorithm', 'pruner', 'startupRungTrials']],
    [{ type: 'learning-curve', maxSteps: 10, startupTrials: 3, startupRungTrials: 'three' }, ['algorithm', 'pruner', 'startupRungTrials']],
    // The startup screen runs only during startup: without startup trials its settings would do nothing.
    [{ type: 'learning-curve', maxSteps: 10, startupTrials: 0, startupMinSteps: 1 }, ['algorithm', 'pruner', 'startupMinSteps']],
    [{ type: 'learning-curve', maxSteps: 10, startupTrials: 0, startupRungTrials: 3 }, ['algorithm', 'pruner', 'startupRungTrials']],
  ] as const;
  for (const [pruner, path] of cases) {
    await assert.rejects(
      env.client.createStudy({ ...base, algorithm: { surrogate: 'none', pruner } as never }),
      (e: { code?: string; issues?: { path: (string | number)[] }[] }) => e.code === 'INVALID_ARGUMENT' && e.issues!.some((i) => JSON.stringify(i.path) === JSON.stringify(path)),
      JSON.stringify(pruner),
    );
  }
  // Pool mode: refused at the pruner, before any row is checked.
  await assert.rejects(
    env.client.createStudy({ ...base, pool: [{ x: 0.25 }, { x: 0.75 }], algorithm: { surrogate: 'none', pruner: { type: 'learning-curve', maxSteps: 10 } } } as never),
    (e: { code?: string; issues?: { path: (string | number)[] }[] }) => e.code === 'INVALID_ARGUMENT' && e.issues!.some((i) => JSON.stringify(i.path) === '["algorithm","pruner"]'),
  );
});
