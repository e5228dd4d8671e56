/**
 * The service on a real worker pool: what runs in a worker does not hold the event loop, a policy
 * that never returns is terminated at the hard limit, the queue is bounded, a cancelled ask commits
 * nothing. Semantics only: no assertion depends on how fast the machine is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../../protocol/messages.js';
import { BoError } from '../../../core/errors.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { createPolicy } from '../../../policy/create-policy.js';
import { MemoryStorage } from '../../../server/storage/memory-storage.js';
import { StudyService } from '../../../server/study-service.js';
import { WorkerPool } from '../../../server/compute/worker-pool.js';
import { branin, braninValue } from '../service-fixture.js';
import { CRASH_SEED, SPIN_SEED } from './test-policies.js';

const TEST_POLICIES = new URL('./test-policies.ts', import.meta.url);

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>, signal?: AbortSignal): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never, signal ? { signal } : {}) as Promise<Responses[E]>;
}

/** A service on a pool that loads the test policies; `events` collects what the study rooms would get. */
function setup(pool: { workers?: number; maxQueue?: number }, hardLimitMs: number) {
  const compute = new WorkerPool({ ...pool, policyModule: TEST_POLICIES });
  const events: { studyId: string; event: string; payload: any }[] = [];
  const waiters: (() => void)[] = [];
  const service = new StudyService({
    storage: new MemoryStorage(),
    createPolicy,
    createSearchSpace,
    compute,
    suggestHardLimitMs: hardLimitMs,
    emit: (studyId, event, payload) => {
      events.push({ studyId, event, payload });
      for (const w of waiters.splice(0)) w();
    },
  });
  /** Resolves once an event matching `pred` was emitted. */
  const waitFor = async (pred: (e: (typeof events)[number]) => boolean) => {
    while (!events.some(pred)) await new Promise<void>((r) => waiters.push(r));
  };
  return { service, compute, events, waitFor };
}

/** A gp study past its initial design (2 trials added), so its next ask is a model phase and runs in a worker. */
async function modelStudy(service: StudyService, seed: number) {
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp', initialTrials: 2, seed, exploration: { mode: 'off' } } }));
  const pts = [{ x1: 0, x2: 3 }, { x1: 5, x2: 10 }, { x1: -3, x2: 7 }];
  await call(service, 'trial:add', { studyId: s.id, trials: pts.map((params) => ({ params, values: { loss: braninValue(params) } })) });
  return s;
}

test('health and a tell on another study are answered while a worker runs a long fit; close() ends it', async (t) => {
  const { service, compute, waitFor } = setup({ workers: 1 }, 600_000);
  t.after(() => service.close());
  const spin = await modelStudy(service, SPIN_SEED);
  const other = await call(service, 'study:create', branin());
  const [trial] = (await call(service, 'trial:ask', { studyId: other.id })).trials;
  let settled = false;
  const ask = call(service, 'trial:ask', { studyId: spin.id }).finally(() => (settled = true));
  ask.catch(() => {});
  await waitFor((e) => e.studyId === spin.id && e.payload.stage === 'spin');
  const health = await call(service, 'health', {});
  assert.deepEqual(health.compute, { workers: 1, busy: 1, queued: 0, restarts: 0 });
  const told = await call(service, 'trial:tell', { studyId: other.id, trialId: trial!.id, values: { loss: 1 } });
  assert.equal(told.state, 'completed');
  assert.equal(settled, false, 'the fit is still running in its worker');
  await service.close();
  await assert.rejects(ask, (e: unknown) => e instanceof BoError && e.code === 'UNAVAILABLE' && e.retryable);
  assert.equal(compute.status().workers, 0, 'close() terminated the workers');
});

