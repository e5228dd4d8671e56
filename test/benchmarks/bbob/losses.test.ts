/** benchmarks/bbob/losses.ts: group tallies and losing cells, checked on hand-countable runs (medians, pairs and a scipy p-value). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cells } from '../../../benchmarks/bbob/compare.js';
import { groupTally, lossReport, losses, seedTable } from '../../../benchmarks/bbob/losses.js';
import { fakeRun } from './run-fixture.js';
import { BBOB_GROUPS, bbobGroupOf } from '../../../benchmarks/problems/bbob/groups.js';

const run = fakeRun;

const RUNS = [
  // f1 (separable), d = 2: ours 1, 3, 8 (median 3); TPE median 4; CMA-ES 1, 1, 1; random 100.
  ...[1, 3, 8].map((v, s) => run(`bbob_f001_i0${6 + s}_d02`, 'gp-qlognei', s, v)),
  ...[2, 4, 6].map((v, s) => run(`bbob_f001_i0${6 + s}_d02`, 'optuna-tpe', s, v)),
  ...[1, 1, 1].map((v, s) => run(`bbob_f001_i0${6 + s}_d02`, 'optuna-cmaes', s, v)),
  run('bbob_f001_i06_d02', 'optuna-random', 0, 100),
  // f20 (weak structure), d = 2: one seed, ours 5 against TPE 2.
  run('bbob_f020_i06_d02', 'gp-qlognei', 0, 5),
  run('bbob_f020_i06_d02', 'optuna-tpe', 0, 2),
  // f10 (high conditioning), d = 5: ours 1 against TPE 4 (no loss).
  run('bbob_f010_i06_d05', 'gp-qlognei', 0, 1),
  run('bbob_f010_i06_d05', 'optuna-tpe', 0, 4),
  run('branin', 'gp-qlognei', 0, 1),
];

test('bbob groups: COCO\'s five groups cover f1-f24 once each', () => {
  const all = BBOB_GROUPS.flatMap((g) => g.fids);
  assert.deepEqual([...all].sort((a, b) => a - b), Array.from({ length: 24 }, (_, i) => i + 1));
  assert.equal(bbobGroupOf(15).label, 'multimodal, adequate global structure');
  assert.throws(() => bbobGroupOf(25), /not a bbob function id/);
});

test('group tally: marks and geometric mean ratios per dimension and group', () => {
  const rows = groupTally(cells(RUNS), 'gp-qlognei');
  assert.deepEqual(
    rows.map((r) => [r.dim, r.group, r.cells]),
    [
      [2, 'separable', 1],
      [2, 'multimodal, weak global structure', 1],
      [5, 'high conditioning, unimodal', 1],
    ],
  );
  const sep = rows[0].vs;
  assert.deepEqual([sep.TPE.atMost, sep.TPE.both, sep['CMA-ES'].atMost, sep.random.atMost], [1, 1, 0, 1]);
  // One cell each, so the geometric mean is that cell's ratio: 3/4, 3/1, 3/100 (ε = 1e-8 moves them below 1e-8).
  assert.ok(Math.abs(sep.TPE.geoMean - 0.75) < 1e-8);
  assert.ok(Math.abs(sep['CMA-ES'].geoMean - 3) < 1e-7);
  assert.ok(Math.abs(sep.random.geoMean - 0.03) < 1e-8);
  assert.ok(Math.abs(rows[2].vs.TPE.geoMean - 0.25) < 1e-8);
});

test('losses: every losing cell with its paired seeds and one-sided rank test', () => {
  const all = cells(RUNS);
  const ls = losses(all, seedTable(RUNS), 'gp-qlognei');
  assert.deepEqual(
    ls.map((l) => [l.cell, l.peer, l.ours, l.theirs]),
    [
      ['bbob_f001_d02', 'CMA-ES', 3, 1],
      ['bbob_f020_d02', 'TPE', 5, 2],
    ],
  );
  // Pairs for f1 against CMA-ES: seed 0 1 ≤ 1, seed 1 3 > 1, seed 2 8 > 1.
  assert.deepEqual(ls[0].paired, { atMost: 1, n: 3 });
  // scipy.stats.mannwhitneyu([1,3,8], [1,1,1], alternative='greater', method='asymptotic').pvalue
  assert.ok(Math.abs(ls[0].p - 0.09835280122947343) < 1e-12);
  // One run against one: scipy gives p = 0.5.
  assert.equal(ls[1].p, 0.5);
  assert.deepEqual(ls[1].paired, { atMost: 0, n: 1 });
  const md = lossReport(RUNS, 'gp-qlognei');
  assert.match(md, /\| none \| 2 \| separable \| 1 \| 1\/1 \| 0\/1 \| 1\/1 \| 0\.75 \| 3 \| 0\.03 \|/);
  assert.match(md, /\| bbob_f020_d02 \| TPE \| 5 \| 2 \| 2\.5 \| 0\/1 \| 0\.500 \|/);
});
