/**
 * SqliteThreadStorage (the SQLite connection on its own thread, 'sqlite:<path>?connection=thread')
 * beyond the shared conformance suite (test/conformance/storage-sqlite-thread.test.ts): errors cross the
 * thread as the same classes, codes, messages and issue paths as SqliteStorage's on the server's
 * thread (the reference: the same calls on an inline storage); flush() resolves only after the
 * thread announced an fsync covering the writes, and concurrent writers share fsyncs; calls keep
 * their order; close and a dead thread refuse calls with UNAVAILABLE; an idle storage does not
 * keep the process alive. SIGKILL safety of both connections: sqlite-durability.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import { BoError } from '../../../core/errors.js';
import { LATEST_VERSION, migrate } from '../../../server/storage/migrations.js';
import { SqliteStorage } from '../../../server/storage/sqlite-storage.js';
import { SqliteThreadStorage } from '../../../server/storage/sqlite-thread-storage.js';
import type { ThreadDurable } from '../../../server/storage/sqlite-thread-wire.js';
import { StaleAskError } from '../../../server/storage/storage-rules.js';
import type { Storage } from '../../../server/storage/types.js';
import { makeStudy } from '../../conformance/storage-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-thread-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const fresh = () => join(dir, `f${files++}.sqlite`);
const lease = new Date(Date.now() + 60_000).toISOString();

/** What a caller can see of an error: its class, code, message and issues. */
async function failure(p: Promise<unknown>): Promise<{ stale: boolean; bo: boolean; code?: string; message: string; issues?: unknown }> {
  try {
    await p;
  } catch (e) {
    const b = e as BoError;
    return { stale: e instanceof StaleAskError, bo: e instanceof BoError, code: b.code, message: b.message, issues: b.issues };
  }
  throw new Error('expected a rejection');
}

/** The same three failing calls on a storage: NOT_FOUND, a CONFLICT with an issue path, a stale ask. */
async function failures(s: Storage): Promise<unknown[]> {
  await s.createStudy(makeStudy('s1'));
  const [a, b] = await s.insertTrials('s1', [{ state: 'running', params: { x: 1 }, leaseExpiresAt: lease }, { state: 'running', params: { x: 2 }, leaseExpiresAt: lease }]);
  await s.finishTrial('s1', a!.id, { state: 'completed', values: { loss: 1 } }, '2026-12-05T00:00:00.000Z', { requestId: 'r1', kind: 'tell', target: a!.id, fingerprint: 'f1' });
  // Trial ids are random per storage: named by role in the comparison.
  const named = (f: { message: string }) => ({ ...f, message: f.message.replaceAll(a!.id, '<a>').replaceAll(b!.id, '<b>') });
  return [
    await failure(s.countTrials('missing')),
    await failure(s.finishTrial('s1', b!.id, { state: 'completed', values: { loss: 2 } }, '2026-12-05T00:00:00.000Z', { requestId: 'r1', kind: 'tell', target: b!.id, fingerprint: 'f2' })),
    await failure(s.commitAsk('s1', { trials: [{ state: 'running', params: { x: 3 }, leaseExpiresAt: lease }], basis: { trials: 1 } })),
    await failure(s.finishTrial('gone', b!.id, { state: 'completed', values: { loss: 2 } }, '2026-12-05T00:00:00.000Z')),
  ].map(named);
}

it('errors cross the thread as the inline storage throws them: class, code, message, issue paths', async () => {
  const inline = new SqliteStorage({ path: fresh() });
  const thread = await SqliteThreadStorage.open({ path: fresh() });
  const want = await failures(inline);
  const got = await failures(thread);
  assert.deepEqual(got, want);
  assert.deepEqual(want.map((f) => (f as { code: string }).code), ['NOT_FOUND', 'CONFLICT', 'UNAVAILABLE', 'NOT_FOUND']);
  assert.equal((want[2] as { stale: boolean }).stale, true, 'the ask retry loop tells a stale commit apart by class');
  await Promise.all([inline.close(), thread.close()]);
});

