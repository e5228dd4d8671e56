import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { createRng, type Rng } from '../../../core/rng.js';
import { LinearTruncatedFidelityKernel } from '../../../surrogates/mf-gp/linear-truncated-fidelity-kernel.js';
import { fitMfGp } from '../../../surrogates/mf-gp/mf-gp.js';

function randomMatrix(rng: Rng, n: number, d: number): Matrix {
  const X = zeros(n, d);
  for (let i = 0; i < X.data.length; i++) X.data[i] = 0.05 + 0.9 * rng.uniform();
  return X;
}

const kernel = new LinearTruncatedFidelityKernel({ dim: 3, fidelityIndex: 1 });
const theta = Float64Array.of(Math.log(0.3), Math.log(0.5), Math.log(2), Math.log(1.5), Math.log(0.7));
/** The variant with a learned bias variance σ_b² = 0.4. */
const scaled = new LinearTruncatedFidelityKernel({ dim: 3, fidelityIndex: 1, biasScale: true });
const thetaScaled = Float64Array.of(...theta, Math.log(0.4));
/** Both extensions: σ_b² = 0.4 and a level white noise σ_w² = 0.3. */
const noisy = new LinearTruncatedFidelityKernel({ dim: 3, fidelityIndex: 1, biasScale: true, levelNoise: true });
const thetaNoisy = Float64Array.of(...thetaScaled, Math.log(0.3));
const variants = [{ kernel, theta }, { kernel: scaled, theta: thetaScaled }, { kernel: noisy, theta: thetaNoisy }];

test('closed-form value and diag (numpy reference)', () => {
  // python: m52(r2) = (1+√5 r+5/3 r²)e^{−√5 r}; lu=[.3,.5], lb=[2,1.5], p=.7;
  // x=[.2,.4,.5], y=[.6,.1,.25] (fidelity = column 1): ku + (1−s)(1−t)(1+st)^p·kb = 0.8388839549277489;
  // diag at x: 1 + (1−s)²(1+s²)^p = 1.399413825091332
  const x = { rows: 1, cols: 3, data: Float64Array.of(0.2, 0.4, 0.5) };
  const y = { rows: 1, cols: 3, data: Float64Array.of(0.6, 0.1, 0.25) };
  assert.ok(Math.abs(kernel.matrix(theta, x, y).data[0] - 0.8388839549277489) < 1e-13);
  assert.ok(Math.abs(kernel.diag(theta, x)[0] - 1.399413825091332) < 1e-13);
  assert.ok(Math.abs(kernel.matrix(theta, x, x).data[0] - 1.399413825091332) < 1e-13);
  // At the target level s = 1 the biased part vanishes: k = k_u alone, diag 1.
  const t1 = { rows: 1, cols: 3, data: Float64Array.of(0.2, 1, 0.5) };
  assert.equal(kernel.diag(theta, t1)[0], 1);
  // σ_b² scales the biased part only: diag = 1 + 0.4·(1.399413825091332 − 1)
  assert.ok(Math.abs(scaled.diag(thetaScaled, x)[0] - (1 + 0.4 * 0.399413825091332)) < 1e-13);
  // level noise adds σ_w²(1−s)² = 0.3·0.36 on coinciding rows only
  assert.ok(Math.abs(noisy.diag(thetaNoisy, x)[0] - (1 + 0.4 * 0.399413825091332 + 0.3 * 0.36)) < 1e-13);
  assert.ok(Math.abs(noisy.matrix(thetaNoisy, x, { rows: 1, cols: 3, data: x.data.slice() }).data[0] - noisy.diag(thetaNoisy, x)[0]) < 1e-13);
  assert.ok(Math.abs(noisy.matrix(thetaNoisy, x, y).data[0] - scaled.matrix(thetaScaled, x, y).data[0]) < 1e-15);
});

