/**
 * 'bnn-sghmc': a 1-D fit with a known answer (test/surrogates/bnn-fits.ts); the minibatch gradient
 * is unbiased (its average over one epoch of disjoint minibatches equals the full-data gradient of
 * the HMC-BNN's log posterior, an independent implementation); the sampler targets the right
 * distribution on a Gaussian (closed-form mean and variance); warm starts and option paths.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { BnnSghmcSurrogate } from '../../../surrogates/bnn-sghmc/bnn-sghmc-surrogate.js';
import { minibatchGradient } from '../../../surrogates/bnn-sghmc/minibatch-gradient.js';
import { runSghmc } from '../../../surrogates/bnn-sghmc/sghmc.js';
import { F64LogPosterior } from '../../../surrogates/hmc-bnn/log-posterior-f64.js';
import type { LogPosteriorSpec } from '../../../surrogates/hmc-bnn/log-posterior.js';
import { layout, toNetInput, type MlpShape } from '../../../surrogates/hmc-bnn/mlp.js';
import { fanInPriors } from '../../../surrogates/hmc-bnn/priors.js';
import { checkOneDimensionalFit, ONE_D } from '../bnn-fits.js';

describe('bnn-sghmc surrogate', () => {
  it('fits sin(6x) at the data, is uncertain away from it, and is deterministic by seed', async () => {
    await checkOneDimensionalFit(() => new BnnSghmcSurrogate(), 0.25);
  });

  it('minibatch gradients over one epoch average to the full-data gradient', () => {
    const shape: MlpShape = { inputDim: 2, widths: [4], activation: 'tanh' };
    const { layers: slots, size: P } = layout(shape);
    const spec: LogPosteriorSpec = { shape, slots, paramCount: P, priors: fanInPriors(slots, 1, 1, 4), noise: { kind: 'sampled', priorMean: -3, priorSd: 1 } };
    const rng = createRng(8);
    const n = 12;
    const X = toNetInput(Float64Array.from({ length: n * 2 }, () => rng.uniform()));
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const theta = Float64Array.from({ length: P + 1 }, () => 0.3 * rng.normal());
    const full = new Float64Array(P + 1);
    new F64LogPosterior(spec, X, y).logDensity(theta, 1, full);
    const grad = minibatchGradient(spec, X, y, 4, createRng(1));
    const avg = new Float64Array(P + 1);
    const g = new Float64Array(P + 1);
    for (let k = 0; k < 3; k++) {
      grad(theta, g);
      for (let i = 0; i <= P; i++) avg[i] += g[i] / 3;
    }
    // ∇Ũ = −∇log p: the epoch average is exactly −full (up to rounding).
    for (let i = 0; i <= P; i++) assert.ok(Math.abs(avg[i] + full[i]) < 1e-9 * Math.max(1, Math.abs(full[i])), `coordinate ${i}: ${avg[i]} vs ${-full[i]}`);
  });

  it('samples N(1, 0.25²) in 2-D with the right mean and variance (closed form)', () => {
    // U = (θ − 1)²/(2·0.0625) per coordinate; with exact gradients the SGHMC bias is O(ε).
    const r = runSghmc((t, g) => { for (let i = 0; i < t.length; i++) g[i] = (t[i] - 1) / 0.0625; }, new Float64Array(2), {
      stepSize: 0.05,
      friction: 0.05,
      burnIn: 2000,
      samples: 4000,
      thin: 10,
      rng: createRng(3),
    });
    for (let i = 0; i < 2; i++) {
      const xs = r.kept.map((t) => t[i]);
      const m = xs.reduce((a, b) => a + b) / xs.length;
      const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
      // Autocorrelated draws: tolerances ~5 effective-sample standard errors.
      assert.ok(Math.abs(m - 1) < 0.05, `mean ${m}`);
      assert.ok(Math.abs(v / 0.0625 - 1) < 0.2, `variance ratio ${v / 0.0625}`);
    }
  });

  it('warm-starts from its state and refuses bad options with the field path', async () => {
    const s = new BnnSghmcSurrogate({ widths: [5], burnIn: 50, warmBurnIn: 10, samplesPerChain: 3, thin: 5 });
    const first = await s.fit(ONE_D, { rng: createRng(1) });
    assert.equal(first.kind, 'bnn-sghmc');
    assert.equal(first.posteriorKind, 'ensemble');
    const warm = await s.fit(ONE_D, { rng: createRng(2), warmStart: JSON.parse(JSON.stringify(first.state())) });
    assert.equal(warm.diagnostics().warmStart, true);
    assert.throws(() => new BnnSghmcSurrogate({ friction: 2 }), /friction/);
  });
});
