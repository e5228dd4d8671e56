/**
 * Micro-benchmark: insert+finish pairs per second on each storage backend and SQLite sync mode,
 * printed as a markdown table. Each pair = insertTrials(1 running trial) then finishTrial
 * (completed), each followed by flush() as the service does before acknowledging a write; with
 * concurrency c, c writers run such pairs at once (as c clients of one server would).
 * Usage: npx tsx benchmarks/storage-bench.ts [pairs=2000] [dir=os.tmpdir()]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../server/storage/open-storage.js';
import type { Storage } from '../server/storage/types.js';

const PAIRS = Number(process.argv[2] ?? 2000);
const DIR = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'bo-storage-bench-'));

/** Runs `pairs` insert+finish pairs split over `concurrency` writers; returns per-pair latencies in microseconds. */
async function measure(storage: Storage, pairs: number, concurrency: number): Promise<Float64Array> {
  const studyId = 'bench';
  await storage.createStudy({
    id: studyId, name: 'bench', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' },
    algorithm: { surrogate: 'gp', acquisition: 'log-ei', seed: 0 }, leaseSeconds: 600, metadata: {}, createdAt: new Date().toISOString(),
  });
  const lat = new Float64Array(pairs);
  let next = 0;
  const writer = async (): Promise<void> => {
    for (let i = next++; i < pairs; i = next++) {
      const t0 = process.hrtime.bigint();
      const [t] = await storage.insertTrials(studyId, [{ state: 'running', params: { x: i / pairs }, leaseExpiresAt: new Date(Date.now() + 6e5).toISOString() }], { requestId: `a${i}`, kind: 'ask' });
      await storage.flush();
      await storage.finishTrial(studyId, t!.id, { state: 'completed', values: { y: Math.sin(i) } }, new Date().toISOString(), { requestId: `t${i}`, kind: 'tell' });
      await storage.flush();
      lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, writer));
  return lat;
}

/** The q-quantile of a sample (nearest rank). */
function quantile(x: Float64Array, q: number): number {
  const s = Float64Array.from(x).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const rows: string[] = [];
let k = 0;
for (const [label, url] of [
  ['memory', 'memory:'],
  ['sqlite synchronous=group (default: NORMAL + batched WAL fsync in flush)', 'sqlite:FILE'],
  ['sqlite synchronous=full (fsync inside every commit)', 'sqlite:FILE?synchronous=full'],
  ['sqlite synchronous=normal (no fsync; process-kill safe only)', 'sqlite:FILE?synchronous=normal'],
] as const) {
  for (const c of [1, 16]) {
    const storage = await openStorage(url.replace('FILE', join(DIR, `db${k++}.sqlite`)));
    const start = performance.now();
    const lat = await measure(storage, PAIRS, c);
    const secs = (performance.now() - start) / 1000;
    await storage.close();
    rows.push(`| ${label} | ${c} | ${PAIRS} | ${(PAIRS / secs).toFixed(0)} | ${quantile(lat, 0.5).toFixed(0)} | ${quantile(lat, 0.99).toFixed(0)} |`);
  }
}
rmSync(DIR, { recursive: true, force: true });
console.log(`Storage insert+flush+finish+flush pairs (${new Date().toISOString()}, node ${process.version})\n`);
console.log('| backend | writers | pairs | pairs/s | median µs/pair | p99 µs/pair |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