for (const { kernel, theta } of variants) test(`gramGradient matches central differences of Σ W∘K (${kernel.size} hyperparameters)`, () => {
  const rng = createRng(3);
  const n = 7;
  const X = randomMatrix(rng, n, 3);
  X.data.set(X.data.slice(0, 3), 3 * 3); // row 3 duplicates row 0: the white-noise term's off-diagonal entries
  const W = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) W.data[i * n + j] = W.data[j * n + i] = rng.normal();
  const g = new Float64Array(kernel.size);
  kernel.gramGradient(theta, X, W, g);
  const h = 1e-6;
  for (let p = 0; p < kernel.size; p++) {
    const tp = theta.slice();
    const tm = theta.slice();
    tp[p] += h;
    tm[p] -= h;
    const Kp = kernel.matrix(tp, X, X).data;
    const Km = kernel.matrix(tm, X, X).data;
    let fd = 0;
    for (let i = 0; i < n * n; i++) fd += (W.data[i] * (Kp[i] - Km[i])) / (2 * h);
    assert.ok(Math.abs(fd - g[p]) < 1e-7 * (1 + Math.abs(fd)), `θ[${p}]: ${g[p]} vs ${fd}`);
  }
});

for (const { kernel, theta } of variants) test(`crossGradient (incl. the fidelity coordinate) and diagGradient match central differences (${kernel.size})`, () => {
  const rng = createRng(4);
  const X = randomMatrix(rng, 6, 3);
  for (const x of [Float64Array.of(0.3, 0.35, 0.8), X.data.slice(6, 9)]) {
    const { k, dk } = kernel.crossGradient(theta, x, X);
    const row = kernel.matrix(theta, { rows: 1, cols: 3, data: x }, X).data;
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(k[i] - row[i]) < 1e-14);
    const h = 1e-6;
    for (let c = 0; c < 3; c++) {
      const xp = x.slice();
      const xm = x.slice();
      xp[c] += h;
      xm[c] -= h;
      const kp = kernel.crossGradient(theta, xp, X).k;
      const km = kernel.crossGradient(theta, xm, X).k;
      for (let i = 0; i < 6; i++) {
        const fd = (kp[i] - km[i]) / (2 * h);
        assert.ok(Math.abs(fd - dk.data[i * 3 + c]) < 1e-7, `i=${i} c=${c}: ${dk.data[i * 3 + c]} vs ${fd}`);
      }
      const fdDiag = (kernel.diagGradient(theta, xp).value - kernel.diagGradient(theta, xm).value) / (2 * h);
      assert.ok(Math.abs(fdDiag - kernel.diagGradient(theta, x).grad[c]) < 1e-7, `diag c=${c}`);
    }
  }
});

test('fitMfGp fits a two-level problem: the low level informs the target', async () => {
  // f(w, s) = sin(3 w0) + (1 − s)·0.3·w1: 20 low-level points (s = 0) and 4 target points (s = 1).
  const rng = createRng(9);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 24; i++) {
    const w0 = rng.uniform();
    const w1 = rng.uniform();
    const s = i < 20 ? 0 : 1;
    rows.push([w0, s, w1]);
    y.push(Math.sin(3 * w0) + (1 - s) * 0.3 * w1);
  }
  const X = { rows: 24, cols: 3, data: Float64Array.from(rows.flat()) };
  const model = await fitMfGp({ X, y: Float64Array.from(y) }, 1, { rng: createRng(1) });
  assert.ok(Number.isFinite(model.factor.lml));
  // Prediction at the target level on a grid: the low-level data carry the shape (error < 0.25).
  let maxErr = 0;
  for (let j = 0; j < 11; j++) {
    const w0 = j / 10;
    const mu = model.posterior({ rows: 1, cols: 3, data: Float64Array.of(w0, 1, 0.5) }).mean()[0];
    maxErr = Math.max(maxErr, Math.abs(mu - Math.sin(3 * w0)));
  }
  assert.ok(maxErr < 0.25, `max target-level error ${maxErr}`);
});
