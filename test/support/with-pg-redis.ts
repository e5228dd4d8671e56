/**
 * Runs a command with a throw-away PostgreSQL and Redis (pg-harness.ts, redis-harness.ts), their
 * URLs in PG_URL and REDIS_URL, and stops both afterwards on every path. For benchmarks that need
 * the scale-out servers (benchmarks/ may not import test/):
 *
 *   npx tsx test/support/with-pg-redis.ts sh -c 'npx tsx benchmarks/load.ts --storage "$PG_URL?max=8" --redis "$REDIS_URL" --replicas 3'
 */
import { spawn } from 'node:child_process';
import { startPostgres } from './pg-harness.js';
import { startRedis } from './redis-harness.js';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write('usage: tsx test/support/with-pg-redis.ts COMMAND [ARGS...]\n');
  process.exit(2);
}
const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, PG_URL: pg.url, REDIS_URL: redis.url } });
const code = await new Promise<number>((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
redis.stop();
pg.stop();
process.exit(code);
