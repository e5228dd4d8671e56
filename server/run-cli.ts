/**
 * The server's command line, callable: `npm start` (server/main.ts) and `bayesopt serve`
 * (cli/serve.ts) both run it, so the flags, environment and exit statuses are one thing.
 * Flags win over env. Logs one JSON line per event on stdout. Exit status: 2 for a bad flag or
 * environment value (one line on stderr, then the usage), 1 when the server cannot start (one
 * line on stderr: storage path and errno, port in use, bind refused, ...).
 */
import { startServer, type RunningServer } from './app.js';
import { createLogger } from './logger.js';
import { toWireError } from './errors.js';
import { FlagError, USAGE, parseCli } from './cli-args.js';
import { preflightStorage } from './storage-preflight.js';
import type { ComputePlane } from './compute/types.js';
import { logTensorBackendSelections, preflightTensorBackend } from './tensor-preflight.js';
import { detectGpuCapability } from './compute/gpu-capability.js';

/** Whether this worker host has a hardware GPU adapter to advertise (logged either way, with the reason). */
async function workerGpu(logger: ReturnType<typeof createLogger>): Promise<boolean> {
  const cap = await detectGpuCapability();
  logger.info('worker_gpu_capability', { gpu: cap.gpu, reason: cap.reason });
  return cap.gpu;
}

/** One human-readable line for a start-up failure (errno codes and BoError messages kept). */
function startupMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

async function main(argv: readonly string[], usage: string): Promise<void> {
  const cli = parseCli(argv, process.env);
  if (cli.help) {
    process.stdout.write(usage + '\n');
    return;
  }
  const options = cli.server;
  const logger = createLogger(options.logLevel);
  const role = cli.role;

  let server: Pick<RunningServer, 'close'>;
  let compute: ComputePlane | undefined;
  try {
    preflightStorage(options.storageUrl);
    logTensorBackendSelections(logger);
    await preflightTensorBackend();
    if (role.role === 'worker') {
      // The scale-out roles import BullMQ and ioredis only when chosen (a plain server never loads them).
      const { startComputeWorker } = await import('./worker-role.js');
      server = await startComputeWorker({
        storageUrl: options.storageUrl,
        redisUrl: options.redisUrl!,
        logger,
        ...(options.computeWorkers !== undefined ? { computeWorkers: options.computeWorkers } : {}),
        ...(options.computeWorkerMemoryMb !== undefined ? { computeWorkerMemoryMb: options.computeWorkerMemoryMb } : {}),
        ...(role.computeClasses ? { computeClasses: role.computeClasses } : {}),
        // --gpu is the operator's word; without it the worker advertises gpu only for a hardware WebGPU adapter.
        gpu: role.gpu ?? (await workerGpu(logger)),
        ...(role.workerId ? { workerId: role.workerId } : {}),
        ...(cli.portGiven ? { health: { port: options.port, host: options.host ?? '127.0.0.1' } } : {}),
      });
    } else {
      // role api: model-phase jobs go to the Redis queue (server/cluster/); all: local threads.
      if (role.role === 'api') compute = await (await import('./cluster/queue-plane.js')).QueuePlane.connect({ redisUrl: options.redisUrl!, logger });
      server = await startServer({ ...options, logger, ...(compute ? { compute } : {}) });
    }
  } catch (e) {
    await compute?.close().catch(() => undefined);
    logger.error('startup_failed', { error: toWireError(e), detail: startupMessage(e) });
    process.stderr.write(`server not started: ${startupMessage(e)}\n`);
    process.exitCode = 1;
    return;
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutdown', { signal });
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error('shutdown_failed', { error: e });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * Runs the server CLI with `argv` (flags only, without node and the script); sets
 * process.exitCode on failure. `usage` replaces the usage line's command (e.g. 'bayesopt serve').
 */
export async function runServerCli(argv: readonly string[], command = 'tsx server/main.ts'): Promise<void> {
  const usage = USAGE.replace('tsx server/main.ts', command);
  try {
    await main(argv, usage);
  } catch (e) {
    if (e instanceof FlagError) {
      process.stderr.write(`${e.message} (see --help)\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`server not started: ${startupMessage(e)}\n`);
    process.exitCode = 1;
  }
}
