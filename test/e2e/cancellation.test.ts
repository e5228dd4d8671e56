/**
 * Cancellation end to end, on the real server (port 0, one compute worker, the test policies): a
 * client that goes away while its model-phase ask is running or queued (socket: disconnect; REST:
 * the request closed early) gets nothing committed, the worker is free again, and a retry with the
 * same requestId from a new connection gets a proper answer. Semantics only: every wait is for an
 * event or a state, and the running job is held by a gate the test opens, not by a clock.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { startTestServer, waitFor, type TestServer } from './harness.js';
import { restCaller, socketCaller, type AckBody } from './wire.js';
import { closeGate, GATE_SEED, openGate } from '../server/compute/test-policies.js';

const TEST_POLICIES = new URL('../server/compute/test-policies.ts', import.meta.url);
const SPACE = { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } };

type Transport = 'socket' | 'rest';
type Phase = 'running' | 'queued';

/** The server, a REST caller and a socket that records every fit:progress of the studies it subscribed to. */
async function setup(t: TestContext) {
  closeGate();
  const server: TestServer = await startTestServer({ server: { computeWorkers: 1, computePolicyModule: TEST_POLICIES } });
  const watcher: Socket = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  t.after(async () => {
    closeGate();
    watcher.close();
    await server.close();
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('connect', resolve);
    watcher.once('connect_error', reject);
  });
  const progress: { studyId: string; stage: string; position?: number }[] = [];
  watcher.on('fit:progress', (p: (typeof progress)[number]) => progress.push(p));
  const rest = restCaller(server.url);
  /** A gp study past its initial design (its next ask is a model phase, run in the worker), watched. */
  const study = async (seed: number): Promise<string> => {
    const s = await rest('study:create', { name: `s${seed}`, space: SPACE, objectives: { y: 'minimize' }, algorithm: { surrogate: 'gp', initialTrials: 2, seed } });
    const id = s.data.id as string;
    await rest('trial:add', { studyId: id, trials: [0.1, 0.5, 0.9].map((a) => ({ params: { a, b: 1 - a }, values: { y: a * a } })) });
    await watcher.timeout(10_000).emitWithAck('study:subscribe', { studyId: id });
    return id;
  };
  const compute = async () => ((await rest('health', {})).data as { compute: { busy: number; queued: number } }).compute;
  return { server, rest, progress, study, compute };
}

/** Sends an ask that the test abandons: over a socket it then disconnects, over REST it aborts the fetch. */
async function abandonedAsk(transport: Transport, url: string, studyId: string, requestId: string): Promise<() => void> {
  if (transport === 'socket') {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.emit('trial:ask', { studyId, requestId }, () => undefined);
    return () => socket.close();
  }
  const ctrl = new AbortController();
  fetch(`${url}/v1/studies/${studyId}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestId }), signal: ctrl.signal }).catch(() => undefined);
  return () => ctrl.abort();
}

async function scenario(t: TestContext, transport: Transport, phase: Phase): Promise<void> {
  const { server, rest, progress, study, compute } = await setup(t);
  // Running: the target's own job holds the worker at the gate. Queued: another study's job does,
  // and the target's job waits behind it.
  const target = await study(phase === 'running' ? GATE_SEED : 7);
  let blocker: Promise<AckBody> | undefined;
  if (phase === 'queued') {
    const other = await study(GATE_SEED);
    blocker = rest('trial:ask', { studyId: other, requestId: 'blocker' });
    await waitFor(() => progress.some((p) => p.studyId === other && p.stage === 'gated'), 60_000, 'the blocker at the gate');
  }
  const leave = await abandonedAsk(transport, server.url, target, 'ask-1');
  const reached = phase === 'running' ? (p: (typeof progress)[number]) => p.stage === 'gated' : (p: (typeof progress)[number]) => p.stage === 'queued' && p.position === 1;
  await waitFor(() => progress.some((p) => p.studyId === target && reached(p)), 60_000, `the ask ${phase}`);
  leave();
  // The study's lock is free again only once the abandoned ask gave up (with the gate closed it
  // cannot have finished): a write of the same study now goes through.
  const added = await rest('trial:add', { studyId: target, trials: [{ params: { a: 0.3, b: 0.3 }, values: { y: 0.09 } }] });
  assert.equal(added.ok, true);
  if (phase === 'queued') assert.equal((await compute()).queued, 0, 'the abandoned job left the queue');
  openGate();
  await blocker;
  let c = await compute();
  while (c.busy > 0 || c.queued > 0) {
    await new Promise((r) => setTimeout(r, 20));
    c = await compute();
  }
  assert.deepEqual((await rest('trial:list', { studyId: target, states: 'running' })).data, [], 'the abandoned ask committed nothing, even after its job ended');
  const retry = transport === 'socket' ? await socketCaller(server.url) : { call: rest, close: () => undefined };
  t.after(() => retry.close());
  const answer = await retry.call('trial:ask', { studyId: target, requestId: 'ask-1' });
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  const trials = answer.data.trials as { id: string; diagnostics?: { phase?: string } }[];
  assert.equal(trials.length, 1);
  assert.equal(trials[0]!.diagnostics?.phase, 'model', 'a proper answer, not a fallback');
  const running = (await rest('trial:list', { studyId: target, states: 'running' })).data as { id: string }[];
  assert.deepEqual(running.map((r) => r.id), [trials[0]!.id], 'only the retry handed out a trial');
}

for (const transport of ['socket', 'rest'] as const) {
  for (const phase of ['running', 'queued'] as const) {
    const how = transport === 'socket' ? 'a socket that disconnects' : 'a REST request closed early';
    // The timeout only keeps a regression (an ask that never lets go of its study) from hanging the run.
    test(`${how} while its ask is ${phase}: nothing committed, the worker is free again, a retry (same requestId, new connection) is answered`, { timeout: 180_000 }, (t) => scenario(t, transport, phase));
  }
}
