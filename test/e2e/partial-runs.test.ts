/**
 * BO learns from pruned trials end to end (issue 19): real servers on port 0 driven by the SDK.
 * Four runs report exponential-decay curves a + 2·e^(−t/τ) and complete, a fifth stuck near 1.8
 * is told to stop by the learning-curve pruner and pruned; the next ask's diagnostics count one
 * forecast observation (the service's partialRuns, and the GP's own forecastObservations: the
 * observation reached the model with a variance). The same script on a server without a compute
 * plane (forecast in process) and on one with a worker (forecast in the worker) hands out the
 * same point: the forecast and the fit are deterministic. Under a median pruner the pruned trial
 * is not training data, and the diagnostics say why; so it is under a surrogate that takes no
 * observation variance (stp), which would read a forecast as an exact value.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Client } from '../../sdk/index.js';
import { startTestServer, type TestServer } from './harness.js';

const MAX_STEPS = 12;
const decay = (a: number, tau: number, t: number) => a + 2 * Math.exp(-t / tau);
const opened: { server: TestServer; client: Client }[] = [];

after(async () => {
  for (const { server, client } of opened) {
    client.close();
    await server.close();
  }
});

async function open(computeWorkers: number): Promise<Client> {
  const server = await startTestServer({ server: { computeWorkers } });
  const client = await connect(server.url, { clientId: 'partial' });
  opened.push({ server, client });
  return client;
}

type Pruner = { type: 'learning-curve'; maxSteps: number; scale: 'log'; threshold: number; partialRuns?: 'forecast' | 'exclude' } | { type: 'median'; startupTrials: number };

/** Four completed curves, a fifth stuck run pruned at the pruner's advice (or after MAX_STEPS/2 reports), then one ask; its diagnostics. */
async function script(client: Client, pruner: Pruner, surrogate: 'gp' | 'stp' = 'gp'): Promise<{ diagnostics: Record<string, unknown>; params: unknown }> {
  const study = await client.createStudy({
    name: `partial-${pruner.type}`,
    space: { x: { type: 'float', low: 0, high: 1 } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate, seed: 11, initialTrials: 5, pruner },
  });
  const trials = await study.ask(5);
  for (let i = 0; i < 4; i++) {
    const id = trials[i]!.id;
    for (let t = 1; t <= MAX_STEPS; t++) await study.report(id, t, decay(0.1 * (i + 1), 3 + i, t));
    await study.tell(id, decay(0.1 * (i + 1), 3 + i, MAX_STEPS));
  }
  const stuck = trials[4]!.id;
  let advice = { prune: false } as { prune: boolean; reason?: string };
  for (let t = 1; t <= MAX_STEPS / 2 && !advice.prune; t++) advice = await study.report(stuck, t, 1.8 + 2 * Math.exp(-t / 2));
  if (pruner.type === 'learning-curve') assert.equal(advice.prune, true, advice.reason);
  await study.prune(stuck);
  const [next] = await study.ask(1);
  return { diagnostics: next!.diagnostics as Record<string, unknown>, params: next!.params };
}

test('a pruned trial under the learning-curve pruner reaches the model as a forecast observation; worker and in-process asks agree', async () => {
  const pruner = { type: 'learning-curve', maxSteps: MAX_STEPS, scale: 'log', threshold: 0.05 } as const;
  const inWorker = await script(await open(1), pruner);
  assert.equal(inWorker.diagnostics.phase, 'model', JSON.stringify(inWorker.diagnostics));
  assert.deepEqual(inWorker.diagnostics.partialRuns, { forecast: 1, ignored: 0 });
  assert.equal(inWorker.diagnostics.forecastObservations, 1, 'the GP took one observation with a known variance');
  const inProcess = await script(await open(0), pruner);
  assert.deepEqual(inProcess.diagnostics.partialRuns, { forecast: 1, ignored: 0 });
  assert.deepEqual(inProcess.params, inWorker.params, 'the same point from the worker and from this thread');
});

test("with partialRuns 'exclude' the learning-curve pruner's pruned trial is an excluded point, and the diagnostics say so", async () => {
  const { diagnostics } = await script(await open(0), { type: 'learning-curve', maxSteps: MAX_STEPS, scale: 'log', threshold: 0.05, partialRuns: 'exclude' });
  const partial = diagnostics.partialRuns as { forecast: number; ignored: number; reason: string };
  assert.equal(partial.forecast, 0);
  assert.equal(partial.ignored, 1);
  assert.match(partial.reason, /partialRuns is 'exclude'/);
  assert.equal(diagnostics.forecastObservations, undefined);
});

test('under a median pruner a pruned trial is an excluded point, not training data, and the diagnostics say so', async () => {
  const { diagnostics } = await script(await open(0), { type: 'median', startupTrials: 1 });
  const partial = diagnostics.partialRuns as { forecast: number; ignored: number; reason: string };
  assert.equal(partial.forecast, 0);
  assert.equal(partial.ignored, 1);
  assert.match(partial.reason, /pruner 'median' has no model of a curve's final value/);
  assert.equal(diagnostics.forecastObservations, undefined);
});

test('a surrogate without observation variances (stp) keeps the pruned trial out of the model, and the diagnostics say so', async () => {
  const { diagnostics } = await script(await open(0), { type: 'learning-curve', maxSteps: MAX_STEPS, scale: 'log', threshold: 0.05 }, 'stp');
  const partial = diagnostics.partialRuns as { forecast: number; ignored: number; reason: string };
  assert.deepEqual([partial.forecast, partial.ignored], [0, 1]);
  assert.match(partial.reason, /surrogate 'stp' takes no observation variance/);
});
