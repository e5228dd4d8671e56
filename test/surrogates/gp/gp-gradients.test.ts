/** (b) Gradients of the MAP objective (MLL + priors) and of the posterior mean/variance in x, against central differences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { createRng, type Rng } from '../../../core/rng.js';
import { makeObjective } from '../../../surrogates/gp/gp-fit.js';
import { parameterLayout } from '../../../surrogates/gp/gp-likelihood.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';
import { fittedGpFromHyperparameters } from '../../../surrogates/gp/fitted-gp.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
  return m;
}

function problem(seed: number, n: number, d: number) {
  const rng = createRng(seed);
  const X = randomMatrix(rng, n, d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(5 * X.data[i * d]) + 0.3 * rng.normal();
  const yVar = Float64Array.from({ length: n }, () => 0.01 * rng.uniform());
  return { rng, X, y, yVar };
}

const PRESETS = [
  { kernel: 'rbf' },
  { kernel: 'matern52' },
  { kernel: 'matern32' },
  { preset: 'botorch-legacy' },
  { kernel: 'rbf', outputscale: true },
] as const;

for (const opts of PRESETS) {
  test(`MAP objective gradient matches central differences: ${JSON.stringify(opts)}`, () => {
    const { rng, X, y, yVar } = problem(21, 15, 3);
    const spec = resolveModelSpec(GpOptions.parse(opts), 3);
    const layout = parameterLayout(spec.kernel, spec.minNoise, spec.maxNoise);
    for (const data of [{ X, y }, { X, y, yVar }]) {
      const f = makeObjective(layout, { prior: spec.noisePrior, fixed: false }, data);
      const v = new Float64Array(layout.size);
      for (let i = 0; i < layout.size; i++) v[i] = Math.log(0.15 + 0.8 * rng.uniform());
      v[layout.noiseIndex] = Math.log(0.02);
      v[layout.meanIndex] = 0.3;
      const g = new Float64Array(layout.size);
      f(v, g);
      const h = 1e-6;
      const tmp = new Float64Array(layout.size);
      for (let k = 0; k < layout.size; k++) {
        const vp = v.slice();
        const vm = v.slice();
        vp[k] += h;
        vm[k] -= h;
        const fd = (f(vp, tmp) - f(vm, tmp)) / (2 * h);
        assert.ok(Math.abs(fd - g[k]) < 1e-7 * (1 + Math.abs(fd)), `${layout.names[k]}: ${g[k]} vs fd ${fd}`);
      }
    }
  });

  test(`posterior mean/variance x-gradients match central differences: ${JSON.stringify(opts)}`, () => {
    const { rng, X, y } = problem(22, 12, 3);
    const spec = resolveModelSpec(GpOptions.parse(opts), 3);
    const theta = Float64Array.from({ length: spec.kernel.size }, () => Math.log(0.2 + 0.5 * rng.uniform()));
    const gp = fittedGpFromHyperparameters({ kernel: spec.kernel, theta, noise: 0.01, mean: -0.2 }, { X, y });
    const points = [Float64Array.of(0.3, 0.6, 0.1), Float64Array.of(0.9, 0.05, 0.5)];
    for (const x of points) {
      const p = gp.predictWithGradient(x);
      const post = gp.posterior({ rows: 1, cols: 3, data: x });
      assert.ok(Math.abs(post.mean()[0] - p.mean) < 1e-12);
      assert.ok(Math.abs(post.variance()[0] - p.variance) < 1e-12);
      const h = 1e-6;
      for (let c = 0; c < 3; c++) {
        const xp = x.slice();
        const xm = x.slice();
        xp[c] += h;
        xm[c] -= h;
        const a = gp.predictWithGradient(xp);
        const b = gp.predictWithGradient(xm);
        const fdMean = (a.mean - b.mean) / (2 * h);
        const fdVar = (a.variance - b.variance) / (2 * h);
        assert.ok(Math.abs(fdMean - p.dMean[c]) < 1e-7 * (1 + Math.abs(fdMean)), `dMean[${c}] ${p.dMean[c]} vs ${fdMean}`);
        assert.ok(Math.abs(fdVar - p.dVariance[c]) < 1e-7 * (1 + Math.abs(fdVar)), `dVariance[${c}] ${p.dVariance[c]} vs ${fdVar}`);
      }
    }
  });
}
