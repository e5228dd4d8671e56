/**
 * The server CLI's flags and environment -> ServerOptions. Every problem is a FlagError: main.ts
 * prints its message as one line on stderr and exits with status 2 (the usual "usage" status),
 * so a typo never looks like a server fault.
 */
import { parseArgs } from 'node:util';
import type { ServerOptions } from './app.js';
import { parseLogLevel, type LogLevel } from './logger.js';
import { parseAllowedOrigins } from './origin.js';
import { RoleFlagError, resolveRole, type RoleSettings } from './role-flags.js';

/** The one-line usage printed with --help and after a flag error. */
export const USAGE =
  'usage: tsx server/main.ts [--port N] [--host H] [--storage URL] [--token T] [--allow-origin ORIGIN[,ORIGIN...]] [--log-level debug|info|warn|error|silent] [--lease-seconds S] [--compute-workers N (default: cores; 0: fits on the event loop)] [--compute-worker-memory-mb MB (heap cap per worker, default 2048)] [--redis URL (events across replicas; the job queue of api/worker)] [--role all|api|worker] [--compute-classes cpu,tensor (worker)] [--gpu (worker)] [--worker-id ID (worker)]';

/** A bad flag or environment value (exit status 2). */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

/** What the CLI runs with: ServerOptions plus the resolved log level (the logger is built by main). */
export type CliOptions =
  | { help: true }
  | { help: false; server: ServerOptions & { storageUrl: string; logLevel: LogLevel }; role: RoleSettings; /** --port or BO_PORT was given (a worker listens for health only then). */ portGiven: boolean };

function parsePort(v: string, from: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new FlagError(`invalid ${from} '${v}': expected an integer 0-65535`);
  return n;
}

/** Wraps a parser so its error becomes a FlagError naming the flag. */
function flag<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof FlagError) throw e;
    throw new FlagError(`invalid ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Parses argv (without node and the script) and env; flags win over env. Throws FlagError. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        storage: { type: 'string' },
        redis: { type: 'string' },
        token: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        'lease-seconds': { type: 'string' },
        'compute-workers': { type: 'string' },
        'compute-worker-memory-mb': { type: 'string' },
        role: { type: 'string' },
        'compute-classes': { type: 'string' },
        gpu: { type: 'boolean' },
        'worker-id': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    // parseArgs explains over several lines; the CLI promises one.
    throw new FlagError((e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ').trim());
  }
  if (values.help) return { help: true };
  const str = (k: string) => values[k] as string | undefined;
  const portFrom = str('port') !== undefined ? '--port' : 'BO_PORT';
  const port = parsePort(str('port') ?? env.BO_PORT ?? '7700', portFrom);
  const logLevel = flag('--log-level', () => parseLogLevel(str('log-level') ?? env.BO_LOG_LEVEL ?? 'info'));
  const leaseRaw = str('lease-seconds') ?? env.BO_LEASE_SECONDS;
  const leaseSeconds = leaseRaw === undefined ? undefined : Number(leaseRaw);
  if (leaseSeconds !== undefined && !(leaseSeconds > 0 && Number.isFinite(leaseSeconds))) throw new FlagError(`invalid --lease-seconds '${leaseRaw}': expected a number > 0`);
  const workersRaw = str('compute-workers') ?? env.BO_COMPUTE_WORKERS;
  const computeWorkers = workersRaw === undefined || workersRaw.trim() === '' ? undefined : Number(workersRaw);
  if (computeWorkers !== undefined && !(Number.isInteger(computeWorkers) && computeWorkers >= 0 && computeWorkers <= 256)) {
    throw new FlagError(`invalid --compute-workers '${workersRaw}': expected an integer 0-256`);
  }
  const memoryRaw = str('compute-worker-memory-mb') ?? env.BO_COMPUTE_WORKER_MEMORY_MB;
  const computeWorkerMemoryMb = memoryRaw === undefined || memoryRaw.trim() === '' ? undefined : Number(memoryRaw);
  // Below ~64 MiB a worker cannot even boot (TypeScript loader, policy modules).
  if (computeWorkerMemoryMb !== undefined && !(Number.isInteger(computeWorkerMemoryMb) && computeWorkerMemoryMb >= 64 && computeWorkerMemoryMb <= 1_048_576)) {
    throw new FlagError(`invalid --compute-worker-memory-mb '${memoryRaw}': expected an integer 64-1048576 (MiB)`);
  }
  const allowRaw = (values['allow-origin'] as string[] | undefined) ?? (env.BO_ALLOW_ORIGIN === undefined ? undefined : [env.BO_ALLOW_ORIGIN]);
  const allowOrigins = flag('--allow-origin', () => parseAllowedOrigins(allowRaw));
  const redisUrl = str('redis') ?? env.BO_REDIS;
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl)) throw new FlagError(`invalid --redis '${redisUrl.replace(/\/\/[^@/]*@/, '//***@')}': expected redis://host:6379`);
  const host = str('host') ?? env.BO_HOST ?? '127.0.0.1';
  if (host.trim() === '') throw new FlagError("invalid --host '': expected a host name or address");
  const storageUrl = str('storage') ?? env.BO_STORAGE ?? 'sqlite:./data/bo.sqlite';
  const fromEnv: Record<string, string | undefined> = {
    '--token': env.BO_TOKEN, '--allow-origin': env.BO_ALLOW_ORIGIN, '--lease-seconds': env.BO_LEASE_SECONDS, '--compute-workers': env.BO_COMPUTE_WORKERS,
    '--compute-worker-memory-mb': env.BO_COMPUTE_WORKER_MEMORY_MB, '--compute-classes': env.BO_COMPUTE_CLASSES, '--worker-id': env.BO_WORKER_ID, '--gpu': env.BO_GPU,
  };
  const given = new Set(Object.keys(fromEnv).filter((f) => values[f.slice(2)] !== undefined || (fromEnv[f] !== undefined && fromEnv[f] !== '')));
  let role: RoleSettings;
  try {
    role = resolveRole({
      role: str('role') ?? env.BO_ROLE,
      storageUrl,
      given,
      gpu: values.gpu === true || /^(1|true|yes)$/i.test(env.BO_GPU ?? ''),
      ...(redisUrl !== undefined ? { redisUrl } : {}),
      ...((str('compute-classes') ?? env.BO_COMPUTE_CLASSES) !== undefined ? { computeClasses: str('compute-classes') ?? env.BO_COMPUTE_CLASSES } : {}),
      ...((str('worker-id') ?? env.BO_WORKER_ID) !== undefined ? { workerId: str('worker-id') ?? env.BO_WORKER_ID } : {}),
    });
  } catch (e) {
    if (e instanceof RoleFlagError) throw new FlagError(e.message);
    throw e;
  }
  return {
    help: false,
    role,
    portGiven: str('port') !== undefined || env.BO_PORT !== undefined,
    server: {
      port,
      host,
      storageUrl,
      token: str('token') ?? env.BO_TOKEN,
      allowOrigins,
      logLevel,
      leaseSeconds,
      ...(computeWorkers !== undefined ? { computeWorkers } : {}),
      ...(redisUrl !== undefined ? { redisUrl } : {}),
      ...(computeWorkerMemoryMb !== undefined ? { computeWorkerMemoryMb } : {}),
    },
  };
}
