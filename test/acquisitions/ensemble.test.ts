/**
 * Acquisitions on an ensemble posterior (surrogates/ensemble.ts, acquisitions/ensemble-combine.ts)
 * against independent references:
 * - Monte Carlo: draw a member uniformly, then y ~ N(μ_s, v_s); EI, PI and the upper quantile of
 *   those draws are the mixture's (no use of the code under test).
 * - Finite differences for ∂/∂μ_s, ∂/∂v_s and for the optimizer's x-gradient.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMomentObjective } from '../../acquisitions/optimize.js';
import { createLogEi } from '../../acquisitions/log-ei.js';
import { createLogPi } from '../../acquisitions/log-pi.js';
import { createPosteriorMean } from '../../acquisitions/posterior-mean.js';
import { createQLogNei } from '../../acquisitions/qlognei.js';
import { createUcb } from '../../acquisitions/ucb.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { GaussianEnsemblePosterior, type EnsemblePointPrediction } from '../../surrogates/ensemble.js';
import type { FittedSurrogate } from '../../surrogates/types.js';

const MEANS = [0.3, -0.5, 1.1, 0.05];
const VARS = [0.04, 0.5, 0.01, 0.2];
const BEST = 0.6;

function onePoint(means: number[], vars: number[]): GaussianEnsemblePosterior {
  return new GaussianEnsemblePosterior({ rows: means.length, cols: 1, data: Float64Array.from(means) }, { rows: vars.length, cols: 1, data: Float64Array.from(vars) });
}

/** N draws of the mixture: member uniform, then Gaussian (independent of the code under test). */
function mixtureDraws(means: number[], vars: number[], N: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const s = Math.floor(rng.uniform() * means.length);
    out[i] = means[s] + Math.sqrt(vars[s]) * rng.normal();
  }
  return out;
}

const ctx = { best: BEST, rng: createRng(0) };

