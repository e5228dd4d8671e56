/**
 * PostgreSQL's per-state bookkeeping (migration 2): trial counts kept by a trigger are backfilled
 * from v1 rows and stay equal to a recount through every write; listing the active trials of a
 * 10,000-trial study reads them through trials_by_state without touching the completed ones.
 * Skips, saying why, where no PostgreSQL binaries are installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openStorage } from '../../../server/storage/open-storage.js';
import { migratePostgres } from '../../../server/storage/postgres-migrations.js';
import { statements } from '../../../server/storage/postgres-sql.js';
import type { NewTrial } from '../../../server/storage/types.js';
import { makeStudy } from '../../conformance/storage-conformance.js';
import { findPgBin, startPostgres, type PgServer } from '../../support/pg-harness.js';

const bin = findPgBin();
const LATER = new Date(Date.UTC(2030, 0, 1)).toISOString();

describe('PostgresStorage trial counts and per-state listing', { skip: bin === null ? 'no PostgreSQL binaries (initdb, pg_ctl, postgres) found: apt-get install postgresql, or set PG_BINDIR' : false }, () => {
  let server: PgServer;
  let pool: pg.Pool;
  before(async () => {
    server = await startPostgres({ bin: bin! });
    pool = new pg.Pool({ connectionString: server.url, max: 2 });
  });
  after(async () => {
    await pool?.end();
    server?.stop();
  });

  /** Counts per state of one study, by scanning its trials. */
  const recount = async (schema: string, studyId: string) => {
    const counts: Record<string, number> = { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 };
    const { rows } = await pool.query<{ state: string; n: number }>(`SELECT state, COUNT(*)::int AS n FROM "${schema}".trials WHERE study_id = $1 GROUP BY state`, [studyId]);
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  };

  it('trial counts kept by the trigger (v2) equal a recount: backfilled from v1 rows, then through inserts, claims, finishes, abandons and deletes', async () => {
    const c = await pool.connect();
    try {
      assert.deepEqual(await migratePostgres(c, 'v1', 1), [1]);
      await c.query(`INSERT INTO v1.studies (id, name, space_json, objectives_json, algorithm_json, lease_seconds, metadata_json, created_at, next_number, completed_count)
        VALUES ('s', 'old', '{"x":{"type":"float","low":0,"high":1}}', '{"loss":"minimize"}', '{"surrogate":"none","seed":1}', 60, '{}', '2025-01-01T00:00:00.000Z', 5, 2)`);
      for (const [i, state] of ['completed', 'completed', 'failed', 'running', 'queued'].entries()) {
        await c.query(`INSERT INTO v1.trials (id, study_id, number, state, params_json, created_at) VALUES ($1, 's', $2, $3, '{"x":0.5}', '2025-01-01T00:00:01.000Z')`, [`t${i}`, i, state]);
      }
    } finally {
      c.release();
    }
    const s = await openStorage(`${server.url}?max=2&schema=v1`);
    try {
      assert.deepEqual(await s.countTrials('s'), { queued: 1, running: 1, completed: 2, failed: 1, abandoned: 0, pruned: 0 });
      const past = new Date(Date.now() - 1000).toISOString();
      const made = await s.insertTrials('s', [{ state: 'running', params: { x: 0.1 }, leaseExpiresAt: past }, { state: 'queued', params: { x: 0.2 } }, { state: 'completed', params: { x: 0.3 }, values: { loss: 1 } }]);
      assert.deepEqual(await s.countTrials('s'), await recount('v1', 's'));
      await s.claimQueued('s', 1, LATER);
      await s.finishTrial('s', 't3', { state: 'completed', values: { loss: 2 } }, new Date().toISOString());
      await s.abandonExpired('s', new Date().toISOString());
      assert.deepEqual(await s.countTrials('s'), await recount('v1', 's'));
      await s.finishTrial('s', made[0]!.id, { state: 'failed', reason: 'late' }, new Date().toISOString());
      assert.deepEqual(await s.countTrials('s'), await recount('v1', 's'));
      assert.deepEqual(await recount('v1', 's'), { queued: 1, running: 1, completed: 4, failed: 2, abandoned: 0, pruned: 0 });
      assert.equal(await s.deleteStudy('s'), true);
      assert.equal((await pool.query("SELECT COUNT(*)::int AS n FROM v1.trial_counts WHERE study_id = 's'")).rows[0].n, 0);
    } finally {
      await s.close();
    }
  });

  it('listing the active trials of a 10,000-trial study reads trials_by_state ranges, never the completed trials', async () => {
    const s = await openStorage(`${server.url}?max=2&schema=big`);
    try {
      await s.createStudy(makeStudy('s', 1));
      const done = (x: number): NewTrial => ({ state: 'completed', params: { x }, values: { loss: x } });
      for (let k = 0; k < 10; k++) await s.insertTrials('s', Array.from({ length: 1000 }, (_, i) => done(k * 1000 + i)));
      await s.insertTrials('s', [{ state: 'queued', params: { x: -1 } }, { state: 'running', params: { x: -2 }, leaseExpiresAt: LATER }, { state: 'queued', params: { x: -3 } }]);
      await pool.query('ANALYZE big.trials');
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${statements('big').listTrialsIn(2)}`, ['s', 'queued', 'running']);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.equal(plan.match(/Index Scan using trials_by_state on trials/g)?.length, 2, plan);
      assert.doesNotMatch(plan, /Seq Scan on trials|Rows Removed by Filter|trials_study_id_number_key/, plan);
      assert.deepEqual((await s.listTrials('s', ['queued', 'running'])).map((t) => t.number), [10000, 10001, 10002]);
      assert.deepEqual(await s.countTrials('s'), { queued: 2, running: 1, completed: 10000, failed: 0, abandoned: 0, pruned: 0 });
    } finally {
      await s.close();
    }
  });
});
