/**
 * The Bayesian predictive of a ridge regression (surrogates/ridge.ts) at new rows: the ridge read as
 * y = a + βᵀ(x − x̄) + ε with a flat prior on the intercept a, β ~ N(0, σ²/λ·I), ε ~ N(0, σ²), λ the
 * ridge's leave-one-out choice. With centred training rows X_c (n×p):
 *   mean(x)     = ȳ + βᵀ(x − x̄),   β = (X_cᵀX_c + λI)⁻¹X_cᵀy_c          (the ridge's prediction),
 *   variance(x) = σ²·(1 + 1/n + (x − x̄)ᵀ(X_cᵀX_c + λI)⁻¹(x − x̄))     (noise included),
 * σ² from the marginal likelihood given λ with a integrated out: y ~ N(a·1, σ²(I + X_cX_cᵀ/λ)),
 *   σ̂² = y_cᵀ(I + X_cX_cᵀ/λ)⁻¹y_c / (n − 1) = Σ y_c,i·r_i / (n − 1)
 * (Woodbury: (I + X_cX_cᵀ/λ)⁻¹ = I − X_c(X_cᵀX_c + λI)⁻¹X_cᵀ; r the training residuals). The
 * posterior of β is computed by surrogates/bayes-linear.ts with prior variance σ²/λ and noise σ².
 * Scores the linear proxy law against a GP on held-out runs (policy/proxy-law-choice.ts).
 */
import { fitBayesLinear } from './bayes-linear.js';
import { fitRidge } from './ridge.js';

/** Predictive mean and variance (noise included) at feature rows. */
export type LinearPredictive = (rows: readonly ArrayLike<number>[]) => { mean: Float64Array; variance: Float64Array };

/** Fits the ridge on rows X (n×p, n ≥ 3) and targets y and returns its Bayesian predictive. */
export function fitRidgePredictive(X: readonly ArrayLike<number>[], y: readonly number[]): LinearPredictive {
  const n = X.length;
  if (n < 3) throw new RangeError('fitRidgePredictive: need at least 3 rows');
  const p = X[0].length;
  const ridge = fitRidge(X, y);
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  let quadratic = 0;
  for (let i = 0; i < n; i++) quadratic += (y[i] - yMean) * ridge.residuals[i];
  const sigma2 = Math.max(quadratic / (n - 1), 1e-12);
  const xMean = new Float64Array(p);
  for (const x of X) for (let j = 0; j < p; j++) xMean[j] += x[j] / n;
  const centred = (x: ArrayLike<number>) => Float64Array.from({ length: p }, (_, j) => x[j] - xMean[j]);
  const posterior = fitBayesLinear(X.map(centred), y.map((v) => v - yMean), new Float64Array(p), new Float64Array(p).fill(sigma2 / ridge.lambda), sigma2);
  return (rows) => {
    const latent = posterior.predict(rows.map(centred));
    return {
      mean: Float64Array.from(latent.mean, (m) => m + yMean),
      variance: Float64Array.from(latent.variance, (v) => v + sigma2 * (1 + 1 / n)),
    };
  };
}
