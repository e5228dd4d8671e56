import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { createRng, type Rng } from '../../../core/rng.js';
import { logNormalPrior } from '../../../surrogates/gp/priors.js';
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
