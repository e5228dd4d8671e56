/**
 * Scale-out of server events: with `--redis redis://host:6379`, socket.io rooms span every replica
 * through the Redis Streams adapter (@socket.io/redis-streams-adapter; node-redis client). An
 * event emitted by the replica that handled a write reaches subscribers connected to any replica,
 * and a replica that reconnects to Redis resumes from the stream instead of dropping messages.
 * A load balancer in front of the replicas needs sticky sessions for long-polling, or clients
 * that use the websocket transport only (the SDK's default upgrade path works with either).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import { BoError } from '../core/errors.js';
import type { Logger } from './logger.js';

/** The stream and channel names, so this service can share a Redis with other applications. */
const STREAM = 'bayesopt:events';

/** Connects to Redis and installs the adapter on `io` (before it listens); resolves with a closer. Refuses with UNAVAILABLE when Redis cannot be reached. */
export async function attachRedisAdapter(io: Server, url: string, logger: Logger): Promise<() => Promise<void>> {
  const client = createClient({ url, socket: { connectTimeout: 10_000 } });
  // node-redis reconnects by itself; an 'error' listener keeps a dropped connection from killing the process.
  client.on('error', (e: unknown) => logger.warn('redis_error', { error: e }));
  try {
    await client.connect();
  } catch (e) {
    await client.disconnect().catch(() => undefined);
    throw new BoError('UNAVAILABLE', `cannot connect to Redis at ${url.replace(/\/\/[^@/]*@/, '//***@')}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // blockTimeInMs bounds how long a closing replica waits for its blocked XREAD to return.
  io.adapter(createAdapter(client, { streamName: STREAM, channelPrefix: STREAM, blockTimeInMs: 1000 }));
  return async () => {
    await client.disconnect().catch(() => undefined);
  };
}
