/**
 * The data-mixing law and its basis kernel:
 * - fitMixingLaw recovers a law y = c + k·exp(tᵀw) from exact values (truth known in closed form)
 *   and its gradient matches central differences;
 * - BasisKernel = k_base + s·φφᵀ: matrix and diag against that formula computed here, and
 *   gramGradient / crossGradient / diagGradient against central differences;
 * - the GP with the basis kernel and a large s_β recovers a mean that is exactly the basis
 *   (R&W §2.7: a vague coefficient prior lets the data set β), where the plain kernel cannot
 *   extrapolate it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../core/rng.js';
import { fitMixingLaw, mixingLawGradient, mixingLawValue } from '../../../surrogates/mf-gp/mixing-law.js';
import { BasisKernel, type BasisFunction } from '../../../surrogates/mf-gp/basis-kernel.js';
import { StationaryArdKernel } from '../../../surrogates/gp/kernels/stationary-ard.js';
import { matern52Profile } from '../../../surrogates/gp/kernels/radial-profiles.js';
import { gammaPrior } from '../../../surrogates/gp/priors.js';
import { dirichlet } from '../../../core/simplex.js';
import { fittedGpFromHyperparameters } from '../../../surrogates/gp/fitted-gp.js';

const K = 4;

function mixtures(n: number, seed: number) {
  const rng = createRng(seed);
  const data = new Float64Array(n * K);
  for (let i = 0; i < n; i++) data.set(dirichlet([1, 1, 1, 1], rng), i * K);
  return { rows: n, cols: K, data };
}

describe('mixing law', () => {
  it('recovers an exact law and its gradient matches central differences', () => {
    const truth = { c: 1.5, k: 0.8, t: Float64Array.of(-2, 1, 0.5, -0.3), rmse: 0, n: 0 };
    const W = mixtures(60, 1);
    const y = Float64Array.from({ length: 60 }, (_, i) => mixingLawValue(truth, W.data.subarray(i * K, (i + 1) * K)));
    const law = fitMixingLaw(W, y, 1e-8)!;
    assert.ok(law.rmse < 1e-4, `rmse ${law.rmse}`);
    // On the simplex tᵀw is identified up to adding a constant to every t_j (Σw = 1 moves it into k), so compare values at new mixtures.
    const test = mixtures(20, 2);
    for (let i = 0; i < 20; i++) {
      const w = test.data.subarray(i * K, (i + 1) * K);
      assert.ok(Math.abs(mixingLawValue(law, w) - mixingLawValue(truth, w)) < 1e-3, `mixture ${i}`);
      const g = mixingLawGradient(law, w);
      for (let j = 0; j < K; j++) {
        const wp = Float64Array.from(w); wp[j] += 1e-6;
        const wm = Float64Array.from(w); wm[j] -= 1e-6;
        const fd = (mixingLawValue(law, wp) - mixingLawValue(law, wm)) / 2e-6;
        assert.ok(Math.abs(g[j] - fd) < 1e-6 * (1 + Math.abs(fd)), `gradient ${j}: ${g[j]} vs ${fd}`);
      }
    }
    assert.equal(fitMixingLaw(mixtures(2, 3), [1, 2]), undefined);
    assert.equal(fitMixingLaw(mixtures(5, 3), [1, 1, 1, 1, 1]), undefined);
  });
});

describe('BasisKernel', () => {
  const d = 3;
  const base = new StationaryArdKernel({ profile: matern52Profile, dim: d, lengthscalePrior: gammaPrior(3, 6), minLengthscale: 0.025 });
  const phi: BasisFunction = {
    value: (x) => Math.sin(3 * x[0]) + x[1] * x[2],
    gradient: (x) => Float64Array.of(3 * Math.cos(3 * x[0]), x[2], x[1]),
  };
  const kernel = new BasisKernel(base, phi);
  const rng = createRng(5);
  const X = { rows: 6, cols: d, data: Float64Array.from({ length: 18 }, () => rng.uniform()) };
  const theta = Float64Array.of(Math.log(0.4), Math.log(0.7), Math.log(0.5), Math.log(0.6));

  it('matrix and diag are k_base + s·φφᵀ', () => {
    const K0 = base.matrix(theta.subarray(0, 3), X, X).data;
    const Kb = kernel.matrix(theta, X, X).data;
    const f = Array.from({ length: 6 }, (_, i) => phi.value(X.data.subarray(i * d, (i + 1) * d)));
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) assert.ok(Math.abs(Kb[i * 6 + j] - K0[i * 6 + j] - 0.6 * f[i] * f[j]) < 1e-14);
    const diag = kernel.diag(theta, X);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(diag[i] - Kb[i * 7]) < 1e-14);
  });

  it('gradients match central differences', () => {
    const W = { rows: 6, cols: 6, data: new Float64Array(36) };
    for (let i = 0; i < 6; i++) for (let j = 0; j <= i; j++) W.data[i * 6 + j] = W.data[j * 6 + i] = rng.normal();
    const out = new Float64Array(4);
    kernel.gramGradient(theta, X, W, out);
    const wsum = (t: Float64Array) => kernel.matrix(t, X, X).data.reduce((s, v, i) => s + v * W.data[i], 0);
    for (let p = 0; p < 4; p++) {
      const tp = Float64Array.from(theta); tp[p] += 1e-6;
      const tm = Float64Array.from(theta); tm[p] -= 1e-6;
      const fd = (wsum(tp) - wsum(tm)) / 2e-6;
      assert.ok(Math.abs(out[p] - fd) < 1e-5 * (1 + Math.abs(fd)), `θ${p}: ${out[p]} vs ${fd}`);
    }
    const x = Float64Array.of(0.3, 0.6, 0.2);
    const { k, dk } = kernel.crossGradient(theta, x, X);
    const row = (xx: Float64Array) => kernel.matrix(theta, { rows: 1, cols: d, data: xx }, X).data;
    const k0 = row(x);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(k[i] - k0[i]) < 1e-14);
    const dg = kernel.diagGradient(theta, x);
    assert.ok(Math.abs(dg.value - kernel.diag(theta, { rows: 1, cols: d, data: x })[0]) < 1e-14);
    for (let j = 0; j < d; j++) {
      const xp = Float64Array.from(x); xp[j] += 1e-6;
      const xm = Float64Array.from(x); xm[j] -= 1e-6;
      const kp = row(xp);
      const km = row(xm);
      for (let i = 0; i < 6; i++) {
        const fd = (kp[i] - km[i]) / 2e-6;
        assert.ok(Math.abs(dk.data[i * d + j] - fd) < 1e-6 * (1 + Math.abs(fd)), `dk[${i},${j}]`);
      }
      const fdDiag = (kernel.diag(theta, { rows: 1, cols: d, data: xp })[0] - kernel.diag(theta, { rows: 1, cols: d, data: xm })[0]) / 2e-6;
      assert.ok(Math.abs(dg.grad[j] - fdDiag) < 1e-6 * (1 + Math.abs(fdDiag)), `diag gradient ${j}`);
    }
  });

  it('a GP with the basis extrapolates a mean that is the basis; the plain kernel reverts to its constant', () => {
    // Data y = 2·φ(x) on x ∈ [0, 0.5]³, prediction at x ∈ [0.7, 1]³ (outside the data by more than a lengthscale 0.1).
    const n = 40;
    const Xtr = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => 0.5 * rng.uniform()) };
    const y = Float64Array.from({ length: n }, (_, i) => 2 * phi.value(Xtr.data.subarray(i * d, (i + 1) * d)));
    const Xte = { rows: 10, cols: d, data: Float64Array.from({ length: 10 * d }, () => 0.7 + 0.3 * rng.uniform()) };
    const truth = Array.from({ length: 10 }, (_, i) => 2 * phi.value(Xte.data.subarray(i * d, (i + 1) * d)));
    const th = Float64Array.of(Math.log(0.1), Math.log(0.1), Math.log(0.1));
    const withBasis = fittedGpFromHyperparameters({ kernel, theta: Float64Array.of(...th, Math.log(100)), noise: 1e-6, mean: 0 }, { X: Xtr, y });
    const plain = fittedGpFromHyperparameters({ kernel: base, theta: th, noise: 1e-6, mean: 0 }, { X: Xtr, y });
    const mb = withBasis.posterior(Xte).mean();
    const mp = plain.posterior(Xte).mean();
    let eb = 0, ep = 0;
    for (let i = 0; i < 10; i++) { eb = Math.max(eb, Math.abs(mb[i] - truth[i])); ep = Math.max(ep, Math.abs(mp[i] - truth[i])); }
    // Not exact: β has a finite prior variance (s = 100) and the residual GP adds a little at the edge.
    assert.ok(eb < 0.01, `basis GP max error ${eb}`);
    assert.ok(ep > 0.3, `plain GP max error ${ep} (should not know the basis)`);
  });
});
