/**
 * Intermediate values and pruning end to end (issue 19), real server on port 0 with 'memory:'
 * storage: report idempotency over REST and socket.io (same value, different value, retries
 * with a requestId), the report -> prune flag -> prune -> state path through the SDK's optimize
 * loop, the trial:reported event, curves in listings and exports, and the refusals (queued or
 * finished trials, multi-objective studies). Expected decisions come from the median rule worked
 * by hand in the comments.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, TrialPruned, type Client } from '../../sdk/index.js';
import { startTestServer, waitFor, type TestServer } from './harness.js';
import { restCaller, socketCaller, type Call } from './wire.js';

let server: TestServer;
let client: Client;

const spec = {
  name: 'curves',
  space: { x: { type: 'float', low: 0, high: 1 } },
  objectives: { loss: 'minimize' },
  algorithm: { surrogate: 'none', seed: 5, pruner: { type: 'median', startupTrials: 1, warmupSteps: 0 } },
} as const;

before(async () => {
  server = await startTestServer();
  client = await connect(server.url, { clientId: 'curves' });
});

after(async () => {
  client.close();
  await server.close();
});

for (const transport of ['rest', 'socket'] as const) {
  test(`report over ${transport}: same value answers the stored decision, another value is CONFLICT naming both, requestId retries`, async (t) => {
    let call: Call;
    if (transport === 'rest') call = restCaller(server.url);
    else {
      const s = await socketCaller(server.url);
      t.after(() => s.close());
      call = s.call;
    }
    const study = await client.createStudy(spec);
    const [done, trial] = await study.ask(2);
    // One finished trial: 1.0 at step 0, 0.5 at step 1 (median at step 1 is 0.5, one trial).
    await study.report(done!.id, 0, 1.0);
    await study.report(done!.id, 1, 0.5);
    await study.tell(done!.id, 0.5);
    const base = { studyId: study.id, trialId: trial!.id };
    assert.deepEqual(await call('trial:report', { ...base, step: 0, value: 0.9 }), { ok: true, data: { prune: false } }, '0.9 < median 1.0 at step 0');
    const bad = await call('trial:report', { ...base, step: 1, value: 0.8 });
    // Best so far min(0.9, 0.8) = 0.8 > median 0.5 at step 1: prune.
    assert.equal(bad.ok, true);
    assert.equal(bad.data.prune, true);
    assert.match(bad.data.reason, /median 0\.5/);
    assert.deepEqual(await call('trial:report', { ...base, step: 1, value: 0.8 }), bad, 'a repeat answers the stored decision');
    const conflict = await call('trial:report', { ...base, step: 1, value: 0.7 });
    assert.equal(conflict.error?.code, 'CONFLICT');
    assert.match(conflict.error!.message, /0\.8.*0\.7/);
    // requestId: a retry answers the same; the id reused for another step is CONFLICT.
    const r2 = await call('trial:report', { ...base, step: 2, value: 0.6, requestId: `rep-${transport}` });
    assert.deepEqual(await call('trial:report', { ...base, step: 2, value: 0.6, requestId: `rep-${transport}` }), r2);
    assert.equal((await call('trial:report', { ...base, step: 3, value: 0.6, requestId: `rep-${transport}` })).error?.code, 'CONFLICT');
    // Bad input: field paths.
    const neg = await call('trial:report', { ...base, step: -1, value: 1 });
    assert.equal(neg.error?.code, 'INVALID_ARGUMENT');
    assert.deepEqual(neg.error!.issues![0]!.path, ['step']);
    assert.equal((await call('trial:report', { ...base, step: 1.5, value: 1 })).error?.code, 'INVALID_ARGUMENT');
    assert.equal((await call('trial:report', { ...base, trialId: 'nope', step: 0, value: 1 })).error?.code, 'NOT_FOUND');
    // Prune: kept value = the one at the largest step (0.6 at step 2); again is a no-op; tell after is CONFLICT.
    const pruned = await call('trial:prune', { ...base, requestId: `prune-${transport}` });
    assert.equal(pruned.data.state, 'pruned');
    assert.deepEqual(pruned.data.values, { loss: 0.6 });
    assert.deepEqual((await call('trial:prune', base)).data, pruned.data);
    assert.equal((await call('trial:tell', { ...base, values: { loss: 0.1 } })).error?.code, 'CONFLICT');
    assert.equal((await call('trial:report', { ...base, step: 9, value: 0.1 })).error?.code, 'FAILED_PRECONDITION');
    // Listings: curves only when asked; the export carries them; pruned is never best.
    const listed = await call('trial:list', { studyId: study.id, curves: true });
    const mine = listed.data.find((x: { id: string }) => x.id === trial!.id);
    assert.deepEqual(mine.intermediate, [{ step: 0, value: 0.9 }, { step: 1, value: 0.8 }, { step: 2, value: 0.6 }]);
    assert.equal((await call('trial:list', { studyId: study.id })).data.find((x: { id: string }) => x.id === trial!.id).intermediate, undefined);
    assert.equal((await study.best())!.id, done!.id);
    const exported = await study.export('json');
    assert.equal(exported.format === 'json' && exported.trials.find((x) => x.id === trial!.id)!.intermediate!.length, 3);
    assert.deepEqual((await study.refresh()).trialCounts, { queued: 0, running: 0, completed: 1, failed: 0, abandoned: 0, pruned: 1 });
  });
}

test('prune refuses a trial without a report; report refuses a queued trial; multi-objective studies refuse pruners and reports', async () => {
  const study = await client.createStudy(spec);
  const [t] = await study.ask();
  await assert.rejects(study.prune(t!.id), (e: { code?: string }) => e.code === 'FAILED_PRECONDITION');
  const queued = await study.enqueue({ x: 0.5 });
  await assert.rejects(study.report(queued.id, 0, 1), (e: { code?: string }) => e.code === 'FAILED_PRECONDITION');
  await assert.rejects(
    client.createStudy({ ...spec, objectives: { a: 'minimize', b: 'maximize' } }),
    (e: { code?: string; issues?: { path: unknown[] }[] }) => e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues![0]!.path) === '["algorithm","pruner"]',
  );
  const multi = await client.createStudy({ ...spec, objectives: { a: 'minimize', b: 'maximize' }, algorithm: { surrogate: 'none', seed: 1 } });
  const [m] = await multi.ask();
  await assert.rejects(multi.report(m!.id, 0, 1), (e: { code?: string }) => e.code === 'FAILED_PRECONDITION');
  const hb = await client
    .createStudy({ ...spec, algorithm: { surrogate: 'none', pruner: { type: 'hyperband', minResource: 9, maxResource: 3 } } })
    .catch((e: { code?: string; issues?: { path: unknown[] }[] }) => e);
  assert.equal((hb as { code?: string }).code, 'INVALID_ARGUMENT');
  assert.deepEqual((hb as { issues: { path: unknown[] }[] }).issues[0]!.path, ['algorithm', 'pruner', 'maxResource']);
});

test('optimize: an objective reports each epoch, throws TrialPruned on the advice, and the trial ends pruned; rooms see trial:reported', async () => {
  const study = await client.createStudy({ ...spec, algorithm: { surrogate: 'none', seed: 9, pruner: { type: 'asha', minResource: 1, reductionFactor: 3 } } });
  const seen: Record<string, unknown>[] = [];
  const off = await study.on('trial:reported', (p) => seen.push(p));
  let reports = 0;
  // Curves loss_k = x + 1/(k+1): ordered by x at every step, so ASHA's rung rule decides by x.
  await study.optimize(
    async (p, _trial, ctx) => {
      for (let k = 0; k < 10; k++) {
        const d = await ctx.report(k, p.x + 1 / (k + 1));
        reports++;
        if (d.prune) throw new TrialPruned(d.reason);
      }
      return p.x + 0.1;
    },
    { trials: 8 },
  );
  off();
  const trials = await study.trials();
  const states = trials.map((t) => t.state);
  assert.equal(states.length, 8);
  assert.ok(states.includes('pruned') && states.includes('completed'), states.join(','));
  for (const t of trials.filter((x) => x.state === 'pruned')) {
    // Kept value = its last report x + 1/(k+1) at the step it stopped, worse than the final x + 0.1.
    assert.ok(t.values!.loss > t.params.x + 0.1);
  }
  await waitFor(() => seen.length === reports, 5000, 'one trial:reported per report');
  assert.deepEqual(Object.keys(seen[0]!).sort(), ['number', 'prune', 'step', 'studyId', 'trialId', 'value']);
});

test('a pruned point is taken: a finite space is exhausted by completed plus pruned trials, and asks never repeat a pruned point', async () => {
  const study = await client.createStudy({ name: 'finite', space: { c: { type: 'categorical', choices: ['a', 'b'] } }, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'none', seed: 1 } });
  const [first] = await study.ask();
  await study.report(first!.id, 0, 1);
  await study.prune(first!.id);
  const [second] = await study.ask();
  assert.notEqual(second!.params.c, first!.params.c);
  await study.tell(second!.id, 0.5);
  await assert.rejects(study.ask(), (e: { code?: string }) => e.code === 'FAILED_PRECONDITION');
});
