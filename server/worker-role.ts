/**
 * The `--role worker` process: the shared storage, a pool of compute threads and a QueueWorker
 * taking jobs from Redis. No client API: with --port it answers GET /health only (for a
 * supervisor's liveness check), otherwise it listens on nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { openStorage } from './storage/open-storage.js';
import type { Logger } from './logger.js';
import { DEFAULT_WORKER_MEMORY_MB, WorkerPool } from './compute/worker-pool.js';
import { QueueWorker } from './cluster/queue-worker.js';
import { COMPUTE_CLASSES, maskRedisUrl, type ComputeClass } from './cluster/routing.js';

/** How to start a worker process (the CLI fills this from flags and env). */
export interface WorkerRoleOptions {
  readonly storageUrl: string;
  readonly redisUrl: string;
  readonly logger: Logger;
  /** Compute threads (default: the machine's cores). */
  readonly computeWorkers?: number;
  readonly computeWorkerMemoryMb?: number;
  /** Default: every class. */
  readonly computeClasses?: readonly ComputeClass[];
  readonly gpu?: boolean;
  readonly workerId?: string;
  /** Health-only listener; absent: none. */
  readonly health?: { readonly port: number; readonly host: string };
  /** Test-only: the module compute threads build policies with. */
  readonly computePolicyModule?: URL;
  /** The jobs' lock, ms (QueueWorkerOptions.lockMs). */
  readonly lockMs?: number;
}

/** A running worker process. */
export interface RunningWorker {
  readonly worker: QueueWorker;
  /** The health port, when listening. */
  readonly port?: number;
  close(): Promise<void>;
}

/** Starts a worker; throws (after cleaning up) when storage or Redis cannot be reached. */
export async function startComputeWorker(o: WorkerRoleOptions): Promise<RunningWorker> {
  const storage = await openStorage(o.storageUrl);
  const threads = Math.max(1, o.computeWorkers || availableParallelism());
  const maxMemoryMb = o.computeWorkerMemoryMb ?? DEFAULT_WORKER_MEMORY_MB;
  const plane = new WorkerPool({
    workers: threads,
    resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
    ...(o.computePolicyModule ? { policyModule: o.computePolicyModule } : {}),
    hooks: { onRestart: (reason) => o.logger.warn('compute_worker_replaced', { reason }) },
  });
  let worker: QueueWorker;
  try {
    worker = await QueueWorker.start({
      redisUrl: o.redisUrl,
      storage,
      plane,
      threads,
      classes: o.computeClasses ?? [...COMPUTE_CLASSES],
      gpu: o.gpu ?? false,
      maxMemoryMb,
      logger: o.logger,
      ...(o.workerId ? { id: o.workerId } : {}),
      ...(o.lockMs !== undefined ? { lockMs: o.lockMs } : {}),
    });
  } catch (e) {
    await plane.close();
    await storage.close();
    throw e;
  }
  let http: Server | undefined;
  if (o.health) {
    http = createServer((req, res) => {
      const ok = req.method === 'GET' && (req.url === '/health' || req.url === '/v1/health');
      res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { role: 'worker', ...worker.advert(), compute: plane.status(), storage: storage.description } : { error: 'a compute worker answers GET /health only' }));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        http!.once('error', reject);
        http!.listen(o.health!.port, o.health!.host, () => resolve());
      });
    } catch (e) {
      await worker.close();
      await storage.close();
      throw e;
    }
  }
  const port = http ? (http.address() as AddressInfo).port : undefined;
  o.logger.always('worker_ready', { id: worker.id, classes: worker.advert().classes, threads, gpu: o.gpu ?? false, maxMemoryMb, storage: storage.description, redis: maskRedisUrl(o.redisUrl), ...(port !== undefined ? { healthPort: port } : {}) });
  let closing: Promise<void> | undefined;
  return {
    worker,
    ...(port !== undefined ? { port } : {}),
    close: () =>
      (closing ??= (async () => {
        http?.closeAllConnections();
        await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
        await worker.close();
        await storage.close();
      })()),
  };
}
