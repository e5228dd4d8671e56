/**
 * The space the acquisition optimizer sees inside a trust region (policy/trust-region-space.ts):
 * every raw sample, projection and optimizer result lies in the box (continuous columns exactly;
 * integer columns within half a grid step), unconfined columns keep their range, and the optimum
 * of a linear acquisition over the box is its corner (closed form: argmax of a·x over a box is
 * upper_j where a_j > 0, lower_j where a_j < 0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { optimizeAcquisition } from '../../acquisitions/optimize.js';
import { confinableColumns, trustRegionSpace } from '../../policy/trust-region-space.js';
import type { Matrix } from '../../core/matrix.js';

const box = (lower: number[], upper: number[]) => ({ lower: Float64Array.from(lower), upper: Float64Array.from(upper) });

function rowsInBox(m: Matrix, lower: number[], upper: number[], slack = 0): void {
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j];
      assert.ok(v >= lower[j] - slack - 1e-15 && v <= upper[j] + slack + 1e-15, `row ${i} col ${j}: ${v} outside [${lower[j]}, ${upper[j]}]`);
    }
}

test('samples, sequence points and projections of a continuous space stay in the box', () => {
  const space = createSearchSpace({ a: { type: 'float', low: -5, high: 5 }, b: { type: 'float', low: 1e-3, high: 1, log: true } });
  const lo = [0.2, 0.6];
  const hi = [0.35, 0.9];
  const tr = trustRegionSpace(space, box(lo, hi));
  rowsInBox(tr.sample(256, createRng(1)), lo, hi);
  const seq = tr.sequence(createRng(2));
  for (let i = 0; i < 50; i++) rowsInBox({ rows: 1, cols: 2, data: seq.point(i) }, lo, hi);
  assert.deepEqual(Array.from(tr.project([0, 1])), [0.2, 0.9]);
  assert.deepEqual(Array.from(tr.project([0.3, 0.7])), [0.3, 0.7]);
  // encode/decode are the inner space's: a point decodes to the same params either way.
  assert.deepEqual(tr.decode([0.3, 0.7]), space.decode([0.3, 0.7]));
});

test('a linear acquisition is maximized at the box corner (L-BFGS-B stays inside the box)', () => {
  const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 }, c: { type: 'float', low: 0, high: 1 } });
  const lo = [0.1, 0.4, 0.25];
  const hi = [0.3, 0.5, 0.75];
  const a = [1, -2, 0.5];
  const objective = {
    values: (X: Matrix) => Float64Array.from({ length: X.rows }, (_, i) => a.reduce((s, aj, j) => s + aj * X.data[i * 3 + j], 0)),
    valueAndGradient: (x: Float64Array, g: Float64Array) => {
      a.forEach((aj, j) => (g[j] = aj));
      return a.reduce((s, aj, j) => s + aj * x[j], 0);
    },
  };
  const r = optimizeAcquisition(objective, trustRegionSpace(space, box(lo, hi)), { rng: createRng(3) });
  const corner = [0.3, 0.4, 0.75];
  corner.forEach((c, j) => assert.ok(Math.abs(r.x[j] - c) < 1e-9, `coordinate ${j}: ${r.x[j]} vs ${c}`));
  // Without the region the same objective goes to the cube's corner (1, 0, 1).
  const free = optimizeAcquisition(objective, space, { rng: createRng(3) });
  assert.deepEqual(Array.from(free.x).map((v) => Math.round(v * 1e9) / 1e9), [1, 0, 1]);
});

test('integer columns land within half a grid step of the box; categorical columns are not confined', () => {
  const space = createSearchSpace({ n: { type: 'int', low: 0, high: 9 }, c: { type: 'categorical', choices: ['x', 'y', 'z'] }, f: { type: 'float', low: 0, high: 1 } });
  const cols = confinableColumns(space);
  assert.deepEqual(cols, [0, 4]);
  const lo = [0.32, 0, 0, 0, 0.5];
  const hi = [0.58, 1, 1, 1, 0.6];
  const tr = trustRegionSpace(space, box(lo, hi));
  const m = tr.sample(200, createRng(4));
  // Grid step 0.1 (10 integers): half a step of slack on the integer column.
  rowsInBox(m, lo, hi, 0.05);
  const cats = new Set<number>();
  for (let i = 0; i < m.rows; i++) cats.add([1, 2, 3].findIndex((j) => m.data[i * 5 + j] === 1));
  assert.equal(cats.size, 3, 'every category is still sampled');
  // The relaxation sees only the grid values inside the box: 0.35, 0.45, 0.55 (integers 3, 4, 5).
  const intDim = tr.dimensions.find((d) => d.kind === 'integer');
  assert.ok(intDim && intDim.kind === 'integer');
  assert.deepEqual(Array.from(intDim.grid).map((v) => Math.round(v * 100) / 100), [0.35, 0.45, 0.55]);
});
