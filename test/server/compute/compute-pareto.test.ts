/**
 * study:pareto on the compute plane: the worker's summary answers the same ParetoFront as the event
 * loop (same trials), its hypervolume matches an inclusion–exclusion brute force over the front
 * (independent of the slicing algorithm in core/pareto/hypervolume.ts), and the service's memo
 * answers a repeat without a job and recomputes after a new tell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../../protocol/messages.js';
import { createRng } from '../../../core/rng.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { createPolicy } from '../../../policy/create-policy.js';
import { MemoryStorage } from '../../../server/storage/memory-storage.js';
import { StudyService } from '../../../server/study-service.js';
import { WorkerPool } from '../../../server/compute/worker-pool.js';

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

const REFERENCE = { a: 2, b: 2, c: -1 };

/** Seeded trials of three objectives (a, b minimized, c maximized) and a constraint mem <= 0.8. */
function trials(count: number, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const x = rng.uniform();
    const y = rng.uniform();
    return { params: { x, y }, values: { a: x + 0.3 * rng.uniform(), b: 1 - x + 0.3 * rng.uniform(), c: y - 0.5 * x * rng.uniform(), mem: rng.uniform() } };
  });
}

/** A three-objective study with a constraint; `referencePoint` given (user) or inferred. */
async function withStudy(compute: WorkerPool | undefined, referencePoint?: Record<string, number>) {
  const service = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace, ...(compute ? { compute } : {}) });
  const s = await call(service, 'study:create', {
    name: 'pareto',
    space: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } },
    objectives: { a: 'minimize', b: 'minimize', c: 'maximize' },
    constraints: { mem: { max: 0.8 } },
    algorithm: { seed: 3, ...(referencePoint ? { referencePoint } : {}) },
  });
  await call(service, 'trial:add', { studyId: s.id, trials: trials(24, 11) });
  return { service, studyId: s.id };
}

/** Brute force: the volume dominated by `front` (maximized objectives) above `ref`, by inclusion–exclusion over its subsets. */
function inclusionExclusion(front: number[][], ref: number[]): number {
  let total = 0;
  for (let mask = 1; mask < 1 << front.length; mask++) {
    const corner = ref.map((_, k) => Math.min(...front.filter((_, i) => mask & (1 << i)).map((p) => p[k]!)));
    const box = corner.reduce((v, c, k) => v * Math.max(0, c - ref[k]!), 1);
    total += (popcount(mask) % 2 === 1 ? 1 : -1) * box;
  }
  return total;
}

function popcount(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}

/** Ids and timestamps differ per service; everything else is a function of the told values. */
function withoutIds(f: Responses['study:pareto']) {
  return { ...f, trials: f.trials.map(({ number, state, params, values }) => ({ number, state, params, values })) };
}

for (const reference of [REFERENCE, undefined]) {
  test(`the Pareto front computed in a worker equals the one computed on the event loop (${reference ? 'user' : 'inferred'} reference point)`, async (t) => {
    const here = await withStudy(undefined, reference);
    const there = await withStudy(new WorkerPool({ workers: 1 }), reference);
    t.after(() => Promise.all([here.service.close(), there.service.close()]));
    const a = await call(here.service, 'study:pareto', { studyId: here.studyId });
    const b = await call(there.service, 'study:pareto', { studyId: there.studyId });
    assert.deepEqual(withoutIds(b), withoutIds(a));
    assert.equal((await call(there.service, 'health', {})).compute.workers, 1, 'the worker ran it');
    assert.ok(a.trials.length >= 3 && a.trials.length <= 16, `a front small enough for the brute force, large enough to matter (${a.trials.length})`);
    // Each objective turned into a maximised one, as the hypervolume counts it.
    const signs = { a: -1, b: -1, c: 1 };
    const maximised = (v: Record<string, number>) => (['a', 'b', 'c'] as const).map((k) => signs[k] * v[k]!);
    const expected = inclusionExclusion(a.trials.map((tr) => maximised(tr.values as Record<string, number>)), maximised(a.referencePoint!));
    assert.ok(Math.abs(a.hypervolume - expected) <= 1e-9 * expected, `hypervolume ${a.hypervolume} vs brute force ${expected}`);
    assert.equal(a.referencePointSource, reference ? 'user' : 'inferred');
  });
}

test('the memo answers a repeat without a job and recomputes after a new tell', async (t) => {
  const pool = new WorkerPool({ workers: 1 });
  let jobs = 0;
  const run = pool.pareto.bind(pool);
  pool.pareto = (...args) => {
    jobs++;
    return run(...args);
  };
  const { service, studyId } = await withStudy(pool, REFERENCE);
  t.after(() => service.close());
  const first = await call(service, 'study:pareto', { studyId });
  const again = await call(service, 'study:pareto', { studyId });
  assert.equal(jobs, 1, 'the repeat was answered from the memo');
  assert.deepEqual(again, first);
  // A new trial dominating the whole front (a, b at their lows, c at its high, feasible) must show.
  const [added] = await call(service, 'trial:add', { studyId, trials: [{ params: { x: 0.5, y: 0.5 }, values: { a: -1, b: -1, c: 2, mem: 0 } }] });
  const after = await call(service, 'study:pareto', { studyId });
  assert.equal(jobs, 2, 'a new completed trial recomputes');
  assert.deepEqual(after.trials.map((tr) => tr.id), [added!.id]);
  assert.ok(Math.abs(after.hypervolume - 3 * 3 * 3) <= 1e-12, `one point's box above the reference: ${after.hypervolume}`);
  assert.equal(after.completed, first.completed + 1);
});
