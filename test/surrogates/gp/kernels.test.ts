import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrix as mat, zeros, type Matrix } from '../../../core/matrix.js';
import { createRng, type Rng } from '../../../core/rng.js';
import type { Kernel } from '../../../surrogates/gp/kernel.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';
import { gammaPrior, logGamma, logNormalPrior, sampleGamma } from '../../../surrogates/gp/priors.js';
import { radialProfile } from '../../../surrogates/gp/kernels/radial-profiles.js';
import { ScaleKernel } from '../../../surrogates/gp/kernels/scale-kernel.js';
import { StationaryArdKernel } from '../../../surrogates/gp/kernels/stationary-ard.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
  return m;
}

function kernels(d: number): Kernel[] {
  const prior = logNormalPrior(Math.SQRT2 + 0.5 * Math.log(d), Math.sqrt(3));
  const mk = (name: 'rbf' | 'matern52' | 'matern32') =>
    new StationaryArdKernel({ profile: radialProfile(name), dim: d, lengthscalePrior: prior, minLengthscale: 0.025 });
  return [
    mk('rbf'),
    mk('matern52'),
    mk('matern32'),
    new ScaleKernel(mk('matern52'), { outputscalePrior: gammaPrior(2, 0.15) }),
  ];
}

function thetaFor(k: Kernel, rng: Rng): Float64Array {
  const t = new Float64Array(k.size);
  for (let i = 0; i < k.size; i++) t[i] = Math.log(0.2 + 0.6 * rng.uniform());
  return t;
}

test('prior log densities match scipy.stats', () => {
  // python: stats.lognorm.logpdf(0.7, s=sqrt(3), scale=exp(sqrt(2)+0.5*log(6))) = -2.296845208735125
  //         stats.lognorm.logpdf(0.02, s=1, scale=exp(-4)) = 2.9892144964365253
  //         stats.gamma.logpdf(0.4, a=3, scale=1/6) = 0.44954976337590935
  //         stats.gamma.logpdf(2.5, a=1.1, scale=1/0.05) = -3.278803986462135
  //         scipy.special.gammaln(0.3), gammaln(7.5) = 1.0957979948180756, 7.534364236758734
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(logNormalPrior(Math.SQRT2 + 0.5 * Math.log(6), Math.sqrt(3)).logDensity(Math.log(0.7)).value, -2.296845208735125);
  close(logNormalPrior(-4, 1).logDensity(Math.log(0.02)).value, 2.9892144964365253);
  close(gammaPrior(3, 6).logDensity(Math.log(0.4)).value, 0.44954976337590935);
  close(gammaPrior(1.1, 0.05).logDensity(Math.log(2.5)).value, -3.278803986462135);
  close(logGamma(0.3), 1.0957979948180756);
  close(logGamma(7.5), 7.534364236758734);
});

test('prior gradients match central differences and modes are stationary points', () => {
  for (const p of [logNormalPrior(1.2, 1.7), logNormalPrior(-4, 1), gammaPrior(3, 6), gammaPrior(2, 0.15)]) {
    for (const t of [-3, -0.5, 0.4, 2]) {
      const h = 1e-6;
      const fd = (p.logDensity(t + h).value - p.logDensity(t - h).value) / (2 * h);
      assert.ok(Math.abs(fd - p.logDensity(t).grad) < 1e-7, `${p.name} at ${t}`);
    }
    assert.ok(Math.abs(p.logDensity(p.modeTheta()).grad) < 1e-12, `${p.name} mode`);
  }
  // BoTorch's initial lengthscale is the LogNormal mode 0.2048·√d (seed-specs §7.3).
  const d = 6;
  const mode = Math.exp(logNormalPrior(Math.SQRT2 + 0.5 * Math.log(d), Math.sqrt(3)).modeTheta());
  assert.ok(Math.abs(mode - 0.2048 * Math.sqrt(d)) < 1e-3);
});

