/** Per-cell comparison: medians over seeds per algorithm, instances pooled into cells, marks and totals (hand-checkable numbers). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cells, compareTable } from '../../../benchmarks/bbob/compare.js';
import { fakeRun } from './run-fixture.js';

const run = fakeRun;

test('bbob compare: a cell pools its instances; medians and <= marks per peer', () => {
  const runs = [
    run('bbob_f001_i06_d02', 'gp-qlognei', 0, 1),
    run('bbob_f001_i07_d02', 'gp-qlognei', 1, 3),
    run('bbob_f001_i08_d02', 'gp-qlognei', 2, 8),
    run('bbob_f001_i06_d02', 'optuna-tpe', 0, 2),
    run('bbob_f001_i07_d02', 'optuna-tpe', 1, 4),
    run('bbob_f001_i06_d02', 'optuna-cmaes', 0, 1),
    run('bbob_f001_i06_d02', 'optuna-random', 0, 100),
    run('bbob_f002_i06_d02', 'optuna-tpe', 0, 5),
    run('branin', 'gp-qlognei', 0, 1),
  ];
  const cs = cells(runs);
  assert.deepEqual(cs.map((c) => c.cell), ['bbob_f001_d02', 'bbob_f002_d02']);
  assert.deepEqual(cs[0].medians['gp-qlognei'], { median: 3, n: 3 });
  assert.deepEqual(cs[0].medians['optuna-tpe'], { median: 3, n: 2 });
  const table = compareTable(cs, 'gp-qlognei');
  assert.match(table, /\| bbob_f001_d02 \| 3 \| 3 \| 3 \| 1 \| 100 \| yes \| \*\*no\*\* \| yes \|/);
  assert.match(table, /≤ TPE 1\/1 \(100%\), ≤ CMA-ES 0\/1 \(0%\), ≤ random 1\/1 \(100%\)/);
  // One set (d = 2, noiseless) with one scored cell; the fewest seeds of ours in a cell is 3.
  assert.match(table, /\| 2 \| none \| 1 \| 3 \| 1\/1 \(100%\) \| 0\/1 \(0%\) \| 1\/1 \(100%\) \| – \|/);
});

test('bbob compare: counts per dimension × noise set, with the cells worse than random named', () => {
  const runs = [
    // d = 5 noiseless: f1 ours 1 (TPE 2, CMA 0.5, random 3); f2 ours 9 (TPE 10, CMA 10, random 8: worse than random).
    run('bbob_f001_i06_d05', 'gp-qlognei', 0, 1),
    run('bbob_f001_i06_d05', 'optuna-tpe', 0, 2),
    run('bbob_f001_i06_d05', 'optuna-cmaes', 0, 0.5),
    run('bbob_f001_i06_d05', 'optuna-random', 0, 3),
    run('bbob_f002_i06_d05', 'gp-qlognei', 0, 9),
    run('bbob_f002_i07_d05', 'gp-qlognei', 1, 9),
    run('bbob_f002_i06_d05', 'optuna-tpe', 0, 10),
    run('bbob_f002_i06_d05', 'optuna-cmaes', 0, 10),
    run('bbob_f002_i06_d05', 'optuna-random', 0, 8),
    // d = 5 gauss-high: f1 ours 1 against TPE 1 (a tie counts as ≤).
    run('bbob_f001_i06_d05_gauss-high', 'gp-qlognei', 0, 1),
    run('bbob_f001_i06_d05_gauss-high', 'optuna-tpe', 0, 1),
  ];
  const table = compareTable(cells(runs), 'gp-qlognei');
  assert.match(table, /\| 5 \| none \| 2 \| 1 \| 2\/2 \(100%\) \| 1\/2 \(50%\) \| 1\/2 \(50%\) \| f2 \|/);
  assert.match(table, /\| 5 \| gauss-high \| 1 \| 1 \| 1\/1 \(100%\) \| 0\/0 \| 0\/0 \| – \|/);
});

test('bbob compare: a second algorithm of ours shows as an unscored column beside the peers', () => {
  const runs = [
    run('bbob_f001_i06_d02', 'gp-qlognei-tr', 0, 2),
    run('bbob_f001_i06_d02', 'gp-qlognei', 0, 7),
    run('bbob_f001_i06_d02', 'optuna-tpe', 0, 5),
  ];
  const table = compareTable(cells(runs), 'gp-qlognei-tr', 'gp-qlognei');
  assert.match(table, /\| cell \| gp-qlognei-tr \| n \| gp-qlognei \| optuna TPE \|/);
  // Ours 2 beside the old 7 and TPE 5: ≤ TPE yes; no CMA-ES or random runs: '–'.
  assert.match(table, /\| bbob_f001_d02 \| 2 \| 1 \| 7 \| 5 \| – \| – \| yes \| – \| – \|/);
  assert.match(table, /≤ TPE 1\/1 \(100%\)/);
});
