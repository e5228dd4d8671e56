/**
 * benchmarks/run.ts progress log and --resume: a grid stopped after some runs continues without
 * re-running them, and the final file holds the earlier runs unchanged. The reference for "unchanged"
 * is the record the first invocation wrote; for "not re-run", the progress log's line count.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../benchmarks/run.js';
import { readProgress } from '../../benchmarks/run-records.js';

test('--resume skips the runs in the progress log and keeps their records', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-resume-'));
  const out = join(dir, 'r.json');
  const grid = ['--problems', 'branin', '--algorithms', 'random', '--budget', '6', '--out', out];
  await main([...grid, '--seeds', '1']);
  const first = readProgress(`${out}.progress.jsonl`);
  assert.equal(first.length, 1);
  // A kill in the middle of a write leaves a partial last line: it must be ignored, not crash.
  writeFileSync(`${out}.progress.jsonl`, `${readFileSync(`${out}.progress.jsonl`, 'utf8')}{"problem":"bra`);
  await main([...grid, '--seeds', '2', '--resume']);
  const log = readProgress(`${out}.progress.jsonl`);
  assert.deepEqual(log.map((r) => r.seed), [0, 1], 'only seed 1 ran again');
  const file = JSON.parse(readFileSync(out, 'utf8')) as { runs: { seed: number; regret: number[] }[] };
  assert.deepEqual(file.runs.map((r) => r.seed).sort(), [0, 1]);
  assert.deepEqual(file.runs.find((r) => r.seed === 0)!.regret, first[0].regret);
});

test('without --resume the progress log starts over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-resume-'));
  const out = join(dir, 'r.json');
  const grid = ['--problems', 'branin', '--algorithms', 'random', '--budget', '6', '--out', out, '--seeds', '1'];
  await main(grid);
  await main(grid);
  assert.equal(readProgress(`${out}.progress.jsonl`).length, 1);
});
