/**
 * The create-time runtime probe on the BullMQ plane (real Redis, test/support/redis-harness.ts):
 * routed like the study's suggests (computeClassOf), so a tensor worker answers a dkl create with
 * what the in-process probe answers here (the reference), and a create whose class no live worker
 * takes is FAILED_PRECONDITION at algorithm.surrogate naming the class.
 * Skips, saying why, where redis-server is not installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../../protocol/messages.js';
import { AlgorithmSpec } from '../../../protocol/algorithm.js';
import { BoError } from '../../../core/errors.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { createPolicy } from '../../../policy/create-policy.js';
import { MemoryStorage } from '../../../server/storage/memory-storage.js';
import { StudyService } from '../../../server/study-service.js';
import { WorkerPool } from '../../../server/compute/worker-pool.js';
import { probeRuntime } from '../../../server/compute/runtime-probe.js';
import { QueuePlane } from '../../../server/cluster/queue-plane.js';
import { QueueWorker } from '../../../server/cluster/queue-worker.js';
import { silentLogger } from '../../../server/logger.js';
import { findRedisServer, startRedis, type RedisServer } from '../../support/redis-harness.js';
import { branin } from '../service-fixture.js';

const bin = findRedisServer();

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

describe('the create-time probe on the queue plane', { skip: bin === null ? 'no redis-server binary: apt-get install redis-server, or set REDIS_SERVER' : false }, () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis({ bin: bin! });
  });
  after(() => redis?.stop());

  /** A service on the queue plane and one worker of `classes` (a real one-thread pool). */
  async function cluster(t: { after(fn: () => Promise<void>): void }, classes: ('cpu' | 'tensor')[]) {
    const storage = new MemoryStorage();
    const queue = await QueuePlane.connect({ redisUrl: redis.url, logger: silentLogger, refreshMs: 200 });
    const worker = await QueueWorker.start({ redisUrl: redis.url, storage, plane: new WorkerPool({ workers: 1 }), threads: 1, classes, gpu: false, maxMemoryMb: 2048, logger: silentLogger, id: `probe-${Math.random().toString(36).slice(2)}` });
    const service = new StudyService({ storage, createPolicy, createSearchSpace, compute: queue });
    t.after(async () => {
      await service.close();
      await worker.close(true);
    });
    while (!queue.liveWorkers().some((w) => w.id === worker.id)) await new Promise((r) => setTimeout(r, 50));
    return { storage, service };
  }

  it('a dkl create is probed by a tensor worker and gets the backend the in-process probe finds', async (t) => {
    const { service } = await cluster(t, ['tensor']);
    const s = await call(service, 'study:create', branin({ algorithm: { surrogate: 'dkl', seed: 2 } }));
    const engine = (globalThis as { _tfengine?: { registry?: object } })._tfengine;
    assert.deepEqual(Object.keys(engine?.registry ?? {}), [], 'no backend initialised in the API thread');
    const here = await probeRuntime(AlgorithmSpec.parse({ surrogate: 'dkl' }));
    assert.equal(s.effectiveAlgorithm?.backend, here.backend);
  });

  it('a dkl create with only cpu workers is FAILED_PRECONDITION at algorithm.surrogate naming the tensor class; nothing stored', async (t) => {
    const { service, storage } = await cluster(t, ['cpu']);
    await assert.rejects(call(service, 'study:create', branin({ algorithm: { surrogate: 'dkl', seed: 2 } })), (e: unknown) => {
      assert.ok(e instanceof BoError);
      assert.equal(e.code, 'FAILED_PRECONDITION');
      assert.deepEqual(e.issues?.[0]?.path, ['algorithm', 'surrogate']);
      assert.match(e.message, /--compute-classes tensor/);
      return true;
    });
    assert.equal((await storage.listStudies(10)).length, 0);
    // A gp study needs no probe and is created as before.
    await call(service, 'study:create', branin({ algorithm: { surrogate: 'gp', seed: 2 } }));
  });
});
