/**
 * GP-matched BNN priors (surrogates/hmc-bnn/priors.ts, one hidden layer of 50 tanh units) against
 * their target, the service's default GP at its fit's first start (gp-prior-target.ts): checked
 * with float64 Monte Carlo draws of the prior (prior-stats.ts, independent of the tfjs draws the
 * matching differentiates) on measurement sets the matching never saw (seeds 1000+), against the
 * Matérn-5/2 closed form; sliced W₁ to GP draws against the unmatched prior; determinism by seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { evaluatePrior, matern52 } from '../../../benchmarks/hmc-bnn/prior-match.js';
import { defaultGpTarget, measurementSet, targetGram } from '../../../surrogates/hmc-bnn/gp-prior-target.js';
import { layout, type MlpShape } from '../../../surrogates/hmc-bnn/mlp.js';
import { fanInPriors, gpMatchedPriors, isGpMatchCached, matchGpPrior } from '../../../surrogates/hmc-bnn/priors.js';
import { ensureTensorBackend } from '../../../surrogates/neural/backend.js';

const NETWORKS = 2000;
const SETS = 4;
const M = 16;

describe('GP prior target', () => {
  it("is the default GP preset at its first start: scale(matern52), every ℓ = 1/3 (Gamma(3, 6) mode), outputscale 1; Gram = Matérn-5/2 closed form", () => {
    const t = defaultGpTarget(3);
    assert.equal(t.kernel.name, 'scale(matern52)');
    assert.deepEqual(
      (t.natural.lengthscale as number[]).map((v) => +v.toFixed(12)),
      [1 / 3, 1 / 3, 1 / 3].map((v) => +v.toFixed(12)),
    );
    assert.ok(Math.abs((t.natural.outputscale as number) - 1) < 1e-12);
    const X = measurementSet(t, 6, createRng(1));
    const K = targetGram(t, X);
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) {
        const r = Math.hypot(...[0, 1, 2].map((k) => X.data[i * 3 + k] - X.data[j * 3 + k]));
        assert.ok(Math.abs(K.data[i * 6 + j] - matern52(r, 1 / 3)) < 1e-12);
      }
  });

  it('follows the default GP lengthscale prior by dimension: Gamma(3, 6) mode 1/3 up to 10 inputs, the LogNormal(√2 + ½ ln d, √3) mode above', () => {
    // The LogNormal's natural-scale mode is exp(μ − σ²), written out here rather than read from the prior.
    const logNormalMode = (d: number) => Math.exp(Math.SQRT2 + 0.5 * Math.log(d) - 3);
    for (const [d, want] of [[10, 1 / 3], [11, logNormalMode(11)], [20, logNormalMode(20)]] as const) {
      const ls = defaultGpTarget(d).natural.lengthscale as number[];
      assert.equal(ls.length, d);
      for (const v of ls) assert.ok(Math.abs(v - want) < 1e-12, `d = ${d}: ℓ ${v} against ${want}`);
    }
  });
});

describe('GP-matched BNN prior', () => {
  for (const d of [2, 6]) {
    const shape: MlpShape = { inputDim: d, widths: [50], activation: 'tanh' };
    const unmatched = fanInPriors(layout(shape).layers, 1, 1, 1);

    it(`moment (d = ${d}): Monte Carlo covariance of prior draws vs the Matérn kernel`, async () => {
      await ensureTensorBackend();
      const target = defaultGpTarget(d);
      assert.equal(isGpMatchCached(shape, 'moment', target), false);
      const m = await gpMatchedPriors(shape, 'moment', target);
      assert.equal(m.cached, false);
      assert.equal(isGpMatchCached(shape, 'moment', target), true);
      // Cached per (architecture, kernel and hyperparameters, d, method): no second fit.
      const again = await gpMatchedPriors(shape, 'moment', target);
      assert.equal(again.cached, true);
      assert.equal(again.priors, m.priors);
      const fit = evaluatePrior(shape, m.priors, target, SETS, NETWORKS);
      const base = evaluatePrior(shape, unmatched, target, SETS, NETWORKS);
      const report = `matched ${JSON.stringify(fit)}; unmatched ${JSON.stringify(base)}`;
      // Tolerance from the draws: covRmsSe is the RMS Monte Carlo standard error of the entries
      // (N = 2000 draws); the gap to K is Monte Carlo error plus what one tanh layer of 50 units cannot
      // represent. That part is the allowance A_d, measured (benchmarks/RESULTS.md, 2026-12-05):
      // RMS gap 0.16 at d = 2 and 0.22 at d = 6 (Monte Carlo se 0.025), against 0.88 and 1.17 for the
      // unmatched prior.
      const allowance = d === 2 ? 0.15 : 0.3;
      assert.ok(fit.covRmsGap < allowance + 4 * fit.covRmsSe, report);
      assert.ok(fit.covRmsGap < 0.35 * base.covRmsGap, report);
      // Marginal variance (target 1): Monte Carlo sd of a mean over 16·4 points of 2000 draws is < 0.01.
      assert.ok(Math.abs(fit.variance - 1) < 0.1, report);
      // Correlation at ℓ/2 and ℓ moves from the unmatched prior towards the Matérn values, not all the
      // way: the tanh network stays smoother (measured at ℓ: 0.71 at d = 2 and 0.82 at d = 6 against
      // Matérn's 0.52; unmatched 0.93 and 0.98). Monte Carlo sd of these correlations is < 0.01.
      assert.ok(Math.abs(fit.corrHalf - matern52(0.5, 1)) < 0.8 * Math.abs(base.corrHalf - matern52(0.5, 1)), report);
      assert.ok(Math.abs(fit.corrOne - matern52(1, 1)) < 0.8 * Math.abs(base.corrOne - matern52(1, 1)), report);
    });

    it(`wasserstein (d = ${d}): sliced W₁ to GP draws on fresh measurement sets falls below the unmatched prior's`, async () => {
      await ensureTensorBackend();
      const target = defaultGpTarget(d);
      const m = await gpMatchedPriors(shape, 'wasserstein', target);
      const fit = evaluatePrior(shape, m.priors, target, SETS, NETWORKS);
      const base = evaluatePrior(shape, unmatched, target, SETS, NETWORKS);
      // SW₁ of 2000 vs 2000 draws has Monte Carlo error O(σ/√2000) ≈ 0.02 per direction; the drops
      // measured are 0.25 → 0.095 (d = 2) and 0.33 → 0.11 (d = 6), so half is far outside that error.
      assert.ok(fit.sw1 < 0.5 * base.sw1, `matched SW₁ ${fit.sw1}, unmatched ${base.sw1}`);
      assert.ok(Math.abs(fit.variance - 1) < 0.15, `variance ${fit.variance}`);
    });
  }

  it('is deterministic: the same inputs give the same scales (fixed seed per dimension and method)', async () => {
    await ensureTensorBackend();
    const shape: MlpShape = { inputDim: 3, widths: [8], activation: 'tanh' };
    for (const method of ['moment', 'wasserstein'] as const) {
      const a = await matchGpPrior(shape, { method, iterations: 12 });
      const b = await matchGpPrior(shape, { method, iterations: 12 });
      assert.deepEqual(a.priors, b.priors);
      assert.equal(a.steps, 12);
    }
  });
});