it('a database the thread cannot open is refused as the inline constructor refuses it', async () => {
  const file = fresh();
  const db = new Database(file);
  migrate(db);
  db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(LATEST_VERSION + 1);
  db.close();
  let inline: unknown;
  try {
    new SqliteStorage({ path: file }).close();
  } catch (e) {
    inline = e;
  }
  assert.ok(inline instanceof BoError && inline.code === 'FAILED_PRECONDITION');
  await assert.rejects(SqliteThreadStorage.open({ path: file }), (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION' && e.message === inline.message);
});

it('flush resolves only after an announced fsync covers the writes; 16 concurrent writers share fsyncs', async () => {
  const file = fresh();
  const s = await SqliteThreadStorage.open({ path: file });
  await s.createStudy(makeStudy('s1'));
  await s.flush();
  const trials = await s.insertTrials('s1', Array.from({ length: 16 }, (_, i) => ({ state: 'running' as const, params: { x: i }, leaseExpiresAt: lease })));
  await s.flush();
  // Record, in order, each fsync announcement the thread sends and each flush that resolves.
  const log: string[] = [];
  const target = s as unknown as { durable: (d: ThreadDurable) => void };
  const original = target.durable.bind(s);
  target.durable = (d) => {
    log.push('fsync');
    original(d);
  };
  // Like 16 clients' tells: each finishes its trial, then flushes before it would acknowledge.
  await Promise.all(trials.map(async (t, i) => {
    await s.finishTrial('s1', t.id, { state: 'completed', values: { loss: i } }, new Date().toISOString());
    await s.flush();
    log.push(`ack ${i}`);
  }));
  const fsyncs = log.filter((e) => e === 'fsync').length;
  // The thread starts one fsync as soon as the previous one ends, taking every commit made meanwhile:
  // 16 writers queued together need one or two (one may start after only the first commits).
  assert.ok(fsyncs >= 1 && fsyncs <= 3, `16 concurrent tells took ${fsyncs} fsyncs: ${log.join(', ')}`);
  assert.equal(log[0], 'fsync', 'no flush resolved before an fsync was announced');
  // What the acknowledged tells wrote is in the file, as another connection reads it.
  const db = new Database(file, { readonly: true });
  assert.equal((db.prepare("SELECT COUNT(*) AS n FROM trials WHERE state = 'completed'").get() as { n: number }).n, 16);
  db.close();
  // A flush with nothing written since the last announcement resolves without a new fsync.
  const before = log.length;
  await s.flush();
  assert.equal(log.length, before);
  await s.close();
});

it('calls keep their order: a read sent right after a write (not awaited) sees it', async () => {
  const s = await SqliteThreadStorage.open({ path: fresh() });
  const created = s.createStudy(makeStudy('s1'));
  const read = s.getStudy('s1');
  const inserted = s.insertTrials('s1', [{ state: 'running', params: { x: 1 }, leaseExpiresAt: lease }]);
  const clock = s.trialClock('s1');
  await created;
  assert.equal((await read)?.id, 's1');
  assert.equal((await inserted).length, 1);
  assert.deepEqual(await clock, { trials: 1, completed: 0, running: 1, queued: 0, pruned: 0 });
  await s.close();
});

it('close and a dead thread refuse every call with UNAVAILABLE', async () => {
  const s = await SqliteThreadStorage.open({ path: fresh() });
  await s.createStudy(makeStudy('s1'));
  await s.close();
  await s.close(); // idempotent
  const unavailable = (e: unknown) => e instanceof BoError && e.code === 'UNAVAILABLE';
  await assert.rejects(s.getStudy('s1'), unavailable);
  await assert.rejects(s.flush(), unavailable);

  const d = await SqliteThreadStorage.open({ path: fresh() });
  await d.createStudy(makeStudy('s1'));
  const inFlight = d.listTrials('s1');
  await (d as unknown as { worker: { terminate: () => Promise<number> } }).worker.terminate();
  // The call in flight was either answered before the thread went or is refused; later ones are refused.
  await inFlight.catch((e: unknown) => assert.ok(unavailable(e), String(e)));
  await assert.rejects(d.getStudy('s1'), (e: unknown) => unavailable(e) && /exited/.test((e as Error).message));
  await d.close();
});

it('an open storage with nothing in flight does not keep the process alive', async () => {
  const script = fileURLToPath(new URL('./fixtures/thread-storage-idle.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, fresh()], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  assert.match(out, /wrote 1 trial/);
});
