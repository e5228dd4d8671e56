/**
 * Leave-one-out predictive of a ridge regression read as a Bayesian linear model, in closed form:
 * y = a + βᵀx + ε with a flat prior on the intercept a, β ~ N(0, σ²/λ·I), ε ~ N(0, σ²). With the
 * ridge's hat matrix H (leverage h_ii, 1/n for the intercept included) and training residuals r,
 *   μ₋ᵢ = y_i − r_i / (1 − h_ii)                      (ESL §7.10),
 *   σ²₋ᵢ = σ²·(1 + x̃ᵢᵀ(X̃₋ᵢᵀX̃₋ᵢ + Λ)⁻¹x̃ᵢ) = σ² / (1 − h_ii)   (Sherman–Morrison),
 * the predictive of row i from the other rows at the same λ and σ². σ² is the marginal-likelihood
 * estimate given λ: y ~ N(a·1, σ²(I + X_cX_cᵀ/λ)) with a integrated out gives
 *   σ̂² = y_cᵀ(I − H_c)y_c / (n − 1) = Σ y_c,i·r_i / (n − 1)
 * (Woodbury: (I + X_cX_cᵀ/λ)⁻¹ = I − H_c, H_c the slope part of H). Used to score the linear law
 * against a GP on the same runs (policy/mf-model-choice.ts).
 */
import type { LeaveOneOut } from './capabilities.js';
import type { RidgeModel } from './ridge.js';

/** LOO moments (y's units) of the fitted ridge `model` on its training targets y. */
export function ridgeLeaveOneOut(model: Pick<RidgeModel, 'leverage' | 'residuals'>, y: ArrayLike<number>): LeaveOneOut {
  const n = y.length;
  if (model.leverage.length !== n || n < 2) throw new RangeError('ridgeLeaveOneOut: need the fit\'s own targets (at least 2)');
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i] / n;
  let quadratic = 0;
  for (let i = 0; i < n; i++) quadratic += (y[i] - yMean) * model.residuals[i];
  const sigma2 = Math.max(quadratic / (n - 1), 1e-12);
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const keep = Math.max(1 - model.leverage[i], 1e-12);
    mean[i] = y[i] - model.residuals[i] / keep;
    variance[i] = sigma2 / keep;
  }
  return { mean, variance };
}
