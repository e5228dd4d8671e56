/**
 * study:recommend on the compute plane: the same answer as on the event loop, and a fit that never
 * returns is terminated at the hard limit (DEADLINE_EXCEEDED) while the server keeps answering.
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
import { SPIN_SEED } from './test-policies.js';

const TEST_POLICIES = new URL('./test-policies.ts', import.meta.url);

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

/** A service (on a one-worker pool that loads the test policies, or on the event loop) with one gp study of 6 told points. */
async function withStudy(compute: WorkerPool | undefined, seed: number, hardLimitMs = 600_000) {
  const service = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace, suggestHardLimitMs: hardLimitMs, ...(compute ? { compute } : {}) });
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp', initialTrials: 2, seed } }));
  const pts = [{ x1: 0, x2: 3 }, { x1: 5, x2: 10 }, { x1: -3, x2: 7 }, { x1: 9, x2: 2 }, { x1: 2, x2: 12 }, { x1: -4, x2: 1 }];
  await call(service, 'trial:add', { studyId: s.id, trials: pts.map((params) => ({ params, values: { loss: braninValue(params) } })) });
  return { service, studyId: s.id };
}

test('a recommendation computed in a worker equals the one computed on the event loop (same seed and data)', async (t) => {
  const here = await withStudy(undefined, 11);
  const there = await withStudy(new WorkerPool({ workers: 1 }), 11);
  t.after(() => Promise.all([here.service.close(), there.service.close()]));
  const a = await call(here.service, 'study:recommend', { studyId: here.studyId });
  const b = await call(there.service, 'study:recommend', { studyId: there.studyId });
  assert.equal(b.model.kind, 'gp');
  assert.deepEqual(b, a);
  assert.equal((await call(there.service, 'health', {})).compute.workers, 1, 'the worker ran it');
});

test('a recommendation that never returns: its worker is terminated, DEADLINE_EXCEEDED; health answers meanwhile', async (t) => {
  const compute = new WorkerPool({ workers: 1, policyModule: TEST_POLICIES });
  const { service, studyId } = await withStudy(compute, SPIN_SEED, 3000);
  t.after(() => service.close());
  let settled = false;
  const rec = call(service, 'study:recommend', { studyId }).finally(() => (settled = true));
  rec.catch(() => {});
  // The worker boots, then spins: health is answered at every step of that, never blocked by it.
  let health = await call(service, 'health', {});
  while (health.compute.busy === 0 && !settled) {
    await new Promise((r) => setTimeout(r, 20));
    health = await call(service, 'health', {});
  }
  assert.equal(settled, false, 'health answered while the recommendation ran');
  assert.deepEqual(health.compute, { workers: 1, busy: 1, queued: 0, restarts: 0 });
  await assert.rejects(rec, (e: unknown) => e instanceof BoError && e.code === 'DEADLINE_EXCEEDED' && /terminated/.test(e.message));
  assert.equal(compute.status().restarts, 1);
  assert.equal(compute.status().busy, 0, 'the replacement worker is free');
});
