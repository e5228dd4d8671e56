/**
 * Acquisitions on a weighted mixture of families (surrogate 'auto' with combine 'stack':
 * acquisitions/ensemble-combine.ts weighted forms, surrogates/auto/fitted-stack.ts,
 * acquisitions/qlognei-stack.ts) against independent references:
 * - Monte Carlo: a member drawn with probability w_k, then y from its law (Gaussian, or Student-t
 *   with ν = 5 as μ + scale·z/√(χ²_5/5), χ²_5 a sum of five squared normals: no use of the code under
 *   test); EI, PI and the upper quantile of those draws are the mixture's.
 * - Finite differences for ∂/∂μ_k, ∂/∂v_k and for the x-gradients the optimizer uses (LogEI through
 *   predictEnsembleWithGradient; qLogNEI through the member surfaces), on fitted gp and stp models.
 * - qLogNEI of the mixture against a Monte Carlo qNEI from independent joint draws of each member
 *   (posterior([baseline; x]).sample with a fresh rng), weighted by w.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogEi } from '../../acquisitions/log-ei.js';
import { createLogPi } from '../../acquisitions/log-pi.js';
import { buildMomentObjective } from '../../acquisitions/optimize.js';
import { createQLogNei } from '../../acquisitions/qlognei.js';
import { createUcb } from '../../acquisitions/ucb.js';
import { normalCdf } from '../../core/normal.js';
import { createRng } from '../../core/rng.js';
import { FittedStack } from '../../surrogates/auto/fitted-stack.js';
import { createSurrogate } from '../../surrogates/registry.js';
import type { FittedSurrogate, TrainingData } from '../../surrogates/types.js';
import { uniformPoints } from '../../benchmarks/prior-draws.js';

const MEANS = [0.3, -0.2, 0.9];
const VARS = [0.05, 0.6, 0.02];
const W = [0.5, 0.3, 0.2];
const DF = [Infinity, 5, Infinity];
const BEST = 0.6;
const ctx = { best: BEST, rng: createRng(0) };

/** Mixture draws: member by weight, then Gaussian or t_5 with variance v (scale² = v·(ν−2)/ν). */
/** The analytic x-gradient g at x of a surface evaluated by `values` (rows of 2-D points) against central differences (h = 1e-6). */
function assertCentralDifferences(values: (X: { rows: number; cols: number; data: Float64Array }) => ArrayLike<number>, x: Float64Array, g: Float64Array, label: string): void {
  for (let j = 0; j < x.length; j++) {
    const h = 1e-6;
    const up = Float64Array.from(x);
    const dn = Float64Array.from(x);
    up[j] += h;
    dn[j] -= h;
    const fd = (values({ rows: 1, cols: x.length, data: up })[0] - values({ rows: 1, cols: x.length, data: dn })[0]) / (2 * h);
    assert.ok(Math.abs(g[j] - fd) <= 1e-4 * Math.max(1, Math.abs(fd)), `${label} ∂${j}: ${g[j]} vs ${fd}`);
  }
}

function draws(means: number[], vars: number[], w: number[], df: number[], N: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: N }, () => {
    let u = rng.uniform();
    let k = 0;
    while (k < w.length - 1 && u >= w[k]) u -= w[k++];
    if (!Number.isFinite(df[k])) return means[k] + Math.sqrt(vars[k]) * rng.normal();
    let chi2 = 0;
    for (let j = 0; j < df[k]; j++) chi2 += rng.normal() ** 2;
    const scale = Math.sqrt((vars[k] * (df[k] - 2)) / df[k]);
    return means[k] + (scale * rng.normal()) / Math.sqrt(chi2 / df[k]);
  });
}

const law = { weights: Float64Array.from(W), df: Float64Array.from(DF) };

