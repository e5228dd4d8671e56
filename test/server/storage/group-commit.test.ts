/**
 * Group commit of SqliteStorage (synchronous=group, the default): flush() waits for one WAL
 * fdatasync that covers every commit made before it, and concurrent flushes share fsyncs.
 * (Power loss itself cannot be simulated here; SIGKILL safety is sqlite-durability.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import { BoError } from '../../../core/errors.js';
import { openStorage } from '../../../server/storage/open-storage.js';
import { SqliteStorage } from '../../../server/storage/sqlite-storage.js';
import { makeStudy } from '../../conformance/storage-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-group-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Counts the WAL syncs a storage runs (wraps its private syncWal). */
function countSyncs(s: SqliteStorage): { n: number } {
  const counter = { n: 0 };
  const target = s as unknown as { syncWal: () => Promise<void> };
  const original = target.syncWal.bind(s);
  target.syncWal = () => (counter.n++, original());
  return counter;
}

const lease = new Date(Date.now() + 60_000).toISOString();

it('flush syncs once for many concurrent writers, and only when something was written', async () => {
  const file = join(dir, 'a.sqlite');
  // On the server's thread (the default), where its syncs can be counted; connection=thread: sqlite-thread-storage.test.ts.
  const s = (await openStorage(`sqlite:${file}`)) as SqliteStorage;
  assert.equal(s.description, `sqlite:${file}`, 'group is the default and needs no query');
  await s.createStudy(makeStudy('s1'));
  const syncs = countSyncs(s);
  await s.flush();
  assert.equal(syncs.n, 1, 'the study creation is synced');
  await s.flush();
  assert.equal(syncs.n, 1, 'nothing new: no fsync');
  // 40 writers, each insert then flush: they share fsyncs (the first flush's fsync may start
  // after only some commits, the rest share the next one).
  const made = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
    const [t] = await s.insertTrials('s1', [{ state: 'running', params: { x: i }, leaseExpiresAt: lease }]);
    await s.flush();
    return t!;
  }));
  assert.equal(made.length, 40);
  assert.ok(syncs.n >= 2 && syncs.n <= 3, `40 flushes took ${syncs.n - 1} fsyncs`);
  // Sequential write+flush pairs each need their own fsync: a flush never returns before its writes are covered.
  for (let i = 0; i < 3; i++) {
    await s.finishTrial('s1', made[i]!.id, { state: 'completed', values: { loss: i } }, new Date().toISOString());
    const before: number = syncs.n;
    await s.flush();
    assert.equal(syncs.n, before + 1);
  }
  await s.close();
  await assert.rejects(s.flush(), (e: unknown) => e instanceof BoError && e.code === 'UNAVAILABLE');
  // What was flushed is in the file.
  const db = new Database(file, { readonly: true });
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM trials').get() as { n: number }).n, 40);
  db.close();
});

it('full and normal modes and :memory: never run the group fsync; full keeps its description', async () => {
  for (const [url, desc] of [
    [`sqlite:${join(dir, 'f.sqlite')}?synchronous=full`, `sqlite:${join(dir, 'f.sqlite')}?synchronous=full`],
    [`sqlite:${join(dir, 'n.sqlite')}?synchronous=NORMAL`, `sqlite:${join(dir, 'n.sqlite')}?synchronous=normal`],
    ['sqlite::memory:?connection=INLINE', 'sqlite::memory:'],
  ] as const) {
    const s = (await openStorage(url)) as SqliteStorage;
    assert.equal(s.description, desc);
    const syncs = countSyncs(s);
    await s.createStudy(makeStudy('s1'));
    await s.flush();
    assert.equal(syncs.n, 0, url);
    await s.close();
  }
});
