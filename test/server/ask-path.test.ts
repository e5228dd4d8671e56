/**
 * The ask/tell hot path: what the policy sees (the in-memory completed cache must give exactly
 * what a full listing gives, before and after a restart), what storage is read per operation (no
 * whole-study listing per ask, no counts query when nobody listens), and the atomicity of an ask
 * that both claims queued trials and creates new ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../protocol/messages.js';
import { createSearchSpace } from '../../core/search-space.js';
import { createRng } from '../../core/rng.js';
import type { Params } from '../../protocol/space.js';
import type { Observation, Policy } from '../../policy/types.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import type { Storage, StoredTrial } from '../../server/storage/types.js';
import { StudyService } from '../../server/study-service.js';
import { FakeClock, branin } from './service-fixture.js';

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

/** Counts Storage method calls (and listTrials filters) on top of a real MemoryStorage. */
function spied(storage: Storage): { storage: Storage; calls: string[]; fail: Set<string> } {
  const calls: string[] = [];
  const fail = new Set<string>();
  const proxy = new Proxy(storage, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const name = String(key);
        calls.push(name === 'listTrials' ? `listTrials(${args[1] ? (args[1] as string[]).join(',') : 'all'})` : name);
        if (fail.has(name)) return Promise.reject(new Error(`injected ${name} failure`));
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { storage: proxy, calls, fail };
}

/** A Sobol policy that records the completed/pending lists it is given. */
function recording(log: { completed: Observation[]; pending: Params[] }[]): Policy {
  const inner = new SobolPolicy();
  return { suggest: async (req) => (log.push({ completed: [...req.completed], pending: [...req.pending] }), inner.suggest(req)) };
}

function service(storage: Storage, log: { completed: Observation[]; pending: Params[] }[], clock = new FakeClock(), extra: { hasListeners?: (id: string) => boolean; events?: string[] } = {}) {
  return new StudyService({
    storage,
    createPolicy: () => recording(log),
    createSearchSpace,
    now: clock.now,
    emit: (_id, event) => extra.events?.push(event),
    ...(extra.hasListeners ? { hasListeners: extra.hasListeners } : {}),
  });
}

/** What a full listing says the policy should see (the pre-cache behaviour). */
async function expected(storage: Storage, studyId: string): Promise<{ completed: Observation[]; pending: Params[] }> {
  const all = await storage.listTrials(studyId);
  const completed: Observation[] = [];
  const pending: Params[] = [];
  for (const t of all) {
    if (t.state === 'completed' && Number.isFinite(t.values?.loss)) completed.push({ params: t.params as Params, value: t.values!.loss!, ...(t.cost !== undefined ? { cost: t.cost } : {}) });
    else if (t.state === 'running' || t.state === 'queued') pending.push(t.params as Params);
  }
  return { completed, pending };
}

test('the cached completed trials equal a full listing after random asks, out-of-order tells, fails, adds, expiries and a restart', async () => {
  const mem = new MemoryStorage();
  const log: { completed: Observation[]; pending: Params[] }[] = [];
  const clock = new FakeClock();
  let svc = service(mem, log, clock);
  const s = await call(svc, 'study:create', branin({ leaseSeconds: 50 }));
  const rng = createRng(12345);
  let running: StoredTrial[] = [];
  let checked = 0;
  for (let step = 0; step < 300; step++) {
    const r = rng.uniform();
    if (step === 150) svc = service(mem, log, clock); // restart: the cache is rebuilt from storage
    if (r < 0.4 || running.length === 0) {
      const want = await expected(mem, s.id);
      // Expired leases are abandoned by the ask itself, so the listing before it would differ.
      const expiring = (await mem.listTrials(s.id, ['running'])).some((t) => Date.parse(t.leaseExpiresAt!) < clock.now());
      const before = log.length;
      const { trials } = await call(svc, 'trial:ask', { studyId: s.id, count: 1 + rng.int(3) });
      running.push(...(trials as unknown as StoredTrial[]));
      if (log.length > before && !expiring) {
        assert.deepEqual(log.at(-1), want, `step ${step}`);
        checked++;
      }
    } else if (r < 0.75) {
      const t = running.splice(rng.int(running.length), 1)[0]!;
      await call(svc, 'trial:tell', { studyId: s.id, trialId: t.id, values: { loss: rng.normal() } });
    } else if (r < 0.82) {
      const t = running.splice(rng.int(running.length), 1)[0]!;
      await call(svc, 'trial:fail', { studyId: s.id, trialId: t.id, reason: 'x' });
    } else if (r < 0.88) {
      await call(svc, 'trial:add', { studyId: s.id, trials: [{ params: { x1: rng.uniform() * 15 - 5, x2: rng.uniform() * 15 }, values: { loss: rng.normal() }, cost: 1 }] });
    } else if (r < 0.94) {
      await call(svc, 'trial:enqueue', { studyId: s.id, params: { x1: rng.uniform() * 15 - 5, x2: rng.uniform() * 15 } });
    } else {
      clock.advance(30); // some leases end; a late tell of an abandoned trial still counts
    }
  }
  assert.ok(checked > 60, `compared ${checked} asks`);
  // Final check through the policy after everything: one more ask sees exactly the listing.
  const want = await expected(mem, s.id);
  await call(svc, 'trial:ask', { studyId: s.id });
  assert.deepEqual(log.at(-1)!.completed, want.completed);
  assert.ok(want.completed.length > 50);
});

test('an ask reads only active trials; the completed trials are read once per process; no counts query and no events without listeners', async () => {
  const { storage, calls } = spied(new MemoryStorage());
  const events: string[] = [];
  const svc = service(storage, [], new FakeClock(), { hasListeners: () => false, events });
  const s = await call(svc, 'study:create', branin());
  calls.length = 0;
  for (let i = 0; i < 20; i++) {
    const [t] = (await call(svc, 'trial:ask', { studyId: s.id, requestId: `a${i}` })).trials;
    await call(svc, 'trial:tell', { studyId: s.id, trialId: t!.id, values: { loss: i }, requestId: `t${i}` });
  }
  assert.equal(calls.filter((c) => c === 'listTrials(all)').length, 0, 'never the whole study');
  assert.equal(calls.filter((c) => c === 'listTrials(completed)').length, 1, 'completed trials loaded once');
  assert.equal(calls.filter((c) => c === 'countTrials').length, 0, 'no counts without listeners');
  assert.equal(calls.filter((c) => c === 'putPolicyState' || c === 'insertTrials' || c === 'claimQueued').length, 0, 'one commitAsk per ask');
  assert.equal(calls.filter((c) => c === 'commitAsk').length, 20);
  assert.equal(calls.filter((c) => c === 'getTrial').length, 0, 'a tell finishes the trial without reading it first');
  // Nobody in the study's room: no event is built at all (socket.io encodes a broadcast before it looks for members).
  assert.deepEqual(events, []);

  // With a listener, study:updated carries current counts from one counts query.
  const seen: { event: string; payload: unknown }[] = [];
  const svc2 = new StudyService({ storage, createPolicy: () => new SobolPolicy(), createSearchSpace, emit: (_id, event, payload) => seen.push({ event, payload }), hasListeners: () => true });
  const [t] = (await call(svc2, 'trial:ask', { studyId: s.id })).trials;
  await call(svc2, 'trial:tell', { studyId: s.id, trialId: t!.id, values: { loss: 0 } });
  assert.deepEqual(seen.map((e) => e.event), ['trial:asked', 'trial:completed', 'study:updated'], 'a listener gets every event');
  const updated = seen.filter((e) => e.event === 'study:updated').at(-1)!.payload as { study: { trialCounts: unknown } };
  assert.deepEqual(updated.study.trialCounts, { queued: 0, running: 0, completed: 21, failed: 0, abandoned: 0, pruned: 0 });
});

test('an ask that claims queued trials and creates new ones is one write: a crash before it leaves nothing, a retry after it returns the same trials', async () => {
  const mem = new MemoryStorage();
  const { storage, fail } = spied(mem);
  const svc = service(storage, []);
  const s = await call(svc, 'study:create', branin());
  const q = await call(svc, 'trial:enqueue', { studyId: s.id, params: { x1: 1, x2: 2 } });
  // The commit fails (a crash at that moment): the queued trial is still queued, nothing was added.
  fail.add('commitAsk');
  await assert.rejects(call(svc, 'trial:ask', { studyId: s.id, count: 3, requestId: 'mixed' }));
  fail.clear();
  assert.deepEqual((await mem.listTrials(s.id)).map((t) => [t.number, t.state]), [[0, 'queued']]);
  assert.equal(await mem.getRequest(s.id, 'mixed'), null);
  // The retry claims the queued trial and creates two; the record names all three.
  const first = (await call(svc, 'trial:ask', { studyId: s.id, count: 3, requestId: 'mixed' })).trials;
  assert.deepEqual(first.map((t) => t.number), [0, 1, 2]);
  assert.equal(first[0]!.id, q.id);
  assert.deepEqual(first[0]!.params, { x1: 1, x2: 2 });
  const record = await mem.getRequest(s.id, 'mixed');
  assert.deepEqual([record?.kind, record?.result, record?.summary], ['ask', first.map((t) => t.id), '{"count":3}']);
  assert.match(record?.fingerprint ?? '', /^[0-9a-f]{64}$/);
  // After a restart (a new service on the same storage) the retried ask returns the original trials.
  const restarted = service(mem, []);
  const again = (await call(restarted, 'trial:ask', { studyId: s.id, count: 3, requestId: 'mixed' })).trials;
  assert.deepEqual(again.map((t) => t.id), first.map((t) => t.id));
  assert.equal((await mem.listTrials(s.id)).length, 3);
});
