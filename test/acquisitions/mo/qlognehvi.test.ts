/**
 * qLogNEHVI on exact GPs: its value against a brute-force Monte Carlo EHVI computed independently
 * (joint posterior draws by the posterior's own sampler, the front of each draw's observed points,
 * HVI as a difference of exact hypervolumes, no box decomposition, no smoothing); its analytic
 * gradient against central finite differences of the same surface.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows, vstack, type Matrix } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { hypervolume } from '../../../core/pareto/hypervolume.js';
import { buildSampleSurface } from '../../../acquisitions/mo/sample-surface.js';
import { logNehviScore } from '../../../acquisitions/mo/scores.js';
import { bruteForceEhvi, conflicting, outcomeGps } from './support.js';

const row = (x: ArrayLike<number>): Matrix => ({ rows: 1, cols: x.length, data: Float64Array.from(x) });

test('qLogNEHVI = log of a brute-force Monte Carlo EHVI (noisy baseline sampled, 2 objectives)', () => {
  const { X, models } = outcomeGps(8, 2, 3, conflicting);
  const ref = [-1, -1];
  const S = 4096;
  // τ_max small so the fat min's smoothing bias (≤ τ·log 2 per coordinate) is far under the MC error.
  const surface = buildSampleSurface(models, X, S, 17, logNehviScore({ objectives: 2, bounds: [] }, ref, { tauMax: 1e-6 }));
  const rng = createRng(4);
  let checked = 0;
  for (let t = 0; t < 12 && checked < 3; t++) {
    const x = Float64Array.from([rng.uniform(), rng.uniform()]);
    const mc = bruteForceEhvi(models, X, x, ref, 4000, 100 + t);
    if (mc.mean < 1e-2) continue; // the fat tail keeps qLogNEHVI > 0 where EHVI is ~0: compare where it is not
    checked++;
    const ehvi = Math.exp(surface.values(row(x))[0]);
    // Both are MC estimates of one expectation: tolerance 4 combined standard errors (the surface's sd taken as the brute force's).
    const tol = 4 * Math.sqrt(mc.se ** 2 * (1 + 4000 / S));
    assert.ok(Math.abs(ehvi - mc.mean) < tol, `x=${Array.from(x)}: exp(qLogNEHVI)=${ehvi} vs MC ${mc.mean} ± ${mc.se}`);
  }
  assert.ok(checked >= 2, 'too few candidates with a visible EHVI');
});

test('qLogNEHVI = log of a brute-force Monte Carlo EHVI with 3 objectives (box decompositions in 3-D)', () => {
  const fs = [...conflicting, (x: Float64Array) => 1 - 2 * ((x[0] - 0.8) ** 2 + (x[1] - 0.2) ** 2)];
  const { X, models } = outcomeGps(8, 2, 3, fs);
  const ref = [-1, -1, -1];
  const S = 4096;
  const surface = buildSampleSurface(models, X, S, 17, logNehviScore({ objectives: 3, bounds: [] }, ref, { tauMax: 1e-6 }));
  const rng = createRng(4);
  for (let t = 0; t < 3; t++) {
    const x = Float64Array.from([rng.uniform(), rng.uniform()]);
    const mc = bruteForceEhvi(models, X, x, ref, 3000, 100 + t);
    const ehvi = Math.exp(surface.values(row(x))[0]);
    // Errors are correlated across x (one set of base samples), so 4 combined standard errors each.
    const tol = 4 * Math.sqrt(mc.se ** 2 * (1 + 3000 / S));
    assert.ok(Math.abs(ehvi - mc.mean) < tol, `x=${Array.from(x)}: exp(qLogNEHVI)=${ehvi} vs MC ${mc.mean} ± ${mc.se}`);
  }
});

test('qLogNEHVI analytic x-gradient = central finite differences (3 objectives, pending points in the head)', () => {
  const fs = [...conflicting, (x: Float64Array) => Math.sin(3 * x[0]) + x[2]];
  const { X, models, rng } = outcomeGps(10, 3, 8, fs);
  const pending = fromRows([[0.5, 0.5, 0.5], [0.1, 0.9, 0.3]]);
  const surface = buildSampleSurface(models, vstack(X, pending), 64, 2, logNehviScore({ objectives: 3, bounds: [] }, [-1.5, -1.5, -1.5]));
  assert.ok(surface.valueAndGradient, 'exact GPs give analytic gradients');
  for (let t = 0; t < 4; t++) {
    const x = Float64Array.from({ length: 3 }, () => 0.1 + 0.8 * rng.uniform());
    const grad = new Float64Array(3);
    const v = surface.valueAndGradient!(x, grad);
    assert.ok(Math.abs(v - surface.values(row(x))[0]) < 1e-9, 'point and batch paths agree');
    for (let k = 0; k < 3; k++) {
      const e = 1e-6;
      const p = x.slice();
      const m = x.slice();
      p[k] += e;
      m[k] -= e;
      const fd = (surface.values(row(p))[0] - surface.values(row(m))[0]) / (2 * e);
      assert.ok(Math.abs(grad[k] - fd) < 1e-4 * Math.max(1, Math.abs(fd)), `x=${Array.from(x)} k=${k}: ${grad[k]} vs ${fd}`);
    }
  }
});

test('the generic Gaussian path (no crossPredictor, as DKL) gives the same surface as the exact-GP path', () => {
  const { X, models, rng } = outcomeGps(9, 2, 13, conflicting);
  // The same models seen only through posterior(): the surface must use posterior([H; X]).covariance().
  const plain = models.map((m) => ({ kind: 'plain', dim: m.dim, posterior: m.posterior.bind(m), state: () => m.state(), diagnostics: () => ({}) }));
  const score = logNehviScore({ objectives: 2, bounds: [] }, [-1, -1]);
  const fast = buildSampleSurface(models, X, 64, 3, score);
  const generic = buildSampleSurface(plain, X, 64, 3, score);
  assert.equal(generic.valueAndGradient, undefined, 'no analytic gradient without crossPredictor');
  const Xc = { rows: 5, cols: 2, data: Float64Array.from({ length: 10 }, () => rng.uniform()) };
  const a = fast.values(Xc);
  const b = generic.values(Xc);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-6 * Math.max(1, Math.abs(a[i])), `row ${i}: ${a[i]} vs ${b[i]}`);
});
