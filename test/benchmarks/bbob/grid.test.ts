/** The bbob grid of the runner: seeds paired with the instances of a set, budgets by dimension, option errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from '../../../benchmarks/run.js';
import { bbobBudget, bbobGrid, instanceFor, parseIntList } from '../../../benchmarks/problems/bbob/sets.js';

test('bbob grid: evaluation seed k runs instance 6 + k, selection seed k instance 1 + (k mod 5); never overlapping', () => {
  const evalRuns = bbobGrid('evaluation', [3], [5], ['none'], [0, 1, 9]);
  assert.deepEqual(evalRuns.map((r) => r.problem), ['bbob_f003_i06_d05', 'bbob_f003_i07_d05', 'bbob_f003_i15_d05']);
  assert.deepEqual([0, 4, 5, 9].map((k) => instanceFor('selection', k)), [1, 5, 1, 5]);
  const sel = new Set(Array.from({ length: 10 }, (_, k) => instanceFor('selection', k)));
  for (let k = 0; k < 10; k++) assert.ok(!sel.has(instanceFor('evaluation', k)));
  assert.deepEqual([2, 6, 10, 19, 20].map(bbobBudget), [100, 100, 150, 150, 200]);
  assert.deepEqual(parseIntList('1-3,7,2'), [1, 2, 3, 7]);
});

test('bbob runner options: --bbob adds the grid and drops the default problem; bad values name their option', () => {
  const args = parseArgs(['--bbob', 'selection', '--functions', '1-2', '--dims', '2', '--noise', 'none,cauchy', '--seeds', '2']);
  assert.equal(args.problems.length, 0);
  assert.deepEqual(args.bbob, { set: 'selection', fids: [1, 2], dims: [2], noises: ['none', 'cauchy'] });
  assert.throws(() => parseArgs(['--bbob', 'test']), /--bbob/);
  assert.throws(() => parseArgs(['--bbob', 'evaluation', '--functions', '25']), /--functions/);
  assert.throws(() => parseArgs(['--bbob', 'evaluation', '--noise', 'loud']), /--noise/);
  assert.throws(() => parseArgs(['--dims', '2']), /needs --bbob/);
});
