/**
 * On a 1-D step function (non-stationary: flat, a jump at 0.5, flat), DKL's held-out log predictive
 * density beats the stationary GP's. Seeded data: 40 uniform points, noise sd 0.05, 200-point test
 * grid (benchmarks/dkl/nonstationary.ts; run it for more seeds and a chirp, where the GP wins).
 * Measured (2026-11-28, seeds 100..103, default options): GP −0.08, 0.01, −2.25, 0.10;
 * DKL 0.63, 0.66, 0.39, 0.76 nats per test point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { DklSurrogate } from '../../../surrogates/dkl/dkl-surrogate.js';
import { GpSurrogate } from '../../../surrogates/gp/gp-surrogate.js';
import { FUNCTIONS, dataset, heldOutLogLik } from '../../../benchmarks/dkl/nonstationary.js';

describe('dkl on a non-stationary 1-D function', () => {
  for (const seed of [100, 102]) {
    it(`step function, data seed ${seed}: DKL held-out log-likelihood > GP's by at least 0.2 nats/point`, async () => {
      const { train, Xt, yt } = dataset(FUNCTIONS.step, 40, seed);
      const gp = await new GpSurrogate({ preset: 'botorch' }).fit(train, { rng: createRng(seed - 100) });
      const dkl = await new DklSurrogate().fit(train, { rng: createRng(seed - 100) });
      const lg = heldOutLogLik(gp, Xt, yt);
      const ld = heldOutLogLik(dkl, Xt, yt);
      assert.equal(dkl.diagnostics().fallback, undefined);
      assert.ok(ld > lg + 0.2, `dkl ${ld.toFixed(3)} vs gp ${lg.toFixed(3)}`);
    });
  }
});
