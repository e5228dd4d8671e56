/**
 * Surrogate conformance of 'dkl' (self-contained): posterior moments vs Monte Carlo sample moments,
 * predictWithGradient vs the posterior and vs central finite differences, determinism given the
 * seed, warm starts, condition() vs a direct GP on the augmented features, option validation and
 * the GP fallback's reporting. References: the model's own posterior (closed form) and sampling.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { BoError } from '../../../core/errors.js';
import type { Matrix } from '../../../core/matrix.js';
import { createRng, deriveSeed } from '../../../core/rng.js';
import { DklOptions } from '../../../surrogates/dkl/dkl-options.js';
import { dklModel, objectiveValue } from '../../../surrogates/dkl/dkl-objective.js';
import { DklSurrogate, dklShape } from '../../../surrogates/dkl/dkl-surrogate.js';
import { FallbackGp } from '../../../surrogates/dkl/fallback-gp.js';
import { networkLayout } from '../../../surrogates/dkl/feature-network.js';
import { FittedDkl } from '../../../surrogates/dkl/fitted-dkl.js';
import { FittedGp } from '../../../surrogates/gp/fitted-gp.js';
import { factorize } from '../../../surrogates/gp/gp-likelihood.js';
import { GpSurrogate } from '../../../surrogates/gp/gp-surrogate.js';
import type { TrainingData } from '../../../surrogates/types.js';

// Float64 engine, short training, no hold-out (so the kept iterate is the objective's best).
const FAST = { engine: 'js', steps: 120, pretrainSteps: 60, restarts: 0, validationFraction: 0 } as const;

function data(n: number, seed: number): TrainingData {
  const rng = createRng(seed);
  const X: Matrix = { rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, () => rng.uniform()) };
  const raw = Float64Array.from({ length: n }, (_, i) => Math.sin(5 * X.data[2 * i]) * Math.cos(3 * X.data[2 * i + 1]) + 0.05 * rng.normal());
  let m = 0;
  for (const v of raw) m += v / n;
  let s = 0;
  for (const v of raw) s += (v - m) ** 2 / (n - 1);
  return { X, y: raw.map((v) => (v - m) / Math.sqrt(s)) };
}

const pts: Matrix = { rows: 4, cols: 2, data: Float64Array.from([0.1, 0.2, 0.5, 0.5, 0.9, 0.3, 0.33, 0.8]) };
let model: FittedDkl;
const train = data(25, 1);

before(async () => {
  const m = await new DklSurrogate(FAST).fit(train, { rng: createRng(5) });
  assert.ok(m instanceof FittedDkl, 'expected a trained DKL, not the fallback');
  model = m;
});

describe('dkl surrogate conformance', () => {
  it('posterior mean/variance match the sample moments of joint draws (N = 20000, 5σ tolerances)', () => {
    const p = model.posterior(pts);
    assert.equal(p.kind, 'gaussian');
    const mean = p.mean();
    const variance = p.variance();
    const N = 20000;
    const S = p.sample(N, createRng(9));
    for (let j = 0; j < pts.rows; j++) {
      let a = 0;
      let b = 0;
      for (let s = 0; s < N; s++) a += S.data[s * pts.rows + j] / N;
      for (let s = 0; s < N; s++) b += (S.data[s * pts.rows + j] - a) ** 2 / (N - 1);
      assert.ok(Math.abs(a - mean[j]) < 5 * Math.sqrt(variance[j] / N), `mean ${j}: ${a} vs ${mean[j]}`);
      assert.ok(Math.abs(b / variance[j] - 1) < 5 * Math.sqrt(2 / N), `variance ${j}: ${b} vs ${variance[j]}`);
    }
    const noisy = model.posterior(pts, { observationNoise: true }).variance();
    for (let j = 0; j < pts.rows; j++) assert.ok(Math.abs(noisy[j] - variance[j] - model.gp.noise) < 1e-12);
  });

  it('predictWithGradient agrees with posterior() and with central differences (h = 1e-6)', () => {
    const post = model.posterior(pts);
    for (let j = 0; j < pts.rows; j++) {
      const x = Array.from(pts.data.subarray(2 * j, 2 * j + 2));
      const p = model.predictWithGradient(x);
      assert.ok(Math.abs(p.mean - post.mean()[j]) < 1e-10);
      assert.ok(Math.abs(p.variance - post.variance()[j]) < 1e-10);
      for (let c = 0; c < 2; c++) {
        const h = 1e-6;
        const xp = x.slice(); xp[c] += h;
        const xm = x.slice(); xm[c] -= h;
        const a = model.predictWithGradient(xp);
        const b = model.predictWithGradient(xm);
        const dm = (a.mean - b.mean) / (2 * h);
        const dv = (a.variance - b.variance) / (2 * h);
        assert.ok(Math.abs(dm - p.dMean[c]) < 1e-6 * (1 + Math.abs(dm)), `dMean[${c}] ${p.dMean[c]} vs ${dm}`);
        assert.ok(Math.abs(dv - p.dVariance[c]) < 1e-6 * (1 + Math.abs(dv)), `dVariance[${c}] ${p.dVariance[c]} vs ${dv}`);
      }
    }
  });

  it('is deterministic given the seed (TensorFlow.js engine, 2 restarts, 20% hold-out)', async () => {
    const opts = { steps: 40, pretrainSteps: 20 };
    const a = await new DklSurrogate(opts).fit(train, { rng: createRng(3) });
    const b = await new DklSurrogate(opts).fit(train, { rng: createRng(3) });
    assert.deepEqual(a.state(), b.state());
    assert.equal(a.diagnostics().starts, 3);
    assert.equal(a.diagnostics().engine, 'tfjs');
    // Held-out rows: those whose index hash falls below 0.2 (dkl-surrogate.ts holdOut).
    const expected = Array.from({ length: 25 }, (_, i) => deriveSeed(0xd1c1, i) / 4294967296 < 0.2).filter(Boolean).length;
    assert.ok(expected >= 2);
    assert.equal(a.diagnostics().heldOut, expected);
    assert.ok(Number.isFinite(a.diagnostics().validation));
    assert.deepEqual(Array.from(a.posterior(pts).mean()), Array.from(b.posterior(pts).mean()));
  });

  it('warm-starts from state(): fewer steps, never below the objective at the warm point, a fresh start every coldEvery-th warm fit; a mismatched state starts cold', async () => {
    const more = data(30, 1); // X's first 25 rows are train's (same seed); the noise draws differ
    const warm = await new DklSurrogate(FAST).fit(more, { rng: createRng(5), warmStart: model.state() });
    const dg = warm.diagnostics();
    assert.equal(dg.warm, true);
    assert.ok(Number(dg.steps) <= DklOptions.parse(FAST).warmSteps + 1);
    const opts = DklOptions.parse(FAST);
    const shape = dklShape(opts, 2);
    const m = dklModel(shape, networkLayout(shape), opts);
    const s = model.state();
    const atStart = objectiveValue(m, Float64Array.from(s.weights), Float64Array.from(s.theta), more);
    assert.ok(Number(dg.objective) >= atStart - 1e-9, `${dg.objective} < ${atStart}`);
    assert.equal(dg.warmFits, 1);
    assert.equal(warm.state().warmFits, 1);
    const refreshed = await new DklSurrogate({ ...FAST, coldEvery: 2 }).fit(more, { rng: createRng(5), warmStart: warm.state() });
    assert.deepEqual([refreshed.diagnostics().starts, refreshed.diagnostics().refreshed, refreshed.diagnostics().warmFits], [2, true, 0]);
    const other = await new DklSurrogate({ ...FAST, widths: [8] }).fit(more, { rng: createRng(5), warmStart: model.state() });
    assert.equal(other.diagnostics().warm, false);
  });

  it('condition() equals a GP on the augmented features at the same hyperparameters', () => {
    const Xn: Matrix = { rows: 2, cols: 2, data: Float64Array.from([0.5, 0.5, 0.7, 0.1]) };
    const yn = Float64Array.from([1.5, -0.3]);
    const c = model.condition(Xn, yn);
    const F = model.features({ rows: 27, cols: 2, data: Float64Array.from([...train.X.data, ...Xn.data]) });
    const d2 = { X: F, y: Float64Array.from([...train.y, ...yn]) };
    const direct = new FittedGp(model.gp.layout, model.gp.params, d2, factorize(model.gp.layout, model.gp.params, d2));
    const pc = c.posterior(pts);
    const pd = direct.posterior(model.features(pts));
    for (let j = 0; j < pts.rows; j++) {
      assert.ok(Math.abs(pc.mean()[j] - pd.mean()[j]) < 1e-7);
      assert.ok(Math.abs(pc.variance()[j] - pd.variance()[j]) < 1e-7);
    }
    assert.ok(c.posterior(Xn).variance()[0] <= model.posterior(Xn).variance()[0]);
  });

  it('rejects invalid options and data with INVALID_ARGUMENT', async () => {
    assert.throws(() => new DklSurrogate({ widths: [] }), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT');
    await assert.rejects(new DklSurrogate(FAST).fit({ X: train.X, y: new Float64Array(3) }, { rng: createRng(1) }), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT');
  });

  it('the GP fallback keeps kind dkl and reports why', async () => {
    const gp = await new GpSurrogate({ preset: 'botorch' }).fit(train, { rng: createRng(1) });
    const fb = new FallbackGp(gp, 'all 1 DKL training start(s) diverged');
    assert.equal(fb.kind, 'dkl');
    assert.equal(fb.diagnostics().fallback, 'gp');
    assert.match(String(fb.diagnostics().reason), /diverged/);
    assert.deepEqual(Array.from(fb.posterior(pts).mean()), Array.from(gp.posterior(pts).mean()));
  });
});
