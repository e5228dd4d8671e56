/**
 * benchmarks/run.ts progress log and --resume: a grid stopped after some runs continues without
 * re-running them, and the final file holds the earlier runs unchanged. The reference for "unchanged"
 * is the record the first invocation wrote; for "not re-run", the progress log's line count.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../benchmarks/run.js';
import { readProgress } from '../../benchmarks/run-records.js';

test('--resume skips the runs in the progress log and keeps their records', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-resume-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'r.json');
  const log = `${out}.progress.jsonl`;
  const grid = ['--problems', 'branin', '--algorithms', 'random', '--budget', '6', '--out', out];
  await main([...grid, '--seeds', '1']);
  // A completed run leaves its records in the result file only.
  assert.equal(existsSync(log), false);
  const first = (JSON.parse(readFileSync(out, 'utf8')) as { runs: { seed: number; regret: number[] }[] }).runs;
  // As if the grid of two seeds had been killed after seed 0, in the middle of writing seed 1's line.
  writeFileSync(log, `${JSON.stringify(first[0])}\n{"problem":"bra`);
  await main([...grid, '--seeds', '2', '--resume']);
  const file = JSON.parse(readFileSync(out, 'utf8')) as { runs: { seed: number; regret: number[]; wallMs: number }[] };
  assert.deepEqual(file.runs.map((r) => r.seed).sort(), [0, 1]);
  // Seed 0 was not run again: its record (wall time included) is the logged one.
  assert.deepEqual(file.runs.find((r) => r.seed === 0), first[0]);
});

test('without --resume an old progress log is discarded, not merged', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-resume-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'r.json');
  writeFileSync(`${out}.progress.jsonl`, `${JSON.stringify({ problem: 'branin', algorithm: 'random', seed: 0, budget: 6, regret: [42] })}\n`);
  await main(['--problems', 'branin', '--algorithms', 'random', '--budget', '6', '--out', out, '--seeds', '1']);
  const file = JSON.parse(readFileSync(out, 'utf8')) as { runs: { regret: number[] }[] };
  assert.equal(file.runs.length, 1);
  assert.notEqual(file.runs[0].regret.at(-1), 42);
});

test('a progress log with a partial last line reads without it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-resume-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'p.jsonl');
  writeFileSync(path, '{"seed":0}\n{"seed":1}\n{"se');
  assert.deepEqual(readProgress(path).map((r) => r.seed), [0, 1]);
});

test('a result file records its provenance: git commit, dirty flag, linalg and tensor backends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bo-prov-'));
  try {
    const out = join(dir, 'r.json');
    await main(['--problems', 'branin', '--algorithms', 'random', '--budget', '3', '--seeds', '1', '--out', out]);
    const text = readFileSync(out, 'utf8');
    assert.ok(text.endsWith('\n'));
    const p = (JSON.parse(text) as { provenance: { gitCommit: string; gitDirty: boolean | null; linalg: string; tensorBackend: string } }).provenance;
    assert.match(p.gitCommit, /^([0-9a-f]{40}|unknown)$/);
    assert.ok(p.gitDirty === null || typeof p.gitDirty === 'boolean');
    assert.equal(typeof p.linalg, 'string');
    assert.equal(p.tensorBackend, 'not loaded', 'random search uses no tensor backend');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
