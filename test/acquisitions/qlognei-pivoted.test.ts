/**
 * qLogNEI when the posterior covariance at the baseline is indefinite beyond any jitter relative to
 * its own diagonal (near-duplicate rows; seen with the Student-t member of 'auto''s stack past ~60
 * observations, where every such ask fell back to space filling): the draws and the q = 1 surface
 * run on the pivoted root (core/linalg/covariance-root.ts). References: the joint draws' covariance
 * against the matrix by Monte Carlo; the point surface's gradient against central finite
 * differences; its value against the joint path's (an independent root of the (h+1)×(h+1)
 * covariance) averaged over independent base samples, within 5 of their standard errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covarianceRoot, squareRoot } from '../../core/linalg/covariance-root.js';
import { choleskyWithJitter } from '../../core/linalg/linalg.js';
import { zeros, type Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { createQLogNei } from '../../acquisitions/qlognei.js';
import { MvnPosterior } from '../../surrogates/gp/mvn-posterior.js';
import { MvtPosterior } from '../../surrogates/stp/student-t-posterior.js';
import type { CrossPredictor, FittedSurrogate } from '../../surrogates/types.js';

const ELL = 0.3;
/** Posterior covariance K − δ·I with K an RBF kernel: K's small eigenvalues at near-duplicate rows are ≪ δ, so it is indefinite by ~δ (as round-off made the STP's). */
const DELTA = 1e-4;
const k = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.exp(-((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) / (2 * ELL * ELL));
const rowOf = (X: Matrix, i: number): Float64Array => X.data.subarray(2 * i, 2 * i + 2);
const mean = (x: ArrayLike<number>): number => 0.3 * Math.sin(3 * x[0]) - 0.2 * x[1];

function covarianceAt(X: Matrix): Matrix {
  const m = X.rows;
  const c = zeros(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) c.data[i * m + j] = k(rowOf(X, i), rowOf(X, j)) - (i === j ? DELTA : 0);
  return c;
}

/** Joint moments with H, exactly those of covarianceAt([H; x]); gradients analytic (RBF). */
function crossPredictor(H: Matrix): CrossPredictor {
  const h = H.rows;
  const point = (x: ArrayLike<number>) => {
    const cross = Float64Array.from({ length: h }, (_, j) => k(rowOf(H, j), x));
    const dCross = zeros(h, 2);
    for (let j = 0; j < h; j++) for (let t = 0; t < 2; t++) dCross.data[j * 2 + t] = -cross[j] * (x[t] - H.data[j * 2 + t]) / (ELL * ELL);
    const dMean = Float64Array.from([0.9 * Math.cos(3 * x[0]), -0.2]);
    return { mean: mean(x), variance: 1 - DELTA, dMean, dVariance: new Float64Array(2), cross, dCross };
  };
  return {
    point,
    batch(Xs: Matrix) {
      const p = Array.from({ length: Xs.rows }, (_, r) => point(rowOf(Xs, r)));
      return { mean: Float64Array.from(p, (q) => q.mean), variance: Float64Array.from(p, (q) => q.variance), cross: { rows: Xs.rows, cols: h, data: Float64Array.from(p.flatMap((q) => [...q.cross])) } };
    },
  };
}

function model(kind: 'gaussian' | 'student-t'): FittedSurrogate {
  const gaussian = (X: Matrix) => new MvnPosterior({ mean: Float64Array.from({ length: X.rows }, (_, i) => mean(rowOf(X, i))), variance: () => Float64Array.from({ length: X.rows }, () => 1 - DELTA), covariance: () => covarianceAt(X) });
  // ν = 6, s = 2/3: the t's covariance ν/(ν−2)·s·Σ̃ is Σ̃, so the cross predictor's moments are the t's.
  const posterior = kind === 'gaussian' ? gaussian : (X: Matrix) => new MvtPosterior(gaussian(X), 6, 2 / 3);
  return {
    kind: `fake-indefinite-${kind}`,
    dim: 2,
    posterior,
    capabilities: { posteriorKind: kind, crossPredictor },
    state: () => ({ kind: 'fake' }),
    diagnostics: () => ({}),
  } as FittedSurrogate;
}

// Six near-duplicate observed points and two distinct ones.
const BASELINE: Matrix = { rows: 8, cols: 2, data: Float64Array.from([0.5, 0.5, 0.5, 0.501, 0.502, 0.5, 0.501, 0.499, 0.499, 0.502, 0.5, 0.5005, 0.2, 0.8, 0.8, 0.3]) };

test('the covariance root falls back to the pivoted root where jitter fails, and R·Rᵀ reproduces the matrix to δ', () => {
  const cov = covarianceAt(BASELINE);
  assert.throws(() => choleskyWithJitter(cov, { initialJitter: 1e-10, maxTries: 6 }), /not positive definite/);
  const root = covarianceRoot(cov);
  assert.ok(root.pivoted && root.pivots.length < BASELINE.rows, `rank ${root.pivots.length}`);
  const R = squareRoot(root);
  const m = cov.rows;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < m; t++) s += R.data[i * m + t] * R.data[j * m + t];
      assert.ok(Math.abs(s - cov.data[i * m + j]) < 2 * DELTA, `(${i}, ${j}): ${s} vs ${cov.data[i * m + j]}`);
    }
  }
  // A positive definite matrix keeps its Cholesky factor, unpivoted.
  const spd = covarianceAt({ rows: 2, cols: 2, data: Float64Array.from([0.1, 0.1, 0.9, 0.9]) });
  const plain = covarianceRoot(spd);
  assert.equal(plain.pivoted, false);
  assert.deepEqual([...squareRoot(plain).data], [...choleskyWithJitter(spd).L.data]);
});

