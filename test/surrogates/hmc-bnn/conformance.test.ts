/**
 * Surrogate conformance of 'hmc-bnn' (self-contained; a generic suite may replace it): immutable fit
 * result, posterior moments consistent with its joint samples (Monte Carlo), input gradients against
 * central differences, determinism given the seed, and a JSON round trip of state() that warm-starts.
 * Small settings (d = 2, n = 15, one hidden layer of 10) keep it fast; the sampler's quality is tested
 * in diagnostics.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { HmcBnnSurrogate, type HmcBnnOptionsInput } from '../../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';
import type { FittedSurrogate, TrainingData } from '../../../surrogates/types.js';

const d = 2;
const n = 15;
const rng = createRng(21);
const X = Float64Array.from({ length: n * d }, () => rng.uniform());
const y = Float64Array.from({ length: n }, (_, i) => Math.sin(3 * X[i * d]) + Math.cos(2 * X[i * d + 1]) + 0.05 * rng.normal());
const ym = y.reduce((a, b) => a + b) / n;
const ys = Math.sqrt(y.reduce((a, b) => a + (b - ym) ** 2, 0) / (n - 1));
const data: TrainingData = { X: { rows: n, cols: d, data: X }, y: y.map((v) => (v - ym) / ys) };
const opts: HmcBnnOptionsInput = { widths: [10], warmup: 120, samplesPerChain: 30, leapfrog: 15, pretrainSteps: 100 };
const Xq = { rows: 5, cols: d, data: Float64Array.from({ length: 5 * d }, () => rng.uniform()) };

async function fit(seed: number, extra: HmcBnnOptionsInput = {}, warmStart?: FittedSurrogate['state'] extends () => infer S ? S : never): Promise<FittedSurrogate> {
  return new HmcBnnSurrogate({ ...opts, ...extra }).fit(data, { rng: createRng(seed), warmStart });
}

describe('hmc-bnn surrogate conformance', () => {
  it('fit returns an immutable model: input mutation, diagnostics and state edits do not change it', async () => {
    const Xc = Float64Array.from(X);
    const yc = Float64Array.from(data.y);
    const model = await new HmcBnnSurrogate(opts).fit({ X: { rows: n, cols: d, data: Xc }, y: yc }, { rng: createRng(1) });
    const before = model.posterior(Xq).mean();
    Xc.fill(0);
    yc.fill(0);
    (model.diagnostics() as Record<string, unknown>).kept = -1;
    assert.throws(() => {
      (model.state() as unknown as { last: string }).last = '';
    });
    assert.deepEqual(model.posterior(Xq).mean(), before);
    assert.notEqual(model.diagnostics().kept, -1);
    assert.equal(model.kind, 'hmc-bnn');
    assert.equal(model.dim, d);
  });

  it('posterior: joint-sample moments match mean() and variance() (Monte Carlo), observation noise adds variance', async () => {
    const model = await fit(2);
    const post = model.posterior(Xq);
    const mean = post.mean();
    const variance = post.variance();
    const S = 8000;
    const draws = post.sample(S, createRng(3));
    assert.equal(draws.rows, S);
    assert.equal(draws.cols, Xq.rows);
    for (let j = 0; j < Xq.rows; j++) {
      let m = 0;
      for (let s = 0; s < S; s++) m += draws.data[s * Xq.rows + j] / S;
      let v = 0;
      for (let s = 0; s < S; s++) v += (draws.data[s * Xq.rows + j] - m) ** 2 / (S - 1);
      // Standard error of a mean of S draws is sqrt(var/S); 5 of them. Variance: relative sd ≈ sqrt(2/S)·kurtosis factor; 15% is > 5 sd.
      assert.ok(Math.abs(m - mean[j]) < 5 * Math.sqrt(variance[j] / S), `mean ${j}: ${m} vs ${mean[j]}`);
      assert.ok(Math.abs(v - variance[j]) < 0.15 * variance[j], `variance ${j}: ${v} vs ${variance[j]}`);
    }
    const noisy = model.posterior(Xq, { observationNoise: true }).variance();
    const noise = model.diagnostics().noiseVariance as number;
    for (let j = 0; j < Xq.rows; j++) assert.ok(Math.abs(noisy[j] - variance[j] - noise) < 1e-9, 'observation noise = mean sampled σ²');
  });

  it('predictWithGradient: moments equal posterior() and gradients match central differences', async () => {
    const model = await fit(4);
    const x = Float64Array.from([0.37, 0.61]);
    const p = model.predictWithGradient!(x);
    const post = model.posterior({ rows: 1, cols: d, data: x });
    assert.ok(Math.abs(p.mean - post.mean()[0]) < 1e-12);
    assert.ok(Math.abs(p.variance - post.variance()[0]) < 1e-10);
    const h = 1e-6;
    for (let k = 0; k < d; k++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[k] += h;
      xm[k] -= h;
      const a = model.predictWithGradient!(xp);
      const b = model.predictWithGradient!(xm);
      assert.ok(Math.abs(p.dMean[k] - (a.mean - b.mean) / (2 * h)) < 1e-5 * Math.max(1, Math.abs(p.dMean[k])), `dMean ${k}`);
      assert.ok(Math.abs(p.dVariance[k] - (a.variance - b.variance) / (2 * h)) < 1e-5 * Math.max(1, Math.abs(p.dVariance[k])), `dVariance ${k}`);
    }
  });

  it('is deterministic given the seed, and different seeds give different draws', async () => {
    const a = (await fit(5)).posterior(Xq).mean();
    const b = (await fit(5)).posterior(Xq).mean();
    const c = (await fit(6)).posterior(Xq).mean();
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('state() survives JSON and warm-starts (fewer gradient evaluations); a mismatched state is ignored', async () => {
    const first = await fit(7);
    const state = JSON.parse(JSON.stringify(first.state()));
    assert.ok(JSON.stringify(state).length < 20000, 'compact state');
    const warm = await fit(8, {}, state);
    const wd = warm.diagnostics();
    assert.equal(wd.warmStart, true);
    assert.ok((wd.gradientEvaluations as number) < (first.diagnostics().gradientEvaluations as number));
    // The warm-started fit predicts like the cold one (same data): means within a few posterior sds.
    const m1 = first.posterior(Xq).mean();
    const m2 = warm.posterior(Xq).mean();
    const v1 = first.posterior(Xq).variance();
    for (let j = 0; j < Xq.rows; j++) assert.ok(Math.abs(m1[j] - m2[j]) < 4 * Math.sqrt(v1[j]) + 0.05, `row ${j}: ${m1[j]} vs ${m2[j]}`);
    const other = await fit(9, { widths: [12] }, state);
    assert.equal(other.diagnostics().warmStart, false);
    const broken = await fit(9, {}, { ...state, last: 'not base64 of the right size' });
    assert.equal(broken.diagnostics().warmStart, false);
  });

  it('the TensorFlow.js engine fits too (same model, float32 gradients)', async () => {
    const model = await fit(10, { engine: 'tfjs', warmup: 40, samplesPerChain: 5, leapfrog: 5, pretrainSteps: 20 });
    assert.match(String(model.diagnostics().engine), /^tfjs-(wasm|cpu|tensorflow)$/);
    for (const v of model.posterior(Xq).mean()) assert.ok(Number.isFinite(v));
  });

  it('rejects invalid options with INVALID_ARGUMENT', () => {
    assert.throws(() => new HmcBnnSurrogate({ chains: 0 }), /INVALID_ARGUMENT|hmc-bnn options/);
  });
});