test('Gamma sampler mean and variance (seeded, 40k draws, 4 standard errors)', () => {
  const rng = createRng(3);
  for (const a of [0.6, 3]) {
    const n = 40000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const g = sampleGamma(a, rng);
      s += g;
      s2 += g * g;
    }
    const mean = s / n;
    const v = s2 / n - mean * mean;
    assert.ok(Math.abs(mean - a) < 4 * Math.sqrt(a / n), `mean ${mean} vs ${a}`);
    assert.ok(Math.abs(v - a) < 0.05 * a + 4 * Math.sqrt((6 * a * a + 2 * a * a) / n), `var ${v} vs ${a}`);
  }
});

test('kernel values at hand points: RBF, Matérn-5/2, Matérn-3/2 closed forms', () => {
  // x = (0.1, 0.2), x' = (0.4, 0.6), ℓ = (0.5, 2): r² = 0.36 + 0.04 = 0.4, r = 0.632456
  const X1 = mat(1, 2, Float64Array.of(0.1, 0.2));
  const X2 = mat(1, 2, Float64Array.of(0.4, 0.6));
  const theta = Float64Array.of(Math.log(0.5), Math.log(2));
  const r = Math.sqrt(0.4);
  const expect = {
    rbf: Math.exp(-0.2),
    matern52: (1 + Math.sqrt(5) * r + (5 / 3) * 0.4) * Math.exp(-Math.sqrt(5) * r),
    matern32: (1 + Math.sqrt(3) * r) * Math.exp(-Math.sqrt(3) * r),
  };
  for (const k of kernels(2).slice(0, 3)) {
    const v = k.matrix(theta, X1, X2).data[0];
    assert.ok(Math.abs(v - expect[k.name as keyof typeof expect]) < 1e-15, k.name);
  }
});

test('symmetric Gram fast path equals the general path; diag and crossGradient agree with matrix', () => {
  const rng = createRng(11);
  const X = randomMatrix(rng, 9, 3);
  const Xcopy = mat(9, 3, X.data.slice());
  for (const k of kernels(3)) {
    const t = thetaFor(k, rng);
    const A = k.matrix(t, X, X).data;
    const B = k.matrix(t, X, Xcopy).data;
    for (let i = 0; i < A.length; i++) assert.ok(Math.abs(A[i] - B[i]) < 1e-14, k.name);
    const dg = k.diag(t, X);
    for (let i = 0; i < 9; i++) assert.ok(Math.abs(dg[i] - A[i * 9 + i]) < 1e-14);
    const x = Float64Array.of(0.3, 0.7, 0.5);
    const cg = k.crossGradient(t, x, X).k;
    const row = k.matrix(t, mat(1, 3, x), X).data;
    for (let i = 0; i < 9; i++) assert.ok(Math.abs(cg[i] - row[i]) < 1e-14);
  }
});

test('gramGradient (Σ W_ij ∂K_ij/∂θ_k) matches central differences', () => {
  const rng = createRng(5);
  const n = 8;
  const d = 3;
  const X = randomMatrix(rng, n, d);
  const W = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const w = rng.normal();
      W.data[i * n + j] = w;
      W.data[j * n + i] = w;
    }
  for (const k of kernels(d)) {
    const t = thetaFor(k, rng);
    const g = new Float64Array(k.size);
    k.gramGradient(t, X, W, g);
    const h = 1e-6;
    for (let p = 0; p < k.size; p++) {
      const tp = t.slice();
      const tm = t.slice();
      tp[p] += h;
      tm[p] -= h;
      const Kp = k.matrix(tp, X, X).data;
      const Km = k.matrix(tm, X, X).data;
      let fd = 0;
      for (let i = 0; i < n * n; i++) fd += (W.data[i] * (Kp[i] - Km[i])) / (2 * h);
      assert.ok(Math.abs(fd - g[p]) < 1e-7 * (1 + Math.abs(fd)), `${k.name} θ[${p}]: ${g[p]} vs ${fd}`);
    }
  }
});

