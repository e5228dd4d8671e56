/**
 * CLI: `npm start` / `tsx server/main.ts [--port 7700] [--host 127.0.0.1] [--storage sqlite:./data/bo.sqlite]
 * [--token T] [--allow-origin http://localhost:5173,...] [--log-level info] [--lease-seconds 3600] [--compute-workers N] [--compute-worker-memory-mb MB]`;
 * env BO_PORT, BO_HOST, BO_STORAGE, BO_TOKEN, BO_ALLOW_ORIGIN, BO_LOG_LEVEL, BO_LEASE_SECONDS, BO_COMPUTE_WORKERS,
 * BO_COMPUTE_WORKER_MEMORY_MB.
 * Flags win over env. Logs one JSON line per event on stdout. Exit status: 2 for a bad flag or
 * environment value (one line on stderr, then the usage), 1 when the server cannot start (one
 * line on stderr: storage path and errno, port in use, bind refused, ...).
 */
import { startServer, type RunningServer } from './app.js';
import { createLogger } from './logger.js';
import { toWireError } from './errors.js';
import { FlagError, USAGE, parseCli } from './cli-args.js';
import { preflightStorage } from './storage-preflight.js';

/** One human-readable line for a start-up failure (errno codes and BoError messages kept). */
function startupMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2), process.env);
  if (cli.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const options = cli.server;
  const logger = createLogger(options.logLevel);

  let server: RunningServer;
  try {
    preflightStorage(options.storageUrl);
    server = await startServer({ ...options, logger });
  } catch (e) {
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

main().catch((e: unknown) => {
  if (e instanceof FlagError) {
    process.stderr.write(`${e.message} (see --help)\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`server not started: ${startupMessage(e)}\n`);
  process.exitCode = 1;
});