test('joint draws of an indefinite posterior have its covariance (Monte Carlo, 5 standard errors + 2δ)', () => {
  const S = 20000;
  const rng = createRng(5);
  const Y = new MvnPosterior({ mean: new Float64Array(BASELINE.rows), variance: () => new Float64Array(BASELINE.rows).fill(1 - DELTA), covariance: () => covarianceAt(BASELINE) }).sample(S, rng);
  const cov = covarianceAt(BASELINE);
  const m = BASELINE.rows;
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const p = Float64Array.from({ length: S }, (_, s) => Y.data[s * m + i] * Y.data[s * m + j]);
      const c = p.reduce((a, b) => a + b, 0) / S;
      const se = Math.sqrt(p.reduce((a, b) => a + (b - c) ** 2, 0) / (S - 1) / S);
      assert.ok(Math.abs(c - cov.data[i * m + j]) < 5 * se + 2 * DELTA, `(${i}, ${j}): ${c} vs ${cov.data[i * m + j]} ± ${se}`);
    }
  }
});

for (const kind of ['gaussian', 'student-t'] as const) {
  for (const prune of [false, true]) {
    test(`qLogNEI on an indefinite ${kind} baseline (prune ${prune}): prepares, its gradient matches finite differences, its value the joint path's`, () => {
      const acq = createQLogNei({ samples: 256, seed: 0, pruneBaseline: prune, studentTJoint: kind === 'student-t' });
      const fitted = model(kind);
      const prepared = acq.prepare(fitted, { baseline: BASELINE });
      assert.ok(prepared.valueAndGradient, 'the analytic point surface');
      for (const x of [[0.52, 0.47], [0.9, 0.9], [0.35, 0.6]]) {
        const at = Float64Array.from(x);
        const g = new Float64Array(2);
        const v = prepared.valueAndGradient!(at, g);
        assert.ok(Number.isFinite(v), `value ${v}`);
        // The batched path is the same surface.
        const vb = prepared.values({ rows: 1, cols: 2, data: at })[0];
        assert.ok(Math.abs(vb - v) < 1e-9 * Math.max(1, Math.abs(v)), `batch ${vb} vs point ${v}`);
        for (let t = 0; t < 2; t++) {
          const e = 1e-6;
          const up = at.slice();
          const down = at.slice();
          up[t] += e;
          down[t] -= e;
          const fd = (prepared.valueAndGradient!(up, new Float64Array(2)) - prepared.valueAndGradient!(down, new Float64Array(2))) / (2 * e);
          assert.ok(Math.abs(g[t] - fd) < 1e-4 * Math.max(1, Math.abs(fd)), `∂/∂x${t} at ${x}: ${g[t]} vs ${fd}`);
        }
        // Joint path on independent base samples (its own root of the (h+1)×(h+1) covariance); q = 1 values are log E[…], so compare in value space.
        const joint = Array.from({ length: 12 }, (_, s) => Math.exp(createQLogNei({ samples: 256, seed: 100 + s, pruneBaseline: false, studentTJoint: kind === 'student-t' }).prepare(fitted, { baseline: prepared.baseline }).valueOfBatch({ rows: 1, cols: 2, data: at })));
        const jm = joint.reduce((a, b) => a + b, 0) / joint.length;
        const se = Math.sqrt(joint.reduce((a, b) => a + (b - jm) ** 2, 0) / (joint.length - 1) / joint.length);
        // The point surface is one estimate on 256 samples: its spread is one replicate's, se·√12.
        const one = se * Math.sqrt(joint.length);
        assert.ok(Math.abs(Math.exp(v) - jm) < 5 * Math.hypot(one, se), `at ${x}: ${Math.exp(v)} vs joint ${jm} ± ${se} (one replicate ${one})`);
      }
    });
  }
}
