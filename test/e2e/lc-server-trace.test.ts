/**
 * The learning-curve pruner's startup screen through the service equals the simulation: a real
 * server (decisions as 'prune' jobs on the compute plane, the SDK's trial:report per epoch) and
 * benchmarks/training-curves/simulate.ts (the pruner in process) run the same seeds of the table
 * benchmark and must produce the same trace, trial for trial (epochs spent, regret). The two paths
 * share only the pruner's decision code; the service adds storage, history reads, the compute
 * plane and the SDK, so an equal trace says the service decides as the benchmark measured. The
 * budget (160 epochs) covers the screen (startupMinSteps 1, startupRungTrials 3) and the first
 * forecast decisions after 3 completed runs. Prune reasons name the screen's rule.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessRunner, LearningCurvePruner } from '../../policy/pruners/learning-curve-pruner.js';
import { LearningCurvePruner as LearningCurveSpec } from '../../protocol/pruner.js';
import { LC_PRUNER } from '../../benchmarks/training-curves/lc-settings.js';
import { runServerSeed } from '../../benchmarks/training-curves/server-loop.js';
import { memoryHyperCache, simulate } from '../../benchmarks/training-curves/simulate.js';
import { loadCurveTable } from '../../benchmarks/training-curves/table.js';
import { serverAndClientPerFile } from './harness.js';

const env = serverAndClientPerFile({ server: { computeWorkers: 1 }, clientId: 'lc-trace' });
const table = loadCurveTable();
const SCREEN = { startupMinSteps: 1, startupRungTrials: 3 } as const;
const BUDGET = 160;

test('service and simulation give the same trace with the startup screen (seeds 3 and 4, 160 epochs)', async () => {
  for (const seed of [3, 4]) {
    const cache = memoryHyperCache();
    const pruner = new LearningCurvePruner(LearningCurveSpec.parse({ ...LC_PRUNER, ...SCREEN, maxSteps: table.epochs }), inProcessRunner(table.space, cache));
    const sim = await simulate(table, { sampler: 'bo', pruner, partialRuns: 'ignore', budgetEpochs: BUDGET, seed, initialTrials: 10, forecast: { scale: LC_PRUNER.scale, maxCurves: LC_PRUNER.maxCurves } }, cache);
    const served = await runServerSeed(env.client, table, seed, BUDGET, 'exclude', 10, SCREEN);
    assert.deepEqual(served.trace, sim.trace, `seed ${seed}`);
    assert.equal(served.pruned, sim.pruned);
    // The first two runs stop at step 1 (the screen's calibration), and the reason says so.
    assert.deepEqual(served.trace.slice(0, 2).map(([e]) => e), [1, 2]);
    assert.match(served.pruneReasons[0]!, /^startup \(0 of 3 trials completed\): run 1 of the 3 that must reach rung 0 \(step 1\) before any goes past it/);
  }
});

test('startup-screen settings are stored as given, defaults filled (refusals: learning-curve-pruner.test.ts)', async () => {
  const base = { name: 'lc-screen-ok', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { loss: 'minimize' } } as const;
  const lc = { type: 'learning-curve', maxSteps: 10, startupTrials: 3 } as const;
  // The accepted form is stored as given, defaults filled (what runs is what the study shows).
  const ok = await env.client.createStudy({ ...base, algorithm: { surrogate: 'none', pruner: { ...lc, startupMinSteps: 1, startupRungTrials: 3 } } });
  const info = await ok.refresh();
  assert.deepEqual((info.algorithm as { pruner?: unknown }).pruner, { ...lc, startupMinSteps: 1, startupRungTrials: 3, threshold: 0.05, minSteps: 3, scale: 'linear', maxCurves: 64, partialRuns: 'forecast' });
});
