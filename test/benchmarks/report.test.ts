import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunResult } from '../../benchmarks/loop.js';
import { parsePeers } from '../../benchmarks/peers.js';
import { peerTable, resultsTable, summarise } from '../../benchmarks/report.js';
import { inRunOrder, parseArgs } from '../../benchmarks/run.js';
import { fmt, median, quantile } from '../../benchmarks/stats.js';

test('quantile matches numpy linear interpolation', () => {
  // python3 -c "import numpy as np; v=[3,1,4,1.5,9,2.6,5]; print(np.quantile(v,.25), np.median(v), np.quantile(v,.75), np.quantile(v,.1)); print(np.median([4,1,3,2]))"
  // -> 2.05 3.0 4.5 1.3 / 2.5
  const v = [3, 1, 4, 1.5, 9, 2.6, 5];
  assert.ok(Math.abs(quantile(v, 0.25) - 2.05) < 1e-12);
  assert.equal(median(v), 3);
  assert.ok(Math.abs(quantile(v, 0.75) - 4.5) < 1e-12);
  assert.ok(Math.abs(quantile(v, 0.1) - 1.3) < 1e-12);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.equal(fmt(0.000763), '7.63e-4');
  assert.equal(fmt(0.4134), '0.413');
});

const PEERS_MD = `# Peer figures
## Median final simple regret (all problems)

| problem | d | budget | random | optuna_tpe | botorch_qlognei | botorch_qlognei_v12 |
|---|---|---|---|---|---|---|
| branin | 2 | 100 | 0.413 (n=10) | 0.0163 (n=10) | 7.63e-04 (n=3) | 3.52e-04 (n=2) |
| hartmann6 | 6 | 100 | 1.33 (n=10) | 0.277 (n=10) | 0.119 (n=3) | 0.123 (n=2) |

## Median seconds per suggestion
| problem | random |
|---|---|
| branin | 1.27e-06 |
`;

test('parsePeers reads the median final regret table only', () => {
  const t = parsePeers(PEERS_MD);
  assert.deepEqual([...t.keys()], ['branin', 'hartmann6']);
  assert.equal(t.get('branin')?.botorch_qlognei, 7.63e-4);
  assert.equal(t.get('hartmann6')?.optuna_tpe, 0.277);
  assert.equal(t.get('branin')?.random, 0.413);
});

function run(problem: string, algorithm: string, seed: number, finalRegret: number): RunResult {
  const regret = Array.from({ length: 100 }, (_, i) => finalRegret + (99 - i) * 0.01);
  return { problem, algorithm, seed, budget: 100, initialTrials: 10, regret, askMs: regret.map(() => 2), phases: regret.map((_, i) => (i < 10 ? 'initial-design' : 'model')), fallbackReasons: {}, wallMs: 1 };
}

test('summarise takes medians and quartiles over seeds; the tables mark wins against peers', () => {
  const runs = [run('branin', 'gp-logei', 0, 1e-4), run('branin', 'gp-logei', 1, 3e-4), run('branin', 'gp-logei', 2, 2e-3), run('branin', 'random', 0, 0.5), run('hartmann6', 'gp-logei', 0, 0.2)];
  const s = summarise(runs);
  assert.equal(s.length, 3);
  const g = s[0];
  assert.equal(g.seeds, 3);
  assert.ok(Math.abs(g.final.median - 3e-4) < 1e-15);
  assert.ok(Math.abs(g.final.q1 - 2e-4) < 1e-15);
  assert.ok(Math.abs(g.at[25] - (3e-4 + 75 * 0.01)) < 1e-12);
  assert.equal(g.msPerModelAsk, 2);
  const table = resultsTable(s);
  assert.match(table, /\| branin \| gp-logei \| 3 \| 100 \| 3.00e-4 \[2.00e-4, 0.00115\]/);
  const cmp = peerTable(s, parsePeers(PEERS_MD));
  // branin: 3e-4 beats TPE, botorch (7.63e-4) and v12 (3.52e-4) and our random 0.5
  assert.match(cmp, /\| branin \| gp-logei \| 3.00e-4 \| 0.5 \| .* \| yes \| yes \| yes \| yes \|/);
  // hartmann6: 0.2 beats TPE (0.277) and random but not BoTorch
  assert.match(cmp, /\| hartmann6 \| gp-logei \| 0.2 \| 1.33 \| .* \| yes \| \*\*no\*\* \| \*\*no\*\* \| yes \|/);
  assert.match(cmp, /Totals over 2 rows: ≤ TPE 2, ≤ BoTorch 1, ≤ BoTorch v12 1, < random 2/);
});

test('parseArgs: lists, all, defaults and errors', () => {
  const a = parseArgs(['--problems', 'hartmann6,branin', '--algorithms', 'gp-logei,random', '--seeds', '3', '--workers', '2', '--budget=40']);
  assert.deepEqual(a.problems.map((p) => p.name), ['hartmann6', 'branin']);
  assert.deepEqual(a.seeds, [0, 1, 2]);
  assert.equal(a.budget, 40);
  assert.equal(a.workers, 2);
  assert.equal(parseArgs(['--problems', 'all']).problems.length, 11);
  assert.throws(() => parseArgs(['--algorithms', 'nope']), /unknown algorithm/);
  assert.throws(() => parseArgs(['--problems', 'nope']), /unknown problem/);
  assert.throws(() => parseArgs(['--bogus', '1']), /unknown option/);
});

test('--order seed runs every problem and algorithm of a seed before the next seed, keeping the grid order within a seed', () => {
  assert.equal(parseArgs([]).order, 'grid');
  assert.equal(parseArgs(['--order', 'seed']).order, 'seed');
  assert.throws(() => parseArgs(['--order', 'random']), /--order must be/);
  // The grid order: problem, then algorithm, then seed.
  const grid = ['a', 'b'].flatMap((problem) => ['x', 'y'].flatMap((algorithm) => [0, 1].map((seed) => ({ problem, algorithm, seed }))));
  const label = (t: { problem: string; algorithm: string; seed: number }) => `${t.problem}${t.algorithm}${t.seed}`;
  assert.deepEqual(inRunOrder(grid, 'seed').map(label), ['ax0', 'ay0', 'bx0', 'by0', 'ax1', 'ay1', 'bx1', 'by1']);
  assert.deepEqual(inRunOrder(grid, 'grid').map(label), grid.map(label));
});

test('a DKL that fell back to the GP is counted in the benchmark results (model fallbacks column), not reported as plain dkl', () => {
  const runs = [run('branin', 'dkl-logei', 0, 0.1), { ...run('branin', 'dkl-logei', 1, 0.2), modelFallbacks: 3 }];
  const [s] = summarise(runs);
  assert.equal(s!.modelFallbacks, 3);
  assert.equal(s!.fallbacks, 0);
  const table = resultsTable([s!]);
  assert.match(table.split('\n')[0]!, /\| fallbacks \| model fallbacks \|$/);
  assert.match(table.split('\n')[2]!, /\| 0 \| 3 \|$/);
});