test('crossGradient dk/dx and diagGradient match central differences (also at a training point)', () => {
  const rng = createRng(6);
  const d = 3;
  const X = randomMatrix(rng, 6, d);
  for (const k of kernels(d)) {
    const t = thetaFor(k, rng);
    for (const x of [Float64Array.of(0.2, 0.5, 0.9), X.data.slice(2 * d, 3 * d)]) {
      const { dk } = k.crossGradient(t, x, X);
      const h = 1e-6;
      for (let c = 0; c < d; c++) {
        const xp = x.slice();
        const xm = x.slice();
        xp[c] += h;
        xm[c] -= h;
        const kp = k.crossGradient(t, xp, X).k;
        const km = k.crossGradient(t, xm, X).k;
        for (let i = 0; i < X.rows; i++) {
          const fd = (kp[i] - km[i]) / (2 * h);
          // Matérn-3/2 has a kink in r at x = X_i: the one-sided slopes differ by O(h); allow it.
          const tol = k.name === 'matern32' ? 1e-5 : 1e-7;
          assert.ok(Math.abs(fd - dk.data[i * d + c]) < tol, `${k.name} i=${i} c=${c}: ${dk.data[i * d + c]} vs ${fd}`);
        }
        const dgp = k.diagGradient(t, xp).value;
        const dgm = k.diagGradient(t, xm).value;
        assert.ok(Math.abs((dgp - dgm) / (2 * h) - k.diagGradient(t, x).grad[c]) < 1e-8);
      }
    }
  }
});

test('kernel logPrior gradient matches central differences; resolved presets', () => {
  const rng = createRng(8);
  for (const k of kernels(4)) {
    const t = thetaFor(k, rng);
    const g = new Float64Array(k.size);
    k.logPrior(t, g);
    for (let p = 0; p < k.size; p++) {
      const h = 1e-6;
      const tp = t.slice();
      const tm = t.slice();
      tp[p] += h;
      tm[p] -= h;
      const fd = (k.logPrior(tp) - k.logPrior(tm)) / (2 * h);
      assert.ok(Math.abs(fd - g[p]) < 1e-7, `${k.name} θ[${p}]`);
    }
    const s = k.sampleTheta(rng);
    for (let p = 0; p < k.size; p++) assert.ok(s[p] >= k.lower[p] && s[p] <= k.upper[p]);
  }
  const modern = resolveModelSpec(GpOptions.parse({ preset: 'botorch' }), 6);
  assert.equal(modern.kernel.name, 'rbf');
  assert.equal((modern.kernel.natural(modern.kernel.initialTheta()).lengthscale as number[]).length, 6);
  const legacy = resolveModelSpec(GpOptions.parse({ preset: 'botorch-legacy' }), 6);
  assert.equal(legacy.kernel.name, 'scale(matern52)');
  assert.deepEqual(legacy.kernel.names.at(-1), 'outputscale');
  assert.throws(() => GpOptions.parse({ kernel: 'linear' }));
});

test('gramGradientWithWeightedSum returns gramGradient and Σ W_ij K_ij (all three profiles)', () => {
  const rng = createRng(6);
  const n = 11;
  const d = 3;
  const X = randomMatrix(rng, n, d);
  const W = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) W.data[i * n + j] = W.data[j * n + i] = rng.normal();
  for (const k of kernels(d)) {
    if (!k.gramGradientWithWeightedSum) continue;
    const t = thetaFor(k, rng);
    const g = new Float64Array(k.size);
    const g2 = new Float64Array(k.size);
    k.gramGradient(t, X, W, g);
    const sum = k.gramGradientWithWeightedSum(t, X, W, g2);
    assert.deepEqual(g2, g, `${k.name}: same gradient`);
    const K = k.matrix(t, X, X).data;
    let want = 0;
    for (let i = 0; i < n * n; i++) want += W.data[i] * K[i];
    assert.ok(Math.abs(sum - want) < 1e-12 * (1 + Math.abs(want)), `${k.name}: ${sum} vs ${want}`);
  }
});
