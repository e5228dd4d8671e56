import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server as IoServer } from 'socket.io';
import { createSearchSpace } from '../core/search-space.js';
import { createPolicy } from '../policy/create-policy.js';
import { openStorage } from './storage/open-storage.js';
import type { Storage } from './storage/types.js';
import { checkBindAllowed } from './auth.js';
import { createHttpApp } from './http.js';
import { attachSocketServer, roomEmitter, roomHasMembers } from './socket.js';
import { createOriginPolicy } from './origin.js';
import { StudyService } from './study-service.js';
import { Metrics } from './metrics.js';
import { createLogger, type LogLevel, type Logger } from './logger.js';
import { backendNames, linalgBackendName, packageVersion } from './health-probes.js';
import { DEFAULT_WORKER_MEMORY_MB, WorkerPool } from './compute/worker-pool.js';
import type { ComputePlane } from './compute/types.js';
import { planeProber } from './algorithm-probe.js';
import { ComputeTensorBackend } from './compute-tensor-backend.js';

/** How to start the server (the CLI fills this from flags and env). */
export interface ServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Default 127.0.0.1; a non-loopback host needs a token. */
  readonly host?: string;
  /** 'memory:', 'sqlite:<path>' (default sqlite:./data/bo.sqlite) or 'postgres://...'. */
  readonly storageUrl?: string;
  /** Needs at least MIN_PUBLIC_TOKEN_LENGTH (16) characters on a non-loopback host. */
  readonly token?: string;
  /**
   * Browser origins allowed besides the server's own (`http://localhost:5173`), from
   * `--allow-origin` / BO_ALLOW_ORIGIN. Their host names are also accepted in Host on loopback.
   */
  readonly allowOrigins?: readonly string[];
  readonly logLevel?: LogLevel;
  /** Lease of studies that do not set one, seconds (default 3600). */
  readonly leaseSeconds?: number;
  /** Wall-clock budget of one policy suggest, ms (default 60 000; aborted at 2·budget + 5 s). */
  readonly suggestTimeBudgetMs?: number;
  /** How often expired leases are swept, ms (default 30 000; asks also abandon lazily). */
  readonly sweepIntervalMs?: number;
  /** Use this storage instead of opening storageUrl (it is still closed on close()). */
  readonly storage?: Storage;
  readonly logger?: Logger;
  /** Compute worker threads for model-phase asks (default: the machine's cores; 0: fits run on the event loop). */
  readonly computeWorkers?: number;
  /** Compute jobs that may wait before asks get UNAVAILABLE with a retry-after (default 64). */
  readonly computeQueue?: number;
  /** Redis URL: socket.io rooms span every replica that names the same Redis (server/redis-adapter.ts). */
  readonly redisUrl?: string;
  /** V8 old-generation heap cap of each compute worker, MiB (default DEFAULT_WORKER_MEMORY_MB); a worker past it dies and is replaced. */
  readonly computeWorkerMemoryMb?: number;
  /** A suggest or recommendation still running after this is stopped, ms (default 2·budget + 5 s). */
  readonly suggestHardLimitMs?: number;
  /** Test-only: the module compute workers build policies with (default policy/create-policy). */
  readonly computePolicyModule?: URL;
  /** A compute plane built by the caller, instead of local worker threads (role api: the Redis job queue, server/cluster/). Closed with the server. */
  readonly compute?: ComputePlane;
}

/** A running server. */
export interface RunningServer {
  readonly port: number;
  readonly host: string;
  /** http://host:port */
  readonly url: string;
  readonly service: StudyService;
  /** Stops accepting, closes sockets and the storage; safe to call twice. */
  close(): Promise<void>;
}

