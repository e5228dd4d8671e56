/**
 * LevelIcmKernel: B is a valid covariance (symmetric PSD, unit target variance, reachable
 * correlations), the Gram matrix is B[l,l']·k_w, and gramGradient / crossGradient agree with
 * central finite differences of matrix() (h = 1e-6, tolerance 1e-5 relative).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import type { Matrix } from '../../../core/matrix.js';
import { LevelIcmKernel } from '../../../surrogates/mf-gp/level-icm-kernel.js';

const levels = [0.2, 0.5, 1];
const kernel = new LevelIcmKernel({ dim: 4, fidelityIndex: 3, levels, target: 2 });

function points(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = rng.uniform();
    data[i * 4 + 3] = levels[i % 3];
  }
  return { rows: n, cols: 4, data };
}

test('B is symmetric positive definite with unit target variance; correlations follow a', () => {
  const theta = kernel.sampleTheta(createRng(3));
  const B = kernel.coregion(theta);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) assert.ok(Math.abs(B[r * 3 + c] - B[c * 3 + r]) < 1e-14);
  assert.ok(Math.abs(B[2 * 3 + 2] - 1) < 1e-14);
  // Cholesky succeeds: leading minors positive
  const m1 = B[0];
  const m2 = B[0] * B[4] - B[1] * B[3];
  assert.ok(m1 > 0 && m2 > 0);
  // a = 0 for a level -> uncorrelated with the target; a large -> correlation near 1
  const t = kernel.initialTheta();
  const m = 3;
  t.fill(0, m + 2); // all correlation parameters 0
  const B0 = kernel.coregion(t);
  assert.ok(Math.abs(B0[0 * 3 + 2]) < 1e-14 && Math.abs(B0[1 * 3 + 2]) < 1e-14);
  t[m + 2] = 50; // first non-target level (index 0) vs target
  const nat = kernel.natural(t) as { correlationWithTarget: number[] };
  assert.ok(nat.correlationWithTarget[0] > 0.999);
});

test('Gram matrix = B[l, l2]·k_w and gradients match finite differences', () => {
  const X = points(7, 1);
  const theta = kernel.sampleTheta(createRng(5));
  const K = kernel.matrix(theta, X, X);
  const diag = kernel.diag(theta, X);
  for (let i = 0; i < 7; i++) assert.ok(Math.abs(K.data[i * 7 + i] - diag[i]) < 1e-12);
  const rng = createRng(9);
  const W = { rows: 7, cols: 7, data: new Float64Array(49) };
  for (let i = 0; i < 7; i++) for (let j = 0; j <= i; j++) W.data[i * 7 + j] = W.data[j * 7 + i] = rng.normal();
  const g = new Float64Array(kernel.size);
  kernel.gramGradient(theta, X, W, g);
  const h = 1e-6;
  for (let k = 0; k < kernel.size; k++) {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[k] += h;
    tm[k] -= h;
    const Kp = kernel.matrix(tp, X, X).data;
    const Km = kernel.matrix(tm, X, X).data;
    let fd = 0;
    for (let q = 0; q < 49; q++) fd += (W.data[q] * (Kp[q] - Km[q])) / (2 * h);
    assert.ok(Math.abs(fd - g[k]) <= 1e-5 * (1 + Math.abs(fd)), `θ[${k}] ${kernel.names[k]}: ${g[k]} vs ${fd}`);
  }
  const x = X.data.slice(0, 4);
  const { k, dk } = kernel.crossGradient(theta, x, X);
  const Kx = kernel.matrix(theta, { rows: 1, cols: 4, data: x }, X).data;
  for (let i = 0; i < 7; i++) assert.ok(Math.abs(k[i] - Kx[i]) < 1e-12);
  for (let c = 0; c < 3; c++) {
    const xp = x.slice();
    const xm = x.slice();
    xp[c] += h;
    xm[c] -= h;
    const kp = kernel.matrix(theta, { rows: 1, cols: 4, data: xp }, X).data;
    const km = kernel.matrix(theta, { rows: 1, cols: 4, data: xm }, X).data;
    for (let i = 1; i < 7; i++) {
      const fd = (kp[i] - km[i]) / (2 * h);
      assert.ok(Math.abs(fd - dk.data[i * 4 + c]) <= 1e-5 * (1 + Math.abs(fd)), `dk[${i},${c}]`);
    }
  }
  // log prior gradient
  const gp = new Float64Array(kernel.size);
  kernel.logPrior(theta, gp);
  for (let q = 0; q < kernel.size; q++) {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[q] += h;
    tm[q] -= h;
    const fd = (kernel.logPrior(tp) - kernel.logPrior(tm)) / (2 * h);
    assert.ok(Math.abs(fd - gp[q]) <= 1e-5 * (1 + Math.abs(fd)), `prior θ[${q}]`);
  }
});
