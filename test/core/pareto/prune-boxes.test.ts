/**
 * The approximate decomposition (core/pareto/prune-boxes.ts) against the exact hypervolume
 * improvement computed independently: HV(front ∪ {y}) − HV(front) by the slicing hypervolume
 * (core/pareto/hypervolume.ts, no boxes). The stated bound: 0 ≤ exact − approximate ≤ errorBound
 * ≤ alpha·V_U for y ≤ U, and × Π max(1, (y_k − ideal_k)/(U_k − ideal_k)) beyond U.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromRows, vstack, type Matrix } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { hypervolumeImprovement, nondominatedBoxes } from '../../../core/pareto/box-decomposition.js';
import { hypervolume } from '../../../core/pareto/hypervolume.js';
import { aboveReference, paretoFront } from '../../../core/pareto/nondominated.js';
import { pruneNegligibleBoxes } from '../../../core/pareto/prune-boxes.js';

/** n points near the positive unit sphere (a front with many non-dominated points), m outcomes. */
function sphereFront(n: number, m: number, seed: number): Matrix {
  const rng = createRng(seed);
  return fromRows(Array.from({ length: n }, () => {
    const v = Array.from({ length: m }, () => Math.abs(rng.normal()));
    const r = Math.hypot(...v) / (1 + 0.2 * rng.uniform());
    return v.map((x) => x / r);
  }));
}

describe('approximate box decomposition (alpha pruning)', () => {
  for (const m of [3, 4]) {
    it(`keeps the HVI within the stated bound of the exact one (brute-force hypervolumes, ${m} outcomes)`, () => {
      const Y = sphereFront(40, m, 10 + m);
      const ref = new Array<number>(m).fill(-0.1);
      const exact = nondominatedBoxes(Y, ref);
      const front = paretoFront(aboveReference(Y, ref)).front;
      const alpha = 1e-3;
      const pruned = pruneNegligibleBoxes(exact, front, ref, alpha);
      assert.ok(pruned.dropped > 0, `alpha ${alpha} drops some of the ${exact.count} boxes`);
      const U = pruned.bound!;
      const ideal = Array.from({ length: m }, (_, k) => Math.max(...Array.from({ length: front.rows }, (_, i) => front.data[i * m + k])));
      const VU = Array.from(U).reduce((v, u, k) => v * (u - ref[k]), 1);
      assert.ok(pruned.errorBound <= alpha * VU, `errorBound ${pruned.errorBound} ≤ alpha·V_U ${alpha * VU}`);
      const base = hypervolume(Y, ref);
      const rng = createRng(m);
      let worst = 0;
      for (let s = 0; s < 300; s++) {
        // Half inside [ref, U], half reaching up to 1.5·U beyond it.
        const reach = s % 2 === 0 ? 1 : 1.5;
        const y = Array.from({ length: m }, (_, k) => ref[k] + reach * (U[k] - ref[k]) * rng.uniform());
        const hvi = hypervolume(vstack(Y, fromRows([y])), ref) - base;
        const approx = hypervolumeImprovement(pruned.boxes, y);
        const inflation = y.reduce((f, v, k) => f * Math.max(1, (v - ideal[k]) / (U[k] - ideal[k])), 1);
        assert.ok(approx <= hvi + 1e-12, `m=${m}: approximate ${approx} above exact ${hvi}`);
        assert.ok(hvi - approx <= pruned.errorBound * inflation + 1e-12, `m=${m} y=${y}: error ${hvi - approx} > bound ${pruned.errorBound * inflation}`);
        worst = Math.max(worst, hvi - approx);
      }
      assert.ok(worst > 0, 'some y meets a dropped box, so the bound is exercised');
    });
  }

  it('is the exact decomposition at alpha 0 and refuses alpha outside [0, 1)', () => {
    const Y = sphereFront(10, 3, 3);
    const ref = [0, 0, 0];
    const exact = nondominatedBoxes(Y, ref);
    const front = paretoFront(Y).front;
    assert.equal(pruneNegligibleBoxes(exact, front, ref, 0).boxes, exact);
    assert.throws(() => pruneNegligibleBoxes(exact, front, ref, 1), RangeError);
    assert.throws(() => pruneNegligibleBoxes(exact, front, ref, Number.NaN), RangeError);
  });
});
