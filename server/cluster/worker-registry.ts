/**
 * Workers advertise themselves in one Redis hash (REGISTRY_KEY): id -> WorkerAdvert JSON,
 * rewritten every heartbeat. An API replica reads it to refuse at once a job no live worker can
 * take (the ask falls back with reason 'no-worker' instead of waiting for its deadline) and to
 * report the plane's workers in health. A SIGKILLed worker cannot delete its entry: entries older
 * than the liveness window count as dead, and much older ones are pruned by readers.
 */
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { SurrogateKind } from '../../protocol/algorithm.js';
import { COMPUTE_CLASSES, REGISTRY_KEY, type ComputeClass } from './routing.js';

/** What one worker process advertises. */
export const WorkerAdvert = z.strictObject({
  id: z.string().min(1).max(300),
  host: z.string().max(300),
  pid: z.number().int(),
  classes: z.array(z.enum(COMPUTE_CLASSES)).min(1),
  /** Surrogate families its classes run (informational: routing is by class). */
  surrogates: z.array(z.string()),
  /** The operator says this host has a GPU (`--gpu`); shown in health, not checked. */
  gpu: z.boolean(),
  /** V8 heap cap of each of its compute threads, MiB. */
  maxMemoryMb: z.number().int().positive(),
  /** Compute threads, i.e. jobs it runs at once. */
  threads: z.number().int().positive(),
  /** Jobs running now. */
  busy: z.number().int().min(0),
  /** Epoch ms of the heartbeat that wrote this. */
  seenAt: z.number(),
});
export type WorkerAdvert = z.infer<typeof WorkerAdvert>;

/** Heartbeat period of a worker, ms. */
export const HEARTBEAT_MS = 2000;
/** A worker whose advert is older than this is taken for dead, ms (a few missed heartbeats: a busy Redis is not a death). */
export const LIVENESS_MS = 4 * HEARTBEAT_MS;
/** Adverts older than this are deleted by readers, ms. */
const PRUNE_MS = 60_000;

/** Surrogate families a set of classes runs: 'cpu' all but pfn (dkl and hmc-bnn with engine 'js'), 'tensor' pfn, dkl and hmc-bnn on TensorFlow.js. */
export function surrogatesOf(classes: readonly ComputeClass[]): string[] {
  const tensor = new Set(['pfn', 'dkl', 'hmc-bnn']);
  return SurrogateKind.options.filter((s) => (classes.includes('cpu') && s !== 'pfn') || (classes.includes('tensor') && tensor.has(s)));
}

/** A default worker id: host and pid (unique per machine, readable in logs). */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}

/** Writes (or refreshes) one advert. */
export async function advertise(redis: Redis, advert: WorkerAdvert): Promise<void> {
  await redis.hset(REGISTRY_KEY, advert.id, JSON.stringify(advert));
}

/** Removes one advert (a worker closing cleanly). */
export async function withdraw(redis: Redis, id: string): Promise<void> {
  await redis.hdel(REGISTRY_KEY, id);
}

/** The adverts seen within LIVENESS_MS of `now`; prunes long-dead ones and ignores malformed ones. */
export async function liveWorkers(redis: Redis, now = Date.now()): Promise<WorkerAdvert[]> {
  const all = await redis.hgetall(REGISTRY_KEY);
  const live: WorkerAdvert[] = [];
  const dead: string[] = [];
  for (const [id, raw] of Object.entries(all)) {
    let parsed: WorkerAdvert | undefined;
    try {
      const r = WorkerAdvert.safeParse(JSON.parse(raw));
      if (r.success) parsed = r.data;
    } catch {
      // Not JSON: treated like a malformed advert below.
    }
    if (!parsed) {
      dead.push(id);
      continue;
    }
    if (now - parsed.seenAt <= LIVENESS_MS) live.push(parsed);
    else if (now - parsed.seenAt > PRUNE_MS) dead.push(id);
  }
  if (dead.length > 0) await redis.hdel(REGISTRY_KEY, ...dead);
  return live;
}
