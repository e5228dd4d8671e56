/**
 * Durability of SqliteStorage under SIGKILL: a child process writes insert+finish pairs and prints
 * each acknowledged trial; the parent kills it at a seeded random moment, reopens the file and
 * checks that every acknowledged finish is there exactly once, with its values and its request
 * record, that numbers have no gaps or duplicates, and that PRAGMA integrity_check says ok.
 * Five kills on the same file, so each round also reopens a file left by a killed writer.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createRng } from '../../../core/rng.js';
import { SqliteStorage } from '../../../server/storage/sqlite-storage.js';

const here = dirname(fileURLToPath(import.meta.url));
const writer = join(here, 'fixtures', 'durability-writer.ts');
const dir = mkdtempSync(join(tmpdir(), 'bo-durability-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer on `file` (URL `query`), kills it `killAfterMs` after it is ready; returns the acknowledged [id, number] pairs. */
function runAndKill(file: string, query: string, killAfterMs: number): Promise<Array<[string, number]>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, query], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    // A writer that never gets ready is killed too: a stuck child must not hang the test run.
    let stuck = false;
    const startup = setTimeout(() => {
      stuck = true;
      child.kill('SIGKILL');
    }, 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (timer === undefined && out.startsWith('ready\n')) {
        clearTimeout(startup);
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(startup);
      clearTimeout(timer);
      if (stuck) return reject(new Error(`writer not ready within 60 s: ${err}`));
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited (${code}, ${signal}) before the kill: ${err}`));
      // Only complete lines count: a line cut by the kill was not acknowledged.
      const lines = out.slice(0, out.lastIndexOf('\n') + 1).split('\n').filter((l) => l.startsWith('ack '));
      resolve(lines.map((l) => { const [, id, n] = l.split(' '); return [id!, Number(n)]; }));
    });
  });
}

// The connection on the server's thread (default) and on its own thread: an answer comes after the commit in both.
for (const [query, rounds] of [['', 5], ['?connection=thread', 3]] as const) it(`every acknowledged finish survives SIGKILL exactly once and the file stays intact${query}`, async (t) => {
  const rng = createRng(20261128);
  const file = join(dir, `bo${query === '' ? '' : '-thread'}.sqlite`);
  const acked = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    const killAfter = 30 + Math.floor(rng.uniform() * 300);
    const got = await runAndKill(file, query, killAfter);
    for (const [id, n] of got) acked.set(id, n);

    const raw = new Database(file);
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok', `round ${round}`);
    assert.equal((raw.pragma('foreign_key_check') as unknown[]).length, 0);
    const rows = raw.prepare("SELECT id, number, state FROM trials WHERE study_id = 'dur' ORDER BY number").all() as Array<{ id: string; number: number; state: string }>;
    raw.close();
    assert.deepEqual(rows.map((r) => r.number), rows.map((_, i) => i), 'numbers 0..n-1, no gaps or duplicates');
    const count = new Map<string, number>();
    for (const r of rows) count.set(r.id, (count.get(r.id) ?? 0) + 1);

    const storage = new SqliteStorage({ path: file });
    for (const [id, n] of acked) {
      assert.equal(count.get(id), 1, `acknowledged trial ${id} present exactly once`);
      const t = await storage.getTrial('dur', id);
      assert.deepEqual([t?.state, t?.number, t?.values], ['completed', n, { loss: n * 0.5 }]);
      assert.deepEqual(await storage.getRequest('dur', `tell-${id}`), { kind: 'tell', result: [id] });
    }
    await storage.close();
    t.diagnostic(`round ${round}: killed ${killAfter} ms after ready, ${got.length} acknowledged, ${rows.length} trials in the file`);
  }
  assert.ok(acked.size >= 5, `the writer acknowledged ${acked.size} finishes in ${rounds} rounds`);
});
