/** benchmarks/bbob/versus.ts: per-cell head-to-head totals, checked by hand on three cells. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { perDimension, perNoise, RATIO_EPS, versus } from '../../../benchmarks/bbob/versus.js';
import type { Cell } from '../../../benchmarks/bbob/compare.js';

const cell = (name: string, a: number | undefined, b: number): Cell => ({
  cell: name,
  medians: { ...(a !== undefined ? { cand: { median: a, n: 3 } } : {}), base: { median: b, n: 3 } },
});

test('better / worse / tied counts and the geometric mean of the ratios', () => {
  const { rows, totals } = versus([cell('x', 1, 4), cell('y', 8, 2), cell('z', 0, 0), cell('w', undefined, 5)], 'cand', 'base');
  assert.equal(totals.cells, 3, 'a cell without the candidate is left out');
  assert.deepEqual([totals.better, totals.worse, totals.ties], [1, 1, 1]);
  // Ratios (1+ε)/(4+ε) ≈ 1/4, (8+ε)/(2+ε) ≈ 4, ε/ε = 1: geometric mean ≈ (1/4 · 4 · 1)^(1/3) = 1.
  assert.ok(Math.abs(totals.geometricMeanRatio - 1) < 10 * RATIO_EPS);
  assert.equal(rows.length, 2 + 3);
});

test('perDimension groups cells by the _dNN of their name, ascending, and leaves out names without one', () => {
  const groups = perDimension([cell('bbob_f001_d10', 1, 1), cell('bbob_f002_d02', 1, 1), cell('bbob_f003_d02_cauchy', 1, 1), cell('branin', 1, 1)]);
  assert.deepEqual([...groups.keys()], [2, 10]);
  assert.deepEqual(groups.get(2)?.map((c) => c.cell), ['bbob_f002_d02', 'bbob_f003_d02_cauchy']);
});

test("perNoise groups cells by the noise suffix after _dNN_, 'none' without one, in order of first appearance", () => {
  const groups = perNoise([cell('bbob_f001_d05_gauss-high', 1, 1), cell('bbob_f002_d02', 1, 1), cell('bbob_f003_d02_gauss-high', 1, 1), cell('bbob_f004_d10_cauchy', 1, 1)]);
  assert.deepEqual([...groups.keys()], ['gauss-high', 'none', 'cauchy']);
  assert.deepEqual(groups.get('gauss-high')?.map((c) => c.cell), ['bbob_f001_d05_gauss-high', 'bbob_f003_d02_gauss-high']);
});
