/**
 * Schema migrations: a file written at schema v1 (before policy_states existed) is migrated to the
 * latest version on open with its data intact; migrating is idempotent; a file from a newer
 * version is refused; two openers of one file both work and leave it intact.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import { BoError } from '../../../core/errors.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../server/storage/migrations.js';
import { SqliteStorage } from '../../../server/storage/sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-migrations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('numbers migrations 1..n in order', () => {
  assert.deepEqual(MIGRATIONS.map((m) => m.version), Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  assert.ok(LATEST_VERSION >= 2);
});

it('opens a v1 database, migrates it and keeps its data', async () => {
  const file = join(dir, 'v1.sqlite');
  const v1 = new Database(file);
  assert.deepEqual(migrate(v1, 1), [1]);
  assert.equal(schemaVersion(v1), 1);
  v1.prepare(`INSERT INTO studies (id, name, space_json, objectives_json, algorithm_json, lease_seconds, metadata_json, created_at)
    VALUES ('old', 'old study', '{"x":{"type":"float","low":0,"high":1}}', '{"loss":"minimize"}', '{"surrogate":"gp","acquisition":"log-ei","seed":3}', 60, '{}', '2025-01-01T00:00:00.000Z')`).run();
  v1.prepare(`INSERT INTO trials (id, study_id, number, state, params_json, values_json, created_at, finished_at)
    VALUES ('t0', 'old', 0, 'completed', '{"x":0.25}', '{"loss":1.5}', '2025-01-01T00:00:01.000Z', '2025-01-01T00:00:02.000Z')`).run();
  assert.equal(v1.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'policy_states'").pluck().get(), 0);
  v1.close();

  const s = new SqliteStorage({ path: file });
  assert.deepEqual(await s.getTrial('old', 't0'), {
    id: 't0', studyId: 'old', number: 0, state: 'completed', params: { x: 0.25 }, values: { loss: 1.5 },
    createdAt: '2025-01-01T00:00:01.000Z', finishedAt: '2025-01-01T00:00:02.000Z',
  });
  assert.equal((await s.getStudy('old'))!.algorithm.seed, 3);
  await s.putPolicyState('old', { migrated: true }); // needs the v2 table
  assert.deepEqual(await s.getPolicyState('old'), { migrated: true });
  assert.equal((await s.insertTrials('old', [{ state: 'queued', params: { x: 0.5 } }]))[0]!.number, 1);
  await s.close();

  const check = new Database(file);
  assert.equal(schemaVersion(check), LATEST_VERSION);
  assert.deepEqual(migrate(check), [], 'a second migrate applies nothing');
  assert.equal(check.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
  check.close();
});

it('refuses a database written by a newer schema', () => {
  const file = join(dir, 'future.sqlite');
  const db = new Database(file);
  migrate(db);
  db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(LATEST_VERSION + 1);
  db.close();
  assert.throws(() => new SqliteStorage({ path: file }), (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION');
});

it('a second opener of the same file neither migrates twice nor corrupts it', async () => {
  const file = join(dir, 'nested', 'deeper', 'shared.sqlite'); // the directory is created
  const a = new SqliteStorage({ path: file });
  const b = new SqliteStorage({ path: file });
  const study = { id: 's', name: 's', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: { surrogate: 'gp', acquisition: 'log-ei', seed: 0 }, leaseSeconds: 1, metadata: {}, createdAt: '2026-01-01T00:00:00.000Z' } as const;
  await a.createStudy(study);
  const fromA = await a.insertTrials('s', [{ state: 'queued', params: { x: 0 } }]);
  const fromB = await b.insertTrials('s', [{ state: 'queued', params: { x: 1 } }]);
  assert.deepEqual([fromA[0]!.number, fromB[0]!.number], [0, 1], 'numbers stay unique across connections');
  assert.equal((await a.listTrials('s')).length, 2);
  await a.close();
  await b.close();
  const check = new Database(file);
  assert.deepEqual(check.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all(), MIGRATIONS.map((m) => m.version));
  assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
  check.close();
});

it('keeps request records written before v5 readable and matches them by kind and trial (no fingerprint)', async () => {
  const file = join(dir, 'v4.sqlite');
  const v4 = new Database(file);
  assert.deepEqual(migrate(v4, 4), [1, 2, 3, 4]);
  v4.prepare(`INSERT INTO studies (id, name, space_json, objectives_json, algorithm_json, lease_seconds, metadata_json, created_at)
    VALUES ('old', 'old', '{"x":{"type":"float","low":0,"high":1}}', '{"loss":"minimize"}', '{"surrogate":"none","acquisition":"log-ei","seed":0}', 60, '{}', '2025-01-01T00:00:00.000Z')`).run();
  for (const [id, n] of [['a', 0], ['b', 1]] as const) {
    v4.prepare(`INSERT INTO trials (id, study_id, number, state, params_json, created_at, lease_expires_at, lease_expires_ms)
      VALUES (?, 'old', ?, 'running', '{"x":0.5}', '2025-01-01T00:00:01.000Z', '2099-01-01T00:00:00.000Z', 4070908800000)`).run(id, n);
  }
  v4.prepare(`INSERT INTO requests (study_id, request_id, kind, result_json, created_at) VALUES ('old', 'r-1', 'tell', '["a"]', '2025-01-01T00:00:02.000Z')`).run();
  v4.close();

  const s = new SqliteStorage({ path: file });
  assert.deepEqual(await s.getRequest('old', 'r-1'), { kind: 'tell', result: ['a'] }, 'no target/fingerprint keys on a legacy row');
  const tagFor = (target: string) => ({ requestId: 'r-1', kind: 'tell', target, fingerprint: 'f', summary: '{}' });
  // The legacy record names trial a: reusing its id on trial b is CONFLICT and b stays running.
  await assert.rejects(s.finishTrial('old', 'b', { state: 'completed', values: { loss: 2 } }, '2025-01-01T00:00:03.000Z', tagFor('b')), (e: unknown) => e instanceof BoError && e.code === 'CONFLICT');
  assert.equal((await s.getTrial('old', 'b'))!.state, 'running');
  // On trial a the compare-and-set decides (here: a is still running, so the late tell lands).
  assert.equal((await s.finishTrial('old', 'a', { state: 'completed', values: { loss: 1 } }, '2025-01-01T00:00:03.000Z', tagFor('a'))).changed, true);
  await s.close();
});

it('trial counts kept by triggers (v6) equal a recount: backfilled from v5 rows, then through inserts, claims, finishes, abandons and deletes', async () => {
  const file = join(dir, 'counts.sqlite');
  const v5 = new Database(file);
  migrate(v5, 5);
  v5.prepare(`INSERT INTO studies (id, name, space_json, objectives_json, algorithm_json, lease_seconds, metadata_json, created_at)
    VALUES ('s5', 'old', '{"x":{"type":"float","low":0,"high":1}}', '{"loss":"minimize"}', '{"surrogate":"none","seed":1}', 60, '{}', '2025-01-01T00:00:00.000Z')`).run();
  const insert = v5.prepare(`INSERT INTO trials (id, study_id, number, state, params_json, created_at) VALUES (?, 's5', ?, ?, '{"x":0.5}', '2025-01-01T00:00:01.000Z')`);
  ['completed', 'completed', 'failed', 'running', 'queued'].forEach((state, i) => insert.run(`t${i}`, i, state));
  v5.close();

  const s = new SqliteStorage({ path: file });
  const recount = () => {
    const db = new Database(file, { readonly: true });
    const counts: Record<string, number> = { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 };
    for (const r of db.prepare('SELECT state, COUNT(*) AS n FROM trials WHERE study_id = ? GROUP BY state').all('s5') as { state: string; n: number }[]) counts[r.state] = r.n;
    db.close();
    return counts;
  };
  assert.deepEqual(await s.countTrials('s5'), { queued: 1, running: 1, completed: 2, failed: 1, abandoned: 0, pruned: 0 });
  const past = new Date(Date.now() - 1000).toISOString();
  const made = await s.insertTrials('s5', [{ state: 'running', params: { x: 0.1 }, leaseExpiresAt: past }, { state: 'queued', params: { x: 0.2 } }, { state: 'completed', params: { x: 0.3 }, values: { loss: 1 } }]);
  assert.deepEqual(await s.countTrials('s5'), recount());
  await s.claimQueued('s5', 1, new Date(Date.now() + 60_000).toISOString());
  await s.finishTrial('s5', 't3', { state: 'completed', values: { loss: 2 } }, new Date().toISOString());
  await s.abandonExpired('s5', new Date().toISOString());
  await s.finishTrial('s5', made[0]!.id, { state: 'failed', reason: 'late' }, new Date().toISOString());
  assert.deepEqual(await s.countTrials('s5'), recount());
  assert.deepEqual(recount(), { queued: 1, running: 1, completed: 4, failed: 2, abandoned: 0, pruned: 0 });
  assert.equal(await s.deleteStudy('s5'), true);
  const db = new Database(file, { readonly: true });
  assert.equal(db.prepare("SELECT COUNT(*) FROM trial_counts WHERE study_id = 's5'").pluck().get(), 0);
  db.close();
  await s.close();
});
