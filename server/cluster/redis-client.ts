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
