import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { createRng, type Rng } from '../../../core/rng.js';
import type { Kernel } from '../../../surrogates/gp/kernel.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';
import { QuadraticKernel } from '../../../surrogates/gp/kernels/quadratic-kernel.js';
import { SumKernel } from '../../../surrogates/gp/kernels/sum-kernel.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
  return m;
}

function symmetricWeights(rng: Rng, n: number): Matrix {
  const W = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) W.data[i * n + j] = W.data[j * n + i] = rng.normal();
  return W;
}

/** The default GP kernel plus the trend, as resolveModelSpec builds it for trend 'quadratic'. */
function trendKernel(d: number): Kernel {
  return resolveModelSpec(GpOptions.parse({ trend: 'quadratic' }), d).kernel;
}

function thetaFor(k: Kernel, rng: Rng): Float64Array {
  const t = new Float64Array(k.size);
  for (let i = 0; i < k.size; i++) t[i] = Math.log(0.2 + 0.8 * rng.uniform());
  return t;
}

const relClose = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('quadratic kernel at hand points: σ_q²(c + (12/d)(x−½)·(x′−½))² closed form', () => {
  const k = new QuadraticKernel({ dim: 2 });
  const theta = Float64Array.of(Math.log(0.5), Math.log(2));
  const X1 = { rows: 1, cols: 2, data: Float64Array.of(0.9, 0.2) };
  const X2 = { rows: 1, cols: 2, data: Float64Array.of(0.1, 1) };
  // u = (0.4, −0.3), u′ = (−0.4, 0.5): u·u′ = −0.31; s = 6; a = 2 − 1.86 = 0.14; k = 0.5·0.0196.
  relClose(k.matrix(theta, X1, X2).data[0], 0.5 * 0.14 * 0.14, 1e-14, 'k');
  // |u|² = 0.25: a = 2 + 1.5 = 3.5.
  relClose(k.diag(theta, X1)[0], 0.5 * 3.5 * 3.5, 1e-14, 'diag');
});

test('sum kernel: Gram matrix, diag and cross-covariance are the sums of the parts', () => {
  const rng = createRng(11);
  for (const d of [1, 3, 6]) {
    const k = trendKernel(d) as SumKernel;
    assert.equal(k.name, 'scale(matern52)+quadratic');
    assert.equal(k.stationary, false);
    assert.equal(k.trend, 'quadratic');
    const theta = thetaFor(k, rng);
    const ta = theta.subarray(0, k.a.size);
    const tb = theta.subarray(k.a.size);
    const X = randomMatrix(rng, 9, d);
    const Y = randomMatrix(rng, 4, d);
    const K = k.matrix(theta, X, Y).data;
    const Ka = k.a.matrix(ta, X, Y).data;
    const Kb = k.b.matrix(tb, X, Y).data;
    for (let i = 0; i < K.length; i++) relClose(K[i], Ka[i] + Kb[i], 1e-14, `K[${i}]`);
    const G = k.matrix(theta, X, X).data;
    const Ga = k.a.matrix(ta, X, X).data;
    const Gb = k.b.matrix(tb, X, X).data;
    for (let i = 0; i < G.length; i++) relClose(G[i], Ga[i] + Gb[i], 1e-14, `G[${i}]`);
    const dg = k.diag(theta, X);
    for (let i = 0; i < X.rows; i++) relClose(dg[i], G[i * X.rows + i], 1e-13, `diag[${i}]`);
    const x = Y.data.subarray(0, d);
    const cg = k.crossGradient(theta, x, X);
    const kk = new Float64Array(X.rows);
    const dk = new Float64Array(X.rows * d);
    k.crossGradientInto(theta, x, X, kk, dk, 2.5);
    for (let i = 0; i < X.rows; i++) {
      relClose(cg.k[i], K[i * Y.rows], 1e-13, `cross k[${i}]`);
      relClose(kk[i], 2.5 * cg.k[i], 1e-13, `into k[${i}]`);
    }
    for (let i = 0; i < dk.length; i++) relClose(dk[i], 2.5 * cg.dk.data[i], 1e-13, `into dk[${i}]`);
    relClose(k.diagGradient(theta, x).value, k.diag(theta, { rows: 1, cols: d, data: Float64Array.from(x) })[0], 1e-13, 'diagGradient value');
  }
});