describe('moment acquisitions on an ensemble posterior', () => {
  const N = 400_000;
  const y = mixtureDraws(MEANS, VARS, N, 7);

  it('LogEI is the log of the mixture EI (Monte Carlo, 400k draws)', () => {
    let ei = 0;
    let ei2 = 0;
    for (const v of y) {
      const imp = Math.max(v - BEST, 0);
      ei += imp / N;
      ei2 += (imp * imp) / N;
    }
    const se = Math.sqrt((ei2 - ei * ei) / N);
    const got = Math.exp(createLogEi().evaluate(onePoint(MEANS, VARS), ctx)[0]);
    // 4 standard errors of the MC mean.
    assert.ok(Math.abs(got - ei) < 4 * se, `EI ${got} vs MC ${ei} ± ${se}`);
  });

  it('LogPI is the log of the mixture PI (Monte Carlo)', () => {
    let pi = 0;
    for (const v of y) if (v > BEST) pi += 1 / N;
    const se = Math.sqrt((pi * (1 - pi)) / N);
    const got = Math.exp(createLogPi().evaluate(onePoint(MEANS, VARS), ctx)[0]);
    assert.ok(Math.abs(got - pi) < 4 * se, `PI ${got} vs MC ${pi} ± ${se}`);
  });

  it('UCB is the mixture quantile at Φ(√β) (Monte Carlo quantile)', () => {
    const beta = 2;
    const got = createUcb(beta).evaluate(onePoint(MEANS, VARS), ctx)[0];
    // Empirical CDF at the returned value: Φ(√2) = 0.92135; binomial sd at N = 400k is 4.3e-4.
    let below = 0;
    for (const v of y) if (v <= got) below += 1 / N;
    assert.ok(Math.abs(below - 0.9213503964748575) < 2e-3, `mixture CDF at UCB ${below}`);
  });

  it('one member reduces to the Gaussian forms (closed form μ + √β·σ for UCB)', () => {
    const p = onePoint([0.2], [0.09]);
    assert.ok(Math.abs(createUcb(2).evaluate(p, ctx)[0] - (0.2 + Math.SQRT2 * 0.3)) < 1e-9);
    const ei = createLogEi();
    assert.ok(Math.abs(ei.evaluate(p, ctx)[0] - ei.fromMoments(0.2, 0.09, ctx).value) < 1e-12);
  });

  it('posterior mean is the member average', () => {
    const got = createPosteriorMean().evaluate(onePoint(MEANS, VARS), ctx)[0];
    assert.ok(Math.abs(got - MEANS.reduce((a, b) => a + b) / MEANS.length) < 1e-12);
  });

  it('function draws (variance 0): LogEI = log mean max(f_s − f*, 0)', () => {
    const draws = [0.9, 0.1, 0.7, -0.3];
    const got = createLogEi().evaluate(onePoint(draws, [0, 0, 0, 0]), ctx)[0];
    assert.ok(Math.abs(got - Math.log((0.3 + 0.1) / 4)) < 1e-8, `${got}`);
  });

  for (const [name, acq] of [
    ['log-ei', createLogEi()],
    ['log-pi', createLogPi()],
    ['ucb', createUcb(2)],
  ] as const) {
    it(`${name}: member partials match central finite differences`, () => {
      const g = acq.fromEnsemble!(MEANS, VARS, ctx);
      const h = 1e-6;
      for (let s = 0; s < MEANS.length; s++) {
        const up = MEANS.slice();
        const dn = MEANS.slice();
        up[s] += h;
        dn[s] -= h;
        const fdM = (acq.fromEnsemble!(up, VARS, ctx).value - acq.fromEnsemble!(dn, VARS, ctx).value) / (2 * h);
        assert.ok(Math.abs(fdM - g.dMeans[s]) < 1e-5 * Math.max(1, Math.abs(fdM)), `${name} dμ_${s}: ${g.dMeans[s]} vs ${fdM}`);
        const vu = VARS.slice();
        const vd = VARS.slice();
        vu[s] += h;
        vd[s] -= h;
        const fdV = (acq.fromEnsemble!(MEANS, vu, ctx).value - acq.fromEnsemble!(MEANS, vd, ctx).value) / (2 * h);
        assert.ok(Math.abs(fdV - g.dVariances[s]) < 1e-5 * Math.max(1, Math.abs(fdV)), `${name} dv_${s}: ${g.dVariances[s]} vs ${fdV}`);
      }
    });
  }
});

/** A 2-D ensemble model with closed-form members: μ_s = sin(a_s·x0) + b_s·x1, v_s = c_s + x0²·x1. */
function fakeEnsembleModel(): FittedSurrogate {
  const a = [1, 2.5, -1.5];
  const b = [0.3, -0.7, 1.2];
  const c = [0.05, 0.2, 0.01];
  const M = a.length;
  const member = (x: ArrayLike<number>, s: number) => ({ mu: Math.sin(a[s] * x[0]) + b[s] * x[1], v: c[s] + x[0] * x[0] * x[1] });
  return {
    kind: 'fake-ensemble',
    dim: 2,
    posteriorKind: 'ensemble',
    posterior(X: Matrix) {
      const m = X.rows;
      const mu = new Float64Array(M * m);
      const v = new Float64Array(M * m);
      for (let s = 0; s < M; s++) {
        for (let j = 0; j < m; j++) {
          const p = member(X.data.subarray(j * 2, j * 2 + 2), s);
          mu[s * m + j] = p.mu;
          v[s * m + j] = p.v;
        }
      }
      return new GaussianEnsemblePosterior({ rows: M, cols: m, data: mu }, { rows: M, cols: m, data: v });
    },
    predictEnsembleWithGradient(x: ArrayLike<number>): EnsemblePointPrediction {
      const means = new Float64Array(M);
      const variances = new Float64Array(M);
      const dM = new Float64Array(M * 2);
      const dV = new Float64Array(M * 2);
      for (let s = 0; s < M; s++) {
        const p = member(x, s);
        means[s] = p.mu;
        variances[s] = p.v;
        dM[s * 2] = a[s] * Math.cos(a[s] * x[0]);
        dM[s * 2 + 1] = b[s];
        dV[s * 2] = 2 * x[0] * x[1];
        dV[s * 2 + 1] = x[0] * x[0];
      }
      return { means, variances, dMeans: { rows: M, cols: 2, data: dM }, dVariances: { rows: M, cols: 2, data: dV } };
    },
    state: () => ({ kind: 'fake-ensemble' }),
    diagnostics: () => ({}),
  };
}

