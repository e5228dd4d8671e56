/**
 * GP-matched vs fan-in BNN prior (d = 6, one hidden layer of 50 tanh units): Monte Carlo moments of
 * prior function draws (prior-stats.ts, 2000 networks × 64 point pairs) against the target GP prior,
 * RBF with variance 1 and lengthscale ℓ = 0.2048·√6 = 0.5016 (the default GP's prior mode):
 * marginal variance 1 and correlation at r = ℓ/2 of exp(−1/8) = 0.8825 (closed form).
 * Monte Carlo error: sd of a variance estimate from 2000 draws ≈ √(2/2000) ≈ 3%, averaged over 64 pairs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { layout, type MlpShape } from '../../../surrogates/hmc-bnn/mlp.js';
import { priorFunctionStats } from '../../../surrogates/hmc-bnn/prior-stats.js';
import { fanInPriors, gpMatchedPriors, hasCachedGpMatchedPriors, targetLengthscale } from '../../../surrogates/hmc-bnn/priors.js';
import { ensureTensorBackend } from '../../../surrogates/neural/backend.js';

const shape: MlpShape = { inputDim: 6, widths: [50], activation: 'tanh' };
const ell = targetLengthscale(6);
const RHO = Math.exp(-1 / 8);

describe('GP-matched BNN prior', () => {
  it('matches the GP prior variance and correlation at ℓ/2 within 20%; the fan-in prior does not', async () => {
    assert.ok(Math.abs(ell - 0.2048 * Math.sqrt(6)) < 1e-3);
    await ensureTensorBackend();
    assert.equal(hasCachedGpMatchedPriors(shape), false);
    const matched = await gpMatchedPriors(shape);
    assert.equal(hasCachedGpMatchedPriors(shape), true);
    // Cached per (architecture, input dimension): the same object comes back.
    assert.equal(await gpMatchedPriors(shape), matched);
    const m = priorFunctionStats(shape, matched, ell / 2, createRng(1));
    // The surrogate's fan-in default: σ_w² = 1 in the hidden layer, 4 in the output layer.
    const f = priorFunctionStats(shape, fanInPriors(layout(shape).layers, 1, 1, 4), ell / 2, createRng(1));
    const report = `gp-matched var ${m.variance.toFixed(3)} corr ${m.correlation.toFixed(4)}; fan-in var ${f.variance.toFixed(3)} corr ${f.correlation.toFixed(4)}; GP 1, ${RHO.toFixed(4)}`;
    // Measured: gp-matched var ≈ 0.92, corr ≈ 0.897; fan-in (output σ_w² 1) var ≈ 1.47, corr ≈ 0.986.
    assert.ok(Math.abs(m.variance - 1) < 0.2, report);
    assert.ok(Math.abs(m.correlation - RHO) / RHO < 0.2, report);
    // Stricter: the decorrelation 1 − ρ (what sets the lengthscale) is also within 20%.
    assert.ok(Math.abs(1 - m.correlation - (1 - RHO)) / (1 - RHO) < 0.2, report);
    // Fan-in: variance off by more than 20%, and 1 − ρ off by more than 50% (functions far too smooth).
    assert.ok(Math.abs(f.variance - 1) > 0.2, report);
    assert.ok(Math.abs(1 - f.correlation - (1 - RHO)) / (1 - RHO) > 0.5, report);
    console.log(report);
  });
});
