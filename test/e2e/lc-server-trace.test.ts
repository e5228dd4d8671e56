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
import { connect, type Client } from '../../sdk/index.js';
import { startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let client: Client;
before(async () => {
  server = await startTestServer({ server: { computeWorkers: 1 } });
  client = await connect(server.url, { clientId: 'lc-trace' });
});
after(async () => {
  client.close();
  await server.close();
});
const table = loadCurveTable();
const SCREEN = { startupMinSteps: 1, startupRungTrials: 3 } as const;
const BUDGET = 160;

test('service and simulation give the same trace with the startup screen (seeds 3 and 4, 160 epochs)', async () => {
  for (const seed of [3, 4]) {
    const cache = memoryHyperCache();
    const pruner = new LearningCurvePruner(LearningCurveSpec.parse({ ...LC_PRUNER, ...SCREEN, maxSteps: table.epochs }), inProcessRunner(table.space, cache));
    const sim = await simulate(table, { sampler: 'bo', pruner, partialRuns: 'ignore', budgetEpochs: BUDGET, seed, initialTrials: 10, forecast: { scale: LC_PRUNER.scale, maxCurves: LC_PRUNER.maxCurves } }, cache);
    const served = await runServerSeed(client, table, seed, BUDGET, 'exclude', 10, SCREEN);
    assert.deepEqual(served.trace, sim.trace, `seed ${seed}`);
    assert.equal(served.pruned, sim.pruned);
    // The first two runs stop at step 1 (the screen's calibration), and the reason says so.
    assert.deepEqual(served.trace.slice(0, 2).map(([e]) => e), [1, 2]);
    assert.match(served.pruneReasons[0]!, /^startup \(0 of 3 trials completed\): run 1 of the 3 that must reach rung 0 \(step 1\) before any goes past it/);
  }
});

test('startup-screen settings the server cannot honour are refused at create with the field path', async () => {
  const base = { name: 'lc-screen-bad', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { loss: 'minimize' } } as const;
  const lc = { type: 'learning-curve', maxSteps: 10, startupTrials: 3 } as const;
  const cases = [
    [{ ...lc, startupMinSteps: 0 }, ['algorithm', 'pruner', 'startupMinSteps']],
    [{ ...lc, startupMinSteps: 1.5 }, ['algorithm', 'pruner', 'startupMinSteps']],
    [{ ...lc, startupMinSteps: 10 }, ['algorithm', 'pruner', 'startupMinSteps']],
    [{ ...lc, startupRungTrials: 0 }, ['algorithm', 'pruner', 'startupRungTrials']],
    [{ ...lc, startupRungTrials: 'three' }, ['algorithm', 'pruner', 'startupRungTrials']],
    // The screen runs only during startup: without startup trials its settings would do nothing.
    [{ ...lc, startupTrials: 0, startupMinSteps: 1 }, ['algorithm', 'pruner', 'startupMinSteps']],
    [{ ...lc, startupTrials: 0, startupRungTrials: 3 }, ['algorithm', 'pruner', 'startupRungTrials']],
  ] as const;
  for (const [pruner, path] of cases) {
    await assert.rejects(
      client.createStudy({ ...base, algorithm: { surrogate: 'none', pruner } as never }),
      (e: { code?: string; issues?: { path: (string | number)[] }[] }) => e.code === 'INVALID_ARGUMENT' && e.issues!.some((i) => JSON.stringify(i.path) === JSON.stringify(path)),
      JSON.stringify(pruner),
    );
  }
  // The accepted form is stored as given, defaults filled (what runs is what the study shows).
  const ok = await client.createStudy({ ...base, name: 'lc-screen-ok', algorithm: { surrogate: 'none', pruner: { ...lc, startupMinSteps: 1, startupRungTrials: 3 } } });
  const info = await ok.refresh();
  assert.deepEqual((info.algorithm as { pruner?: unknown }).pruner, { ...lc, startupMinSteps: 1, startupRungTrials: 3, threshold: 0.05, minSteps: 3, scale: 'linear', maxCurves: 64, partialRuns: 'forecast' });
});