describe('moment acquisitions on a weighted mixture with a Student-t member', () => {
  const N = 400_000;
  const y = draws(MEANS, VARS, W, DF, N, 11);

  it('LogEI = log Σ w_k EI_k is the log of the mixture EI (Monte Carlo, 400k draws, 4 SE)', () => {
    let s = 0;
    let s2 = 0;
    for (const v of y) {
      const imp = Math.max(v - BEST, 0);
      s += imp;
      s2 += imp * imp;
    }
    const ei = s / N;
    const se = Math.sqrt((s2 / N - ei * ei) / N);
    const got = Math.exp(createLogEi().fromEnsemble!(MEANS, VARS, ctx, law).value);
    assert.ok(Math.abs(got - ei) < 4 * se, `EI ${got} vs MC ${ei} ± ${se}`);
  });

  it('LogPI = log Σ w_k PI_k is the log of the mixture PI (Monte Carlo, 4 SE)', () => {
    const pi = y.filter((v) => v > BEST).length / N;
    const se = Math.sqrt((pi * (1 - pi)) / N);
    const got = Math.exp(createLogPi().fromEnsemble!(MEANS, VARS, ctx, law).value);
    assert.ok(Math.abs(got - pi) < 4 * se, `PI ${got} vs MC ${pi} ± ${se}`);
  });

  it('UCB on Gaussian members is the weighted mixture quantile at Φ(√β) (closed-form CDF, and the Monte Carlo quantile)', () => {
    const means = [0.3, 0.9];
    const vars = [0.05, 0.02];
    const w = Float64Array.from([0.7, 0.3]);
    const beta = 2;
    const q = createUcb(beta).fromEnsemble!(means, vars, ctx, { weights: w }).value;
    const F = w[0] * normalCdf((q - means[0]) / Math.sqrt(vars[0])) + w[1] * normalCdf((q - means[1]) / Math.sqrt(vars[1]));
    assert.ok(Math.abs(F - normalCdf(Math.sqrt(beta))) < 1e-9, `F(q) = ${F}`);
    const ys = Array.from(draws(means, vars, Array.from(w), [Infinity, Infinity], 200_000, 3)).sort((a, b) => a - b);
    const mc = ys[Math.floor(normalCdf(Math.sqrt(beta)) * ys.length)];
    assert.ok(Math.abs(q - mc) < 0.01, `q ${q} vs MC ${mc}`);
    // A t member has no quantile rule: refused (and refused at create: policy/auto-resolution.ts).
    assert.throws(() => createUcb(beta).fromEnsemble!(MEANS, VARS, ctx, law), RangeError);
  });

  it('∂/∂μ_k and ∂/∂v_k of weighted LogEI and LogPI match central differences (h = 1e-6, rel. 1e-5)', () => {
    for (const acq of [createLogEi(), createLogPi()]) {
      const g = acq.fromEnsemble!(MEANS, VARS, ctx, law);
      for (let k = 0; k < MEANS.length; k++) {
        const h = 1e-6;
        const at = (dm: number, dv: number) => {
          const m = [...MEANS];
          const v = [...VARS];
          m[k] += dm;
          v[k] += dv;
          return acq.fromEnsemble!(m, v, ctx, law).value;
        };
        const fdM = (at(h, 0) - at(-h, 0)) / (2 * h);
        const fdV = (at(0, h) - at(0, -h)) / (2 * h);
        assert.ok(Math.abs(g.dMeans[k] - fdM) <= 1e-5 * Math.max(1, Math.abs(fdM)), `${acq.kind} dμ_${k}: ${g.dMeans[k]} vs ${fdM}`);
        assert.ok(Math.abs(g.dVariances[k] - fdV) <= 1e-5 * Math.max(1, Math.abs(fdV)), `${acq.kind} dv_${k}: ${g.dVariances[k]} vs ${fdV}`);
      }
    }
  });

  it('weight 1 on one member is that member alone; equal weights are the equal-weight ensemble rule', () => {
    const one = createLogEi().fromEnsemble!(MEANS, VARS, ctx, { weights: Float64Array.from([0, 1, 0]), df: law.df }).value;
    assert.equal(one, createLogEi().fromMoments(MEANS[1], VARS[1], ctx, 5).value);
    const eq = createLogEi().fromEnsemble!(MEANS, VARS, ctx, { weights: Float64Array.from([1 / 3, 1 / 3, 1 / 3]) }).value;
    assert.ok(Math.abs(eq - createLogEi().fromEnsemble!(MEANS, VARS, ctx).value) < 1e-12);
  });
});

