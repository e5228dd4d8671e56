/**
 * study:slices on the compute plane: the same answer as on the event loop (same seed and data), so
 * the worker's copy of the job (jobMessage: incumbent, observations) loses nothing on the way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../../protocol/messages.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { createPolicy } from '../../../policy/create-policy.js';
import { MemoryStorage } from '../../../server/storage/memory-storage.js';
import { StudyService } from '../../../server/study-service.js';
import { WorkerPool } from '../../../server/compute/worker-pool.js';

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

/** A gp study with a float, an int and a categorical parameter and 8 told points. */
async function withStudy(compute: WorkerPool | undefined) {
  const service = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace, ...(compute ? { compute } : {}) });
  const s = await call(service, 'study:create', {
    name: 'slices',
    space: { x: { type: 'float', low: 0.01, high: 10, log: true }, n: { type: 'int', low: 1, high: 4 }, c: { type: 'categorical', choices: ['a', 'b', 'c'] } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'gp', seed: 5 },
  });
  const trials = Array.from({ length: 8 }, (_, i) => {
    const params = { x: 0.01 * 1000 ** (i / 7), n: 1 + (i % 4), c: ['a', 'b', 'c'][i % 3]! };
    return { params, values: { loss: (Math.log10(params.x) - 0.2) ** 2 + 0.1 * params.n + (params.c === 'b' ? 0.5 : 0) } };
  });
  await call(service, 'trial:add', { studyId: s.id, trials });
  return { service, studyId: s.id };
}

test('slices computed in a worker equal those computed on the event loop', async (t) => {
  const here = await withStudy(undefined);
  const there = await withStudy(new WorkerPool({ workers: 1 }));
  t.after(() => Promise.all([here.service.close(), there.service.close()]));
  const a = await call(here.service, 'study:slices', { studyId: here.studyId });
  const b = await call(there.service, 'study:slices', { studyId: there.studyId });
  // Trial ids are random per service; everything else is a function of the seed and the data.
  const withoutId = (x: typeof a) => ({ ...x, incumbent: { ...x.incumbent, trialId: '' } });
  assert.deepEqual(withoutId(b), withoutId(a));
  assert.equal((await call(there.service, 'health', {})).compute.workers, 1, 'the worker ran it');
  // Shapes the page relies on: log x ascending with the incumbent's value on the grid, every integer, every choice.
  const by = Object.fromEntries(a.slices.map((s) => [s.param, s]));
  assert.equal(by.x!.log, true);
  assert.ok(by.x!.x.includes(a.incumbent.params.x as number));
  assert.deepEqual(by.n!.x, [1, 2, 3, 4]);
  assert.deepEqual(by.c!.x, ['a', 'b', 'c']);
});
