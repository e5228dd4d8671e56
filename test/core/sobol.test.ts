import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { SOBOL_DIM_LIMIT, SOBOL_MAX_POINTS, sobol } from '../../core/sobol.js';

/*
 * Reference numbers (scipy 1.17.1), values ×2^30 so they are exact integers:
 *   from scipy.stats import qmc; import numpy as np
 *   (qmc.Sobol(5, scramble=False).random(8) * 2**30).astype(np.int64).tolist()            -> FIRST8_D5
 *   (qmc.Sobol(1111, scramble=False).random(4)[:, [1108,1109,1110]] * 2**30) ...           -> LAST_COLS
 *   e = qmc.Sobol(1111, scramble=False); e.fast_forward(k); e.random(1)[0][[0,1,2,500,1110]] * 2**30
 *     for k = 1000 and 2**20 + 7                                                             -> AT_INDEX
 *   k = 2**30 - 1: XOR of e._sv[:, b] over the set bits b of k ^ (k >> 1) (what fast_forward does)
 *   qmc.discrepancy(qmc.Sobol(3, scramble=False).random(64), method='CD')                    -> CD_64x3
 */
const FIRST8_D5 = [
  [0, 0, 0, 0, 0],
  [536870912, 536870912, 536870912, 536870912, 536870912],
  [805306368, 268435456, 268435456, 268435456, 805306368],
  [268435456, 805306368, 805306368, 805306368, 268435456],
  [402653184, 402653184, 671088640, 939524096, 402653184],
  [939524096, 939524096, 134217728, 402653184, 939524096],
  [671088640, 134217728, 939524096, 671088640, 671088640],
  [134217728, 671088640, 402653184, 134217728, 134217728],
];
const LAST_COLS = [[0, 0, 0], [536870912, 536870912, 536870912], [805306368, 268435456, 805306368], [268435456, 805306368, 268435456]];
const AT_COLS = [0, 1, 2, 500, 1110];
const AT_INDEX: [number, number[]][] = [
  [1000, [235929600, 103809024, 556793856, 779091968, 397410304]],
  [2 ** 20 + 7, [134219264, 905977344, 863903232, 983798272, 983674368]],
  [2 ** 30 - 1, [1, 858993459, 385885991, 70044673, 754974731]],
];
const CD_64x3 = 0.0005947820123695102;

const at = (m: Matrix, i: number, j: number): number => m.data[i * m.cols + j];

/** Centered L2 discrepancy squared (Hickernell 1998, eq. as in scipy.stats.qmc.discrepancy 'CD'). */
function centeredDiscrepancy(m: Matrix): number {
  const { rows: n, cols: d } = m;
  let a = 0;
  for (let i = 0; i < n; i++) {
    let p = 1;
    for (let k = 0; k < d; k++) {
      const z = Math.abs(at(m, i, k) - 0.5);
      p *= 1 + 0.5 * z - 0.5 * z * z;
    }
    a += p;
  }
  let b = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let p = 1;
      for (let k = 0; k < d; k++) {
        const xi = at(m, i, k);
        const xj = at(m, j, k);
        p *= 1 + 0.5 * Math.abs(xi - 0.5) + 0.5 * Math.abs(xj - 0.5) - 0.5 * Math.abs(xi - xj);
      }
      b += p;
    }
  }
  return (13 / 12) ** d - (2 / n) * a + b / (n * n);
}

