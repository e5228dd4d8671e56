import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRelaxation } from '../../acquisitions/relaxation.js';
import { optimizeAcquisition, type AcquisitionObjective } from '../../acquisitions/optimize.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { SimplexParam } from '../../protocol/space.js';
import { dykstra } from '../core/dykstra.js';

const spec: SimplexParam = { type: 'simplex', components: ['a', 'b', 'c', 'd'], min: { a: 0.1 }, max: { b: 0.2, c: 0.5 } };
const target = [0.0, 0.7, 0.25, 0.05];

/** f(w) = −||w − t||²: its maximizer over the constrained simplex is the projection of t. */
const f = (x: ArrayLike<number>): number => -Array.from(target, (t, i) => (x[i] - t) ** 2).reduce((s, v) => s + v, 0);
const objective: AcquisitionObjective = {
  values(X: Matrix) {
    return Float64Array.from({ length: X.rows }, (_, i) => f(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  },
  valueAndGradient(x, g) {
    for (let i = 0; i < x.length; i++) g[i] = -2 * (x[i] - target[i]);
    return f(x);
  },
};

describe('acquisition optimizer on a constrained simplex', () => {
  it('every relaxation iterate meets the bounds and the chain rule matches central differences', () => {
    const space = createSearchSpace({ mix: spec });
    const rel = buildRelaxation(space);
    const rng = createRng(5);
    const x = new Float64Array(4);
    const base = new Float64Array(4);
    const gx = new Float64Array(4);
    const gv = new Float64Array(4);
    for (let r = 0; r < 50; r++) {
      const v = Float64Array.from({ length: 4 }, () => 0.05 + 0.9 * rng.uniform());
      rel.toX(v, base, x);
      assert.ok(x[0] >= 0.1 - 1e-12 && x[1] <= 0.2 + 1e-12 && x[2] <= 0.5 + 1e-12, `iterate ${Array.from(x)}`);
      objective.valueAndGradient!(x, gx);
      rel.pullback(v, gx, gv);
      // Central differences of f(toX(v)) (h = 1e-6; P is piecewise linear, so skip points within h of a kink).
      for (let j = 0; j < 4; j++) {
        const h = 1e-6;
        const vp = Float64Array.from(v);
        const vm = Float64Array.from(v);
        vp[j] += h;
        vm[j] -= h;
        const xp = new Float64Array(4);
        const xm = new Float64Array(4);
        rel.toX(vp, base, xp);
        rel.toX(vm, base, xm);
        const fd = (f(xp) - f(xm)) / (2 * h);
        const fwd = (f(xp) - f(x)) / h;
        const bwd = (f(x) - f(xm)) / h;
        if (Math.abs(fwd - bwd) > 1e-4) continue;
        assert.ok(Math.abs(fd - gv[j]) < 1e-5, `r ${r}, j ${j}: analytic ${gv[j]} vs FD ${fd}`);
      }
    }
  });

  it('finds the projection of the target (Dykstra reference, 1e-6) and returns a feasible point', () => {
    const space = createSearchSpace({ mix: spec });
    const res = optimizeAcquisition(objective, space, { rng: createRng(6) });
    const ref = dykstra(target, [0.1, 0, 0, 0], [1, 0.2, 0.5, 1]);
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(res.x[i] - ref[i]) < 1e-6, `${i}: ${res.x[i]} vs ${ref[i]}`);
  });
});
