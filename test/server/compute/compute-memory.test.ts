/** A compute worker's heap cap (resourceLimits): a fit that allocates without bound kills only its worker; the ask falls back and the worker is replaced. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../../protocol/messages.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { createPolicy } from '../../../policy/create-policy.js';
import { MemoryStorage } from '../../../server/storage/memory-storage.js';
import { StudyService } from '../../../server/study-service.js';
import { WorkerPool } from '../../../server/compute/worker-pool.js';
import { branin, braninValue } from '../service-fixture.js';
import { OOM_SEED } from './test-policies.js';

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

async function modelStudy(service: StudyService, seed: number): Promise<string> {
  const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp', initialTrials: 2, seed, exploration: { mode: 'off' } } }));
  const pts = [{ x1: 0, x2: 3 }, { x1: 5, x2: 10 }, { x1: -3, x2: 7 }];
  await call(service, 'trial:add', { studyId: s.id, trials: pts.map((params) => ({ params, values: { loss: braninValue(params) } })) });
  return s.id;
}

test('a worker that runs out of heap: the ask falls back (worker-crash), a restart is counted, the next ask gets a fresh worker', async (t) => {
  const restarts: string[] = [];
  // 256 MiB: room for the boot (TypeScript loader, policy modules) and a GP fit, so only the hog reaches it.
  const compute = new WorkerPool({ workers: 1, policyModule: new URL('./test-policies.ts', import.meta.url), resourceLimits: { maxOldGenerationSizeMb: 256 }, hooks: { onRestart: (r) => restarts.push(r) } });
  const service = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace, compute });
  t.after(() => service.close());
  // A normal fit first: the worker booted and works under the cap, so what follows is the hog's doing.
  const [before] = (await call(service, 'trial:ask', { studyId: await modelStudy(service, 3) })).trials;
  assert.equal(before!.diagnostics?.phase, 'model');
  const [fb] = (await call(service, 'trial:ask', { studyId: await modelStudy(service, OOM_SEED) })).trials;
  assert.equal(fb!.diagnostics?.phase, 'fallback');
  assert.equal(fb!.diagnostics?.fallbackClass, 'worker-crash');
  assert.match(String(fb!.diagnostics?.fallbackReason), /memory/i);
  assert.deepEqual(restarts, ['worker-crash']);
  const [after] = (await call(service, 'trial:ask', { studyId: await modelStudy(service, 4) })).trials;
  assert.equal(after!.diagnostics?.phase, 'model', 'a fresh worker took the next ask');
  assert.equal(compute.status().restarts, 1);
});
