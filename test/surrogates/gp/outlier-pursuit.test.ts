/**
 * Relevance pursuit of outlier variances at fixed hyperparameters (surrogates/gp/outlier-pursuit.ts),
 * against independent references:
 * - the marginal likelihood with per-row variances, log N(y − c; 0, K + diag(σ² + ρ)), against a dense
 *   computation by Gaussian elimination with partial pivoting written here (determinant and solve,
 *   no Cholesky, no Sherman-Morrison);
 * - the chosen outlier set against brute force over every subset S of at most 3 of 8 rows, each with its
 *   ρ_S optimized by L-BFGS-B on that dense likelihood with finite-difference gradients, scored by
 *   lml − penalty·|S| (the pursuit's criterion);
 * - stationarity of the chosen ρ by central finite differences of the dense likelihood (∂/∂ρ_i = 0 on
 *   the support, ≤ 0 at ρ_i = 0 off it: the KKT conditions of max over ρ ≥ 0);
 * - the fit's objective gradient with outlier-sized per-row variances against central differences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { minimizeBounded } from '../../../core/optim/lbfgsb.js';
import { factorize, parameterLayout } from '../../../surrogates/gp/gp-likelihood.js';
import { makeObjective } from '../../../surrogates/gp/gp-fit.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';
import { pursueOutliers } from '../../../surrogates/gp/outlier-pursuit.js';

/** log N(r; 0, C) by Gaussian elimination with partial pivoting (independent of the Cholesky path). */
function denseLogNormal(C: Matrix, r: Float64Array): number {
  const n = r.length;
  const A = C.data.slice();
  const b = r.slice();
  let logDet = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i * n + k]) > Math.abs(A[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) [A[k * n + j], A[p * n + j]] = [A[p * n + j], A[k * n + j]];
      [b[k], b[p]] = [b[p], b[k]];
    }
    const pivot = A[k * n + k];
    logDet += Math.log(Math.abs(pivot));
    for (let i = k + 1; i < n; i++) {
      const f = A[i * n + k] / pivot;
      for (let j = k; j < n; j++) A[i * n + j] -= f * A[k * n + j];
      b[i] -= f * b[k];
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= A[i * n + j] * x[j];
    x[i] = s / A[i * n + i];
  }
  let quad = 0;
  for (let i = 0; i < n; i++) quad += r[i] * x[i];
  return -0.5 * quad - 0.5 * logDet - 0.5 * n * Math.log(2 * Math.PI);
}

/** A 1-D GP problem: smooth values with small noise, `planted` rows shifted by ±shift. */
function problem(n: number, planted: number[], shift: number, seed: number) {
  const rng = createRng(seed);
  const X = zeros(n, 1);
  for (let i = 0; i < n; i++) X.data[i] = (i + 0.5 * rng.uniform()) / n;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(4 * X.data[i]) + 0.05 * rng.normal() + (planted.includes(i) ? (i % 2 ? shift : -shift) : 0);
  const spec = resolveModelSpec(GpOptions.parse({ kernel: 'rbf' }), 1);
  const layout = parameterLayout(spec.kernel, 1e-4, 10);
  const v = new Float64Array(layout.size);
  v[0] = Math.log(0.3); // lengthscale
  v[layout.noiseIndex] = Math.log(0.05 ** 2);
  v[layout.meanIndex] = 0;
  return { X, y, layout, v };
}

/** K + diag(σ² + ρ) at the problem's hyperparameters (jitter-free: the test's matrices are well conditioned). */
function covariance(p: ReturnType<typeof problem>, rho: Float64Array): Matrix {
  const K = p.layout.kernel.matrix(p.v.subarray(0, p.layout.kernel.size), p.X, p.X);
  const n = p.X.rows;
  const noise = Math.exp(p.v[p.layout.noiseIndex]);
  for (let i = 0; i < n; i++) K.data[i * n + i] += noise + rho[i];
  return K;
}

const PENALTY = 5;

test('the likelihood with per-row variances matches a dense elimination (factorize with yVar = ρ, and the pursuit\'s tracked value)', () => {
  const p = problem(12, [2, 7], 1.5, 3);
  const base = factorize(p.layout, p.v, { X: p.X, y: p.y });
  const found = pursueOutliers(base.L, base.alpha, base.lml, { penalty: PENALTY, maxSupport: 4, patience: 5 });
  assert.ok(found.outliers.length > 0, 'the shifted rows are found');
  const dense = denseLogNormal(covariance(p, found.rho), p.y);
  // The pursuit tracks the likelihood through Sherman-Morrison updates and closed-form gains.
  assert.ok(Math.abs(found.lml - dense) < 1e-8 * Math.max(1, Math.abs(dense)), `tracked ${found.lml} vs dense ${dense}`);
  const withYVar = factorize(p.layout, p.v, { X: p.X, y: p.y, yVar: found.rho });
  assert.ok(Math.abs(withYVar.lml - dense) < 1e-9 * Math.max(1, Math.abs(dense)), `factorize ${withYVar.lml} vs dense ${dense}`);
  const rng = createRng(9);
  const rho = Float64Array.from({ length: 12 }, () => (rng.uniform() < 0.3 ? rng.uniform() : 0));
  const random = factorize(p.layout, p.v, { X: p.X, y: p.y, yVar: rho });
  const denseRandom = denseLogNormal(covariance(p, rho), p.y);
  assert.ok(Math.abs(random.lml - denseRandom) < 1e-9 * Math.max(1, Math.abs(denseRandom)), `random ρ: ${random.lml} vs ${denseRandom}`);
});