test('gramGradient (Σ W_ij ∂K_ij/∂θ_k) matches central differences: quadratic part and the sum', () => {
  const rng = createRng(12);
  for (const d of [1, 2, 5]) {
    for (const k of [new QuadraticKernel({ dim: d }) as Kernel, trendKernel(d)]) {
      const n = 7;
      const X = randomMatrix(rng, n, d);
      const W = symmetricWeights(rng, n);
      const theta = thetaFor(k, rng);
      const g = new Float64Array(k.size);
      k.gramGradient(theta, X, W, g);
      const h = 1e-6;
      for (let p = 0; p < k.size; p++) {
        const tp = theta.slice();
        const tm = theta.slice();
        tp[p] += h;
        tm[p] -= h;
        const Kp = k.matrix(tp, X, X).data;
        const Km = k.matrix(tm, X, X).data;
        let fd = 0;
        for (let i = 0; i < Kp.length; i++) fd += (W.data[i] * (Kp[i] - Km[i])) / (2 * h);
        relClose(g[p], fd, 1e-6, `${k.name} d=${d} θ[${p}]`);
      }
    }
  }
});

test('crossGradient dk/dx and diagGradient match central differences (also at a training point)', () => {
  const rng = createRng(13);
  for (const d of [1, 3, 5]) {
    for (const k of [new QuadraticKernel({ dim: d }) as Kernel, trendKernel(d)]) {
      const X = randomMatrix(rng, 6, d);
      const theta = thetaFor(k, rng);
      for (const x of [Float64Array.from({ length: d }, () => rng.uniform()), X.data.slice(0, d)]) {
        const { k: kv, dk } = k.crossGradient(theta, x, X);
        const dg = k.diagGradient(theta, x);
        const h = 1e-6;
        for (let j = 0; j < d; j++) {
          const xp = x.slice();
          const xm = x.slice();
          xp[j] += h;
          xm[j] -= h;
          const kp = k.crossGradient(theta, xp, X).k;
          const km = k.crossGradient(theta, xm, X).k;
          for (let i = 0; i < X.rows; i++) relClose(dk.data[i * d + j], (kp[i] - km[i]) / (2 * h), 1e-6, `${k.name} dk[${i},${j}]`);
          const fdDiag = (k.diagGradient(theta, xp).value - k.diagGradient(theta, xm).value) / (2 * h);
          relClose(dg.grad[j], fdDiag, 1e-6, `${k.name} diag grad[${j}]`);
        }
        assert.ok(kv.every(Number.isFinite));
      }
    }
  }
});

test('trend logPrior gradient matches central differences; sampled and initial θ lie in the bounds', () => {
  const rng = createRng(14);
  const k = trendKernel(4);
  for (let r = 0; r < 5; r++) {
    const theta = thetaFor(k, rng);
    const g = new Float64Array(k.size);
    k.logPrior(theta, g);
    for (let p = 0; p < k.size; p++) {
      const tp = theta.slice();
      const tm = theta.slice();
      tp[p] += 1e-6;
      tm[p] -= 1e-6;
      relClose(g[p], (k.logPrior(tp) - k.logPrior(tm)) / 2e-6, 1e-6, `θ[${p}]`);
    }
    const s = k.sampleTheta(rng);
    for (let p = 0; p < k.size; p++) assert.ok(s[p] >= k.lower[p] && s[p] <= k.upper[p], `sample θ[${p}]`);
  }
  const t0 = k.initialTheta();
  assert.deepEqual(Object.keys(k.natural(t0)), ['lengthscale', 'outputscale', 'trendVariance', 'trendOffset']);
});

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5): an independent reference for the rank. */
function jacobiEigenvalues(A: Matrix): number[] {
  const n = A.rows;
  const a = A.data.slice();
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const tau = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p];
          const arq = a[r * n + q];
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r];
          const aqr = a[q * n + r];
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]);
}

test('quadratic Gram matrix has rank 1 + d + d(d+1)/2 (the dimension of the quadratics), eigenvalues ≥ 0', () => {
  const rng = createRng(15);
  for (const d of [1, 2, 3, 4]) {
    const k = new QuadraticKernel({ dim: d });
    const n = 30; // more points than monomials, so the rank is the basis size, not n
    const X = randomMatrix(rng, n, d);
    const ev = jacobiEigenvalues(k.matrix(Float64Array.of(0, Math.log(0.7)), X, X));
    const max = Math.max(...ev);
    const rank = ev.filter((e) => e > 1e-9 * max).length;
    assert.equal(rank, 1 + d + (d * (d + 1)) / 2, `d = ${d}: eigenvalues ${ev.map((e) => e.toExponential(2)).join(' ')}`);
    assert.ok(ev.every((e) => e > -1e-9 * max), `d = ${d}: a negative eigenvalue`);
  }
});