function listen(server: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Starts storage + service + REST (/v1) + socket.io on one http.Server. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token && options.token.length > 0 ? options.token : undefined;
  checkBindAllowed(host, token);
  const origins = createOriginPolicy(host, options.allowOrigins);
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const storage = options.storage ?? (await openStorage(options.storageUrl ?? 'sqlite:./data/bo.sqlite'));

  let io: IoServer | undefined;
  const metrics = new Metrics({ processMetrics: true });
  const compute =
    options.compute ??
    (options.computeWorkers === 0
      ? undefined
      : new WorkerPool({
          ...(options.computeWorkers !== undefined ? { workers: options.computeWorkers } : {}),
          ...(options.computeQueue !== undefined ? { maxQueue: options.computeQueue } : {}),
          ...(options.computePolicyModule ? { policyModule: options.computePolicyModule } : {}),
          resourceLimits: { maxOldGenerationSizeMb: options.computeWorkerMemoryMb ?? DEFAULT_WORKER_MEMORY_MB },
          hooks: {
            onStatus: (s) => {
              metrics.queueDepth.set(s.queued);
              metrics.busyWorkers.set(s.busy);
            },
            onRestart: (reason) => {
              metrics.workerRestarts.inc({ reason });
              logger.warn('compute_worker_replaced', { reason });
            },
          },
        }));
  // The neural surrogates load TensorFlow.js in the compute workers only: health shows the backend their probes report.
  const workerTensors = new ComputeTensorBackend();
  const service = new StudyService({
    storage,
    createPolicy: (algorithm, extras) => createPolicy(algorithm, extras),
    createSearchSpace,
    emit: roomEmitter(() => io, logger),
    // With Redis a subscriber may sit on another replica, which local rooms cannot see: always emit.
    ...(options.redisUrl ? {} : { hasListeners: roomHasMembers(() => io) }),
    logger,
    defaultLeaseSeconds: options.leaseSeconds,
    suggestTimeBudgetMs: options.suggestTimeBudgetMs,
    suggestHardLimitMs: options.suggestHardLimitMs,
    version: packageVersion(),
    backends: () => backendNames(workerTensors),
    metrics,
    ...(compute ? { compute, probeAlgorithm: workerTensors.recording(planeProber(compute)) } : {}),
  });
  const app = createHttpApp(service, { token, logger, origins });
  const server = createServer(app);
  io = attachSocketServer(server, service, { token, logger, origins });
  let closeRedis: (() => Promise<void>) | undefined;
  try {
    // Imported only with a Redis URL: the node-redis client is ~700 modules a single server never needs.
    if (options.redisUrl) closeRedis = await (await import('./redis-adapter.js')).attachRedisAdapter(io, options.redisUrl, logger);
    await listen(server, options.port, host);
  } catch (e) {
    io.close();
    await closeRedis?.();
    await service.close();
    await storage.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;

  // A plane built by the caller (role api) has no status hooks: its queue depth and busy workers are sampled for /metrics.
  const sample = options.compute
    ? setInterval(() => {
        const s = options.compute!.status();
        metrics.queueDepth.set(s.queued);
        metrics.busyWorkers.set(s.busy);
      }, 2000)
    : undefined;
  sample?.unref();

  const sweep = setInterval(() => {
    service.sweepExpiredLeases().catch((e: unknown) => logger.warn('lease_sweep_failed', { error: e }));
  }, options.sweepIntervalMs ?? 30_000);
  sweep.unref();

  logger.always('listening', { port, host, url, storage: storage.description, linalg: await linalgBackendName(), auth: token ? 'token' : 'none', allowOrigins: [...origins.allowedOrigins], events: options.redisUrl ? 'redis' : 'local', compute: options.compute ? 'queue' : compute ? 'threads' : 'event-loop' });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(sweep);
      clearInterval(sample);
      await service.close();
      await new Promise<void>((resolve) => {
        // io.close() also closes the http server; force-close idle keep-alive sockets so it finishes.
        void io!.close(() => resolve());
        server.closeAllConnections();
      });
      await closeRedis?.();
      await storage.close();
      logger.info('closed', { port });
    })();
    return closing;
  };
  return { port, host, url, service, close };
}
