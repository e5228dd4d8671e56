/**
 * The freeze-thaw GP's structured inference (block Woodbury, determinant lemma) against
 * independent references: (1) brute force, a dense GP over every observation with the full joint
 * covariance K_t-blocks + O K_x Oᵀ + σ²I, conditioned with a plain Cholesky; (2) Monte Carlo
 * calibration, curves drawn from the model's own prior, where the true final's z-score under the
 * predictive must be N(0, 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cholSolve, choleskyWithJitter, logDetChol, solveLower } from '../../../core/linalg/linalg.js';
import { createRng, type Rng } from '../../../core/rng.js';
import { configKernel, decayKernel, type FreezeThawHyper } from '../../../surrogates/learning-curve/freeze-thaw-kernels.js';
import { CONFIG_JITTER, FreezeThawPosterior } from '../../../surrogates/learning-curve/freeze-thaw-posterior.js';
import type { Curve } from '../../../surrogates/learning-curve/types.js';

const HYPER: FreezeThawHyper = { mean: 0.3, configScale: 0.8, lengthscale: 0.6, decayScale: 1.5, alpha: 1.2, beta: 3, noise: 0.02 };

/** Every (curve, step) pair of the curves, then the target (curve `index`, step `tStar`). */
function denseCovariance(h: FreezeThawHyper, curves: readonly Curve[], index: number, tStar: number) {
  const points: { c: number; t: number }[] = [];
  curves.forEach((c, ci) => c.steps.forEach((t) => points.push({ c: ci, t })));
  points.push({ c: index, t: tStar });
  const M = points.length;
  const K = new Float64Array(M * M);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      const a = points[i];
      const b = points[j];
      let k = configKernel(h, curves[a.c].x, curves[b.c].x);
      // The same curve: its asymptote's variance carries the model's jitter, K_x[c,c]·(1 + CONFIG_JITTER).
      if (a.c === b.c) k = k * (1 + CONFIG_JITTER) + decayKernel(h, a.t, b.t);
      if (i === j) k += h.noise;
      K[i * M + j] = k;
    }
  }
  return { K, M };
}

function randomCurves(rng: Rng, count: number, dim: number): Curve[] {
  return Array.from({ length: count }, () => {
    const n = 1 + rng.int(7);
    const steps = Float64Array.from({ length: n }, (_, i) => 1 + 2 * i + rng.int(2));
    return { x: Float64Array.from({ length: dim }, () => rng.uniform()), steps, values: Float64Array.from(steps, () => rng.normal()) };
  });
}

test('freeze-thaw predictive and log marginal likelihood equal dense GP conditioning (brute force)', () => {
  const rng = createRng(19);
  for (let trial = 0; trial < 5; trial++) {
    const curves = randomCurves(rng, 6, 3);
    const post = new FreezeThawPosterior(HYPER, curves);
    const index = rng.int(curves.length);
    const tStar = 40;
    const { K, M } = denseCovariance(HYPER, curves, index, tStar);
    const n = M - 1;
    const Kobs = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Kobs[i * n + j] = K[i * M + j];
    const { L } = choleskyWithJitter({ rows: n, cols: n, data: Kobs });
    const y = Float64Array.from(curves.flatMap((c) => Array.from(c.values, (v) => v - HYPER.mean)));
    const kStar = Float64Array.from({ length: n }, (_, i) => K[i * M + n]);
    const alpha = cholSolve(L, y);
    const v = solveLower(L, kStar);
    const mean = HYPER.mean + kStar.reduce((s, k, i) => s + k * alpha[i], 0);
    const variance = K[n * M + n] - v.reduce((s, x) => s + x * x, 0);
    const got = post.predict(index, tStar);
    assert.ok(Math.abs(got.mean - mean) < 1e-8, `mean ${got.mean} vs dense ${mean}`);
    assert.ok(Math.abs(got.variance - variance) < 1e-8, `variance ${got.variance} vs dense ${variance}`);
    // log N(y; m1, K): −½ yᵀK⁻¹y − ½ log|K| − (n/2) log 2π.
    const lml = -0.5 * y.reduce((s, yi, i) => s + yi * alpha[i], 0) - 0.5 * logDetChol(L) - 0.5 * n * Math.log(2 * Math.PI);
    assert.ok(Math.abs(post.logMarginalLikelihood - lml) < 1e-8, `log ML ${post.logMarginalLikelihood} vs dense ${lml}`);
  }
});

test('freeze-thaw predictive is calibrated on curves drawn from its own prior (Monte Carlo)', () => {
  // 2,000 draws of 5 curves (dense prior sample); the target is curve 0 at step 30 given its first
  // 4 steps and the other curves' prefixes. z = (y − mean)/sd must have mean 0 (tolerance 4 SE =
  // 4/√2000 ≈ 0.09) and variance 1 (SE of the sample variance ≈ √(2/2000) ≈ 0.032; tolerance 0.15).
  const rng = createRng(2014);
  const draws = 2000;
  const zs: number[] = [];
  const x = Array.from({ length: 5 }, () => Float64Array.from({ length: 2 }, () => rng.uniform()));
  const steps = [Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2, 5, 8, 13), Float64Array.of(1, 3), Float64Array.of(2, 4, 6), Float64Array.of(1)];
  const shells: Curve[] = x.map((xi, i) => ({ x: xi, steps: steps[i], values: new Float64Array(steps[i].length) }));
  const tStar = 30;
  const { K, M } = denseCovariance(HYPER, shells, 0, tStar);
  const { L } = choleskyWithJitter({ rows: M, cols: M, data: K });
  for (let d = 0; d < draws; d++) {
    const e = Float64Array.from({ length: M }, () => rng.normal());
    const sample = new Float64Array(M);
    for (let i = 0; i < M; i++) {
      let s = HYPER.mean;
      for (let k = 0; k <= i; k++) s += L.data[i * M + k] * e[k];
      sample[i] = s;
    }
    let at = 0;
    const curves = shells.map((c) => ({ ...c, values: Float64Array.from(c.steps, () => sample[at++]) }));
    const p = new FreezeThawPosterior(HYPER, curves).predict(0, tStar);
    zs.push((sample[M - 1] - p.mean) / Math.sqrt(p.variance));
  }
  const mean = zs.reduce((a, b) => a + b, 0) / draws;
  const variance = zs.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws - 1);
  assert.ok(Math.abs(mean) < 0.09, `z mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.15, `z variance ${variance}`);
});
