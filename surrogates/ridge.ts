/**
 * Ridge regression for the RegMix baseline and the multi-fidelity policy's proxy mean (policy/proxy-mean.ts) (Liu et al. 2024 fit a regression of the target on the
 * mixture weights of cheap proxy runs; their linear variant, without LightGBM): centred features
 * and target (unpenalised intercept), β = (XcᵀXc + λI)⁻¹ Xcᵀyc, λ chosen from a log grid by exact
 * leave-one-out error, e_i / (1 − h_ii) with h_ii = 1/n + x_ciᵀ(XcᵀXc + λI)⁻¹x_ci (Hastie,
 * Tibshirani & Friedman, ESL §7.10).
 */
import { cholInverse, cholesky } from '../core/linalg/linalg.js';

/** A fitted ridge model: predict(x) for a feature row. */
export interface RidgeModel {
  readonly lambda: number;
  readonly looMse: number;
  /** β: the prediction's gradient in the features. */
  readonly coefficients: Float64Array;
  /** Training residuals y_i − ŷ_i at the chosen λ. */
  readonly residuals: Float64Array;
  /**
   * (XcᵀXc + λI)⁻¹ (p×p, row-major) and σ̂² = RSS / (n − 1 − df), df = tr(Xc(XcᵀXc + λI)⁻¹Xcᵀ): read as
   * a Gaussian posterior, Cov(β) = σ̂²·(XcᵀXc + λI)⁻¹ (the ridge as a Bayesian linear model with
   * prior β ~ N(0, σ²/λ·I); Hastie, Tibshirani & Friedman, ESL §3.4.1, §7.6 for df).
   */
  readonly gramInverse: Float64Array;
  readonly noiseVariance: number;
  predict(x: ArrayLike<number>): number;
}

const LAMBDAS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/** Fits ridge on rows X (n × p) and targets y, λ from `lambdas` by leave-one-out MSE. */
export function fitRidge(X: readonly ArrayLike<number>[], y: readonly number[], lambdas: readonly number[] = LAMBDAS): RidgeModel {
  const n = X.length;
  if (n < 2 || y.length !== n) throw new RangeError('fitRidge: need at least 2 rows and one target per row');
  const p = X[0]!.length;
  const xMean = new Float64Array(p);
  for (const x of X) for (let j = 0; j < p; j++) xMean[j] += x[j]! / n;
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  const Xc = X.map((x) => Float64Array.from({ length: p }, (_, j) => x[j]! - xMean[j]!));
  const yc = y.map((v) => v - yMean);
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const xi = Xc[i]!;
    for (let a = 0; a < p; a++) {
      xty[a] += xi[a]! * yc[i]!;
      for (let b = 0; b < p; b++) gram[a * p + b] += xi[a]! * xi[b]!;
    }
  }
  let best: { lambda: number; looMse: number; beta: Float64Array; residuals: Float64Array; inv: Float64Array; df: number } | undefined;
  for (const lambda of lambdas) {
    const A = Float64Array.from(gram);
    for (let a = 0; a < p; a++) A[a * p + a] += lambda;
    const L = cholesky({ rows: p, cols: p, data: A });
    if (L === null) continue;
    const inv = cholInverse(L).data;
    const beta = new Float64Array(p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) beta[a] += inv[a * p + b]! * xty[b]!;
    let sse = 0;
    let df = 0;
    const residuals = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const xi = Xc[i]!;
      let fit = 0;
      let h = 1 / n;
      for (let a = 0; a < p; a++) {
        fit += beta[a]! * xi[a]!;
        let s = 0;
        for (let b = 0; b < p; b++) s += inv[a * p + b]! * xi[b]!;
        h += xi[a]! * s;
      }
      df += h - 1 / n;
      residuals[i] = yc[i]! - fit;
      const e = residuals[i]! / (1 - h);
      sse += e * e;
    }
    if (!best || sse / n < best.looMse) best = { lambda, looMse: sse / n, beta, residuals, inv, df };
  }
  if (!best) throw new Error('fitRidge: no λ gave a positive definite system');
  const { beta, lambda, looMse, residuals, inv, df } = best;
  const rss = residuals.reduce((a, r) => a + r * r, 0);
  return {
    lambda,
    looMse,
    coefficients: beta,
    residuals,
    gramInverse: inv,
    noiseVariance: rss / Math.max(1, n - 1 - df),
    predict(x) {
      let v = yMean;
      for (let j = 0; j < p; j++) v += beta[j]! * (x[j]! - xMean[j]!);
      return v;
    },
  };
}