describe('the optimizer objective on an ensemble model', () => {
  for (const [name, acq] of [
    ['log-ei', createLogEi()],
    ['log-pi', createLogPi()],
    ['ucb', createUcb(2)],
  ] as const) {
    it(`${name}: valueAndGradient agrees with values() and its finite differences`, () => {
      const obj = buildMomentObjective(fakeEnsembleModel(), acq, ctx);
      assert.ok(obj.valueAndGradient, 'analytic gradient for an ensemble model');
      for (const x of [[0.3, 0.6], [0.8, 0.2], [0.55, 0.9]]) {
        const xv = Float64Array.from(x);
        const g = new Float64Array(2);
        const v = obj.valueAndGradient!(xv, g);
        assert.ok(Math.abs(v - obj.values({ rows: 1, cols: 2, data: xv })[0]) < 1e-10);
        const h = 1e-6;
        for (let k = 0; k < 2; k++) {
          const up = xv.slice();
          const dn = xv.slice();
          up[k] += h;
          dn[k] -= h;
          const fd = (obj.values({ rows: 1, cols: 2, data: up })[0] - obj.values({ rows: 1, cols: 2, data: dn })[0]) / (2 * h);
          assert.ok(Math.abs(fd - g[k]) < 1e-5 * Math.max(1, Math.abs(fd)), `${name} ∂/∂x${k} at ${x}: ${g[k]} vs ${fd}`);
        }
      }
    });
  }
});

