import type { Matrix } from '../core/matrix.js';
import { capabilitiesOf, isGaussian, type FittedSurrogate, type Posterior } from '../surrogates/types.js';

/**
 * z of the marginal screen. A point i is dropped when μ_i + z·σ_i < max_j (μ_j − z·σ_j) =: μ_b − z·σ_b.
 * Then, for any correlation, P(f_i ≥ f_b) ≤ P(f_i ≥ μ_i + zσ_i) + P(f_b ≤ μ_b − zσ_b) = 2Φ(−z), so
 * P(i is the best) ≤ 2Φ(−6) = 2.0e-9 per draw (upper bounds on σ only make this smaller). With
 * S = 128 draws and n = 2,000 points the full joint method would keep a dropped point with
 * probability ≤ n·S·2Φ(−z) = 5e-4 in all.
 */
export const SCREEN_Z = 6;

/** Rows of X (r×d) at the given indices. */
export function selectRows(X: Matrix, rows: readonly number[]): Matrix {
  const d = X.cols;
  const data = new Float64Array(rows.length * d);
  rows.forEach((k, r) => data.set(X.data.subarray(k * d, (k + 1) * d), r * d));
  return { rows: rows.length, cols: d, data };
}

/** Indices of the columns of Y (S×m) that are the argmax of at least one row. */
export function argmaxColumns(Y: Matrix): number[] {
  const keep = new Uint8Array(Y.cols);
  for (let i = 0; i < Y.rows; i++) {
    let arg = 0;
    for (let k = 1; k < Y.cols; k++) if (Y.data[i * Y.cols + k] > Y.data[i * Y.cols + arg]) arg = k;
    keep[arg] = 1;
  }
  const rows: number[] = [];
  keep.forEach((v, k) => v && rows.push(k));
  return rows;
}

/** Indices i with μ_i + z·σ_i ≥ max_j (μ_j − z·σ_j) (see SCREEN_Z); σ² may be an upper bound. */
export function marginalSurvivors(mean: Float64Array, variance: Float64Array, z = SCREEN_Z): number[] {
  let lower = -Infinity;
  for (let i = 0; i < mean.length; i++) lower = Math.max(lower, mean[i] - z * Math.sqrt(Math.max(variance[i], 0)));
  const rows: number[] = [];
  for (let i = 0; i < mean.length; i++) if (mean[i] + z * Math.sqrt(Math.max(variance[i], 0)) >= lower) rows.push(i);
  return rows;
}

/**
 * Indices of the baseline rows (n×d) kept by qLogNEI: those that are the best in at least one joint
 * posterior draw (BoTorch's prune_inferior_points, botorch/acquisition/utils.py), with the draws
 * taken only over the survivors of the marginal screen above. Marginals come from
 * the model's marginalBounds capability when it has one (O(n²d)), else from the Gaussian posterior's variances
 * (O(n³) but no joint Cholesky); a non-Gaussian posterior (heavy tails) gets no screen.
 * draws(posterior) must give the S joint draws (S×m) the acquisition uses.
 */
export function prunedBaselineRows(model: FittedSurrogate, baseline: Matrix, draws: (p: Posterior) => Matrix): number[] {
  let survivors: number[];
  const bounds = capabilitiesOf(model).marginalBounds;
  if (bounds) {
    const { mean, varianceUpper } = bounds(baseline);
    survivors = marginalSurvivors(mean, varianceUpper);
  } else {
    const posterior = model.posterior(baseline);
    if (!isGaussian(posterior)) return argmaxColumns(draws(posterior));
    survivors = marginalSurvivors(posterior.mean(), posterior.variance());
  }
  if (survivors.length <= 1) return survivors;
  return argmaxColumns(draws(model.posterior(selectRows(baseline, survivors)))).map((k) => survivors[k]);
}
