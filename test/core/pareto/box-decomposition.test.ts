import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromRows, vstack, type Matrix } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { hypervolumeImprovement, nondominatedBoxes } from '../../../core/pareto/box-decomposition.js';
import { hypervolume } from '../../../core/pareto/hypervolume.js';

function randomPoints(n: number, m: number, seed: number): Matrix {
  const rng = createRng(seed);
  return fromRows(Array.from({ length: n }, () => Array.from({ length: m }, () => rng.uniform())));
}

/** Boxes containing z (open-closed intervals, so shared faces are counted once). */
function boxesContaining(b: ReturnType<typeof nondominatedBoxes>, z: number[]): number {
  let count = 0;
  for (let i = 0; i < b.count; i++) {
    let inside = true;
    for (let k = 0; k < b.m && inside; k++) inside = z[k] > b.lower[i * b.m + k] && z[k] <= b.upper[i * b.m + k];
    if (inside) count++;
  }
  return count;
}

describe('box decomposition of the non-dominated region', () => {
  it('covers every non-dominated point exactly once and no dominated point (brute force on random points, 2-4 outcomes)', () => {
    for (const m of [2, 3, 4]) {
      const Y = randomPoints(12, m, 50 + m);
      const ref = new Array(m).fill(0.05);
      const boxes = nondominatedBoxes(Y, ref);
      const rng = createRng(9);
      for (let s = 0; s < 3000; s++) {
        const z = Array.from({ length: m }, (_, k) => ref[k] + 1.2 * rng.uniform());
        let dominated = false;
        for (let i = 0; i < Y.rows && !dominated; i++) dominated = z.every((v, k) => Y.data[i * m + k] >= v);
        assert.equal(boxesContaining(boxes, z), dominated ? 0 : 1, `m=${m} z=${z}`);
      }
    }
  });

  it('gives HVI(y) = HV(front ∪ {y}) − HV(front) for random y (exact hypervolume as reference)', () => {
    for (const m of [2, 3, 4]) {
      const Y = randomPoints(10, m, 70 + m);
      const ref = new Array(m).fill(0);
      const boxes = nondominatedBoxes(Y, ref);
      const base = hypervolume(Y, ref);
      const rng = createRng(m);
      for (let s = 0; s < 40; s++) {
        const y = Array.from({ length: m }, () => 1.1 * rng.uniform());
        const expected = hypervolume(vstack(Y, fromRows([y])), ref) - base;
        assert.ok(Math.abs(hypervolumeImprovement(boxes, y) - expected) < 1e-12, `m=${m}: ${hypervolumeImprovement(boxes, y)} vs ${expected}`);
      }
    }
  });

  it('has the n+1 staircase boxes in 2-D and one box above ref for an empty front', () => {
    const Y = fromRows([[1, 3], [2, 2], [3, 1]]);
    assert.equal(nondominatedBoxes(Y, [0, 0]).count, 4);
    const empty = nondominatedBoxes(fromRows([[-1, -1]]), [0, 0]);
    assert.equal(hypervolumeImprovement(empty, [2, 3]), 6); // the whole box [ref, y]
  });
});

describe('box count of the merged decomposition', () => {
  it('is the minimal 2n+1 for n mutually non-dominated points in 3 outcomes (Lacour et al. 2017: 2n+1 local upper bounds)', () => {
    // Points on a plane x+y+z = 1 are mutually non-dominated; the count is checked for several n.
    for (const n of [5, 17, 40]) {
      const rng = createRng(n);
      const Y = fromRows(Array.from({ length: n }, () => {
        const a = rng.uniform();
        const b = rng.uniform() * (1 - a);
        return [a, b, 1 - a - b];
      }));
      assert.equal(nondominatedBoxes(Y, [-0.1, -0.1, -0.1]).count, 2 * n + 1, `n=${n}`);
    }
  });
});