describe('qLogNEI on an ensemble posterior', () => {
  it('joint draws per member: q = 1 value matches Monte Carlo noisy EI', () => {
    const model = fakeEnsembleModel();
    const baseline: Matrix = { rows: 3, cols: 2, data: Float64Array.from([0.1, 0.2, 0.7, 0.4, 0.4, 0.8]) };
    const x: Matrix = { rows: 1, cols: 2, data: Float64Array.from([0.9, 0.95]) };
    const S = 3 * 4096;
    const got = createQLogNei({ samples: S, seed: 3, pruneBaseline: false }).evaluateBatch(model, x, { baseline });
    // Reference: member s uniform, independent Gaussians at the 4 rows, E[max(ξ_x − max_b ξ_b, 0)].
    const all: Matrix = { rows: 4, cols: 2, data: Float64Array.from([...baseline.data, ...x.data]) };
    const p = model.posterior(all) as GaussianEnsemblePosterior;
    const mu = p.memberMeans();
    const v = p.memberVariances();
    const rng = createRng(11);
    const N = 400_000;
    let ei = 0;
    let ei2 = 0;
    for (let i = 0; i < N; i++) {
      const s = Math.floor(rng.uniform() * 3);
      const xi = (j: number) => mu.data[s * 4 + j] + Math.sqrt(v.data[s * 4 + j]) * rng.normal();
      const best = Math.max(xi(0), xi(1), xi(2));
      const imp = Math.max(xi(3) - best, 0);
      ei += imp / N;
      ei2 += (imp * imp) / N;
    }
    const sd = Math.sqrt(ei2 - ei * ei);
    // qLogNEI's own MC error dominates (S = 12,288 draws): 4 of its standard errors, plus the
    // fat-max / fat-plus smoothing (τ = 1e-6, 1e-2: well below this tolerance at q = 1).
    const tol = (4 * sd) / Math.sqrt(S) + (4 * sd) / Math.sqrt(N);
    assert.ok(Math.abs(Math.exp(got) - ei) < tol, `qLogNEI ${Math.exp(got)} vs MC ${ei} ± ${tol}`);
  });

  it('the q = 1 surface equals valueOfBatch and its analytic x-gradient matches finite differences (with a pending point)', () => {
    const model = fakeEnsembleModel();
    const baseline: Matrix = { rows: 3, cols: 2, data: Float64Array.from([0.1, 0.2, 0.7, 0.4, 0.4, 0.8]) };
    for (const pending of [undefined, { rows: 1, cols: 2, data: Float64Array.from([0.6, 0.6]) }]) {
      const prepared = createQLogNei({ samples: 96, seed: 1, pruneBaseline: false }).prepare(model, { baseline, pending });
      assert.ok(prepared.valueAndGradient, 'ensemble models get the analytic surface');
      for (const x of [[0.9, 0.95], [0.3, 0.7], [0.55, 0.15]]) {
        const xv = Float64Array.from(x);
        const row = { rows: 1, cols: 2, data: xv };
        const v = prepared.values(row)[0];
        assert.ok(Math.abs(v - prepared.valueOfBatch(row)) < 1e-10, `surface ${v} vs valueOfBatch ${prepared.valueOfBatch(row)}`);
        const g = new Float64Array(2);
        assert.ok(Math.abs(prepared.valueAndGradient!(xv, g) - v) < 1e-10);
        const h = 1e-6;
        for (let k = 0; k < 2; k++) {
          const up = xv.slice();
          const dn = xv.slice();
          up[k] += h;
          dn[k] -= h;
          const fd = (prepared.values({ rows: 1, cols: 2, data: up })[0] - prepared.values({ rows: 1, cols: 2, data: dn })[0]) / (2 * h);
          assert.ok(Math.abs(fd - g[k]) < 1e-5 * Math.max(1, Math.abs(fd)), `∂/∂x${k} at ${x}: ${g[k]} vs ${fd}`);
        }
      }
    }
  });

  it('draws spread evenly over members (count < M picks evenly spaced members)', () => {
    const M = 10;
    const p = new GaussianEnsemblePosterior({ rows: M, cols: 1, data: Float64Array.from({ length: M }, (_, s) => s) }, { rows: M, cols: 1, data: new Float64Array(M) });
    const d = p.sampleFromBase({ rows: 5, cols: 1, data: new Float64Array(5) });
    assert.deepEqual(Array.from(d.data), [0, 2, 4, 6, 8]);
    const e = p.sampleFromBase({ rows: 20, cols: 1, data: new Float64Array(20) });
    assert.deepEqual(Array.from(e.data), Array.from({ length: 20 }, (_, i) => Math.floor(i / 2)));
  });
});

describe('Thompson sampling on an ensemble posterior', () => {
  it('returns one member function (its means), each member equally often (binomial, 4 sd)', async () => {
    const { createThompson } = await import('../../acquisitions/thompson.js');
    const M = 4;
    const m = 3;
    const means = Float64Array.from({ length: M * m }, (_, k) => Math.floor(k / m) * 10 + (k % m));
    const p = new GaussianEnsemblePosterior({ rows: M, cols: m, data: means }, { rows: M, cols: m, data: new Float64Array(M * m).fill(1) });
    const rng = createRng(2);
    const counts = new Array(M).fill(0);
    const N = 4000;
    for (let i = 0; i < N; i++) {
      const draw = createThompson().evaluate(p, { best: 0, rng });
      const s = Math.round(draw[0] / 10);
      assert.deepEqual(Array.from(draw), Array.from(means.subarray(s * m, (s + 1) * m)));
      counts[s]++;
    }
    const sd = Math.sqrt((N * (1 / M) * (1 - 1 / M)));
    for (const c of counts) assert.ok(Math.abs(c - N / M) < 4 * sd, `member counts ${counts}`);
  });
});
