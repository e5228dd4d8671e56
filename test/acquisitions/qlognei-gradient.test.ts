/**
 * qLogNEI's analytic x-gradient (fixed base samples) on an exact GP: against central finite
 * differences of the same surface, and the q = 1 fast surface against the full joint-posterior path
 * (valueOfBatch). Also the derivatives of the smooth helpers against finite differences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { createQLogNei } from '../../acquisitions/qlognei.js';
import { fatmax, fatmaxWithGradient, logFatplus, logFatplusDerivative, logFatplusWithDerivative } from '../../acquisitions/smooth.js';
import { GpOptions, resolveModelSpec } from '../../surrogates/gp/gp-options.js';
import { fittedGpFromHyperparameters } from '../../surrogates/gp/fitted-gp.js';

function gp(n: number, d: number, seed: number) {
  const rng = createRng(seed);
  const X = zeros(n, d);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.sin(3 * X.data[i * d + j] + j);
    y[i] = s / Math.sqrt(d) + 0.01 * rng.normal();
  }
  const kernel = resolveModelSpec(GpOptions.parse({ preset: 'botorch-legacy' }), d).kernel;
  // Matérn-5/2 + outputscale: θ = [ln ℓ_1..ℓ_d, ln s²].
  const theta = [...Array.from({ length: d }, (_, j) => Math.log(0.3 + 0.05 * j)), Math.log(0.8)];
  return { model: fittedGpFromHyperparameters({ kernel, theta, noise: 1e-3, mean: 0.1 }, { X, y }), X, rng };
}

const row = (x: ArrayLike<number>): Matrix => ({ rows: 1, cols: x.length, data: Float64Array.from(x) });

test('smooth helpers: d log fatplus and ∇fatmax match central differences', () => {
  for (const [x, tau] of [[0.3e-6, 1e-6], [-5e-6, 1e-6], [2e-5, 1e-6], [-0.7, 1e-6], [0.05, 1e-2]] as const) {
    const h = tau * 1e-4 * Math.max(1, Math.abs(x / tau));
    const fd = (logFatplus(x + h, tau) - logFatplus(x - h, tau)) / (2 * h);
    assert.ok(Math.abs(logFatplusDerivative(x, tau) - fd) < 1e-6 * Math.max(1, Math.abs(fd)), `x=${x}: ${logFatplusDerivative(x, tau)} vs ${fd}`);
    const out = new Float64Array(1);
    assert.ok(Math.abs(logFatplusWithDerivative(x, tau, out) - logFatplus(x, tau)) < 1e-12 * Math.max(1, Math.abs(logFatplus(x, tau))));
    assert.ok(Math.abs(out[0] - logFatplusDerivative(x, tau)) < 1e-12 * Math.max(1, Math.abs(fd)));
  }
  const v = Float64Array.from([0.1, 0.103, 0.09, -0.2]);
  const g = new Float64Array(4);
  const F = fatmaxWithGradient(v, g, 0.01);
  assert.equal(F, fatmax(v, 0.01));
  assert.ok(Math.abs(g.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  for (let k = 0; k < 4; k++) {
    const p = v.slice();
    const m = v.slice();
    p[k] += 1e-7;
    m[k] -= 1e-7;
    const fd = (fatmax(p, 0.01) - fatmax(m, 0.01)) / 2e-7;
    assert.ok(Math.abs(g[k] - fd) < 1e-6, `k=${k}: ${g[k]} vs ${fd}`);
  }
});

for (const pendingRows of [0, 2]) {
  test(`qLogNEI q = 1 (${pendingRows} pending): fast surface = joint path; analytic gradient = finite differences`, () => {
    const d = 4;
    const { model, X, rng } = gp(30, d, 11 + pendingRows);
    const pending = zeros(pendingRows, d);
    for (let i = 0; i < pending.data.length; i++) pending.data[i] = rng.uniform();
    const acq = createQLogNei({ samples: 128, seed: 4 });
    const prepared = acq.prepare(model, { baseline: X, pending });
    assert.ok(prepared.valueAndGradient, 'exact GPs get the analytic path');
    const g = new Float64Array(d);
    let checked = 0;
    for (let t = 0; t < 6; t++) {
      const x = Float64Array.from({ length: d }, () => 0.05 + 0.9 * rng.uniform());
      const v = prepared.valueAndGradient!(x, g);
      // Same surface as the full joint posterior of [baseline; pending; x] (jitter aside).
      const full = prepared.valueOfBatch(row(x));
      assert.ok(Math.abs(v - full) < 1e-7 * Math.max(1, Math.abs(full)), `value ${v} vs joint ${full}`);
      // The batched raw-sample path (values) gives the same surface as the point path.
      const vb = prepared.values(row(x))[0];
      assert.ok(Math.abs(vb - v) < 1e-9 * Math.max(1, Math.abs(v)), `batch ${vb} vs point ${v}`);
      const at = (z: Float64Array): number => prepared.valueAndGradient!(z, new Float64Array(d));
      for (let j = 0; j < d; j++) {
        const h = 1e-6;
        const xp = x.slice();
        const xm = x.slice();
        xp[j] += h;
        xm[j] -= h;
        const fd = (at(xp) - at(xm)) / (2 * h);
        assert.ok(Math.abs(g[j] - fd) < 1e-5 * Math.max(1, Math.abs(fd)), `x=${Array.from(x)} j=${j}: ${g[j]} vs fd ${fd}`);
        checked++;
      }
    }
    assert.equal(checked, 6 * d);
  });
}
