/**
 * trend 'constant' (the default) is today's GP, bit for bit: the same kernel object and the same
 * fitted hyperparameters and moments as options without `trend`; 'quadratic' names itself and its
 * fitted σ_q² in the diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { DEFAULT_GP_TREND, GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';
import { GpSurrogate } from '../../../surrogates/gp/gp-surrogate.js';
import { ScaleKernel } from '../../../surrogates/gp/kernels/scale-kernel.js';
import { SumKernel } from '../../../surrogates/gp/kernels/sum-kernel.js';

function data(seed: number, n: number, d: number) {
  const rng = createRng(seed);
  const X = zeros(n, d);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * X.data[i * d]) + (X.data[i * d + 1] - 0.3) ** 2 + 0.05 * rng.normal());
  return { X, y };
}

test("trend defaults to 'constant', which builds exactly today's kernel (scale(matern52), no sum)", () => {
  assert.equal(DEFAULT_GP_TREND, 'constant');
  assert.equal(GpOptions.parse({}).trend, 'constant');
  for (const options of [{}, { trend: 'constant' as const }]) {
    const k = resolveModelSpec(GpOptions.parse(options), 3).kernel;
    assert.ok(k instanceof ScaleKernel, k.name);
    assert.equal(k.name, 'scale(matern52)');
    assert.equal(k.trend, undefined);
  }
  const q = resolveModelSpec(GpOptions.parse({ trend: 'quadratic', preset: 'botorch' }), 3).kernel;
  assert.ok(q instanceof SumKernel);
  assert.equal(q.name, 'rbf+quadratic', "the 'botorch' preset's RBF (no outputscale) plus the trend");
});

test("fits with trend 'constant' and without trend are identical (θ, moments, diagnostics bit for bit)", async () => {
  const train = data(31, 25, 3);
  const a = await new GpSurrogate({}).fit(train, { rng: createRng(5) });
  const b = await new GpSurrogate({ trend: 'constant' }).fit(train, { rng: createRng(5) });
  assert.deepEqual(b.params, a.params);
  const x = Float64Array.of(0.2, 0.7, 0.4);
  assert.deepEqual(b.predictWithGradient(x), a.predictWithGradient(x));
  const { fitMs: _a, ...da } = a.diagnostics();
  const { fitMs: _b, ...db } = b.diagnostics();
  assert.deepEqual(db, da);
  assert.equal('trend' in da, false, 'no trend key for the constant mean: diagnostics as before');
});

test("trend 'quadratic': diagnostics name the trend and its fitted σ_q² and offset; θ carries both", async () => {
  const m = await new GpSurrogate({ trend: 'quadratic' }).fit(data(32, 25, 3), { rng: createRng(6) });
  const diag = m.diagnostics();
  assert.equal(diag.kernel, 'scale(matern52)+quadratic');
  assert.equal(diag.trend, 'quadratic');
  assert.ok(typeof diag.trendVariance === 'number' && diag.trendVariance > 0, JSON.stringify(diag));
  assert.ok(typeof diag.trendOffset === 'number' && diag.trendOffset > 0, JSON.stringify(diag));
  assert.deepEqual(m.layout.names.slice(-4), ['trendVariance', 'trendOffset', 'noise', 'mean']);
  // A warm start from the state of a constant-mean fit does not match (other kernel name): a cold fit, not a wrong θ.
  const plain = await new GpSurrogate({}).fit(data(32, 25, 3), { rng: createRng(6) });
  const warm = await new GpSurrogate({ trend: 'quadratic' }).fit(data(32, 25, 3), { rng: createRng(6), warmStart: plain.state() });
  assert.equal(warm.diagnostics().fitPath, 'cold');
});