test('a policy that never returns is terminated at the hard limit: fallback, worker replaced, lock free', async (t) => {
  const { service, compute } = setup({ workers: 1 }, 1500);
  t.after(() => service.close());
  const spin = await modelStudy(service, SPIN_SEED);
  const [fb] = (await call(service, 'trial:ask', { studyId: spin.id })).trials;
  assert.equal(fb!.diagnostics?.phase, 'fallback');
  assert.equal(fb!.diagnostics?.fallbackClass, 'hard-limit');
  assert.match(String(fb!.diagnostics?.fallbackReason), /1500 ms.*terminated/);
  assert.equal(compute.status().restarts, 1);
  assert.equal(compute.status().workers, 1, 'a fresh worker replaced the terminated one');
  const told = await call(service, 'trial:tell', { studyId: spin.id, trialId: fb!.id, values: { loss: 2 } });
  assert.equal(told.state, 'completed', 'the study lock was released');
  // The replacement fits (asked on the pool directly, with a limit no machine reaches).
  const spec = { space: branin().space, algorithm: Requests['study:create'].parse(branin({ algorithm: { surrogate: 'gp', initialTrials: 2, seed: 4, exploration: { mode: 'off' } } })).algorithm! };
  const completed = [{ x1: 0, x2: 3 }, { x1: 5, x2: 10 }, { x1: -3, x2: 7 }].map((params) => ({ params, value: braninValue(params) }));
  const d = await compute.suggest('healthy', { kind: 'suggest', spec, direction: 'minimize', completed, pending: [], count: 1, timeBudgetMs: 60_000, hardLimitMs: 600_000 });
  assert.equal(d.diagnostics.phase, 'model', 'the replacement worker fits');
  const text = await service.metrics.registry.getSingleMetricAsString('bo_fallbacks_total');
  assert.match(text, /bo_fallbacks_total\{surrogate="gp",reason="hard-limit"\} 1/);
});

test('a full queue answers UNAVAILABLE retryable with a retry-after; a cancelled queued ask commits nothing', async (t) => {
  const { service, waitFor } = setup({ workers: 1, maxQueue: 1 }, 600_000);
  t.after(() => service.close());
  const spin = await modelStudy(service, SPIN_SEED);
  const queued = await modelStudy(service, 5);
  const refused = await modelStudy(service, 6);
  const running = call(service, 'trial:ask', { studyId: spin.id });
  running.catch(() => {});
  await waitFor((e) => e.studyId === spin.id && e.payload.stage === 'spin');
  const gone = new AbortController();
  const waiting = call(service, 'trial:ask', { studyId: queued.id }, gone.signal);
  waiting.catch(() => {});
  await waitFor((e) => e.studyId === queued.id && e.payload.stage === 'queued' && e.payload.position === 1);
  await assert.rejects(call(service, 'trial:ask', { studyId: refused.id }), (e: unknown) => {
    assert.ok(e instanceof BoError);
    assert.equal(e.code, 'UNAVAILABLE');
    assert.equal(e.retryable, true);
    assert.ok((e.retryAfterMs ?? 0) > 0, 'a retry-after hint');
    assert.equal(e.toWire().retryAfterMs, e.retryAfterMs);
    return true;
  });
  gone.abort();
  await assert.rejects(waiting, (e: unknown) => e instanceof BoError && e.code === 'UNAVAILABLE');
  assert.deepEqual(await call(service, 'trial:list', { studyId: queued.id, states: ['running'] }), [], 'nothing was committed');
  assert.equal((await call(service, 'health', {})).compute.queued, 0, 'the cancelled job left the queue');
});

test('a worker that dies mid-suggest: the ask falls back (worker-crash), the next job gets a fresh worker', async (t) => {
  const { service, compute } = setup({ workers: 1 }, 600_000);
  t.after(() => service.close());
  const crash = await modelStudy(service, CRASH_SEED);
  const [fb] = (await call(service, 'trial:ask', { studyId: crash.id })).trials;
  assert.equal(fb!.diagnostics?.phase, 'fallback');
  assert.equal(fb!.diagnostics?.fallbackClass, 'worker-crash');
  assert.equal(compute.status().restarts, 1);
  const text = await service.metrics.registry.getSingleMetricAsString('bo_fallbacks_total');
  assert.match(text, /reason="worker-crash"\} 1/);
  // Seed 1: an ordinary policy (the seeds next to CRASH_SEED select other test policies, e.g. the gate).
  const again = await modelStudy(service, 1);
  const [m] = (await call(service, 'trial:ask', { studyId: again.id })).trials;
  assert.notEqual(m!.diagnostics?.fallbackClass, 'worker-crash', 'a fresh worker took the next job');
});
