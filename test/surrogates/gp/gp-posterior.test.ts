/** (d) sampleFromBase moments, (e) condition() = fixed-θ refit on augmented data, (f) JS vs native and wasm linalg. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vstack, zeros, type Matrix } from '../../../core/matrix.js';
import { linalgBackend, setLinalgBackend } from '../../../core/linalg/linalg.js';
import { createRng, type Rng } from '../../../core/rng.js';
import { fittedGpFromHyperparameters } from '../../../surrogates/gp/fitted-gp.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
  return m;
}

function setup(seed: number, n = 20, kernel: 'rbf' | 'matern52' = 'matern52') {
  const rng = createRng(seed);
  const X = randomMatrix(rng, n, 2);
  const y = Float64Array.from({ length: n }, (_, i) => Math.cos(4 * X.data[i * 2]) * X.data[i * 2 + 1] + 0.1 * rng.normal());
  const spec = resolveModelSpec(GpOptions.parse({ preset: 'botorch', kernel }), 2);
  const theta = Float64Array.of(Math.log(0.3), Math.log(0.6));
  const gp = fittedGpFromHyperparameters({ kernel: spec.kernel, theta, noise: 0.02, mean: 0.1 }, { X, y });
  return { rng, X, y, spec, theta, gp };
}

test('sampleFromBase: mean and covariance of 20k draws match the posterior (4 MC standard errors)', () => {
  const { rng, gp } = setup(31);
  const Xs = randomMatrix(rng, 4, 2);
  const post = gp.posterior(Xs);
  const N = 20000;
  const m = 4;
  const base = zeros(N, m);
  for (let i = 0; i < base.data.length; i++) base.data[i] = rng.normal();
  const S = post.sampleFromBase(base);
  const mu = post.mean();
  const C = post.covariance();
  const em = new Float64Array(m);
  for (let s = 0; s < N; s++) for (let i = 0; i < m; i++) em[i] += S.data[s * m + i] / N;
  for (let i = 0; i < m; i++) {
    const se = Math.sqrt(C.data[i * m + i] / N);
    assert.ok(Math.abs(em[i] - mu[i]) < 4 * se, `mean[${i}] ${em[i]} vs ${mu[i]} (se ${se})`);
  }
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let c = 0;
      for (let s = 0; s < N; s++) c += (S.data[s * m + i] - em[i]) * (S.data[s * m + j] - em[j]);
      c /= N - 1;
      // Var of a sample covariance of Gaussians: (Σii Σjj + Σij²)/N.
      const se = Math.sqrt((C.data[i * m + i] * C.data[j * m + j] + C.data[i * m + j] ** 2) / N);
      assert.ok(Math.abs(c - C.data[i * m + j]) < 4 * se, `cov[${i},${j}] ${c} vs ${C.data[i * m + j]} (se ${se})`);
    }
  // sample(count, rng) is sampleFromBase with fresh normals: same seed, same draws.
  const a = post.sample(5, createRng(4));
  const b = post.sample(5, createRng(4));
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  assert.equal(a.rows, 5);
});

test('posterior at training points with observation noise; variance never NaN or negative', () => {
  const { X, gp } = setup(32);
  const v = gp.posterior(X).variance();
  for (const s of v) assert.ok(s > 0 && Number.isFinite(s));
  const dup = vstack(X, X); // duplicated rows: singular covariance, sampling still works via jitter
  const draws = gp.posterior(dup).sample(3, createRng(1));
  for (const s of draws.data) assert.ok(Number.isFinite(s));
});

test('condition() equals a fixed-hyperparameter GP on the augmented data (1e-9)', () => {
  for (const kernel of ['rbf', 'matern52'] as const) {
    const { rng, X, y, spec, theta, gp } = setup(33, 25, kernel);
    const Xn = randomMatrix(rng, 3, 2);
    const yn = Float64Array.of(0.5, -0.2, 1.1);
    const cond = gp.condition(Xn, yn);
    const ref = fittedGpFromHyperparameters({ kernel: spec.kernel, theta, noise: 0.02, mean: 0.1 }, { X: vstack(X, Xn), y: Float64Array.of(...y, ...yn) });
    const Xs = randomMatrix(rng, 6, 2);
    const a = cond.posterior(Xs);
    const b = ref.posterior(Xs);
    const ca = a.covariance().data;
    const cb = b.covariance().data;
    a.mean().forEach((m, i) => assert.ok(Math.abs(m - b.mean()[i]) < 1e-9, `${kernel} mean ${i}`));
    ca.forEach((c, i) => assert.ok(Math.abs(c - cb[i]) < 1e-9, `${kernel} cov ${i}`));
    const p = cond.predictWithGradient(Xs.data.subarray(0, 2));
    const q = ref.predictWithGradient(Xs.data.subarray(0, 2));
    assert.ok(Math.abs(p.variance - q.variance) < 1e-9);
    assert.ok(Math.abs(p.dVariance[0] - q.dVariance[0]) < 1e-8);
    assert.equal(cond.data.X.rows, 28);
    // Chained conditioning (one fantasy at a time) gives the same model.
    const chained = gp
      .condition({ rows: 1, cols: 2, data: Xn.data.slice(0, 2) }, yn.slice(0, 1))
      .condition({ rows: 2, cols: 2, data: Xn.data.slice(2) }, yn.slice(1));
    chained.posterior(Xs).mean().forEach((m, i) => assert.ok(Math.abs(m - b.mean()[i]) < 1e-9, `chained mean ${i}`));
  }
});

for (const fast of ['native', 'wasm'] as const) {
  test(`JS and ${fast} linalg give the same posterior to 1e-10`, (t) => {
    const before = linalgBackend();
    try {
      setLinalgBackend(fast);
    } catch (e) {
      t.skip(`${fast} linalg not available: ${(e as Error).message}`);
      return;
    }
    try {
      const run = () => {
        const { rng, gp } = setup(34, 150);
        const Xs = randomMatrix(rng, 40, 2);
        const post = gp.posterior(Xs);
        return { mean: post.mean(), cov: post.covariance().data, lml: gp.factor.lml };
      };
      const other = run();
      setLinalgBackend('js');
      const js = run();
      assert.ok(Math.abs(other.lml - js.lml) < 1e-10 * (1 + Math.abs(js.lml)));
      other.mean.forEach((m, i) => assert.ok(Math.abs(m - js.mean[i]) < 1e-10, `mean ${i}`));
      other.cov.forEach((c, i) => assert.ok(Math.abs(c - js.cov[i]) < 1e-10, `cov ${i}`));
    } finally {
      setLinalgBackend(before);
    }
  });
}

test('empty posterior (m = 0) has no rows and samples to count×0', () => {
  const { gp } = setup(35);
  const post = gp.posterior(zeros(0, 2));
  assert.equal(post.size, 0);
  assert.equal(post.mean().length, 0);
  assert.equal(post.variance().length, 0);
  assert.equal(post.sample(3, createRng(1)).rows, 3);
});