describe('sobol (unscrambled) matches scipy exactly', () => {
  it('first 8 points in 5 dimensions', () => {
    const m = sobol(8, 5);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 5; j++) assert.equal(at(m, i, j), FIRST8_D5[i][j] / 2 ** 30);
  });
  it('the last exported dimensions (1108..1110)', () => {
    const m = sobol(4, SOBOL_DIM_LIMIT);
    assert.equal(SOBOL_DIM_LIMIT, 1111);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) assert.equal(at(m, i, 1108 + j), LAST_COLS[i][j] / 2 ** 30);
  });
  it('points far into the sequence (skip = fast_forward), up to index 2^30 - 1', () => {
    for (const [k, want] of AT_INDEX) {
      const m = sobol(1, SOBOL_DIM_LIMIT, undefined, k);
      AT_COLS.forEach((c, t) => assert.equal(at(m, 0, c), want[t] / 2 ** 30, `index ${k}, column ${c}`));
    }
  });
  it('skip continues the sequence (rows 5.. of sobol(64) equal sobol(59, skip 5))', () => {
    const full = sobol(64, 7);
    const tail = sobol(59, 7, undefined, 5);
    assert.deepEqual(tail.data, full.data.subarray(5 * 7));
  });
  it('centered discrepancy of 64×3 equals scipy (checks the discrepancy helper too)', () => {
    const cd = centeredDiscrepancy(sobol(64, 3));
    assert.ok(Math.abs(cd - CD_64x3) < 1e-15, `CD² ${cd} vs scipy ${CD_64x3}`);
  });
  it('rejects d out of [1, 1111] and more than 2^30 points', () => {
    assert.throws(() => sobol(4, 0), RangeError);
    assert.throws(() => sobol(4, 1112), RangeError);
    assert.throws(() => sobol(SOBOL_MAX_POINTS + 1, 1), RangeError);
    assert.throws(() => sobol(2, 1, undefined, SOBOL_MAX_POINTS - 1), RangeError);
    assert.throws(() => sobol(1.5, 2), RangeError);
  });
});

describe('sobol (LMS + shift scrambled)', () => {
  it('points lie in [0,1), are deterministic per seed and differ across seeds', () => {
    const a = sobol(256, 20, createRng(7));
    const b = sobol(256, 20, createRng(7));
    const c = sobol(256, 20, createRng(8));
    assert.deepEqual(a.data, b.data);
    assert.notDeepEqual(a.data, c.data);
    for (const v of a.data) assert.ok(v >= 0 && v < 1);
    let differ = 0;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] !== c.data[i]) differ++;
    assert.ok(differ > 0.99 * a.data.length, `only ${differ} entries differ`);
  });
  it('every 1-D marginal of 2^k points is stratified: one point per [i/n, (i+1)/n)', () => {
    for (const [n, d, seed] of [[256, 30, 1], [1024, 5, 2], [64, 1111, 3]]) {
      const m = sobol(n, d, createRng(seed));
      for (let j = 0; j < d; j++) {
        const seen = new Uint8Array(n);
        for (let i = 0; i < n; i++) seen[Math.floor(at(m, i, j) * n)]++;
        assert.ok(seen.every((s) => s === 1), `n ${n}, column ${j} not stratified`);
      }
    }
  });
  it('2-D projections of 2^k points are (0,m,2)-nets in the first two columns: one point per elementary box 2^-a × 2^-(m-a)', () => {
    const m = sobol(256, 2, createRng(11));
    for (let a = 0; a <= 8; a++) {
      const nx = 2 ** a;
      const ny = 2 ** (8 - a);
      const seen = new Uint8Array(256);
      for (let i = 0; i < 256; i++) seen[Math.floor(at(m, i, 0) * nx) * ny + Math.floor(at(m, i, 1) * ny)]++;
      assert.ok(seen.every((s) => s === 1), `boxes 2^-${a} × 2^-${8 - a}`);
    }
  });
  it('centered discrepancy of scrambled Sobol is far below random points (20 seeds, n 256, d 4)', () => {
    // scipy (20 reps, same n, d): mean CD² 1.13e-4 scrambled vs 4.44e-3 random.
    let qmc = 0;
    let mc = 0;
    const rng = createRng(2024);
    for (let r = 0; r < 20; r++) {
      qmc += centeredDiscrepancy(sobol(256, 4, rng.split())) / 20;
      const u = { rows: 256, cols: 4, data: Float64Array.from({ length: 1024 }, () => rng.uniform()) };
      mc += centeredDiscrepancy(u) / 20;
    }
    assert.ok(qmc < mc / 10, `scrambled ${qmc} vs random ${mc}`);
    assert.ok(qmc > 2e-5 && qmc < 5e-4, `scrambled mean CD² ${qmc} should be near scipy's 1.13e-4`);
  });
  it('scrambled coordinates have mean 1/2 and variance 1/12 (n 4096, d 8, tolerance 1e-3)', () => {
    const m = sobol(4096, 8, createRng(5));
    for (let j = 0; j < 8; j++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < 4096; i++) {
        s += at(m, i, j);
        s2 += at(m, i, j) ** 2;
      }
      assert.ok(Math.abs(s / 4096 - 0.5) < 1e-3);
      assert.ok(Math.abs(s2 / 4096 - 0.5 * 0.5 - 1 / 12) < 1e-3);
    }
  });
});
