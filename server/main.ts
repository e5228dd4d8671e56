/**
 * CLI: `npm start` / `tsx server/main.ts [--port 7700] [--host 127.0.0.1] [--storage sqlite:./data/bo.sqlite]
 * [--token T] [--log-level info] [--lease-seconds 3600] [--compute-workers N]`; env BO_PORT, BO_HOST,
 * BO_STORAGE, BO_TOKEN, BO_LOG_LEVEL, BO_LEASE_SECONDS, BO_COMPUTE_WORKERS. Flags win over env. Logs one JSON line per event on stdout.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type RunningServer } from './app.js';
import { createLogger, parseLogLevel } from './logger.js';
import { toWireError } from './errors.js';

const USAGE = 'usage: tsx server/main.ts [--port N] [--host H] [--storage URL] [--token T] [--log-level debug|info|warn|error|silent] [--lease-seconds S] [--compute-workers N (default: cores; 0: fits on the event loop)]';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port '${v}'`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      storage: { type: 'string' },
      token: { type: 'string' },
      'log-level': { type: 'string' },
      'lease-seconds': { type: 'string' },
      'compute-workers': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const env = process.env;
  const logLevel = parseLogLevel(values['log-level'] ?? env.BO_LOG_LEVEL ?? 'info');
  const logger = createLogger(logLevel);
  const storageUrl = values.storage ?? env.BO_STORAGE ?? 'sqlite:./data/bo.sqlite';
  // The default data directory may not exist on a fresh checkout.
  if (storageUrl.startsWith('sqlite:') && !storageUrl.includes(':memory:')) {
    const path = storageUrl.slice('sqlite:'.length).replace(/^\/\//, '').split('?')[0]!;
    if (path) mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const leaseRaw = values['lease-seconds'] ?? env.BO_LEASE_SECONDS;
  const leaseSeconds = leaseRaw === undefined ? undefined : Number(leaseRaw);
  if (leaseSeconds !== undefined && !(leaseSeconds > 0)) throw new Error(`invalid lease seconds '${leaseRaw}'`);

  const workersRaw = values['compute-workers'] ?? env.BO_COMPUTE_WORKERS;
  const computeWorkers = workersRaw === undefined || workersRaw === '' ? undefined : Number(workersRaw);
  if (computeWorkers !== undefined && !(Number.isInteger(computeWorkers) && computeWorkers >= 0)) throw new Error(`invalid compute workers '${workersRaw}'`);

  let server: RunningServer;
  try {
    server = await startServer({
      port: parsePort(values.port ?? env.BO_PORT ?? '7700'),
      host: values.host ?? env.BO_HOST ?? '127.0.0.1',
      storageUrl,
      token: values.token ?? env.BO_TOKEN,
      logLevel,
      logger,
      leaseSeconds,
      ...(computeWorkers !== undefined ? { computeWorkers } : {}),
    });
  } catch (e) {
    logger.error('startup_failed', { error: toWireError(e), detail: e instanceof Error ? e.message : String(e) });
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
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
  process.exitCode = 2;
});
