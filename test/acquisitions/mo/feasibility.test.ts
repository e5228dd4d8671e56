/**
 * Feasibility weighting against closed forms: for a Gaussian constraint value c ~ N(μ, σ²), the
 * MC mean of exp(log σ((b − c)/η)) is P(c ≤ b) = Φ((b − μ)/σ) up to an O(η²) smoothing bias, and
 * a min bound gives 1 − Φ((b − μ)/σ); independent constraints multiply. Also the constrained
 * qLogNEI and qNParEGO surfaces' x-gradients against finite differences.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Matrix } from '../../../core/matrix.js';
import { normalCdf } from '../../../core/normal.js';
import { createRng } from '../../../core/rng.js';
import { logFeasibility } from '../../../acquisitions/mo/feasibility.js';
import { buildSampleSurface } from '../../../acquisitions/mo/sample-surface.js';
import { chebyshev, FIRST_OBJECTIVE, logNeiScore } from '../../../acquisitions/mo/scores.js';
import { conflicting, outcomeGps } from './support.js';

const row = (x: ArrayLike<number>): Matrix => ({ rows: 1, cols: x.length, data: Float64Array.from(x) });

test('probability of feasibility from the smooth indicator = normal CDF (max, min, and two independent bounds)', () => {
  const N = 200_000;
  const rng = createRng(12);
  const cases = [
    { mu: [0.3, 0], sd: [1.2, 1], bounds: [{ column: 0, kind: 'max' as const, value: 1 }], expect: normalCdf((1 - 0.3) / 1.2) },
    { mu: [0.3, 0], sd: [1.2, 1], bounds: [{ column: 0, kind: 'min' as const, value: -0.5 }], expect: 1 - normalCdf((-0.5 - 0.3) / 1.2) },
    {
      mu: [0, 2],
      sd: [1, 0.5],
      bounds: [{ column: 0, kind: 'max' as const, value: 0.4 }, { column: 1, kind: 'min' as const, value: 1.8 }],
      expect: normalCdf(0.4) * (1 - normalCdf((1.8 - 2) / 0.5)),
    },
  ];
  for (const c of cases) {
    let sum = 0;
    const xi = new Float64Array(2);
    for (let t = 0; t < N; t++) {
      xi[0] = c.mu[0] + c.sd[0] * rng.normal();
      xi[1] = c.mu[1] + c.sd[1] * rng.normal();
      sum += Math.exp(logFeasibility(c.bounds, xi));
    }
    const p = sum / N;
    const tol = 4 * Math.sqrt((c.expect * (1 - c.expect)) / N);
    assert.ok(Math.abs(p - c.expect) < tol, `${JSON.stringify(c.bounds)}: ${p} vs Φ ${c.expect}`);
  }
});

test('log feasibility derivative = central finite differences', () => {
  const bounds = [{ column: 0, kind: 'max' as const, value: 0.2 }, { column: 1, kind: 'min' as const, value: -0.1 }];
  for (const xi of [[0.2005, -0.1003], [0.19, 0.3], [0.5, -0.2]]) {
    const g = new Float64Array(2);
    logFeasibility(bounds, xi, g);
    for (let k = 0; k < 2; k++) {
      const e = 1e-8;
      const p = xi.slice();
      const m = xi.slice();
      p[k] += e;
      m[k] -= e;
      const fd = (logFeasibility(bounds, p) - logFeasibility(bounds, m)) / (2 * e);
      assert.ok(Math.abs(g[k] - fd) < 1e-5 * Math.max(1, Math.abs(fd)), `xi=${xi} k=${k}: ${g[k]} vs ${fd}`);
    }
  }
});

test('constrained qLogNEI and qNParEGO surfaces: analytic gradient = finite differences', () => {
  const constraint = (x: Float64Array) => x[0] - x[1];
  const { X, models, rng } = outcomeGps(10, 2, 21, [...conflicting, constraint]);
  const bounds = [{ column: 2, kind: 'max' as const, value: 0.1 }];
  const scores = [
    logNeiScore({ objectives: 1, bounds: [{ column: 1, kind: 'max', value: 0.1 }] }, FIRST_OBJECTIVE),
    logNeiScore({ objectives: 2, bounds }, chebyshev([0.3, 0.7], [-1, -1], [1, 1])),
  ];
  const sets = [[models[0], models[2]], models]; // objective + constraint; two objectives + constraint
  scores.forEach((score, s) => {
    const surface = buildSampleSurface(sets[s], X, 64, 5, score);
    for (let t = 0; t < 3; t++) {
      const x = Float64Array.from({ length: 2 }, () => 0.1 + 0.8 * rng.uniform());
      const grad = new Float64Array(2);
      surface.valueAndGradient!(x, grad);
      for (let k = 0; k < 2; k++) {
        const e = 1e-6;
        const p = x.slice();
        const m = x.slice();
        p[k] += e;
        m[k] -= e;
        const fd = (surface.values(row(p))[0] - surface.values(row(m))[0]) / (2 * e);
        assert.ok(Math.abs(grad[k] - fd) < 1e-4 * Math.max(1, Math.abs(fd)), `score ${s} x=${Array.from(x)} k=${k}: ${grad[k]} vs ${fd}`);
      }
    }
  });
});
