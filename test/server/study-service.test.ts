import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../protocol/messages.js';
import { BoError } from '../../core/errors.js';
import type { StudyService } from '../../server/study-service.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService as Service } from '../../server/study-service.js';
import { createPolicy } from '../../policy/create-policy.js';
import { createSearchSpace } from '../../core/search-space.js';
import { branin, braninValue, makeService } from './service-fixture.js';

/** Parses like a transport (zod defaults applied), then calls the service. */
function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

async function rejectsWith(p: Promise<unknown>, code: string, path?: (string | number)[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof BoError, `expected BoError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (path) assert.deepEqual(e.issues?.[0]?.path, path);
    return true;
  });
}

test('create, get, list, delete studies', async () => {
  const { service } = makeService();
  const a = await call(service, 'study:create', branin());
  const b = await call(service, 'study:create', branin({ name: 'other', leaseSeconds: 5, metadata: { owner: 'x' } }));
  assert.equal(a.name, 'branin');
  assert.equal(a.leaseSeconds, 3600);
  assert.equal(b.leaseSeconds, 5);
  assert.deepEqual(b.metadata, { owner: 'x' });
  assert.deepEqual(a.trialCounts, { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 });
  assert.equal(a.algorithm.surrogate, 'none');
  assert.deepEqual((await call(service, 'study:get', { studyId: a.id })).id, a.id);
  assert.deepEqual((await call(service, 'study:list', {})).map((s) => s.id).sort(), [a.id, b.id].sort());
  assert.equal((await call(service, 'study:list', { limit: 1 })).length, 1);
  assert.deepEqual(await call(service, 'study:delete', { studyId: a.id }), { deleted: true });
  await rejectsWith(call(service, 'study:get', { studyId: a.id }), 'NOT_FOUND', ['studyId']);
  await rejectsWith(call(service, 'study:delete', { studyId: a.id }), 'NOT_FOUND');
  await rejectsWith(call(service, 'trial:ask', { studyId: a.id }), 'NOT_FOUND');
});

test('create with a requestId is idempotent; a bad space names the field', async () => {
  const { service } = makeService();
  const a = await call(service, 'study:create', branin({ requestId: 'r1' }));
  const again = await call(service, 'study:create', branin({ requestId: 'r1' }));
  assert.equal(again.id, a.id);
  assert.equal((await call(service, 'study:list', {})).length, 1);
  await rejectsWith(call(service, 'study:create', branin({ requestId: 'r1', name: 'different' })), 'CONFLICT');
  await rejectsWith(
    call(service, 'study:create', { ...branin(), space: { x: { type: 'float', low: 2, high: 1 } } }),
    'INVALID_ARGUMENT',
  );
  try {
    await call(service, 'study:create', { ...branin(), space: { x: { type: 'float', low: 2, high: 1 } } });
  } catch (e) {
    assert.equal((e as BoError).issues?.[0]?.path[0], 'space');
  }
});

test('ask/tell/fail flow, trial numbers, best and events', async () => {
  const { service, events } = makeService();
  const s = await call(service, 'study:create', branin());
  const { trials } = await call(service, 'trial:ask', { studyId: s.id, count: 3, clientId: 'c1' });
  assert.deepEqual(trials.map((t) => t.number), [0, 1, 2]);
  for (const t of trials) {
    assert.equal(t.state, 'running');
    assert.ok(t.leaseExpiresAt);
    assert.equal(t.diagnostics?.phase, 'space-filling');
    assert.ok((t.params.x1 as number) >= -5 && (t.params.x1 as number) <= 10);
  }
  const told = await call(service, 'trial:tell', { studyId: s.id, trialId: trials[0]!.id, values: { loss: braninValue(trials[0]!.params) } });
  assert.equal(told.state, 'completed');
  assert.equal(told.leaseExpiresAt, undefined);
  await call(service, 'trial:tell', { studyId: s.id, trialId: trials[1]!.id, values: { loss: -1 }, cost: 2 });
  const failed = await call(service, 'trial:fail', { studyId: s.id, trialId: trials[2]!.id, reason: 'oom' });
  assert.equal(failed.state, 'failed');
  assert.equal(failed.failReason, 'oom');
  const best = await call(service, 'trial:best', { studyId: s.id });
  assert.equal(best?.id, trials[1]!.id);
  assert.equal(best?.cost, 2);
  const counts = (await call(service, 'study:get', { studyId: s.id })).trialCounts;
  assert.deepEqual(counts, { queued: 0, running: 0, completed: 2, failed: 1, abandoned: 0, pruned: 0 });
  const kinds = events.map((e) => e.event);
  assert.ok(kinds.includes('trial:asked'));
  assert.equal(kinds.filter((k) => k === 'trial:completed').length, 3);
  assert.ok(kinds.includes('study:updated'));
  assert.ok(events.every((e) => e.studyId === s.id));
  const filtered = await call(service, 'trial:list', { studyId: s.id, states: ['completed'] });
  assert.deepEqual(filtered.map((t) => t.number), [0, 1]);
});

test('best is direction-aware and null without completed trials', async () => {
  const { service } = makeService();
  const s = await call(service, 'study:create', branin({ objectives: { acc: 'maximize' } }));
  assert.equal(await call(service, 'trial:best', { studyId: s.id }), null);
  const added = await call(service, 'trial:add', {
    studyId: s.id,
    trials: [
      { params: { x1: 0, x2: 0 }, values: { acc: 0.5 } },
      { params: { x1: 1, x2: 1 }, values: { acc: 0.9 } },
      { params: { x1: 2, x2: 2 }, values: { acc: 0.1 } },
      { params: { x1: 3, x2: 3 }, values: { acc: 0.9 } },
    ],
  });
  assert.deepEqual(added.map((t) => t.state), ['completed', 'completed', 'completed', 'completed']);
  assert.equal((await call(service, 'trial:best', { studyId: s.id }))?.number, 1);
  const m = await call(service, 'study:create', branin());
  await call(service, 'trial:add', { studyId: m.id, trials: [{ params: { x1: 0, x2: 0 }, values: { loss: 3 } }, { params: { x1: 1, x2: 1 }, values: { loss: -2 } }] });
  assert.equal((await call(service, 'trial:best', { studyId: m.id }))?.values?.loss, -2);
});

test('told values must name exactly the objectives', async () => {
  const { service } = makeService();
  const s = await call(service, 'study:create', branin());
  const [t] = (await call(service, 'trial:ask', { studyId: s.id })).trials;
  await rejectsWith(call(service, 'trial:tell', { studyId: s.id, trialId: t!.id, values: {} }), 'INVALID_ARGUMENT', ['values', 'loss']);
  await rejectsWith(call(service, 'trial:tell', { studyId: s.id, trialId: t!.id, values: { loss: 1, acc: 2 } }), 'INVALID_ARGUMENT', ['values', 'acc']);
  // The schema rejects NaN; the service checks again for callers that skip zod.
  await rejectsWith(service.tell({ studyId: s.id, trialId: t!.id, values: { loss: Number.NaN } }), 'INVALID_ARGUMENT', ['values', 'loss']);
  await rejectsWith(call(service, 'trial:tell', { studyId: s.id, trialId: 'nope', values: { loss: 1 } }), 'NOT_FOUND', ['trialId']);
  await rejectsWith(call(service, 'trial:add', { studyId: s.id, trials: [{ params: { x1: 0, x2: 0 }, values: { loss: 1 } }, { params: { x1: 0, x2: 99 }, values: { loss: 1 } }] }), 'INVALID_ARGUMENT', ['trials', 1, 'params', 'x2']);
  await rejectsWith(call(service, 'trial:add', { studyId: s.id, trials: [{ params: { x1: 0, x2: 0 }, values: { los: 1 } }] }), 'INVALID_ARGUMENT', ['trials', 0, 'values', 'loss']);
  await rejectsWith(call(service, 'trial:add', { studyId: s.id, trials: [{ params: { x1: 0, x2: 0 }, values: { loss: 1 }, cost: -1 }] }), 'INVALID_ARGUMENT', ['trials', 0, 'cost']);
  assert.equal((await call(service, 'trial:list', { studyId: s.id })).length, 1, 'a rejected add writes nothing');
});

test('tell is compare-and-set: same values again is a no-op, different values CONFLICT', async () => {
  const { service, events } = makeService();
  const s = await call(service, 'study:create', branin());
  const [t] = (await call(service, 'trial:ask', { studyId: s.id })).trials;
  const first = await call(service, 'trial:tell', { studyId: s.id, trialId: t!.id, values: { loss: 1.5 } });
  const n = events.filter((e) => e.event === 'trial:completed').length;
  const second = await call(service, 'trial:tell', { studyId: s.id, trialId: t!.id, values: { loss: 1.5 } });
  assert.deepEqual(second, first);
  assert.equal(events.filter((e) => e.event === 'trial:completed').length, n, 'no second completion event');
  await rejectsWith(call(service, 'trial:tell', { studyId: s.id, trialId: t!.id, values: { loss: 2 } }), 'CONFLICT');
  await rejectsWith(call(service, 'trial:fail', { studyId: s.id, trialId: t!.id }), 'CONFLICT');
  // A retried tell with the same requestId answers the trial even when the values differ (the first call won).
  const [u] = (await call(service, 'trial:ask', { studyId: s.id })).trials;
  await call(service, 'trial:tell', { studyId: s.id, trialId: u!.id, values: { loss: 3 }, requestId: 'tell-1' });
  const retried = await call(service, 'trial:tell', { studyId: s.id, trialId: u!.id, values: { loss: 3 }, requestId: 'tell-1' });
  assert.equal(retried.values?.loss, 3);
  assert.equal((await call(service, 'trial:list', { studyId: s.id, states: ['completed'] })).length, 2);
});

test('a retried ask returns the original trials, also after a restart', async () => {
  const storage = new MemoryStorage();
  const { service } = makeService({ storage });
  const s = await call(service, 'study:create', branin());
  const a = await call(service, 'trial:ask', { studyId: s.id, count: 2, requestId: 'ask-1', clientId: 'c' });
  const b = await call(service, 'trial:ask', { studyId: s.id, count: 2, requestId: 'ask-1', clientId: 'c' });
  assert.deepEqual(b.trials.map((t) => t.id), a.trials.map((t) => t.id));
  // A new service over the same storage stands for a restarted server.
  const restarted = makeService({ storage }).service;
  const c = await call(restarted, 'trial:ask', { studyId: s.id, count: 2, requestId: 'ask-1', clientId: 'c' });
  assert.deepEqual(c.trials.map((t) => t.id), a.trials.map((t) => t.id));
  assert.equal((await call(restarted, 'trial:list', { studyId: s.id })).length, 2);
  const d = await call(restarted, 'trial:ask', { studyId: s.id, count: 1, requestId: 'ask-2' });
  assert.equal(d.trials[0]!.number, 2);
  await rejectsWith(call(restarted, 'trial:enqueue', { studyId: s.id, params: { x1: 0, x2: 0 }, requestId: 'ask-2' }), 'CONFLICT');
});

test('parallel asks never hand out the same point; 20 concurrent asks get consecutive numbers', async () => {
  const { service } = makeService();
  const s = await call(service, 'study:create', branin());
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call(service, 'trial:ask', { studyId: s.id, clientId: `w${i}` })));
  const trials = answers.flatMap((a) => a.trials);
  assert.equal(trials.length, 20);
  assert.deepEqual(trials.map((t) => t.number).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
  assert.equal(new Set(trials.map((t) => t.id)).size, 20);
  assert.equal(new Set(trials.map((t) => JSON.stringify(t.params))).size, 20, 'distinct points');
});

test('different studies are not serialised behind each other', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { service } = makeService({
    override: () => ({
      suggest: async (req) => {
        await gate;
        return { suggestions: [{ x1: 0, x2: 0 }], state: {}, diagnostics: { phase: 'model' } };
      },
    }),
  });
  const slow = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp' } }));
  const fast = await call(service, 'study:create', branin());
  const pending = call(service, 'trial:ask', { studyId: slow.id });
  const quick = await call(service, 'trial:ask', { studyId: fast.id });
  assert.equal(quick.trials.length, 1, 'the other study answered while the first is blocked');
  release();
  assert.equal((await pending).trials[0]!.diagnostics?.phase, 'model');
});

test('lease expiry frees a point; heartbeats extend the lease; a late tell still counts', async () => {
  const pendings: unknown[][] = [];
  const { service, clock } = makeService({
    override: () => ({
      suggest: async (req) => {
        pendings.push([...req.pending]);
        return { suggestions: Array.from({ length: req.count }, (_, i) => ({ x1: i + req.pending.length, x2: 0 })), state: {}, diagnostics: { phase: 'model' } };
      },
    }),
  });
  const s = await call(service, 'study:create', branin({ leaseSeconds: 10, algorithm: { surrogate: 'gp' } }));
  const [a, b] = (await call(service, 'trial:ask', { studyId: s.id, count: 2 })).trials;
  clock.advance(8);
  const beat = await call(service, 'trial:heartbeat', { studyId: s.id, trialId: b!.id });
  assert.equal(beat.leaseExpiresAt, new Date(clock.t + 10_000).toISOString());
  clock.advance(5);
  const [c] = (await call(service, 'trial:ask', { studyId: s.id })).trials;
  const list = await call(service, 'trial:list', { studyId: s.id });
  assert.deepEqual(list.map((t) => t.state), ['abandoned', 'running', 'running']);
  // The expired trial's point is no longer pending: only b (heartbeat) blocks its point.
  assert.deepEqual(pendings.at(-1), [b!.params]);
  assert.deepEqual(c!.params, { x1: 1, x2: 0 });
  const late = await call(service, 'trial:tell', { studyId: s.id, trialId: a!.id, values: { loss: 1 } });
  assert.equal(late.state, 'completed');
  const hb = await call(service, 'trial:heartbeat', { studyId: s.id, trialId: a!.id });
  assert.equal(hb.state, 'completed', 'heartbeat leaves a finished trial alone');
  await rejectsWith(call(service, 'trial:heartbeat', { studyId: s.id, trialId: 'nope' }), 'NOT_FOUND');
  clock.advance(11);
  assert.equal(await service.sweepExpiredLeases(), 2);
});

test('enqueue then ask returns the enqueued params first; enqueue validates and is idempotent', async () => {
  const { service } = makeService();
  const s = await call(service, 'study:create', branin());
  const q1 = await call(service, 'trial:enqueue', { studyId: s.id, params: { x1: 1, x2: 2 }, requestId: 'e1' });
  const again = await call(service, 'trial:enqueue', { studyId: s.id, params: { x1: 1, x2: 2 }, requestId: 'e1' });
  assert.equal(again.id, q1.id);
  assert.equal(q1.state, 'queued');
  await call(service, 'trial:enqueue', { studyId: s.id, params: { x1: 3, x2: 4 } });
  await rejectsWith(call(service, 'trial:enqueue', { studyId: s.id, params: { x1: 1 } }), 'INVALID_ARGUMENT', ['params', 'x2']);
  await rejectsWith(call(service, 'trial:enqueue', { studyId: s.id, params: { x1: 1, x2: 2, zz: 1 } }), 'INVALID_ARGUMENT', ['params', 'zz']);
  await rejectsWith(call(service, 'trial:enqueue', { studyId: s.id, params: { x1: 11, x2: 2 } }), 'INVALID_ARGUMENT', ['params', 'x1']);
  // A queued trial cannot be told.
  await rejectsWith(call(service, 'trial:tell', { studyId: s.id, trialId: q1.id, values: { loss: 1 } }), 'FAILED_PRECONDITION');
  const { trials } = await call(service, 'trial:ask', { studyId: s.id, count: 3, requestId: 'mixed' });
  assert.deepEqual(trials.map((t) => t.params), [{ x1: 1, x2: 2 }, { x1: 3, x2: 4 }, trials[2]!.params]);
  assert.deepEqual(trials.map((t) => t.state), ['running', 'running', 'running']);
  assert.equal(trials[2]!.number, 2);
  const retried = await call(service, 'trial:ask', { studyId: s.id, count: 3, requestId: 'mixed' });
  assert.deepEqual(retried.trials.map((t) => t.id), trials.map((t) => t.id));
});

test('a throwing policy still answers the ask with a Sobol point and says why', async () => {
  const { service } = makeService({ override: () => ({ suggest: async () => { throw new Error('cholesky exploded'); } }) });
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp' } }));
  const { trials } = await call(service, 'trial:ask', { studyId: s.id, count: 2 });
  assert.equal(trials.length, 2);
  assert.equal(trials[0]!.diagnostics?.phase, 'fallback');
  assert.match(String(trials[0]!.diagnostics?.fallbackReason), /cholesky exploded/);
});

test('a policy that hangs is aborted at the hard limit and the ask falls back', async () => {
  let aborted = false;
  const { service } = makeService({
    hardLimitMs: 50,
    override: () => ({
      suggest: (req) => {
        req.signal?.addEventListener('abort', () => (aborted = true));
        return new Promise(() => {});
      },
    }),
  });
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp' } }));
  const [t] = (await call(service, 'trial:ask', { studyId: s.id })).trials;
  assert.equal(t!.diagnostics?.phase, 'fallback');
  assert.match(String(t!.diagnostics?.fallbackReason), /50 ms/);
  assert.ok(aborted, 'the policy saw its signal abort');
  assert.equal((await call(service, 'trial:ask', { studyId: s.id })).trials[0]!.number, 1, 'the lock was released');
});

test('a policy returning points outside the space falls back too', async () => {
  const { service } = makeService({ override: () => ({ suggest: async () => ({ suggestions: [{ x1: 99, x2: 0 }], state: {}, diagnostics: { phase: 'model' } }) }) });
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp' } }));
  const [t] = (await call(service, 'trial:ask', { studyId: s.id })).trials;
  assert.equal(t!.diagnostics?.phase, 'fallback');
  assert.ok((t!.params.x1 as number) <= 10);
});

test('the policy state warm-starts the next ask and is stored', async () => {
  const seen: unknown[] = [];
  const { service, storage } = makeService({
    override: () => ({
      suggest: async (req) => {
        seen.push(req.state);
        const n = ((req.state?.n as number | undefined) ?? 0) + 1;
        req.onProgress?.({ stage: 'fit', fraction: 1 });
        return { suggestions: Array.from({ length: req.count }, () => ({ x1: n, x2: req.pending.length })), state: { n }, diagnostics: { phase: 'model' } };
      },
    }),
  });
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp' } }));
  const a = await call(service, 'trial:ask', { studyId: s.id });
  const b = await call(service, 'trial:ask', { studyId: s.id });
  assert.deepEqual(seen as unknown[], [undefined, { n: 1 }]);
  assert.deepEqual(b.trials[0]!.params, { x1: 2, x2: 1 }, 'pending holds the running trial');
  assert.equal(a.trials[0]!.diagnostics?.phase, 'model');
  assert.deepEqual(await storage.getPolicyState(s.id), { n: 2 });
  const restarted = makeService({ storage, override: () => ({ suggest: async (req) => (seen.push(req.state), { suggestions: [{ x1: 0, x2: 0 }], state: {}, diagnostics: { phase: 'model' } }) }) }).service;
  await call(restarted, 'trial:ask', { studyId: s.id });
  assert.deepEqual(seen.at(-1), { n: 2 }, 'state survives a restart through storage');
});

test('fit:progress events come from the policy onProgress', async () => {
  const { service, events } = makeService({
    override: () => ({
      suggest: async (req) => {
        req.onProgress?.({ stage: 'fit', fraction: 0.5 });
        return { suggestions: [{ x1: 0, x2: 0 }], state: {}, diagnostics: { phase: 'model' } };
      },
    }),
  });
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp' } }));
  await call(service, 'trial:ask', { studyId: s.id });
  assert.deepEqual(events.find((e) => e.event === 'fit:progress')?.payload, { studyId: s.id, stage: 'fit', fraction: 0.5 });
});

test('JSON and CSV export', async () => {
  const { service } = makeService();
  const s = await call(service, 'study:create', {
    name: 'mix',
    space: { lr: { type: 'float', low: 1e-4, high: 1, log: true }, opt: { type: 'categorical', choices: ['adam', 'sgd,m'] }, w: { type: 'simplex', components: ['a', 'b'] } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'none' },
  });
  await call(service, 'trial:add', { studyId: s.id, trials: [{ params: { lr: 0.01, opt: 'sgd,m', w: { a: 0.25, b: 0.75 } }, values: { loss: 0.5 } }] });
  const [t] = (await call(service, 'trial:ask', { studyId: s.id })).trials;
  await call(service, 'trial:fail', { studyId: s.id, trialId: t!.id, reason: 'said "no"' });
  const json = await call(service, 'study:export', { studyId: s.id });
  assert.equal(json.format, 'json');
  if (json.format !== 'json') throw new Error('unreachable');
  assert.equal(json.study.id, s.id);
  assert.deepEqual(json.trials.map((x) => x.state), ['completed', 'failed']);
  const csv = await call(service, 'study:export', { studyId: s.id, format: 'csv' });
  if (csv.format !== 'csv') throw new Error('expected csv');
  const lines = csv.content.trimEnd().split('\r\n');
  assert.equal(lines[0], 'number,id,state,lr,opt,w.a,w.b,loss,cost,created_at,finished_at,fail_reason');
  assert.equal(lines.length, 3);
  const row0 = lines[1]!.split(',');
  assert.equal(row0[0], '0');
  assert.equal(row0[2], '"completed"', 'strings are always quoted (csv-export.ts), numbers bare');
  assert.equal(row0[3], '0.01');
  assert.equal(row0[4], '"sgd');
  assert.ok(lines[1]!.includes('"sgd,m",0.25,0.75,0.5,'));
  assert.ok(lines[2]!.endsWith(',"said ""no"""'));
});

test('health reports version, storage, backends and uptime', async () => {
  const { service, clock } = makeService();
  clock.advance(3);
  const h = await call(service, 'health', {});
  assert.deepEqual(h, { version: '9.9.9', storage: 'memory:', tensorBackend: 'not loaded', linalg: 'js', uptimeSeconds: 3, compute: { workers: 0, busy: 0, queued: 0, restarts: 0 } });
});

test('with the real GP policy: initial design, then the model, state stored; restart keeps asking', async () => {
  const storage = new MemoryStorage();
  const service = new Service({ storage, createPolicy, createSearchSpace });
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp', initialTrials: 3, seed: 2, exploration: { mode: 'off' } } }));
  const phases: string[] = [];
  for (let i = 0; i < 5; i++) {
    const [t] = (await call(service, 'trial:ask', { studyId: s.id })).trials;
    phases.push(String(t!.diagnostics?.phase));
    await call(service, 'trial:tell', { studyId: s.id, trialId: t!.id, values: { loss: braninValue(t!.params) } });
  }
  assert.deepEqual(phases.slice(0, 3), ['initial-design', 'initial-design', 'initial-design']);
  assert.deepEqual(phases.slice(3), ['model', 'model']);
  assert.ok(await storage.getPolicyState(s.id), 'the fitted state is stored');
  const restarted = new Service({ storage, createPolicy, createSearchSpace });
  const [t] = (await call(restarted, 'trial:ask', { studyId: s.id })).trials;
  assert.equal(t!.diagnostics?.phase, 'model');
  assert.equal(t!.number, 5);
});

test('a study whose surrogate cannot be built still gets answers (fallback)', async () => {
  const storage = new MemoryStorage();
  const { service } = makeService({ storage });
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp' } }));
  const broken = new Service({ storage, createPolicy: (alg) => (alg.surrogate === 'none' ? createPolicy(alg) : (() => { throw new BoError('FAILED_PRECONDITION', 'gp is not in this build'); })()), createSearchSpace });
  const [t] = (await call(broken, 'trial:ask', { studyId: s.id })).trials;
  assert.equal(t!.diagnostics?.phase, 'fallback');
  assert.match(String(t!.diagnostics?.fallbackReason), /not in this build/);
});

test('a study whose tensor backend cannot load is refused at create (FAILED_PRECONDITION), nothing stored, not Sobol on every ask', async () => {
  const storage = new MemoryStorage();
  const service = new Service({
    storage,
    createPolicy: (alg, extras) => createPolicy(alg, extras),
    createSearchSpace,
    probeAlgorithm: async () => {
      throw new BoError('FAILED_PRECONDITION', "surrogate 'dkl' needs a TensorFlow.js backend and none loads here", [{ path: ['algorithm', 'surrogate'], message: 'no backend' }]);
    },
  });
  await rejectsWith(call(service, 'study:create', branin({ algorithm: { surrogate: 'dkl', seed: 1 } })), 'FAILED_PRECONDITION', ['algorithm', 'surrogate']);
  assert.equal((await storage.listStudies(10)).length, 0);
  // A spec refused on its own is refused before any probe runs (cheap errors first).
  await rejectsWith(call(service, 'study:create', branin({ algorithm: { surrogate: 'dkl', surrogateOptions: { widht: 3 } } })), 'INVALID_ARGUMENT', ['algorithm', 'surrogateOptions', 'widht']);
  // The surrogates that need no probe are created as before, with their effective algorithm.
  const gp = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp', seed: 1 } }));
  assert.deepEqual(gp.effectiveAlgorithm, { policy: 'bo', surrogate: 'gp', acquisition: 'qlognei', trustRegion: 'on-stall', trustRegionIncumbent: 'posterior-mean', trustRegionNoisySearch: 'global', trustRegionNoisyGlobalMinDim: 5, outputTransform: 'half-rank', noisyRefit: { transform: 'standardize', minDim: 5, maxDim: 10 }, exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, gpLengthscalePrior: 'gamma', gpLikelihood: 'robust', gpVerifyOutliers: true });
});
