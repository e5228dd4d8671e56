/**
 * Bayesian linear regression with a Gaussian prior on the coefficients and a known noise variance
 * (Bishop 2006, §3.3): y = Fβ + ε, β ~ N(m₀, diag(v₀)), ε ~ N(0, σ²I), so
 *   S = (diag(1/v₀) + FᵀF/σ²)⁻¹,  m = S(m₀/v₀ + Fᵀy/σ²),
 * and at a feature row f the latent prediction has mean fᵀm and variance fᵀSf. The same model is
 * a GP with mean Fm₀ and kernel F diag(v₀) Fᵀ; the tests check both forms. Used by the
 * multi-fidelity policy's proxy-mean model (policy/proxy-mean-step.ts), where the features are
 * [1, φ(x), weights − their mean] and the prior centres φ's coefficient at 1.
 */
import { cholInverse, cholesky } from '../core/linalg/linalg.js';

/** A fitted Bayesian linear model. */
export interface BayesLinearModel {
  /** Posterior mean and covariance (p×p, row-major) of the coefficients. */
  readonly mean: Float64Array;
  readonly covariance: Float64Array;
  /** Latent mean and variance at feature rows. */
  predict(F: readonly ArrayLike<number>[]): { mean: Float64Array; variance: Float64Array };
}

/** Posterior of β given rows F (n×p), targets y, prior mean m0 and variances v0 (> 0), noise σ² (> 0). */
export function fitBayesLinear(F: readonly ArrayLike<number>[], y: ArrayLike<number>, m0: ArrayLike<number>, v0: ArrayLike<number>, noise: number): BayesLinearModel {
  const p = m0.length;
  if (v0.length !== p || F.length !== y.length || !(noise > 0) || Array.from(v0).some((v) => !(v > 0))) throw new RangeError('fitBayesLinear: need one prior mean and positive variance per coefficient, one target per row and noise > 0');
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    A[a * p + a] = 1 / v0[a];
    b[a] = m0[a] / v0[a];
  }
  F.forEach((f, i) => {
    if (f.length !== p) throw new RangeError(`fitBayesLinear: row ${i} has ${f.length} features, expected ${p}`);
    for (let a = 0; a < p; a++) {
      b[a] += (f[a] * y[i]) / noise;
      for (let c = 0; c < p; c++) A[a * p + c] += (f[a] * f[c]) / noise;
    }
  });
  const L = cholesky({ rows: p, cols: p, data: A });
  if (L === null) throw new Error('fitBayesLinear: the posterior precision is not positive definite');
  const S = cholInverse(L).data;
  const mean = new Float64Array(p);
  for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) mean[a] += S[a * p + c] * b[c];
  return {
    mean,
    covariance: S,
    predict(rows) {
      const mu = new Float64Array(rows.length);
      const variance = new Float64Array(rows.length);
      rows.forEach((f, i) => {
        let v = 0;
        for (let a = 0; a < p; a++) {
          mu[i] += f[a] * mean[a];
          let s = 0;
          for (let c = 0; c < p; c++) s += S[a * p + c] * f[c];
          v += f[a] * s;
        }
        variance[i] = Math.max(v, 0);
      });
      return { mean: mu, variance };
    },
  };
}
