/**
 * The curve migrations (issue 19): a SQLite file at schema v6 and a PostgreSQL schema at v2, each
 * holding trials in every old state, migrate with their rows, counts (checked against a recount)
 * and indexes intact, and then accept the 'pruned' state and curve points. PostgreSQL parts skip,
 * saying why, without PostgreSQL binaries.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrate } from '../../../server/storage/migrations.js';
import { migratePostgres } from '../../../server/storage/postgres-migrations.js';
import { openStorage } from '../../../server/storage/open-storage.js';
import { SqliteStorage } from '../../../server/storage/sqlite-storage.js';
import type { Storage } from '../../../server/storage/types.js';
import { findPgBin, startPostgres } from '../../support/pg-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-migrate-curves-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const STUDY = `'s', 'old', '{"x":{"type":"float","low":0,"high":1}}', '{"loss":"minimize"}', '{"surrogate":"none","seed":1}', 60, '{}', '2025-01-01T00:00:00.000Z'`;
const STATES = ['completed', 'failed', 'abandoned', 'running', 'queued', 'running'];
const LEASE = '2099-01-01T00:00:00.000Z';

/** After migration: old rows and counts intact, then a prune and a curve land. */
async function checkMigrated(s: Storage): Promise<void> {
  const trials = await s.listTrials('s');
  assert.deepEqual(trials.map((t) => [t.id, t.state]), STATES.map((st, i) => [`t${i}`, st]));
  assert.deepEqual(await s.countTrials('s'), { queued: 1, running: 2, completed: 1, failed: 1, abandoned: 1, pruned: 0 });
  await s.addIntermediate('s', 't3', { step: 4, value: 0.5, prune: true, reason: 'r' }, '2025-01-02T00:00:00.000Z');
  const pruned = await s.finishTrial('s', 't3', { state: 'pruned', objective: 'loss' }, '2025-01-02T00:00:01.000Z');
  assert.deepEqual([pruned.trial.state, pruned.trial.values], ['pruned', { loss: 0.5 }]);
  assert.deepEqual(await s.countTrials('s'), { queued: 1, running: 1, completed: 1, failed: 1, abandoned: 1, pruned: 1 });
  assert.deepEqual((await s.listTrials('s', ['pruned', 'running'])).map((t) => t.id), ['t3', 't5']);
  assert.deepEqual((await s.listCurves('s')).get('t3'), [{ step: 4, value: 0.5, prune: true, reason: 'r' }]);
}

it('sqlite v6 -> v7: trials rebuilt with their rows, counts and triggers; pruned and curves accepted', async () => {
  const file = join(dir, 'v6.sqlite');
  const v6 = new Database(file);
  migrate(v6, 6);
  v6.prepare(`INSERT INTO studies (id, name, space_json, objectives_json, algorithm_json, lease_seconds, metadata_json, created_at) VALUES (${STUDY})`).run();
  const insert = v6.prepare(`INSERT INTO trials (id, study_id, number, state, params_json, values_json, created_at, lease_expires_at, lease_expires_ms)
    VALUES (?, 's', ?, ?, '{"x":0.5}', ?, '2025-01-01T00:00:01.000Z', ?, ?)`);
  STATES.forEach((st, i) => insert.run(`t${i}`, i, st, st === 'completed' ? '{"loss":1}' : null, st === 'running' ? LEASE : null, st === 'running' ? Date.parse(LEASE) : null));
  v6.close();
  const s = new SqliteStorage({ path: file });
  await checkMigrated(s);
  await s.close();
  const check = new Database(file, { readonly: true });
  const recount = check.prepare("SELECT state, COUNT(*) AS n FROM trials WHERE study_id = 's' GROUP BY state ORDER BY state").all();
  assert.deepEqual(check.prepare("SELECT state, n FROM trial_counts WHERE study_id = 's' AND n > 0 ORDER BY state").all(), recount);
  assert.equal(check.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'trials'").pluck().get(), 3);
  assert.equal(check.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'trials_by_state'").pluck().get(), 1);
  assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(check.pragma('foreign_key_check'), []);
  check.close();
});

const bin = findPgBin();
it('postgres v2 -> v3: the state check admits pruned, old rows and counts intact', { skip: bin === null ? 'no PostgreSQL binaries (initdb, pg_ctl, postgres) found: apt-get install postgresql, or set PG_BINDIR' : false }, async () => {
  const server = await startPostgres({ bin: bin! });
  const pool = new pg.Pool({ connectionString: server.url, max: 1 });
  try {
    const c = await pool.connect();
    try {
      assert.deepEqual(await migratePostgres(c, 'v2', 2), [1, 2]);
      await c.query(`INSERT INTO v2.studies (id, name, space_json, objectives_json, algorithm_json, lease_seconds, metadata_json, created_at, next_number, completed_count) VALUES (${STUDY}, ${STATES.length}, 1)`);
      for (const [i, st] of STATES.entries()) {
        await c.query(`INSERT INTO v2.trials (id, study_id, number, state, params_json, values_json, created_at, lease_expires_at, lease_expires_ms) VALUES ($1, 's', $2, $3, '{"x":0.5}', $4, '2025-01-01T00:00:01.000Z', $5, $6)`,
          [`t${i}`, i, st, st === 'completed' ? '{"loss":1}' : null, st === 'running' ? LEASE : null, st === 'running' ? Date.parse(LEASE) : null]);
      }
      await assert.rejects(c.query("UPDATE v2.trials SET state = 'pruned' WHERE id = 't3'"), /trials_state_check/, 'v2 refuses the new state');
    } finally {
      c.release();
    }
    const s = await openStorage(`${server.url}?max=2&schema=v2`);
    try {
      await checkMigrated(s);
    } finally {
      await s.close();
    }
  } finally {
    await pool.end();
    server.stop();
  }
});