/**
 * The best subset of at most 3 rows (none of `skip`) by lml − penalty·|S|, each ρ_S by L-BFGS-B on the
 * dense likelihood with central-difference gradients.
 */
function bruteForce(p: ReturnType<typeof problem>, skip: ReadonlySet<number> = new Set()): { score: number; subset: number[]; lml: number } {
  const n = p.X.rows;
  let best = { score: -Infinity, subset: [] as number[], lml: NaN };
  const subsets: number[][] = [[]];
  for (let a = 0; a < n; a++) {
    subsets.push([a]);
    for (let b = a + 1; b < n; b++) {
      subsets.push([a, b]);
      for (let c = b + 1; c < n; c++) subsets.push([a, b, c]);
    }
  }
  for (const S of subsets) {
    if (S.some((i) => skip.has(i))) continue;
    const lmlOf = (x: ArrayLike<number>): number => {
      const rho = new Float64Array(n);
      S.forEach((i, k) => (rho[i] = x[k]));
      return denseLogNormal(covariance(p, rho), p.y);
    };
    let lml = lmlOf([]);
    if (S.length > 0) {
      const f = (x: Float64Array, g: Float64Array): number => {
        for (let k = 0; k < x.length; k++) {
          const h = 1e-6 * Math.max(1, x[k]);
          const up = x.slice();
          const dn = x.slice();
          up[k] += h;
          dn[k] = Math.max(0, dn[k] - h);
          g[k] = -(lmlOf(up) - lmlOf(dn)) / (up[k] - dn[k]);
        }
        return -lmlOf(x);
      };
      const r = minimizeBounded(f, new Float64Array(S.length).fill(0.5), new Float64Array(S.length), new Float64Array(S.length).fill(100), { maxIterations: 500, pgtol: 1e-9, factr: 10 });
      lml = -r.f;
    }
    const score = lml - PENALTY * S.length;
    if (score > best.score) best = { score, subset: S, lml };
  }
  return best;
}

test('on 8 rows with 2 planted outliers the pursuit picks exactly the subset brute force picks, and it is the planted one', () => {
  const planted = [2, 5];
  const p = problem(8, planted, 1.2, 11);
  const base = factorize(p.layout, p.v, { X: p.X, y: p.y });
  const found = pursueOutliers(base.L, base.alpha, base.lml, { penalty: PENALTY, maxSupport: 3, patience: 5 });
  const best = bruteForce(p);
  assert.deepEqual(best.subset, planted, 'brute force recovers the planted rows');
  assert.deepEqual(found.outliers, best.subset, 'the greedy pursuit picks the brute-force subset');
  // The pursuit's coordinate sweeps reach the same optimum of ρ_S as L-BFGS-B (1e-5 nats: the FD optimizer's tolerance).
  assert.ok(Math.abs(found.lml - best.lml) < 1e-5 * Math.max(1, Math.abs(best.lml)), `pursuit ${found.lml} vs brute force ${best.lml}`);
});

test('an excluded row (confirmed by a replicate) is never an outlier: the pursuit picks brute force\'s best subset without it', () => {
  const p = problem(8, [2, 5], 1.2, 11);
  const base = factorize(p.layout, p.v, { X: p.X, y: p.y });
  const exclude = new Uint8Array(8);
  exclude[2] = 1;
  const found = pursueOutliers(base.L, base.alpha, base.lml, { penalty: PENALTY, maxSupport: 3, patience: 5, exclude });
  const best = bruteForce(p, new Set([2]));
  assert.ok(!found.outliers.includes(2));
  assert.deepEqual(found.outliers, best.subset);
  assert.ok(Math.abs(found.lml - best.lml) < 1e-5 * Math.max(1, Math.abs(best.lml)), `pursuit ${found.lml} vs brute force ${best.lml}`);
  assert.deepEqual(Array.from(exclude), [0, 0, 1, 0, 0, 0, 0, 0], 'the caller\'s mask is not modified');
});

