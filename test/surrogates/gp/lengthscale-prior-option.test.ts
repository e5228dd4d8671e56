import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIMENSION_SCALED_ABOVE_DIM, GpOptions, legacyLengthscalePrior, resolveModelSpec, resolvedLengthscalePrior } from '../../../surrogates/gp/gp-options.js';
import { ScaleKernel } from '../../../surrogates/gp/kernels/scale-kernel.js';
import type { Kernel } from '../../../surrogates/gp/kernel.js';

/** ln of the LogNormal(μ, σ) density of the natural value v, written out (the priors' convention: no Jacobian). */
function logNormalDensity(v: number, mu: number, sigma: number): number {
  const z = (Math.log(v) - mu) / sigma;
  return -Math.log(v) - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI) - 0.5 * z * z;
}

/** ln of the Gamma(α, rate β) density of v, written out: α ln β − ln Γ(α) + (α − 1) ln v − β v (Γ(3) = 2). */
function gamma36Density(v: number): number {
  return 3 * Math.log(6) - Math.log(2) + 2 * Math.log(v) - 6 * v;
}

function stationaryPart(kernel: Kernel): Kernel {
  return kernel instanceof ScaleKernel ? kernel.base : kernel;
}

test("lengthscalePrior 'dimension-scaled' on the default preset: its kernel, LogNormal(√2 + ½ ln d, √3) on every lengthscale", () => {
  for (const d of [2, 5, 20]) {
    const spec = resolveModelSpec(GpOptions.parse({ lengthscalePrior: 'dimension-scaled' }), d);
    assert.ok(spec.kernel instanceof ScaleKernel, 'the default preset keeps its outputscale');
    const base = stationaryPart(spec.kernel);
    assert.equal(base.name, 'matern52');
    // First start at the prior's mode e^(μ − σ²) = e^(√2 − 3)·√d ≈ 0.2048·√d (BoTorch's initial lengthscale).
    const mode = Math.exp(Math.SQRT2 - 3) * Math.sqrt(d);
    for (const t of base.initialTheta()) assert.ok(Math.abs(Math.exp(t) - mode) < 1e-12 * mode);
    const mu = Math.SQRT2 + 0.5 * Math.log(d);
    const v = [0.1, 0.7, 3.2];
    const theta = Float64Array.from({ length: d }, (_, k) => Math.log(v[k % 3]));
    let expected = 0;
    for (let k = 0; k < d; k++) expected += logNormalDensity(v[k % 3], mu, Math.sqrt(3));
    assert.ok(Math.abs(base.logPrior(theta) - expected) < 1e-10, `d = ${d}: ${base.logPrior(theta)} vs ${expected}`);
  }
});

test("lengthscalePrior 'gamma' on the 'botorch' preset: its RBF under Gamma(3, 6), the same at every d", () => {
  for (const d of [2, 20]) {
    const spec = resolveModelSpec(GpOptions.parse({ preset: 'botorch', lengthscalePrior: 'gamma' }), d);
    const base = stationaryPart(spec.kernel);
    assert.equal(base.name, 'rbf');
    for (const t of base.initialTheta()) assert.ok(Math.abs(Math.exp(t) - 1 / 3) < 1e-12);
    const theta = new Float64Array(d).fill(Math.log(0.45));
    assert.ok(Math.abs(base.logPrior(theta) - d * gamma36Density(0.45)) < 1e-10);
  }
});

test('without the option: the default preset runs Gamma(3, 6) up to DIMENSION_SCALED_ABOVE_DIM dimensions and the dimension-scaled prior above; botorch is dimension-scaled at every d', () => {
  assert.equal(DIMENSION_SCALED_ABOVE_DIM, 10);
  const mode = (d: number) => Math.exp(Math.SQRT2 - 3) * Math.sqrt(d);
  const starts = (options: object, d: number) => Array.from(stationaryPart(resolveModelSpec(GpOptions.parse(options), d).kernel).initialTheta(), Math.exp);
  for (const d of [2, 10]) for (const l of starts({}, d)) assert.ok(Math.abs(l - 1 / 3) < 1e-12, `d = ${d}`);
  for (const d of [11, 20]) for (const l of starts({}, d)) assert.ok(Math.abs(l - mode(d)) < 1e-12 * mode(d), `d = ${d}`);
  for (const d of [2, 20]) for (const l of starts({ preset: 'botorch' }, d)) assert.ok(Math.abs(l - mode(d)) < 1e-12 * mode(d));
  assert.equal(resolvedLengthscalePrior({}, 10), 'gamma');
  assert.equal(resolvedLengthscalePrior({}, 11), 'dimension-scaled');
  assert.equal(resolvedLengthscalePrior({ lengthscalePrior: 'gamma' }, 40), 'gamma');
  // What a study stored before session 17 ran without the option: the preset's own at every d.
  assert.equal(legacyLengthscalePrior(undefined), 'gamma');
  assert.equal(legacyLengthscalePrior('botorch'), 'dimension-scaled');
  const bad = GpOptions.safeParse({ lengthscalePrior: 'half-cauchy' });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error?.issues[0].path, ['lengthscalePrior']);
});
