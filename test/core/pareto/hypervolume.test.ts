import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromRows, type Matrix } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { hypervolume } from '../../../core/pareto/hypervolume.js';
import { nondominatedMask, paretoFront } from '../../../core/pareto/nondominated.js';
import { inferReferencePoint } from '../../../core/pareto/reference-point.js';

/** Random points in [0,1]^m (maximized). */
function randomPoints(n: number, m: number, seed: number): Matrix {
  const rng = createRng(seed);
  return fromRows(Array.from({ length: n }, () => Array.from({ length: m }, () => rng.uniform())));
}

/**
 * Independent reference: inclusion-exclusion over the union of the boxes [ref, y_i],
 * HV = Σ_{S≠∅} (−1)^{|S|+1} Π_k (min_{i∈S} y_ik − ref_k)_+ (exact; 2^n terms, so small n only).
 */
function inclusionExclusion(Y: Matrix, ref: number[]): number {
  const { rows: n, cols: m } = Y;
  let hv = 0;
  for (let mask = 1; mask < 1 << n; mask++) {
    let vol = 1;
    let size = 0;
    for (let k = 0; k < m; k++) {
      let lo = Infinity;
      for (let i = 0; i < n; i++) if (mask & (1 << i)) lo = Math.min(lo, Y.data[i * m + k]);
      vol *= Math.max(0, lo - ref[k]);
    }
    for (let i = 0; i < n; i++) if (mask & (1 << i)) size++;
    hv += size % 2 === 1 ? vol : -vol;
  }
  return hv;
}

/** Independent reference: Monte Carlo share of uniform points in [ref, 1]^m dominated by some row (binomial sd reported by the caller). */
function monteCarlo(Y: Matrix, ref: number[], samples: number, seed: number): number {
  const rng = createRng(seed);
  const m = Y.cols;
  let hit = 0;
  const z = new Float64Array(m);
  for (let s = 0; s < samples; s++) {
    for (let k = 0; k < m; k++) z[k] = ref[k] + (1 - ref[k]) * rng.uniform();
    for (let i = 0; i < Y.rows; i++) {
      let dom = true;
      for (let k = 0; k < m && dom; k++) dom = Y.data[i * m + k] >= z[k];
      if (dom) {
        hit++;
        break;
      }
    }
  }
  return (hit / samples) * ref.reduce((v, r) => v * (1 - r), 1);
}

describe('non-dominated filtering', () => {
  it('keeps exactly the rows no other row dominates, one copy of duplicates', () => {
    // Hand-checkable: (1,0) (0,1) (0.5,0.5) are mutually non-dominated; (0.4,0.4) is dominated by (0.5,0.5); (0,1) repeats.
    const Y = fromRows([[1, 0], [0, 1], [0.5, 0.5], [0.4, 0.4], [0, 1]]);
    assert.deepEqual(nondominatedMask(Y), [true, true, true, false, false]);
    assert.deepEqual(paretoFront(Y).indices, [0, 1, 2]);
  });

  it('agrees with the definition by brute force on random 3-D points', () => {
    const Y = randomPoints(60, 3, 7);
    const mask = nondominatedMask(Y);
    for (let i = 0; i < Y.rows; i++) {
      let dominated = false;
      for (let j = 0; j < Y.rows; j++) {
        const a = Y.data.subarray(j * 3, j * 3 + 3);
        const b = Y.data.subarray(i * 3, i * 3 + 3);
        if (a.every((v, k) => v >= b[k]) && a.some((v, k) => v > b[k])) dominated = true;
      }
      assert.equal(mask[i], !dominated, `row ${i}`);
    }
  });
});

describe('hypervolume', () => {
  it('equals inclusion-exclusion on small random sets for 2, 3 and 4 outcomes', () => {
    for (const m of [2, 3, 4]) {
      for (let seed = 0; seed < 5; seed++) {
        const Y = randomPoints(9, m, 100 * m + seed);
        const ref = new Array(m).fill(0.1);
        const exact = inclusionExclusion(Y, ref);
        assert.ok(Math.abs(hypervolume(Y, ref) - exact) < 1e-12, `m=${m} seed=${seed}: ${hypervolume(Y, ref)} vs ${exact}`);
      }
    }
  });

  it('agrees with Monte Carlo counting on 40 points in 3 and 4 outcomes (4 binomial sd)', () => {
    for (const m of [3, 4]) {
      const Y = randomPoints(40, m, 31 + m);
      const ref = new Array(m).fill(0);
      const samples = 200_000;
      const mc = monteCarlo(Y, ref, samples, 5);
      const p = mc; // the box [0,1]^m has volume 1
      const sd = Math.sqrt((p * (1 - p)) / samples);
      assert.ok(Math.abs(hypervolume(Y, ref) - mc) < 4 * sd, `m=${m}: ${hypervolume(Y, ref)} vs MC ${mc} ± ${sd}`);
    }
  });

  it('ignores points not above the reference point and rejects a mismatched reference', () => {
    const Y = fromRows([[2, 2], [5, -1]]);
    assert.equal(hypervolume(Y, [0, 0]), 4); // (5,-1) lies below ref in outcome 2
    assert.throws(() => hypervolume(Y, [0, 0, 0]), /reference point has 3 entries/);
  });
});

describe('inferred reference point', () => {
  it('is the front nadir minus 10% of the front range (Ax), dominated points ignored', () => {
    const Y = fromRows([[1, 4], [3, 2], [0, 0]]); // (0,0) is dominated: the front is (1,4), (3,2)
    assert.deepEqual(Array.from(inferReferencePoint(Y)), [1 - 0.2, 2 - 0.2]);
  });
});
