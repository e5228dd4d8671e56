import { Redis } from 'ioredis';
import { BoError } from '../../core/errors.js';
import type { Logger } from '../logger.js';
import { maskRedisUrl, redisConnection } from './routing.js';

/**
 * A connected ioredis client for the worker registry; UNAVAILABLE naming the URL (credentials
 * masked) and the socket's own error (ECONNREFUSED, ...) when Redis cannot be reached, where
 * ioredis itself only says "Connection is closed".
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis({ ...redisConnection(url), lazyConnect: true, maxRetriesPerRequest: 3, connectTimeout: 10_000 });
  let last: unknown;
  redis.on('error', (e: unknown) => {
    last = e;
    logger.warn('redis_error', { error: e });
  });
  try {
    await redis.connect();
    return redis;
  } catch (e) {
    redis.disconnect();
    const why = (last ?? e) instanceof Error ? ((last ?? e) as Error).message : String(last ?? e);
    throw new BoError('UNAVAILABLE', `cannot connect to Redis at ${maskRedisUrl(url)} (the compute queue): ${why}`);
  }
}

/** Resolves when `p` settles or after `ms`, whichever comes first: a Redis command or BullMQ close waits for a reconnect that may never come. */
export function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p.then(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}
