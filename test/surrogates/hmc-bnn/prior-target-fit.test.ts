/**
 * priorTarget 'fitted-gp': the BNN's prior is re-matched to the default GP fitted to the data, and
 * the fit's diagnostics say what was matched. Data y = sin(6·x₀) ignore x₁, so the fitted GP's
 * ARD lengthscale of x₁ is long (≫ the 1/3 of the default target) and that of x₀ short; the
 * reported hyperparameters are on the FITTED_GRID (ln θ in multiples of 0.25).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { BnnSghmcSurrogate } from '../../../surrogates/bnn-sghmc/bnn-sghmc-surrogate.js';
import { FITTED_GRID } from '../../../surrogates/hmc-bnn/gp-prior-target.js';
import { ensureTensorBackend } from '../../../surrogates/neural/backend.js';

const onGrid = (v: number) => Math.abs(Math.log(v) / FITTED_GRID - Math.round(Math.log(v) / FITTED_GRID)) < 1e-9;

describe("GP-matched prior, priorTarget 'fitted-gp'", () => {
  it('matches to the fitted GP and reports the target, method and hyperparameters in the diagnostics', async () => {
    await ensureTensorBackend();
    const rng = createRng(3);
    const n = 16;
    const X = Float64Array.from({ length: 2 * n }, () => rng.uniform());
    const raw = Array.from({ length: n }, (_, i) => Math.sin(6 * X[2 * i]));
    const mean = raw.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    const y = Float64Array.from(raw, (v) => (v - mean) / sd);
    const s = new BnnSghmcSurrogate({ prior: 'gp-matched', priorTarget: 'fitted-gp', burnIn: 200, samplesPerChain: 4, thin: 10, chains: 1 });
    const fitted = await s.fit({ X: { rows: n, cols: 2, data: X }, y }, { rng: createRng(4) });
    const match = (fitted.diagnostics() as Record<string, unknown>).priorMatch as { target: string; method: string; kernel: string; hyperparameters: { lengthscale: number[]; outputscale: number } };
    assert.equal(match.target, 'fitted-gp');
    assert.equal(match.method, 'moment');
    assert.equal(match.kernel, 'scale(matern52)');
    const [l0, l1] = match.hyperparameters.lengthscale;
    assert.ok(l1 > 1 && l1 > 3 * l0, `lengthscales ${l0}, ${l1}`);
    assert.ok([l0, l1, match.hyperparameters.outputscale].every(onGrid), JSON.stringify(match.hyperparameters));
  });
});
