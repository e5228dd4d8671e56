/**
 * The shared conformance suite every surrogate passes (DESIGN.md "Conformance suites"): the
 * contract of surrogates/types.ts checked against independent references — sample moments (Monte
 * Carlo) against the reported mean/variance, finite differences against predictWithGradient,
 * determinism under a seed, JSON warm-start round trip, immutability of fitted models, and a
 * fit-quality floor on a smooth function.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { isEnsemble, type FittedSurrogate, type Surrogate, type TrainingData } from '../../surrogates/types.js';

export interface ConformanceOptions {
  /** Training points (default 24). */
  readonly n?: number;
  /** Monte Carlo draws for the moment check (default 4000). */
  readonly draws?: number;
  /** Minimum held-out correlation between posterior mean and truth (default 0.8). */
  readonly minCorrelation?: number;
  /** Relative tolerance of the gradient check (default 1e-4). */
  readonly gradientTolerance?: number;
  /**
   * Marginals with very heavy tails (a PFN's bar distribution: half-normal tails past wide edge
   * buckets, kurtosis in the hundreds): a posterior with quantile(q) is checked by the share of
   * draws below its reported quantiles; otherwise the sample-variance check uses the standard error
   * from the draws' own fourth moment, sqrt((m4 − s⁴)/count), with 6 standard errors, instead of
   * the near-Gaussian v·sqrt(2/count) (default false).
   */
  readonly heavyTailedMarginals?: boolean;
}

const d = 2;
/** A smooth test function on [0,1]²; y is standardized by construction (roughly mean 0, sd 1). */
const truth = (x: ArrayLike<number>) => Math.sin(5 * x[0]) + Math.cos(3 * x[1]) - 0.3;

function dataset(n: number, seed: number): TrainingData {
  const rng = createRng(seed);
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.uniform();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = truth(X.subarray(i * d, i * d + d)) + 0.05 * rng.normal();
  return { X: { rows: n, cols: d, data: X }, y };
}

function grid(m: number, seed: number): Matrix {
  const rng = createRng(seed);
  return { rows: m, cols: d, data: Float64Array.from({ length: m * d }, () => rng.uniform()) };
}

