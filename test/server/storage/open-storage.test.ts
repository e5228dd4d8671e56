/** openStorage: URL schemes, relative paths from cwd, options, and clear refusals. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, it } from 'node:test';
import { BoError } from '../../../core/errors.js';
import { MemoryStorage } from '../../../server/storage/memory-storage.js';
import { parsePostgresUrl } from '../../../server/storage/postgres-sql.js';
import { openStorage } from '../../../server/storage/open-storage.js';
import { SqliteStorage } from '../../../server/storage/sqlite-storage.js';
import { SqliteThreadStorage } from '../../../server/storage/sqlite-thread-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Asserts openStorage(url) rejects with INVALID_ARGUMENT whose message matches `re`. */
async function refused(url: string, re: RegExp): Promise<void> {
  await assert.rejects(openStorage(url), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && re.test(e.message));
}

it('opens memory: and sqlite::memory: (on the server\'s thread by default, on its own with connection=thread)', async () => {
  const m = await openStorage('memory:');
  assert.ok(m instanceof MemoryStorage);
  assert.equal(m.description, 'memory:');
  const s = await openStorage('sqlite::memory:');
  assert.ok(s instanceof SqliteStorage);
  assert.equal(s.description, 'sqlite::memory:');
  assert.deepEqual(await s.listStudies(), []);
  const i = await openStorage('sqlite::memory:?connection=THREAD');
  assert.ok(i instanceof SqliteThreadStorage);
  assert.equal(i.description, 'sqlite::memory:?connection=thread');
  assert.deepEqual(await i.listStudies(), []);
  await Promise.all([m.close(), s.close(), i.close()]);
});

it('resolves a relative sqlite path from cwd and creates its directory', async () => {
  const rel = relative(process.cwd(), join(dir, 'data', 'bo.sqlite'));
  assert.ok(!rel.startsWith('/'));
  const s = await openStorage(`sqlite:${rel}`);
  assert.equal(s.description, `sqlite:${rel}`);
  assert.ok(existsSync(join(dir, 'data', 'bo.sqlite')));
  await s.close();
  const n = await openStorage(`sqlite://${join(dir, 'data', 'normal.sqlite')}?synchronous=normal`);
  assert.equal(n.description, `sqlite:${join(dir, 'data', 'normal.sqlite')}?synchronous=normal`);
  await n.close();
});

it('refuses other schemes and bad sqlite URLs with INVALID_ARGUMENT', async () => {
  await refused('postgres://bo:secret@localhost/bo?max=0', /max must be/);
  await refused('postgres://bo:secret@localhost/bo?max=ten', /max must be/);
  await refused('', /required/);
  await refused('sqlite:', /names no file/);
  await refused(`sqlite:${join(dir, 'x.sqlite')}?synchronous=off`, /synchronous/);
  await refused(`sqlite:${join(dir, 'x.sqlite')}?cache=big`, /unknown sqlite option 'cache'.*known: synchronous, connection/);
  await refused(`sqlite:${join(dir, 'x.sqlite')}?connection=pool`, /connection must be inline or thread/);
  await assert.rejects(openStorage('mysql://root:hunter2@db/bo'), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && !e.message.includes('hunter2'));
});

it('parses postgres URLs: pool size and schema are ours, the rest goes to node-postgres, the password is never shown', () => {
  const o = parsePostgresUrl('postgres://bo:s3cret@db.example:5433/bo?max=4&schema=tenant%201&sslmode=require');
  assert.deepEqual([o.max, o.schema], [4, 'tenant 1']);
  assert.equal(o.connectionString, 'postgres://bo:s3cret@db.example:5433/bo?sslmode=require');
  assert.ok(!o.description.includes('s3cret'), o.description);
  assert.equal(o.description, 'postgres://bo:***@db.example:5433/bo?sslmode=require&max=4&schema=tenant%201');
  const d = parsePostgresUrl('postgresql://localhost/bo');
  assert.deepEqual([d.max, d.schema, d.description], [10, 'public', 'postgresql://localhost/bo']);
});
