/**
 * The create-time runtime probe (server/algorithm-probe.ts) on a compute pool: the TensorFlow.js
 * backend and the PFN weights load in a worker thread, never in the server's thread, and the
 * answer is the one the in-process probe gives (the reference: compute/runtime-probe.ts run here).
 *
 * Why the check reads the engine's backend registry and not `globalThis._tfengine` itself:
 * tfjs-core is imported when the server's modules load (surrogates/registry.ts imports the neural
 * surrogates statically), so the engine exists from boot; what a create used to pay on the event
 * loop is the backend's initialisation (native/WebGPU/wasm tries) and the weights, which leave
 * `_tfengine.registry` empty and `backendName` unset until they run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../protocol/messages.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService } from '../../server/study-service.js';
import { WorkerPool } from '../../server/compute/worker-pool.js';
import { ComputeFailure, type ComputePlane } from '../../server/compute/types.js';
import { probeRuntime, type RuntimeProbe } from '../../server/compute/runtime-probe.js';
import { planeProber } from '../../server/algorithm-probe.js';
import { branin } from './service-fixture.js';

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

/** The main thread's tfjs engine: which backends were initialised here (none until ensureTensorBackend runs). */
function mainThreadBackends(): { name: unknown; initialised: string[] } {
  const engine = (globalThis as { _tfengine?: { backendName?: unknown; registry?: Record<string, unknown> } })._tfengine;
  return { name: engine?.backendName, initialised: Object.keys(engine?.registry ?? {}) };
}

async function rejection(p: Promise<unknown>): Promise<BoError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BoError, `expected a BoError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

/** A plane whose only working job is probe (answering `answer`), counting the probes it ran. */
function probePlane(answer: () => Promise<RuntimeProbe>): ComputePlane & { probes: number } {
  const never = () => Promise.reject(new Error('not used'));
  const plane = {
    probes: 0,
    suggest: never,
    recommend: never,
    slices: never,
    pareto: never,
    prune: never,
    probe: () => {
      plane.probes++;
      return answer();
    },
    forget: () => undefined,
    status: () => ({ workers: 1, busy: 0, queued: 0, restarts: 0 }),
    close: async () => undefined,
  };
  return plane;
}

test('dkl and pfn creates on a compute pool initialise no tensor backend in the server thread, and answer what the in-process probe answers', async (t) => {
  const compute = new WorkerPool({ workers: 1 });
  const service = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace, compute });
  t.after(() => service.close());
  assert.deepEqual(mainThreadBackends().initialised, [], 'no backend before the creates (precondition)');
  const dkl = await call(service, 'study:create', branin({ algorithm: { surrogate: 'dkl', seed: 1 } }));
  const pfn = await call(service, 'study:create', branin({ algorithm: { surrogate: 'pfn', seed: 1 } }));
  assert.deepEqual(mainThreadBackends(), { name: undefined, initialised: [] }, 'the backend was initialised in a worker, not here');

  // What the worker answered, next to the in-process probe (run last: it initialises a backend in this thread).
  const onPlane = planeProber(compute);
  const algorithms = [AlgorithmSpec.parse({ surrogate: 'dkl' }), AlgorithmSpec.parse({ surrogate: 'pfn' })];
  const remote = await Promise.all(algorithms.map((a) => onPlane(a)));
  const here = await Promise.all(algorithms.map((a) => probeRuntime(a)));
  assert.deepEqual(remote, here);
  assert.equal(dkl.effectiveAlgorithm?.backend, here[0]!.backend);
  assert.equal(pfn.effectiveAlgorithm?.backend, here[1]!.backend);
  assert.deepEqual(pfn.effectiveAlgorithm?.limits, { maxDim: here[1]!.pfnMaxDim });
});

test('a pfn create whose weights do not load is refused from the worker with FAILED_PRECONDITION at algorithm.surrogate, as in process', async (t) => {
  const storage = new MemoryStorage();
  const service = new StudyService({ storage, createPolicy, createSearchSpace, compute: new WorkerPool({ workers: 1 }) });
  t.after(() => service.close());
  const algorithm = { surrogate: 'pfn', surrogateOptions: { weightsDir: '/nonexistent/pfn-weights' }, seed: 1 };
  const remote = await rejection(call(service, 'study:create', branin({ algorithm })));
  const here = await rejection(probeRuntime(AlgorithmSpec.parse(algorithm)));
  assert.equal(remote.code, 'FAILED_PRECONDITION');
  assert.deepEqual(remote.issues, here.issues);
  assert.deepEqual(remote.issues?.[0]?.path, ['algorithm', 'surrogate']);
  assert.equal(remote.message, here.message);
  assert.equal((await storage.listStudies(10)).length, 0, 'nothing stored');
});

test('the plane probe is asked once per kind of answer; a failure is not cached', async () => {
  let fail = true;
  const plane = probePlane(async () => {
    if (fail) throw new BoError('FAILED_PRECONDITION', 'no backend', [{ path: ['algorithm', 'surrogate'], message: 'x' }]);
    return { backend: 'cpu', device: 'CPU' };
  });
  const probe = planeProber(plane);
  const dkl = AlgorithmSpec.parse({ surrogate: 'dkl' });
  assert.equal((await rejection(probe(dkl))).code, 'FAILED_PRECONDITION');
  fail = false;
  assert.deepEqual(await probe(dkl), { backend: 'cpu', device: 'CPU' });
  assert.deepEqual(await probe(AlgorithmSpec.parse({ surrogate: 'dkl', seed: 3 })), { backend: 'cpu', device: 'CPU' });
  // Counted: the failure, then one answer shared by both dkl specs (the seed plays no part).
  assert.equal(plane.probes, 2);
  await probe(AlgorithmSpec.parse({ surrogate: 'pfn' }));
  await probe(AlgorithmSpec.parse({ surrogate: 'pfn', surrogateOptions: { weightsDir: '/elsewhere' } }));
  assert.equal(plane.probes, 4, 'pfn with other weights is another question');
});

test("a plane failure answers the create at algorithm.surrogate: no worker of the class is FAILED_PRECONDITION naming it, a crash UNAVAILABLE", async () => {
  const dkl = AlgorithmSpec.parse({ surrogate: 'dkl' });
  const noWorker = await rejection(planeProber(probePlane(() => Promise.reject(new ComputeFailure('no-worker', "no live compute worker takes 'tensor' jobs"))))(dkl));
  assert.equal(noWorker.code, 'FAILED_PRECONDITION');
  assert.deepEqual(noWorker.issues?.[0]?.path, ['algorithm', 'surrogate']);
  assert.match(noWorker.issues![0]!.message, /'tensor'/);
  const crash = await rejection(planeProber(probePlane(() => Promise.reject(new ComputeFailure('worker-crash', 'compute worker exited with code 1'))))(dkl));
  assert.equal(crash.code, 'UNAVAILABLE');
  assert.deepEqual(crash.issues?.[0]?.path, ['algorithm', 'surrogate']);
});