/** A smooth 2-D function sampled at 14 points, fitted by a family of the registry. */
async function fitted(kind: string): Promise<{ model: FittedSurrogate; data: TrainingData }> {
  const X = uniformPoints(14, 2, 5);
  const y = Float64Array.from({ length: 14 }, (_, i) => Math.sin(5 * X.data[2 * i]) + Math.cos(3 * X.data[2 * i + 1]));
  const m = y.reduce((a, b) => a + b, 0) / 14;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / 14);
  const data = { X, y: Float64Array.from(y, (v) => (v - m) / sd) };
  return { model: await createSurrogate(kind, {}).fit(data, { rng: createRng(3) }), data };
}

describe('the stacked model (gp 0.6 + stp 0.4) through the optimizer seams', async () => {
  const gp = await fitted('gp');
  const stp = await fitted('stp');
  const stack = new FittedStack([gp.model, stp.model], Float64Array.from([0.6, 0.4]));
  const points = [[0.98, 0.97], [0.02, 0.95], [0.5, 0.01], [0.31, 0.72]];
  const best = Math.max(...gp.data.y);

  it('LogEI x-gradient (predictEnsembleWithGradient, weights, the t member) matches central differences of values()', () => {
    const obj = buildMomentObjective(stack, createLogEi(), { best, rng: createRng(1) });
    for (const p of points) {
      const x = Float64Array.from(p);
      const g = new Float64Array(2);
      const v = obj.valueAndGradient!(x, g);
      assert.ok(Math.abs(v - obj.values({ rows: 1, cols: 2, data: x })[0]) < 1e-10);
      assertCentralDifferences(obj.values, x, g, `x ${p}`);
    }
  });

  it('the mixture LogEI equals log(0.6·EI_gp + 0.4·EI_stp) of the members evaluated alone', () => {
    const ei = createLogEi();
    for (const p of points) {
      const X = { rows: 1, cols: 2, data: Float64Array.from(p) };
      const a = ei.evaluate(gp.model.posterior(X), { best, rng: createRng(0) })[0];
      const b = ei.evaluate(stp.model.posterior(X), { best, rng: createRng(0) })[0];
      const mix = ei.evaluate(stack.posterior(X), { best, rng: createRng(0) })[0];
      assert.ok(Math.abs(mix - Math.log(0.6 * Math.exp(a) + 0.4 * Math.exp(b))) < 1e-12);
    }
  });

  it('qLogNEI of the mixture: analytic x-gradient matches central differences, and the value matches a Monte Carlo qNEI of independent joint draws (within 5%)', () => {
    const q = createQLogNei({ samples: 4096, seed: 4 });
    const prepared = q.prepare(stack, { baseline: gp.data.X });
    assert.ok(prepared.valueAndGradient, 'both members have analytic surfaces (the t member through studentTJoint)');
    // Where the improvement is not negligible: the three best points of a 20×20 grid (elsewhere qNEI is ~1e-20 on both sides).
    const grid = { rows: 400, cols: 2, data: Float64Array.from({ length: 800 }, (_, i) => ((i % 2 === 0 ? Math.floor(i / 2 / 20) : (i / 2) % 20 | 0) + 0.5) / 20) };
    const gv = prepared.values(grid);
    const top = [...gv.keys()].sort((a, b) => gv[b] - gv[a]).slice(0, 3).map((r) => [grid.data[2 * r], grid.data[2 * r + 1]]);
    for (const p of top) {
      const x = Float64Array.from(p);
      const g = new Float64Array(2);
      const v = prepared.valueAndGradient!(x, g);
      assert.ok(Math.abs(v - prepared.values({ rows: 1, cols: 2, data: x })[0]) < 1e-9, 'values() and valueAndGradient() are one surface');
      assertCentralDifferences(prepared.values, x, g, `x ${p}`);
      // Reference: qNEI = Σ_k w_k E_k[max(ξ_x − max_baseline ξ, 0)] from 20k fresh joint draws per member.
      const rows = { rows: gp.data.X.rows + 1, cols: 2, data: Float64Array.from([...gp.data.X.data, ...p]) };
      const n = gp.data.X.rows;
      let nei = 0;
      [gp.model, stp.model].forEach((m, k) => {
        const Y = m.posterior(rows).sample(20_000, createRng(100 + k));
        let s = 0;
        for (let i = 0; i < Y.rows; i++) {
          let top = -Infinity;
          for (let j = 0; j < n; j++) top = Math.max(top, Y.data[i * (n + 1) + j]);
          s += Math.max(Y.data[i * (n + 1) + n] - top, 0);
        }
        nei += [0.6, 0.4][k] * (s / Y.rows);
      });
      assert.ok(Math.abs(Math.exp(v) / nei - 1) < 0.05, `x ${p}: qLogNEI ${Math.exp(v)} vs MC ${nei}`);
    }
  });

  it("sample(): the mixture's joint law: mean and covariance of 100k draws match Σ_k w_k (Σ_k + μ_k μ_kᵀ) − μ μᵀ from the members' own posteriors (the t member's covariance ν/(ν−2)·Ψ)", () => {
    const X = { rows: 2, cols: 2, data: Float64Array.from([0.2, 0.3, 0.25, 0.35]) };
    const parts = [gp.model.posterior(X), stp.model.posterior(X)] as unknown as { mean(): Float64Array; covariance(): { data: Float64Array } }[];
    const w = [0.6, 0.4];
    const mu = [0, 1].map((j) => w[0] * parts[0].mean()[j] + w[1] * parts[1].mean()[j]);
    const cov = [0, 1, 2, 3].map((e) => {
      const [a, b] = [Math.floor(e / 2), e % 2];
      return parts.reduce((s, p, k) => s + w[k] * (p.covariance().data[e] + p.mean()[a] * p.mean()[b]), 0) - mu[a] * mu[b];
    });
    const N = 100_000;
    const Y = stack.posterior(X).sample(N, createRng(9));
    const m = [0, 1].map((j) => Y.data.filter((_, i) => i % 2 === j).reduce((a, b) => a + b, 0) / N);
    const c = [0, 1, 2, 3].map((e) => {
      const [a, b] = [Math.floor(e / 2), e % 2];
      let s = 0;
      for (let i = 0; i < N; i++) s += (Y.data[2 * i + a] - m[a]) * (Y.data[2 * i + b] - m[b]);
      return s / (N - 1);
    });
    for (let j = 0; j < 2; j++) assert.ok(Math.abs(m[j] - mu[j]) < 4 * Math.sqrt(cov[3 * j] / N), `mean ${j}: ${m[j]} vs ${mu[j]}`);
    // Covariance entries within 3% (the t member's fourth moment makes the MC error larger than a Gaussian's).
    for (let e = 0; e < 4; e++) assert.ok(Math.abs(c[e] - cov[e]) < 0.03 * Math.sqrt(cov[0] * cov[3]), `cov ${e}: ${c[e]} vs ${cov[e]}`);
  });

  it('stratified draws: member k gets ≈ w_k of the S draws (S = 128: 77 and 51)', () => {
    const Y = stack.posterior({ rows: 2, cols: 2, data: Float64Array.from([0.1, 0.2, 0.7, 0.9]) }).sampleFromBase({ rows: 128, cols: 2, data: new Float64Array(256) });
    // With zero base samples every draw is its member's mean: the first 77 rows the GP's, the rest the STP's.
    const gpMean = gp.model.posterior({ rows: 2, cols: 2, data: Float64Array.from([0.1, 0.2, 0.7, 0.9]) }).mean();
    for (let i = 0; i < 77; i++) assert.ok(Math.abs(Y.data[2 * i] - gpMean[0]) < 1e-12);
    const stpMean = stp.model.posterior({ rows: 2, cols: 2, data: Float64Array.from([0.1, 0.2, 0.7, 0.9]) }).mean();
    for (let i = 77; i < 128; i++) assert.ok(Math.abs(Y.data[2 * i] - stpMean[0]) < 1e-12);
  });
});
