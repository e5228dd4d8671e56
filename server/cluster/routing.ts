/**
 * Routing of remote compute jobs: one BullMQ queue per capability class, so a worker takes only
 * the jobs it can run (a GPU host started with `--compute-classes tensor` never gets a GP fit,
 * and a CPU-only host started with `--compute-classes cpu` never gets a neural one).
 */
import type { AlgorithmSpec } from '../../protocol/algorithm.js';
import { needsTensorBackend } from '../../policy/effective-algorithm.js';

/** Capability classes: 'cpu' runs the float64 JS/native families; 'tensor' the TensorFlow.js ones (pfn, dkl/hmc-bnn on tfjs), where a GPU pays. */
export const COMPUTE_CLASSES = ['cpu', 'tensor'] as const;
export type ComputeClass = (typeof COMPUTE_CLASSES)[number];

/** The class whose workers run a study's jobs. */
export function computeClassOf(algorithm: AlgorithmSpec): ComputeClass {
  return needsTensorBackend(algorithm) ? 'tensor' : 'cpu';
}

/** Redis key prefix of every queue of this service (BullMQ keys are `<prefix>:<queue>:...`), so a Redis can be shared. */
export const QUEUE_PREFIX = 'bayesopt';

/** The BullMQ queue of a class. */
export function queueName(c: ComputeClass): string {
  return `compute-${c}`;
}

/** The Redis hash where workers advertise themselves (field: worker id, value: WorkerAdvert JSON). */
export const REGISTRY_KEY = `${QUEUE_PREFIX}:compute-workers`;

/** Parses `--compute-classes cpu,tensor`; throws an Error naming the bad class. */
export function parseComputeClasses(raw: string): ComputeClass[] {
  const out = [...new Set(raw.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  if (out.length === 0) throw new Error(`expected one or more of ${COMPUTE_CLASSES.join(', ')}`);
  for (const c of out) if (!(COMPUTE_CLASSES as readonly string[]).includes(c)) throw new Error(`unknown class '${c}' (known: ${COMPUTE_CLASSES.join(', ')})`);
  return out as ComputeClass[];
}

/** ioredis connection options from a redis:// or rediss:// URL (BullMQ opens its own connections from these). */
export function redisConnection(url: string): { host: string; port: number; username?: string; password?: string; db?: number; tls?: object } {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !(Number.isInteger(db) && db >= 0)) throw new Error(`invalid database '${u.pathname.slice(1)}' in the Redis URL`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port === '' ? 6379 : Number(u.port),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** A Redis URL with its credentials masked, for logs and errors. */
export function maskRedisUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
