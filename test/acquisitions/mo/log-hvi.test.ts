/**
 * The cached smooth log-HVI (acquisitions/mo/log-hvi.ts computes each distinct box side once)
 * against the formula written out box by box with smooth.ts's own fatmax and logFatplus:
 *   log HVI(y) = logsumexp_b Σ_k log fatplus_τ0(−fatmax_τmax(−y_k, −u_bk) − l_bk),
 * and its gradient against central finite differences of that direct formula; then, at tiny
 * temperatures, exp(log HVI) against the exact box sum hypervolumeImprovement.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { hypervolumeImprovement, nondominatedBoxes, type BoxDecomposition } from '../../../core/pareto/box-decomposition.js';
import { logHviOf } from '../../../acquisitions/mo/log-hvi.js';
import { fatmax, logFatplus, TAU_MAX, TAU_RELU } from '../../../acquisitions/smooth.js';

function directLogHvi(boxes: BoxDecomposition, y: number[], tauRelu = TAU_RELU, tauMax = TAU_MAX): number {
  const terms: number[] = [];
  for (let b = 0; b < boxes.count; b++) {
    let t = 0;
    for (let k = 0; k < boxes.m; k++) {
      const u = boxes.upper[b * boxes.m + k];
      const v = u === Infinity ? y[k] : -fatmax([-y[k], -u], tauMax);
      t += logFatplus(v - boxes.lower[b * boxes.m + k], tauRelu);
    }
    terms.push(t);
  }
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((s, t) => s + Math.exp(t - top), 0));
}

test('cached log-HVI = the box-by-box formula, value and gradient (2-4 outcomes, random fronts and points)', () => {
  const rng = createRng(31);
  for (const m of [2, 3, 4]) {
    const Y = fromRows(Array.from({ length: 12 }, () => Array.from({ length: m }, () => rng.normal())));
    const boxes = nondominatedBoxes(Y, new Array(m).fill(-2.5));
    const f = logHviOf(boxes);
    for (let t = 0; t < 25; t++) {
      const y = Array.from({ length: m }, () => 1.5 * rng.normal());
      const grad = new Float64Array(m);
      const value = f(y, grad);
      const direct = directLogHvi(boxes, y);
      assert.ok(Math.abs(value - direct) <= 1e-10 * Math.max(1, Math.abs(direct)), `m=${m}: ${value} vs ${direct}`);
      for (let k = 0; k < m; k++) {
        // Central differences, h = 1e-7 (a tenth of the ReLU temperature, so the kink is resolved).
        const h = 1e-7;
        const up = [...y];
        const down = [...y];
        up[k] += h;
        down[k] -= h;
        const fd = (directLogHvi(boxes, up) - directLogHvi(boxes, down)) / (2 * h);
        assert.ok(Math.abs(grad[k] - fd) <= 1e-4 * Math.max(1, Math.abs(fd)), `m=${m} k=${k}: grad ${grad[k]} vs FD ${fd}`);
      }
    }
  }
});

test('at tiny temperatures exp(log-HVI) is the exact HVI of the boxes (3 outcomes)', () => {
  const rng = createRng(5);
  const Y = fromRows(Array.from({ length: 15 }, () => Array.from({ length: 3 }, () => rng.uniform())));
  const boxes = nondominatedBoxes(Y, [0, 0, 0]);
  const f = logHviOf(boxes, { tauRelu: 1e-12, tauMax: 1e-12 });
  let checked = 0;
  for (let t = 0; t < 60; t++) {
    const y = Array.from({ length: 3 }, () => 1.2 * rng.uniform());
    const exact = hypervolumeImprovement(boxes, y);
    if (exact < 1e-3) continue; // where HVI is ~0 the fat tail, not the box sum, sets the value
    checked++;
    assert.ok(Math.abs(Math.exp(f(y)) / exact - 1) < 1e-6, `${Math.exp(f(y))} vs ${exact}`);
  }
  assert.ok(checked > 10, `${checked} points with a visible HVI`);
});
