/**
 * The roles from the command line: `--role api` and `--role worker` processes (server/main.ts
 * children) on a throw-away PostgreSQL and Redis. A model-phase ask through the api replica is
 * computed by the worker (diagnostics name it), the replica's health counts the worker, and the
 * worker answers GET /health only. Skips, saying why, without the binaries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../sdk/index.js';
import { findPgBin, startPostgres, type PgServer } from '../support/pg-harness.js';
import { findRedisServer, startRedis, type RedisServer } from '../support/redis-harness.js';
import { freePort } from '../support/process-cleanup.js';
import { RoleProcess } from '../support/role-process.js';
import { branin } from './harness.js';

const pgBin = findPgBin();
const redisBin = findRedisServer();
const skip = pgBin === null ? 'no PostgreSQL binaries (apt-get install postgresql, or PG_BINDIR)' : redisBin === null ? 'no redis-server (apt-get install redis-server)' : false;

describe('--role api and --role worker', { skip }, () => {
  let pg: PgServer;
  let redis: RedisServer;
  let api: RoleProcess;
  let worker: RoleProcess;
  let apiPort: number;
  let healthPort: number;
  before(async () => {
    [pg, redis] = await Promise.all([startPostgres({ bin: pgBin! }), startRedis({ bin: redisBin! })]);
    [apiPort, healthPort] = [await freePort(), await freePort()];
    const common = ['--storage', `${pg.url}?max=4`, '--redis', redis.url, '--log-level', 'warn'];
    api = new RoleProcess('api', [...common, '--role', 'api', '--port', String(apiPort)], 'listening');
    worker = new RoleProcess('worker', [...common, '--role', 'worker', '--compute-workers', '1', '--worker-id', 'solo', '--port', String(healthPort)], 'worker_ready');
    await api.start();
    await worker.start();
  });
  after(async () => {
    await Promise.all([api, worker].filter(Boolean).map((p) => p.stop()));
    redis?.stop();
    pg?.stop();
  });

  it('a model-phase ask through the api replica is computed by the worker; health shows both sides', async () => {
    const client = await connect(`http://127.0.0.1:${apiPort}`);
    try {
      const study = await client.createStudy({
        name: 'roles',
        space: { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } },
        objectives: { loss: 'minimize' },
        algorithm: { surrogate: 'gp', acquisition: 'log-ei', initialTrials: 2, seed: 3 },
      });
      for (let i = 0; i < 3; i++) {
        const [t] = await study.ask();
        await study.tell(t!.id, { loss: branin(t!.params.x1, t!.params.x2) });
        // The replica reads the worker registry every second: by the model-phase ask it has seen the worker.
        if (i === 1) await new Promise((r) => setTimeout(r, 1500));
        if (i === 2) {
          assert.equal(t!.diagnostics?.computeWorker, 'solo', JSON.stringify(t!.diagnostics));
          assert.notEqual(t!.diagnostics?.phase, 'fallback');
        }
      }
      const health = ((await (await fetch(`http://127.0.0.1:${apiPort}/v1/health`)).json()) as { data: { compute: { workers: number } } }).data;
      assert.equal(health.compute.workers, 1);
      const wh = (await (await fetch(`http://127.0.0.1:${healthPort}/health`)).json()) as { role: string; id: string; classes: string[]; threads: number };
      assert.deepEqual([wh.role, wh.id, wh.classes, wh.threads], ['worker', 'solo', ['cpu', 'tensor'], 1]);
      assert.equal((await fetch(`http://127.0.0.1:${healthPort}/v1/studies`)).status, 404);
    } finally {
      client.close();
    }
  });
});
