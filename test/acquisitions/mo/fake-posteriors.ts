/**
 * Fitted models with closed-form posteriors for the multi-outcome draw tests: an ensemble of
 * Gaussian members (or function draws), the same members as an HMC-style mixture, and a Gaussian
 * with a diagonal covariance. Every member is given by its mean and variance functions with
 * their x-gradients, so tests know the exact moments.
 */
import type { Matrix } from '../../../core/matrix.js';
import type { Rng } from '../../../core/rng.js';
import { GaussianEnsemblePosterior } from '../../../surrogates/ensemble.js';
import { EnsemblePosterior as DrawMixture } from '../../../surrogates/hmc-bnn/ensemble-posterior.js';
import type { EnsemblePointPrediction, FittedSurrogate, GaussianPosterior, Posterior, PosteriorKind } from '../../../surrogates/types.js';

/** One member: mean and variance at x with gradients. */
export interface Member {
  mean(x: Float64Array, grad?: Float64Array): number;
  variance(x: Float64Array, grad?: Float64Array): number;
}

const rowOf = (X: Matrix, r: number): Float64Array => X.data.slice(r * X.cols, (r + 1) * X.cols);

function memberMatrices(members: readonly Member[], X: Matrix): { means: Matrix; variances: Matrix } {
  const M = members.length;
  const m = X.rows;
  const means = new Float64Array(M * m);
  const variances = new Float64Array(M * m);
  members.forEach((mb, s) => {
    for (let r = 0; r < m; r++) {
      means[s * m + r] = mb.mean(rowOf(X, r));
      variances[s * m + r] = mb.variance(rowOf(X, r));
    }
  });
  return { means: { rows: M, cols: m, data: means }, variances: { rows: M, cols: m, data: variances } };
}

function pointMembers(members: readonly Member[], x: ArrayLike<number>): EnsemblePointPrediction {
  const M = members.length;
  const d = x.length;
  const xv = Float64Array.from(x);
  const means = new Float64Array(M);
  const variances = new Float64Array(M);
  const dMeans = new Float64Array(M * d);
  const dVariances = new Float64Array(M * d);
  members.forEach((mb, s) => {
    means[s] = mb.mean(xv, dMeans.subarray(s * d, (s + 1) * d));
    variances[s] = mb.variance(xv, dVariances.subarray(s * d, (s + 1) * d));
  });
  return { means, variances, dMeans: { rows: M, cols: d, data: dMeans }, dVariances: { rows: M, cols: d, data: dVariances } };
}

function fitted(kind: string, posteriorKind: PosteriorKind, dim: number, posterior: (X: Matrix) => Posterior, members?: readonly Member[]): FittedSurrogate {
  return {
    kind,
    dim,
    posteriorKind,
    posterior,
    ...(members ? { predictEnsembleWithGradient: (x: ArrayLike<number>) => pointMembers(members, x) } : {}),
    state: () => ({ kind }),
    diagnostics: () => ({}),
  };
}

/** An ensemble posterior model (as deep ensembles, bnn-sghmc, hmc-bnn 'ensemble'). */
export function fakeEnsemble(members: readonly Member[], dim: number): FittedSurrogate {
  return fitted('fake-ensemble', 'ensemble', dim, (X) => {
    const { means, variances } = memberMatrices(members, X);
    return new GaussianEnsemblePosterior(means, variances);
  }, members);
}

/** The same function draws as a moment-matched mixture (hmc-bnn's default posterior class); members' variances are taken as 0. */
export function fakeMixture(members: readonly Member[], dim: number): FittedSurrogate {
  const draws: Member[] = members.map((mb) => ({ mean: mb.mean, variance: (_x, grad) => (grad?.fill(0), 0) }));
  return fitted('fake-mixture', 'mixture', dim, (X) => new DrawMixture(memberMatrices(draws, X).means, new Float64Array(draws.length)), draws);
}

/** A Gaussian posterior with mean μ(x), variance v(x) and no correlation between rows. */
export function fakeDiagonalGaussian(member: Member, dim: number): FittedSurrogate {
  return fitted('fake-diagonal', 'gaussian', dim, (X) => {
    const m = X.rows;
    const mu = Float64Array.from({ length: m }, (_, r) => member.mean(rowOf(X, r)));
    const v = Float64Array.from({ length: m }, (_, r) => member.variance(rowOf(X, r)));
    const sampleFromBase = (base: Matrix): Matrix => {
      const out = new Float64Array(base.rows * m);
      for (let i = 0; i < base.rows; i++) for (let j = 0; j < m; j++) out[i * m + j] = mu[j] + Math.sqrt(v[j]) * base.data[i * base.cols + j];
      return { rows: base.rows, cols: m, data: out };
    };
    const post: GaussianPosterior = {
      kind: 'gaussian',
      size: m,
      mean: () => mu.slice(),
      variance: () => v.slice(),
      covariance: () => {
        const c = new Float64Array(m * m);
        for (let j = 0; j < m; j++) c[j * m + j] = v[j];
        return { rows: m, cols: m, data: c };
      },
      sampleFromBase,
      sample: (count: number, rng: Rng) => sampleFromBase({ rows: count, cols: m, data: Float64Array.from({ length: count * m }, () => rng.normal()) }),
    };
    return post;
  });
}

/**
 * Member s of outcome function f on [0,1]^2: μ_s(x) = f(x) + a_s sin(3x₀ + s) − b_s x₁, with
 * v_s(x) = c_s (1 + x₀²) (c_s = 0 makes it a function draw). Gradients by hand.
 */
export function wiggle(f: (x: Float64Array) => number, df: (x: Float64Array, g: Float64Array) => void, a: number, b: number, s: number, c: number): Member {
  return {
    mean(x, grad) {
      if (grad) {
        grad.fill(0);
        df(x, grad);
        grad[0] += 3 * a * Math.cos(3 * x[0] + s);
        grad[1] -= b;
      }
      return f(x) + a * Math.sin(3 * x[0] + s) - b * x[1];
    },
    variance(x, grad) {
      if (grad) {
        grad.fill(0);
        grad[0] = 2 * c * x[0];
      }
      return c * (1 + x[0] * x[0]);
    },
  };
}

/** Two conflicting objectives on [0,1]^2 (maximized) with their gradients. */
export const OBJECTIVES: { f: (x: Float64Array) => number; df: (x: Float64Array, g: Float64Array) => void }[] = [
  { f: (x) => 1 - 2 * ((x[0] - 0.2) ** 2 + (x[1] - 0.2) ** 2), df: (x, g) => { g[0] += -4 * (x[0] - 0.2); g[1] += -4 * (x[1] - 0.2); } },
  { f: (x) => 1 - 2 * ((x[0] - 0.8) ** 2 + (x[1] - 0.8) ** 2), df: (x, g) => { g[0] += -4 * (x[0] - 0.8); g[1] += -4 * (x[1] - 0.8); } },
];

/** M members of objective k: the last one a function draw (variance 0) when `withDraw`. */
export function membersOf(k: number, M: number, withDraw = true): Member[] {
  const { f, df } = OBJECTIVES[k];
  return Array.from({ length: M }, (_, s) => wiggle(f, df, 0.15 + 0.05 * s, 0.1 * (s - 1), s + k, withDraw && s === M - 1 ? 0 : 0.01 * (1 + s)));
}
