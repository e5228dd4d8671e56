/** (c) MAP fit recovers known lengthscales; warm starts, state, signal and failure behaviour. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoError } from '../../../core/errors.js';
import { zeros, type Matrix } from '../../../core/matrix.js';
import { choleskyWithJitter } from '../../../core/linalg/linalg.js';
import { createRng, type Rng } from '../../../core/rng.js';
import { GpSurrogate, fittedGpFromHyperparameters } from '../../../surrogates/gp/gp-surrogate.js';
import type { Kernel } from '../../../surrogates/gp/kernel.js';
import { radialProfile } from '../../../surrogates/gp/kernels/radial-profiles.js';
import { StationaryArdKernel } from '../../../surrogates/gp/kernels/stationary-ard.js';
import { logNormalPrior } from '../../../surrogates/gp/priors.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
  return m;
}

/** A draw of f ~ GP(0, k) at the rows of X plus N(0, noise) noise: y = L z + ε, L Lᵀ = K. */
function drawFromGp(kernel: Kernel, theta: Float64Array, X: Matrix, noise: number, rng: Rng): Float64Array {
  const K = kernel.matrix(theta, X, X);
  const { L } = choleskyWithJitter(K, { initialJitter: 1e-10, maxTries: 6 });
  const n = X.rows;
  const z = Float64Array.from({ length: n }, () => rng.normal());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L.data[i * n + j] * z[j];
    y[i] = s + Math.sqrt(noise) * rng.normal();
  }
  return y;
}

function standardize(y: Float64Array): Float64Array {
  const m = y.reduce((a, b) => a + b, 0) / y.length;
  const s = Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / y.length);
  return y.map((v) => (v - m) / s);
}

const rbf2 = new StationaryArdKernel({ profile: radialProfile('rbf'), dim: 2, lengthscalePrior: logNormalPrior(0, 1), minLengthscale: 0.025 });

test('MAP fit recovers lengthscales 0.1 and 0.5 of a GP draw (d=2, n=200, seeded; within a factor 1.5)', async () => {
  const rng = createRng(1);
  const X = randomMatrix(rng, 200, 2);
  const y = standardize(drawFromGp(rbf2, Float64Array.of(Math.log(0.1), Math.log(0.5)), X, 1e-3, rng));
  const gp = await new GpSurrogate({ preset: 'botorch' }).fit({ X, y }, { rng: createRng(1) });
  const diag = gp.diagnostics();
  const ls = diag.lengthscale as number[];
  assert.ok(ls[0] < ls[1], `short lengthscale first: ${ls}`);
  assert.ok(ls[0] > 0.1 / 1.5 && ls[0] < 0.1 * 1.5, `ℓ0 = ${ls[0]} (true 0.1)`);
  assert.ok(ls[1] > 0.5 / 1.5 && ls[1] < 0.5 * 1.5, `ℓ1 = ${ls[1]} (true 0.5)`);
  assert.ok((diag.noise as number) < 0.02, `noise ${diag.noise}`);
  assert.ok(Number.isFinite(diag.lml as number));
});

test('warm start from state() takes fewer iterations and reaches the same optimum; state is JSON-safe', async () => {
  const rng = createRng(7);
  const X = randomMatrix(rng, 60, 3);
  const y = standardize(Float64Array.from({ length: 60 }, (_, i) => Math.sin(6 * X.data[i * 3]) + X.data[i * 3 + 1] + 0.05 * rng.normal()));
  const s = new GpSurrogate({ preset: 'botorch' });
  const cold = await s.fit({ X, y }, { rng: createRng(1) });
  const state = JSON.parse(JSON.stringify(cold.state()));
  assert.equal(state.kind, 'gp');
  assert.deepEqual(state.names, ['lengthscale[0]', 'lengthscale[1]', 'lengthscale[2]', 'noise', 'mean']);
  const warm = await s.fit({ X, y }, { rng: createRng(2), warmStart: state });
  const dc = cold.diagnostics();
  const dw = warm.diagnostics();
  assert.equal(dw.warm, true);
  assert.ok((dw.iterations as number) < (dc.iterations as number), `warm ${dw.iterations} vs cold ${dc.iterations}`);
  assert.ok(Math.abs((dw.lml as number) - (dc.lml as number)) < 1e-3, `${dw.lml} vs ${dc.lml}`);
  // A state of another kind or shape is ignored (cold fit).
  const other = await s.fit({ X, y }, { rng: createRng(2), warmStart: { kind: 'gp', names: ['x'], theta: [1] } });
  assert.equal(other.diagnostics().warm, false);
});

