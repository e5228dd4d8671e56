/**
 * Events across replicas: two servers sharing one PostgreSQL database and one Redis (socket.io
 * Redis Streams adapter). A client subscribed through replica B receives trial:asked and
 * trial:completed for work done through replica A, and the other way round. Throw-away PostgreSQL
 * and Redis servers come from test/support; skips, saying why, where either is not installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../sdk/index.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { createLogger } from '../../server/logger.js';
import { findPgBin, startPostgres, type PgServer } from '../support/pg-harness.js';
import { findRedisServer, startRedis, type RedisServer } from '../support/redis-harness.js';

const pgBin = findPgBin();
const redisBin = findRedisServer();
const missing = [pgBin === null ? 'PostgreSQL (initdb, pg_ctl, postgres)' : '', redisBin === null ? 'redis-server' : ''].filter(Boolean).join(' and ');

/** Resolves with the first payload `pick` accepts, or rejects after `ms`. */
function waitFor<T>(subscribe: (fn: (p: T) => void) => void, pick: (p: T) => boolean, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms`)), ms);
    subscribe((p) => {
      if (pick(p)) {
        clearTimeout(timer);
        resolve(p);
      }
    });
  });
}

describe('events across replicas through Redis', { skip: missing ? `not installed: ${missing} (apt-get install postgresql redis-server)` : false }, () => {
  let pg: PgServer;
  let redis: RedisServer;
  const servers: RunningServer[] = [];
  before(async () => {
    [pg, redis] = await Promise.all([startPostgres({ bin: pgBin! }), startRedis({ bin: redisBin! })]);
    for (let i = 0; i < 2; i++) {
      servers.push(await startServer({ port: 0, storageUrl: `${pg.url}?max=3`, redisUrl: redis.url, computeWorkers: 0, logger: createLogger('silent') }));
    }
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    redis?.stop();
    pg?.stop();
  });

  it('a subscriber on one replica sees asks and tells made through the other', async () => {
    const [a, b] = await Promise.all(servers.map((s, i) => connect(s.url, { clientId: `c${i}` })));
    try {
      const created = await a!.createStudy({ name: 'events', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'none', acquisition: 'log-ei', seed: 1 } });
      const onA = await a!.getStudy(created.id);
      const onB = await b!.getStudy(created.id);
      type Payload = { studyId: string; trials?: { id: string }[]; trial?: { id: string; state: string } };
      const askedSeenOnB: Payload[] = [];
      const completedSeenOnA: Payload[] = [];
      const asked = waitFor<Payload>((fn) => void onB.on('trial:asked', (p) => (askedSeenOnB.push(p as Payload), fn(p as Payload))), () => true);
      const completed = waitFor<Payload>((fn) => void onA.on('trial:completed', (p) => (completedSeenOnA.push(p as Payload), fn(p as Payload))), () => true);
      // Subscriptions are acknowledged before on() resolves; give the adapter's stream reader a moment to be polling.
      await new Promise((r) => setTimeout(r, 300));
      const [t] = await onA.ask();
      assert.equal((await asked).trials?.[0]?.id, t!.id, 'trial:asked from replica A reached the subscriber on B');
      await onB.tell(t!.id, { loss: 0.5 });
      const done = await completed;
      assert.deepEqual([done.trial?.id, done.trial?.state], [t!.id, 'completed'], 'trial:completed from replica B reached the subscriber on A');
      assert.equal(askedSeenOnB.length, 1);
    } finally {
      a!.close();
      b!.close();
    }
  });
});
