/**
 * Micro-benchmark: serial insert+finish pairs per second on each storage backend, printed as a
 * markdown table. Each pair = insertTrials(1 running trial) then finishTrial(completed), two
 * committed transactions on SQLite (each fsynced under synchronous=FULL).
 * Usage: npx tsx benchmarks/storage-bench.ts [pairs=2000] [dir=os.tmpdir()]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../server/storage/open-storage.js';
import type { Storage } from '../server/storage/types.js';

const PAIRS = Number(process.argv[2] ?? 2000);
const DIR = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'bo-storage-bench-'));

/** Runs `pairs` serial insert+finish pairs; returns per-pair latencies in microseconds. */
async function measure(storage: Storage, pairs: number): Promise<Float64Array> {
  const studyId = 'bench';
  await storage.createStudy({
    id: studyId, name: 'bench', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' },
    algorithm: { surrogate: 'gp', acquisition: 'log-ei', seed: 0 }, leaseSeconds: 600, metadata: {}, createdAt: new Date().toISOString(),
  });
  const lat = new Float64Array(pairs);
  for (let i = 0; i < pairs; i++) {
    const t0 = process.hrtime.bigint();
    const [t] = await storage.insertTrials(studyId, [{ state: 'running', params: { x: i / pairs }, leaseExpiresAt: new Date(Date.now() + 6e5).toISOString() }], { requestId: `a${i}`, kind: 'ask' });
    await storage.finishTrial(studyId, t!.id, { state: 'completed', values: { y: Math.sin(i) } }, new Date().toISOString(), { requestId: `t${i}`, kind: 'tell' });
    lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return lat;
}

/** The q-quantile of a sample (nearest rank). */
function quantile(x: Float64Array, q: number): number {
  const s = Float64Array.from(x).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const rows: string[] = [];
for (const [label, url] of [
  ['memory', 'memory:'],
  ['sqlite synchronous=FULL (default)', `sqlite:${join(DIR, 'full.sqlite')}`],
  ['sqlite synchronous=NORMAL', `sqlite:${join(DIR, 'normal.sqlite')}?synchronous=normal`],
] as const) {
  const storage = await openStorage(url);
  const start = performance.now();
  const lat = await measure(storage, PAIRS);
  const secs = (performance.now() - start) / 1000;
  await storage.close();
  rows.push(`| ${label} | ${PAIRS} | ${(PAIRS / secs).toFixed(0)} | ${quantile(lat, 0.5).toFixed(0)} | ${quantile(lat, 0.99).toFixed(0)} |`);
}
rmSync(DIR, { recursive: true, force: true });
console.log(`Storage insert+finish pairs, serial (${new Date().toISOString()}, node ${process.version})\n`);
console.log('| backend | pairs | pairs/s | median µs/pair | p99 µs/pair |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