test('a stale warm state (flat model: ℓ = 1e3, noise = 10) is recovered; the prior-mode check adds a start only when needed', async () => {
  const rng = createRng(17);
  const X = randomMatrix(rng, 50, 2);
  const y = standardize(Float64Array.from({ length: 50 }, (_, i) => Math.sin(8 * X.data[i * 2]) + 0.05 * rng.normal()));
  const s = new GpSurrogate({ preset: 'botorch' });
  const cold = await s.fit({ X, y }, { rng: createRng(1) });
  const stale = { kind: 'gp', kernel: 'rbf', names: cold.state().names, theta: [Math.log(1e3), Math.log(1e3), Math.log(10), 0] };
  const warm = await s.fit({ X, y }, { rng: createRng(1), warmStart: stale });
  const dc = cold.diagnostics();
  const dw = warm.diagnostics();
  assert.equal(dw.warm, true);
  assert.ok(Math.abs((dw.lml as number) - (dc.lml as number)) < 0.05, `warm ${dw.lml} vs cold ${dc.lml}`);
  // With one iteration allowed the stale start cannot get away; the mode is better, so it is optimized too.
  const capped = new GpSurrogate({ preset: 'botorch', warmMaxIterations: 1 });
  assert.equal((await capped.fit({ X, y }, { rng: createRng(1), warmStart: stale })).diagnostics().starts, 2);
  assert.equal((await capped.fit({ X, y }, { rng: createRng(1), warmStart: cold.state() })).diagnostics().starts, 1);
});

test('fixed noise is respected; aborted signal still returns a usable model; yVar accepted', async () => {
  const rng = createRng(9);
  const X = randomMatrix(rng, 30, 2);
  const y = standardize(Float64Array.from({ length: 30 }, (_, i) => X.data[i * 2] - X.data[i * 2 + 1] ** 2));
  const fixed = await new GpSurrogate({ preset: 'botorch', noise: 0.05 }).fit({ X, y }, { rng: createRng(1) });
  assert.ok(Math.abs((fixed.diagnostics().noise as number) - 0.05) < 1e-12);
  const ac = new AbortController();
  ac.abort();
  const aborted = await new GpSurrogate({ preset: 'botorch' }).fit({ X, y }, { rng: createRng(1), signal: ac.signal });
  assert.equal(aborted.diagnostics().starts, 1);
  for (const v of aborted.posterior(X).mean()) assert.ok(Number.isFinite(v));
  const withVar = await new GpSurrogate({ preset: 'botorch', kernel: 'matern52' }).fit({ X, y, yVar: new Float64Array(30).fill(0.01) }, { rng: createRng(1) });
  assert.ok((withVar.diagnostics().noise as number) >= 1e-4);
  const legacy = await new GpSurrogate({ preset: 'botorch-legacy' }).fit({ X, y }, { rng: createRng(1) });
  assert.ok((legacy.diagnostics().outputscale as number) > 0);
});

test('failures: bad options and data are INVALID_ARGUMENT; a NaN kernel is INTERNAL', async () => {
  assert.throws(() => new GpSurrogate({ kernel: 'cosine' as never }), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT');
  const X = zeros(3, 2);
  await assert.rejects(new GpSurrogate({ preset: 'botorch' }).fit({ X, y: new Float64Array(2) }, { rng: createRng(1) }), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT');
  await assert.rejects(new GpSurrogate({ preset: 'botorch' }).fit({ X, y: Float64Array.of(1, NaN, 0) }, { rng: createRng(1) }), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT');
  const nanKernel: Kernel = Object.assign(Object.create(rbf2), {
    matrix: (t: Float64Array, A: Matrix, B: Matrix) => {
      const K = rbf2.matrix(t, A, B);
      K.data.fill(NaN);
      return K;
    },
  });
  assert.throws(
    () => fittedGpFromHyperparameters({ kernel: nanKernel, theta: [0, 0], noise: 0.1 }, { X, y: new Float64Array(3) }),
    (e: unknown) => e instanceof BoError && e.code === 'INTERNAL',
  );
});
