/**
 * benchmarks/merge.ts: merging compact result files. Reference: the summaries run.ts stored in the
 * same file when the run ended (computed from the full per-ask phases), which the merge must
 * reproduce from the compact records alone.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mergeRuns, rebuildPhases } from '../../benchmarks/merge.js';
import { summarise, type Summary } from '../../benchmarks/report.js';

const file = JSON.parse(readFileSync(new URL('../../benchmarks/results/suite-dkl-s3b.json', import.meta.url), 'utf8'));

test('summaries rebuilt from compact records equal the ones run.ts stored', () => {
  const rebuilt = summarise(mergeRuns([file]));
  const stored = file.summaries as Summary[];
  assert.equal(rebuilt.length, stored.length);
  for (const s of stored) {
    const r = rebuilt.find((x) => x.problem === s.problem && x.algorithm === s.algorithm)!;
    assert.ok(r, `${s.problem} ${s.algorithm}`);
    assert.equal(r.seeds, s.seeds);
    // the records keep regrets to 6 significant digits; run.ts summarised the unrounded values
    for (const k of ['median', 'q1', 'q3'] as const) assert.ok(Math.abs(r.final[k] - s.final[k]) <= 1e-5 * Math.abs(s.final[k]), `${s.problem} ${s.algorithm} ${k}`);
    assert.ok(Math.abs(r.msPerModelAsk - s.msPerModelAsk) <= 0.01 * s.msPerModelAsk + 0.05, `${s.problem} ${s.algorithm} ms/model ask ${r.msPerModelAsk} vs ${s.msPerModelAsk}`);
  }
});

test('a (problem, algorithm, seed) in two files is taken from the later one; phases rebuild in order', () => {
  const run = file.runs[0];
  const changed = { ...run, regret: run.regret.map(() => 42) };
  const merged = mergeRuns([{ runs: [run] }, { runs: [changed] }]);
  assert.equal(merged.length, 1);
  assert.equal(merged[0].regret.at(-1), 42);
  const phases = rebuildPhases({ ...run, askMs: [1, 1, 1, 1, 1], firstModelAsk: 2, phaseCounts: { 'initial-design': 2, model: 2, fallback: 1 } });
  assert.deepEqual(phases, ['initial-design', 'initial-design', 'model', 'model', 'fallback']);
});

test('rebuilt phases keep every count of the record, exploratory asks included, and its first model ask', () => {
  const run = file.runs[0];
  const counts = { 'initial-design': 3, exploration: 3, model: 4, fallback: 1 };
  // An exploratory ask can come before the first model ask (index 4 here: 3 design asks, then one exploratory).
  const phases = rebuildPhases({ ...run, askMs: Array(11).fill(1), firstModelAsk: 4, phaseCounts: counts });
  assert.deepEqual(phases, ['initial-design', 'initial-design', 'initial-design', 'exploration', 'model', 'model', 'model', 'model', 'exploration', 'exploration', 'fallback']);
  const recount = phases.reduce<Record<string, number>>((c, p) => ({ ...c, [p]: (c[p] ?? 0) + 1 }), {});
  assert.deepEqual(recount, counts);
  // A record without model asks (a random baseline) is all its one phase.
  assert.deepEqual(rebuildPhases({ ...run, askMs: [1, 1, 1], firstModelAsk: -1, phaseCounts: { random: 3 } }), ['random', 'random', 'random']);
});
