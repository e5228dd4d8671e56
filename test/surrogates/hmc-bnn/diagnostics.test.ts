/**
 * HMC-BNN sampling diagnostics on a seeded 1-D regression, y = sin(6x) + N(0, 0.1²), n = 40,
 * standardized: split R-hat of the predictions at 20 held-out x over 4 chains (each chain from its own
 * prior draw + Adam), post-warm-up acceptance of every chain, and coverage of 95% predictive
 * intervals (latent mixture + sampled noise) on 200 held-out points.
 * Thresholds from issue 5: R-hat < 1.05, acceptance in [0.6, 0.9], coverage in [0.85, 0.99].
 * Settings: widths [20], thin 4, other options at their defaults. Over seeds 1-8 (benchmarks/hmc-bnn/diagnostics.ts)
 * these settings met all three on 6 of 8 seeds (seed 5: R-hat 1.055; seed 8: one chain at acceptance 0.60);
 * measured here (seed 2): R-hat 1.020, acceptance 0.81-0.88, coverage 0.94, σ² 1.02× the truth.
 * Reference: the truth is known in closed form (sin), and the noise variance in standardized units is
 * 0.01/sd(y)²; split R-hat is the BDA3 formula, itself tested in hmc.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { splitRhat } from '../../../surrogates/hmc-bnn/hmc.js';
import { HmcBnnSurrogate } from '../../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';

describe('HMC-BNN diagnostics on a 1-D regression', () => {
  it('R-hat < 1.05 on predictions (4 chains), acceptance in [0.6, 0.9], 95% intervals cover 85-99%', async () => {
    const rng = createRng(2);
    const n = 40;
    const noiseSd = 0.1;
    const X = new Float64Array(n);
    const raw = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[i] = rng.uniform();
      raw[i] = Math.sin(6 * X[i]) + noiseSd * rng.normal();
    }
    const mu = raw.reduce((a, b) => a + b) / n;
    const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
    const y = raw.map((v) => (v - mu) / sd);
    const model = await new HmcBnnSurrogate({ widths: [20], chains: 4, thin: 4 }).fit({ X: { rows: n, cols: 1, data: X }, y }, { rng: createRng(102) });
    const diag = model.diagnostics() as { acceptRate: number[]; noiseVariance: number };

    for (const a of diag.acceptRate) assert.ok(a >= 0.6 && a <= 0.9, `acceptance ${diag.acceptRate}`);

    const m = 200;
    const Xt = new Float64Array(m);
    const yt = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      Xt[i] = rng.uniform();
      yt[i] = (Math.sin(6 * Xt[i]) + noiseSd * rng.normal() - mu) / sd;
    }
    const pred = model.posterior({ rows: m, cols: 1, data: Xt }, { observationNoise: true });
    const pm = pred.mean();
    const pv = pred.variance();
    let covered = 0;
    for (let i = 0; i < m; i++) if (Math.abs(yt[i] - pm[i]) <= 1.96 * Math.sqrt(pv[i])) covered++;
    // Binomial sd of the coverage at p = 0.95, m = 200 is 0.015; the band is the issue's.
    assert.ok(covered / m >= 0.85 && covered / m <= 0.99, `coverage ${covered / m}`);

    // Draws are stored kept-step-major with the 4 chains interleaved: row k·C + c.
    const latent = model.posterior({ rows: m, cols: 1, data: Xt }) as unknown as { memberMeans(): { rows: number; data: Float64Array } };
    const draws = latent.memberMeans();
    const C = 4;
    const K = draws.rows / C;
    let worst = 0;
    for (let j = 0; j < m; j += 10) {
      const chains = Array.from({ length: C }, (_, c) => Array.from({ length: K }, (_, k) => draws.data[(k * C + c) * m + j]));
      worst = Math.max(worst, splitRhat(chains));
    }
    assert.ok(worst < 1.05, `worst split R-hat ${worst}`);
    // The sampled noise variance is near the truth (0.01/sd², within a factor of 2).
    const trueNoise = (noiseSd / sd) ** 2;
    assert.ok(diag.noiseVariance > trueNoise / 2 && diag.noiseVariance < 2 * trueNoise, `noise ${diag.noiseVariance} vs ${trueNoise}`);
  });
});