test('the chosen ρ is a KKT point of the dense likelihood (central differences): zero slope on the support, none upward off it', () => {
  const p = problem(14, [3, 9, 10], 1.0, 5);
  const base = factorize(p.layout, p.v, { X: p.X, y: p.y });
  const found = pursueOutliers(base.L, base.alpha, base.lml, { penalty: PENALTY, maxSupport: 5, patience: 5 });
  assert.ok(found.outliers.length >= 2, `outliers ${found.outliers}`);
  const lml = (rho: Float64Array): number => denseLogNormal(covariance(p, rho), p.y);
  for (let i = 0; i < 14; i++) {
    const h = 1e-5 * Math.max(1, found.rho[i]);
    const up = found.rho.slice();
    up[i] += h;
    if (found.rho[i] > 0) {
      const dn = found.rho.slice();
      dn[i] -= h;
      const slope = (lml(up) - lml(dn)) / (2 * h);
      // A coordinate sweep leaves the other support members one sweep from their own optimum: 1e-3 nats per unit ρ.
      assert.ok(Math.abs(slope) < 1e-3, `row ${i}: slope ${slope} on the support`);
    } else {
      const slope = (lml(up) - lml(found.rho)) / h;
      // Off the support the likelihood may rise at ρ_i = 0 only by less than the penalty could pay for; at the
      // pursuit's stop it did not pay: the slope bound is the one-sided finite difference's truncation (1e-4).
      if (slope > 1e-4) {
        const rho = found.rho.slice();
        rho[i] = Math.max(0, ((): number => {
          // Row i's own optimum gain is below the penalty, or the pursuit would have added it.
          let lo = 0;
          let hi = 100;
          for (let k = 0; k < 200; k++) {
            const m1 = lo + (hi - lo) / 3;
            const m2 = hi - (hi - lo) / 3;
            const a = found.rho.slice();
            const b = found.rho.slice();
            a[i] = m1;
            b[i] = m2;
            if (lml(a) < lml(b)) lo = m1;
            else hi = m2;
          }
          return lo;
        })());
        assert.ok(lml(rho) - lml(found.rho) < PENALTY, `row ${i}: adding it gains ${lml(rho) - lml(found.rho)} ≥ the penalty`);
      }
    }
  }
});

test('without outliers and with a large penalty the support is empty; the pursuit is deterministic', () => {
  const p = problem(20, [], 0, 8);
  const base = factorize(p.layout, p.v, { X: p.X, y: p.y });
  const a = pursueOutliers(base.L, base.alpha, base.lml, { penalty: PENALTY, maxSupport: 4, patience: 5 });
  assert.deepEqual(a.outliers, [], 'Gaussian rows at the true noise: no row pays 5 nats');
  assert.equal(a.lml, a.lmlBase);
  const q = problem(20, [4, 15], 1.5, 8);
  const f = factorize(q.layout, q.v, { X: q.X, y: q.y });
  const r1 = pursueOutliers(f.L, f.alpha, f.lml, { penalty: PENALTY, maxSupport: 4, patience: 5 });
  const r2 = pursueOutliers(f.L, f.alpha, f.lml, { penalty: PENALTY, maxSupport: 4, patience: 5 });
  assert.deepEqual(Array.from(r1.rho), Array.from(r2.rho));
  assert.deepEqual(r1.outliers, [4, 15]);
  const none = pursueOutliers(f.L, f.alpha, f.lml, { penalty: 1e6, maxSupport: 4, patience: 5 });
  assert.deepEqual(none.outliers, [], 'a penalty no row can pay leaves ρ = 0');
  const capped = pursueOutliers(f.L, f.alpha, f.lml, { penalty: PENALTY, maxSupport: 1, patience: 5 });
  assert.equal(capped.outliers.length, 1, 'maxSupport caps the support');
});

test('the MAP objective gradient with outlier-sized per-row variances matches central differences', () => {
  const p = problem(15, [3, 11], 1.5, 21);
  const rho = new Float64Array(15);
  rho[3] = 2.1;
  rho[11] = 0.7;
  const spec = resolveModelSpec(GpOptions.parse({ preset: 'botorch-legacy' }), 1);
  const layout = parameterLayout(spec.kernel, spec.minNoise, spec.maxNoise);
  const f = makeObjective(layout, { prior: spec.noisePrior, fixed: false }, { X: p.X, y: p.y, yVar: rho });
  const v = new Float64Array(layout.size);
  v.set(spec.kernel.initialTheta());
  v[layout.noiseIndex] = Math.log(0.01);
  v[layout.meanIndex] = 0.1;
  const g = new Float64Array(layout.size);
  f(v, g);
  for (let k = 0; k < layout.size; k++) {
    const h = 1e-5;
    const up = v.slice();
    const dn = v.slice();
    up[k] += h;
    dn[k] -= h;
    const fd = (f(up, new Float64Array(layout.size)) - f(dn, new Float64Array(layout.size))) / (2 * h);
    assert.ok(Math.abs(fd - g[k]) < 1e-6 * Math.max(1, Math.abs(fd)), `${layout.names[k]}: analytic ${g[k]} vs central ${fd}`);
  }
});