/** Registers the suite for one surrogate under node:test. */
export function runSurrogateConformance(name: string, make: () => Surrogate, options: ConformanceOptions = {}): void {
  const n = options.n ?? 24;
  const data = dataset(n, 1);
  const fitOnce = (seed = 7) => make().fit(data, { rng: createRng(seed) });

  describe(`surrogate conformance: ${name}`, () => {
    let fitted: FittedSurrogate;

    it('fits, reports its kind and dimension, and predicts finite moments with positive variance', async () => {
      fitted = await fitOnce();
      assert.equal(fitted.dim, d);
      assert.equal(typeof fitted.kind, 'string');
      const X = grid(30, 2);
      const p = fitted.posterior(X);
      assert.equal(p.size, 30);
      const mu = p.mean();
      const v = p.variance();
      const vn = fitted.posterior(X, { observationNoise: true }).variance();
      for (let i = 0; i < 30; i++) {
        assert.ok(Number.isFinite(mu[i]), `mean ${i}`);
        assert.ok(v[i] > 0 && Number.isFinite(v[i]), `variance ${i}: ${v[i]}`);
        assert.ok(vn[i] >= v[i] * (1 - 1e-9), 'observation noise never lowers the variance');
      }
      const diag = fitted.diagnostics();
      assert.doesNotThrow(() => JSON.stringify(diag));
    });

    it(`learns a smooth function: held-out correlation of mean and truth >= ${options.minCorrelation ?? 0.8}`, () => {
      const X = grid(200, 3);
      const mu = fitted.posterior(X).mean();
      const t = Array.from({ length: 200 }, (_, i) => truth(X.data.subarray(i * d, i * d + d)));
      const mm = mu.reduce((a, b) => a + b, 0) / 200;
      const mt = t.reduce((a, b) => a + b, 0) / 200;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < 200; i++) {
        sxy += (mu[i] - mm) * (t[i] - mt);
        sxx += (mu[i] - mm) ** 2;
        syy += (t[i] - mt) ** 2;
      }
      const r = sxy / Math.sqrt(sxx * syy);
      assert.ok(r >= (options.minCorrelation ?? 0.8), `correlation ${r}`);
    });

    it('joint samples have the reported mean and variance (Monte Carlo, 4 standard errors)', () => {
      const X = grid(3, 4);
      const p = fitted.posterior(X);
      const count = options.draws ?? 4000;
      const S = p.sample(count, createRng(5));
      assert.equal(S.rows, count);
      assert.equal(S.cols, 3);
      const mu = p.mean();
      const v = p.variance();
      for (let j = 0; j < 3; j++) {
        let m = 0;
        for (let c = 0; c < count; c++) m += S.data[c * 3 + j] / count;
        let s = 0;
        for (let c = 0; c < count; c++) s += (S.data[c * 3 + j] - m) ** 2 / (count - 1);
        assert.ok(Math.abs(m - mu[j]) < 4 * Math.sqrt(v[j] / count), `mean ${j}: ${m} vs ${mu[j]}`);
        const quantile = (p as { quantile?: (q: number) => Float64Array }).quantile;
        if (options.heavyTailedMarginals && quantile) {
          // Tails so heavy that 4000 draws rarely reach the mass that sets the variance (the bar's
          // far edge buckets): check the draws against the reported distribution itself instead —
          // the share of draws below each reported quantile is Binomial(count, q)/count.
          for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
            const cut = quantile.call(p, q)[j];
            let below = 0;
            for (let c = 0; c < count; c++) if (S.data[c * 3 + j] <= cut) below++;
            assert.ok(Math.abs(below / count - q) < 4 * Math.sqrt((q * (1 - q)) / count), `quantile ${q} of row ${j}: ${below / count} of the draws below it`);
          }
          continue;
        }
        // sd of a sample variance ≈ v·sqrt(2/count) for Gaussian-like draws; heavier tails get 2x room.
        let tolV = 8 * v[j] * Math.sqrt(2 / count);
        if (options.heavyTailedMarginals) {
          let m4 = 0;
          for (let c = 0; c < count; c++) m4 += (S.data[c * 3 + j] - m) ** 4 / count;
          tolV = Math.max(tolV, 6 * Math.sqrt(Math.max(0, m4 - s * s) / count));
        }
        assert.ok(Math.abs(s - v[j]) < tolV, `variance ${j}: ${s} vs ${v[j]} (tolerance ${tolV})`);
      }
    });

    it('predictWithGradient agrees with posterior() and with central finite differences', () => {
      if (!fitted.predictWithGradient) return;
      const x = Float64Array.of(0.37, 0.61);
      const g = fitted.predictWithGradient(x);
      const p = fitted.posterior({ rows: 1, cols: d, data: x });
      assert.ok(Math.abs(g.mean - p.mean()[0]) < 1e-8 * Math.max(1, Math.abs(g.mean)));
      assert.ok(Math.abs(g.variance - p.variance()[0]) < 1e-8 * Math.max(1, g.variance));
      const h = 1e-6;
      const tol = options.gradientTolerance ?? 1e-4;
      for (let k = 0; k < d; k++) {
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[k] += h;
        xm[k] -= h;
        const a = fitted.predictWithGradient(xp);
        const b = fitted.predictWithGradient(xm);
        const fdm = (a.mean - b.mean) / (2 * h);
        const fdv = (a.variance - b.variance) / (2 * h);
        assert.ok(Math.abs(g.dMean[k] - fdm) < tol * Math.max(1, Math.abs(fdm)), `dMean ${k}: ${g.dMean[k]} vs ${fdm}`);
        assert.ok(Math.abs(g.dVariance[k] - fdv) < tol * Math.max(1, Math.abs(fdv)), `dVariance ${k}: ${g.dVariance[k]} vs ${fdv}`);
      }
    });

    it('predictEnsembleWithGradient (when offered) agrees with the ensemble posterior and with central finite differences', () => {
      if (!fitted.predictEnsembleWithGradient || fitted.posteriorKind !== 'ensemble') return;
      const x = Float64Array.of(0.37, 0.61);
      const g = fitted.predictEnsembleWithGradient(x);
      const p = fitted.posterior({ rows: 1, cols: d, data: x });
      assert.ok(isEnsemble(p), 'posteriorKind ensemble gives an ensemble posterior');
      const M = p.members;
      assert.equal(g.means.length, M);
      for (let s = 0; s < M; s++) {
        assert.ok(Math.abs(g.means[s] - p.memberMeans().data[s]) < 1e-8 * Math.max(1, Math.abs(g.means[s])), `member ${s} mean`);
        assert.ok(Math.abs(g.variances[s] - p.memberVariances().data[s]) < 1e-8 * Math.max(1, g.variances[s]), `member ${s} variance`);
      }
      const h = 1e-6;
      const tol = options.gradientTolerance ?? 1e-4;
      for (let k = 0; k < d; k++) {
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[k] += h;
        xm[k] -= h;
        const a = fitted.predictEnsembleWithGradient(xp);
        const b = fitted.predictEnsembleWithGradient(xm);
        for (let s = 0; s < M; s++) {
          const fdm = (a.means[s] - b.means[s]) / (2 * h);
          const fdv = (a.variances[s] - b.variances[s]) / (2 * h);
          assert.ok(Math.abs(g.dMeans.data[s * d + k] - fdm) < tol * Math.max(1, Math.abs(fdm)), `member ${s} dMean ${k}`);
          assert.ok(Math.abs(g.dVariances.data[s * d + k] - fdv) < tol * Math.max(1, Math.abs(fdv)), `member ${s} dVariance ${k}`);
        }
      }
    });

    it('is deterministic under a seed, and a fitted model is immutable', async () => {
      const X = grid(10, 6);
      const before = fitted.posterior(X).mean();
      const again = await fitOnce();
      const other = await make().fit(dataset(n, 9), { rng: createRng(7) });
      assert.deepEqual(Array.from(again.posterior(X).mean()), Array.from(before));
      assert.deepEqual(Array.from(fitted.posterior(X).mean()), Array.from(before), 'refitting must not change an earlier fitted model');
      assert.notDeepEqual(Array.from(other.posterior(X).mean()), Array.from(before));
    });

    it('state() survives a JSON round trip and warm-starts a fit on more data', async () => {
      const state = JSON.parse(JSON.stringify(fitted.state()));
      assert.equal(typeof state.kind, 'string');
      const more = dataset(n + 4, 1);
      const warm = await make().fit(more, { rng: createRng(8), warmStart: state });
      const mu = warm.posterior(grid(5, 7)).mean();
      for (const m of mu) assert.ok(Number.isFinite(m));
    });

    it('condition() (when offered) adds fantasies without refitting', () => {
      if (!fitted.condition) return;
      const x = { rows: 1, cols: d, data: Float64Array.of(0.5, 0.5) };
      const y0 = fitted.posterior(x).mean()[0];
      const c = fitted.condition(x, Float64Array.of(y0));
      assert.equal(c.dim, d);
      // Conditioning on the predicted mean keeps the mean and cannot raise the variance there.
      assert.ok(Math.abs(c.posterior(x).mean()[0] - y0) < 1e-6 * Math.max(1, Math.abs(y0)));
      assert.ok(c.posterior(x).variance()[0] <= fitted.posterior(x).variance()[0] * (1 + 1e-9));
    });
  });
}
