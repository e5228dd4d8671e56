/**
 * The Kernel seam takes a NON-stationary kernel without GP changes: a test-only dot-product kernel
 * (the NNGP input layer K⁰ = σ_b² + σ_w² x·x'/d, seed-specs §4), θ = [ln σ_w², ln σ_b²].
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { createRng, type Rng } from '../../../core/rng.js';
import type { Kernel } from '../../../surrogates/gp/kernel.js';
import { makeObjective } from '../../../surrogates/gp/gp-fit.js';
import { parameterLayout } from '../../../surrogates/gp/gp-likelihood.js';
import { GpSurrogate, fittedGpFromHyperparameters } from '../../../surrogates/gp/gp-surrogate.js';
import { logNormalPrior } from '../../../surrogates/gp/priors.js';

class DotProductKernel implements Kernel {
  readonly name = 'dot-product';
  readonly size = 2;
  readonly names = ['weightVariance', 'biasVariance'];
  readonly lower = Float64Array.of(-7, -7);
  readonly upper = Float64Array.of(5, 5);
  readonly stationary = false;
  private readonly prior = logNormalPrior(0, 1);
  constructor(readonly dim: number) {}
  initialTheta = () => Float64Array.of(0, 0);
  sampleTheta = (rng: Rng) => Float64Array.of(rng.normal(), rng.normal());
  logPrior(t: Float64Array, g?: Float64Array): number {
    const a = this.prior.logDensity(t[0]);
    const b = this.prior.logDensity(t[1]);
    if (g) {
      g[0] += a.grad;
      g[1] += b.grad;
    }
    return a.value + b.value;
  }
  natural = (t: Float64Array) => ({ weightVariance: Math.exp(t[0]), biasVariance: Math.exp(t[1]) });
  private dot(a: Float64Array, i: number, b: ArrayLike<number>, j: number): number {
    let s = 0;
    for (let k = 0; k < this.dim; k++) s += a[i * this.dim + k] * b[j * this.dim + k];
    return s / this.dim;
  }
  matrix(t: Float64Array, A: Matrix, B: Matrix): Matrix {
    const out = zeros(A.rows, B.rows);
    for (let i = 0; i < A.rows; i++) for (let j = 0; j < B.rows; j++) out.data[i * B.rows + j] = Math.exp(t[1]) + Math.exp(t[0]) * this.dot(A.data, i, B.data, j);
    return out;
  }
  diag(t: Float64Array, X: Matrix): Float64Array {
    return Float64Array.from({ length: X.rows }, (_, i) => Math.exp(t[1]) + Math.exp(t[0]) * this.dot(X.data, i, X.data, i));
  }
  gramGradient(t: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    let gw = 0;
    let gb = 0;
    for (let i = 0; i < X.rows; i++)
      for (let j = 0; j < X.rows; j++) {
        gw += W.data[i * X.rows + j] * Math.exp(t[0]) * this.dot(X.data, i, X.data, j);
        gb += W.data[i * X.rows + j] * Math.exp(t[1]);
      }
    out[0] = gw;
    out[1] = gb;
  }
  crossGradient(t: Float64Array, x: ArrayLike<number>, X: Matrix) {
    const k = Float64Array.from({ length: X.rows }, (_, i) => Math.exp(t[1]) + Math.exp(t[0]) * this.dot(X.data, i, x, 0));
    const dk = zeros(X.rows, this.dim);
    for (let i = 0; i < X.rows; i++) for (let c = 0; c < this.dim; c++) dk.data[i * this.dim + c] = (Math.exp(t[0]) * X.data[i * this.dim + c]) / this.dim;
    return { k, dk };
  }
  diagGradient(t: Float64Array, x: ArrayLike<number>) {
    let s = 0;
    for (let c = 0; c < this.dim; c++) s += x[c] * x[c];
    return {
      value: Math.exp(t[1]) + (Math.exp(t[0]) * s) / this.dim,
      grad: Float64Array.from({ length: this.dim }, (_, c) => (2 * Math.exp(t[0]) * x[c]) / this.dim),
    };
  }
}

function problem(n: number, d: number, rng: Rng) {
  const X = zeros(n, d);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  const y = Float64Array.from({ length: n }, (_, i) => 2 * X.data[i * d] - X.data[i * d + 1] + 0.1 * rng.normal());
  return { X, y };
}

test('non-stationary kernel: MLL gradient and x-gradients (with ∇k(x,x) ≠ 0) match central differences', () => {
  const rng = createRng(41);
  const d = 2;
  const { X, y } = problem(10, d, rng);
  const kernel = new DotProductKernel(d);
  const layout = parameterLayout(kernel, 1e-4, 10);
  const f = makeObjective(layout, { prior: logNormalPrior(-4, 1), fixed: false }, { X, y });
  const v = Float64Array.of(0.3, -0.5, Math.log(0.05), 0.2);
  const g = new Float64Array(4);
  const tmp = new Float64Array(4);
  f(v, g);
  for (let k = 0; k < 4; k++) {
    const vp = v.slice();
    const vm = v.slice();
    vp[k] += 1e-6;
    vm[k] -= 1e-6;
    const fd = (f(vp, tmp) - f(vm, tmp)) / 2e-6;
    assert.ok(Math.abs(fd - g[k]) < 1e-7 * (1 + Math.abs(fd)), `${layout.names[k]}: ${g[k]} vs ${fd}`);
  }
  const gp = fittedGpFromHyperparameters({ kernel, theta: [0.3, -0.5], noise: 0.05 }, { X, y });
  const x = Float64Array.of(0.4, 0.8);
  const p = gp.predictWithGradient(x);
  for (let c = 0; c < d; c++) {
    const xp = x.slice();
    const xm = x.slice();
    xp[c] += 1e-6;
    xm[c] -= 1e-6;
    const a = gp.predictWithGradient(xp);
    const b = gp.predictWithGradient(xm);
    assert.ok(Math.abs((a.mean - b.mean) / 2e-6 - p.dMean[c]) < 1e-7);
    assert.ok(Math.abs((a.variance - b.variance) / 2e-6 - p.dVariance[c]) < 1e-7);
  }
});

test('GpSurrogate with a kernel extension fits, reports its kind and warm-starts from its own state', async () => {
  const rng = createRng(42);
  const { X, y } = problem(40, 3, rng);
  const s = new GpSurrogate({ preset: 'botorch' }, { kind: 'dot-gp', kernel: (d) => new DotProductKernel(d) });
  const gp = await s.fit({ X, y }, { rng: createRng(1) });
  assert.equal(gp.kind, 'dot-gp');
  const state = gp.state();
  assert.equal(state.kind, 'dot-gp');
  assert.deepEqual(state.names, ['weightVariance', 'biasVariance', 'noise', 'mean']);
  // A linear function is fitted almost exactly: noise near the true 0.01 (y not standardized here).
  assert.ok((gp.diagnostics().noise as number) < 0.05, `noise ${gp.diagnostics().noise}`);
  const warm = await s.fit({ X, y }, { rng: createRng(2), warmStart: state });
  assert.equal(warm.diagnostics().warm, true);
  // A plain GP ignores the other kind's state.
  const plain = await new GpSurrogate({ preset: 'botorch' }).fit({ X, y }, { rng: createRng(2), warmStart: state });
  assert.equal(plain.diagnostics().warm, false);
});
