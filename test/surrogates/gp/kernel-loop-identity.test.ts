import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { createRng, type Rng } from '../../../core/rng.js';
import { gammaPrior, logNormalPrior } from '../../../surrogates/gp/priors.js';
import { ScaleKernel } from '../../../surrogates/gp/kernels/scale-kernel.js';
import { radialProfile, type RadialProfile } from '../../../surrogates/gp/kernels/radial-profiles.js';
import { StationaryArdKernel } from '../../../surrogates/gp/kernels/stationary-ard.js';

// Session 12 (issue 20, ask speed) rewrote the stationary kernel's hot loops for speed only: the
// references below are the loops as they were before, and the rewritten ones must give the same
// bits, because a seeded benchmark run's trajectory depends on every last bit (benchmarks/README.md).

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
  return m;
}

function symmetricWeights(rng: Rng, n: number): Matrix {
  const W = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const v = rng.normal() * 10 ** Math.floor(4 * rng.uniform() - 2);
      W.data[i * n + j] = v;
      W.data[j * n + i] = v;
    }
  return W;
}

/** crossGradient before session 12: one valueAndSlope per row. */
function crossGradientReference(profile: RadialProfile, theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Float64Array } {
  const { rows: n, cols: d } = X;
  const inv = Float64Array.from(theta, (t) => Math.exp(-t));
  const k = new Float64Array(n);
  const D = new Float64Array(n * d);
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    for (let c = 0; c < d; c++) {
      const t = (x[c] - X.data[i * d + c]) * inv[c];
      diff[c] = t;
      r2 += t * t;
    }
    const vs = profile.valueAndSlope(r2);
    k[i] = vs.value;
    for (let c = 0; c < d; c++) D[i * d + c] = 2 * vs.slope * diff[c] * inv[c];
  }
  return { k, dk: D };
}

/** gramGradient before session 12: acc[k] loaded and stored per pair term. */
function gramGradientReference(profile: RadialProfile, theta: Float64Array, X: Matrix, W: Matrix): Float64Array {
  const { rows: n, cols: d } = X;
  const inv = Float64Array.from(theta, (t) => Math.exp(-t));
  const A = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) A[i * d + k] = X.data[i * d + k] * inv[k];
  const acc = new Float64Array(d);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const t = A[i * d + k] - A[j * d + k];
        r2 += t * t;
      }
      g[j] = r2;
    }
    profile.slopeInPlace(g, i + 1, n);
    for (let j = i + 1; j < n; j++) {
      const w = 2 * W.data[i * n + j] * g[j];
      for (let k = 0; k < d; k++) {
        const t = A[i * d + k] - A[j * d + k];
        acc[k] += w * t * t;
      }
    }
  }
  return acc.map((a) => -2 * a);
}

const PROFILES = ['rbf', 'matern52', 'matern32'] as const;

test('stationary ARD crossGradient gives the bits of the per-row loop it replaced (d = 1, 7, 20)', () => {
  const rng = createRng(120);
  for (const name of PROFILES)
    for (const d of [1, 7, 20]) {
      const kernel = new StationaryArdKernel({ profile: radialProfile(name), dim: d, lengthscalePrior: logNormalPrior(1, 1), minLengthscale: 0.025 });
      const theta = Float64Array.from({ length: d }, () => rng.normal() - 1);
      const X = randomMatrix(rng, 33, d);
      const x = Float64Array.from({ length: d }, () => rng.uniform());
      const got = kernel.crossGradient(theta, x, X);
      const want = crossGradientReference(radialProfile(name), theta, x, X);
      assert.deepEqual(got.k, want.k, `${name} d=${d} k`);
      assert.deepEqual(got.dk.data, want.dk, `${name} d=${d} dk`);
    }
});

test('stationary ARD gramGradient (and the weighted-sum variant) gives the bits of the loop it replaced', () => {
  const rng = createRng(121);
  for (const name of PROFILES)
    for (const d of [1, 6, 20]) {
      const kernel = new StationaryArdKernel({ profile: radialProfile(name), dim: d, lengthscalePrior: logNormalPrior(1, 1), minLengthscale: 0.025 });
      const theta = Float64Array.from({ length: d }, () => rng.normal() - 1);
      const X = randomMatrix(rng, 41, d);
      const W = symmetricWeights(rng, 41);
      const want = gramGradientReference(radialProfile(name), theta, X, W);
      const got = new Float64Array(d);
      kernel.gramGradient(theta, X, W, got);
      assert.deepEqual(got, want, `${name} d=${d} gramGradient`);
      const withSum = new Float64Array(d);
      kernel.gramGradientWithWeightedSum(theta, X, W, withSum);
      assert.deepEqual(withSum, want, `${name} d=${d} gramGradientWithWeightedSum`);
    }
});

test('ScaleKernel crossGradient (through crossGradientInto) gives the bits of the base result scaled afterwards', () => {
  const rng = createRng(122);
  const d = 9;
  const base = new StationaryArdKernel({ profile: radialProfile('matern52'), dim: d, lengthscalePrior: logNormalPrior(1, 1), minLengthscale: 0.025 });
  const kernel = new ScaleKernel(base, { outputscalePrior: gammaPrior(2, 0.15) });
  assert.ok(kernel.crossGradientInto, 'a stationary base passes crossGradientInto through');
  const theta = Float64Array.from({ length: d + 1 }, () => rng.normal());
  const X = randomMatrix(rng, 25, d);
  const x = Float64Array.from({ length: d }, () => rng.uniform());
  const s = Math.exp(theta[d]);
  const want = crossGradientReference(radialProfile('matern52'), theta.subarray(0, d), x, X);
  const got = kernel.crossGradient(theta, x, X);
  assert.deepEqual(got.k, want.k.map((v) => v * s));
  assert.deepEqual(got.dk.data, want.dk.map((v) => v * s));
  const k = new Float64Array(25);
  const dk = new Float64Array(25 * d);
  kernel.crossGradientInto(theta, x, X, k, dk, 1);
  assert.deepEqual(k, got.k);
  assert.deepEqual(dk, got.dk.data);
});

test('stationary ARD matrix (symmetric and cross) gives the bits of one profile value per pair', () => {
  const rng = createRng(123);
  for (const name of PROFILES)
    for (const d of [1, 5, 20]) {
      const profile = radialProfile(name);
      const kernel = new StationaryArdKernel({ profile, dim: d, lengthscalePrior: logNormalPrior(1, 1), minLengthscale: 0.025 });
      const theta = Float64Array.from({ length: d }, () => rng.normal() - 1);
      const inv = Float64Array.from(theta, (t) => Math.exp(-t));
      const X1 = randomMatrix(rng, 23, d);
      const X2 = randomMatrix(rng, 9, d);
      const pair = (a: Matrix, i: number, b: Matrix, j: number): number => {
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const t = a.data[i * d + k] * inv[k] - b.data[j * d + k] * inv[k];
          r2 += t * t;
        }
        return i === j && a === b ? 1 : profile.value(r2);
      };
      const cross = kernel.matrix(theta, X1, X2);
      const sym = kernel.matrix(theta, X1, X1);
      for (let i = 0; i < 23; i++) {
        for (let j = 0; j < 9; j++) assert.equal(cross.data[i * 9 + j], pair(X1, i, X2, j), `${name} d=${d} cross ${i},${j}`);
        for (let j = 0; j < 23; j++) assert.equal(sym.data[i * 23 + j], pair(X1, Math.min(i, j), X1, Math.max(i, j)), `${name} d=${d} sym ${i},${j}`);
      }
    }
});
