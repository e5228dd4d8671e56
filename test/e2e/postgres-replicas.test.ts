/**
 * Two real server processes on one PostgreSQL database (a throw-away server from
 * test/support/pg-harness.ts), SDK clients on both, one GP study: concurrent asks and tells through
 * either replica hand out distinct points with consecutive numbers, and every tell is stored once.
 * Events across replicas need the socket.io adapter (not part of this test). Skips, saying why,
 * where no PostgreSQL binaries are installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../sdk/index.js';
import { findPgBin, startPostgres, type PgServer } from '../support/pg-harness.js';
import { startCli, stopChild, type CliChild } from './harness.js';

const bin = findPgBin();

describe('two server replicas on PostgreSQL', { skip: bin === null ? 'no PostgreSQL binaries (initdb, pg_ctl, postgres) found: apt-get install postgresql, or set PG_BINDIR' : false }, () => {
  let pg: PgServer;
  const replicas: CliChild[] = [];
  before(async () => {
    pg = await startPostgres({ bin: bin! });
    // Started together: both migrate the empty database at once (the migration lock serialises them).
    const env = { BO_STORAGE: `${pg.url}?max=4`, BO_LOG_LEVEL: 'warn' };
    replicas.push(...(await Promise.all([0, 1].map(() => startCli(['--port', '0', '--compute-workers', '0'], { env })))));
  });
  after(async () => {
    await Promise.all(replicas.map((r) => stopChild(r.child)));
    pg?.stop();
  });

  it('hands out distinct points across replicas and stores each tell once', async () => {
    assert.match(String(replicas[0]!.lines.find((l) => l.event === 'listening')!.storage), /^postgres:\/\/bo@127\.0\.0\.1:\d+\/bo_test\?max=4$/);
    const clients = await Promise.all([0, 1, 0, 1].map((r, i) => connect(`http://127.0.0.1:${replicas[r]!.port}`, { clientId: `c${i}` })));
    try {
      const created = await clients[0]!.createStudy({
        name: 'replicas',
        space: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } },
        objectives: { loss: 'minimize' },
        algorithm: { surrogate: 'gp', acquisition: 'log-ei', initialTrials: 4, seed: 3 },
      });
      const handles = await Promise.all(clients.map((c) => c.getStudy(created.id)));
      const seen: string[] = [];
      await Promise.all(
        handles.map(async (h, i) => {
          for (let k = 0; k < 4; k++) {
            const [t] = await h.ask();
            seen.push(JSON.stringify(t!.params));
            const p = t!.params as { x: number; y: number };
            // Told through the other replica half the time, as behind a load balancer.
            await handles[(i + (k % 2)) % handles.length]!.tell(t!.id, { loss: (p.x - 0.3) ** 2 + (p.y - 0.6) ** 2 });
          }
        }),
      );
      assert.equal(new Set(seen).size, seen.length, 'no point handed out twice');
      const trials = await handles[1]!.trials();
      assert.equal(trials.length, 16);
      assert.deepEqual(trials.map((t) => t.number).sort((a, b) => a - b), [...Array(16).keys()]);
      assert.ok(trials.every((t) => t.state === 'completed'));
    } finally {
      clients.forEach((c) => c.close());
    }
  });
});
