/**
 * The proxy mean of the multi-fidelity policy's 'proxy-mean' model (issue 22): RegMix's regression
 * (Liu et al. 2024: a regression of the result on the mixture weights, fitted on cheap proxy runs)
 * fitted on every run below the target level, used as the prior mean of the target-level GP
 * (policy/proxy-mean-step.ts). The regression is a ridge (surrogates/ridge.ts, λ by exact
 * leave-one-out) of the per-level standardized values on the features: the weights of the
 * space's first simplex parameter when it has one, else every encoded coordinate but the fidelity.
 * Per-level z-scores of different lower levels are pooled (each level's offset and spread are
 * removed, as for the joint MF-GP). With fewer than 3 lower-level runs φ ≡ 0.
 */
import type { Matrix } from '../core/matrix.js';
import type { SearchSpace } from '../core/space-types.js';
import type { BasisFunction } from '../surrogates/mf-gp/basis-kernel.js';
import { fitRidge } from '../surrogates/ridge.js';
import { lawColumns } from './mixing-law-prior.js';

/** The fitted proxy mean and what it was fitted on (for diagnostics). */
export interface ProxyMean {
  /** φ(x) on encoded rows: the predicted standardized value (0 when nothing was fitted). */
  readonly basis: BasisFunction;
  /** Lower-level runs the regression saw. */
  readonly runs: number;
  /** Leave-one-out RMSE of the regression on those runs (standardized units); absent when not fitted. */
  readonly looRmse?: number;
  /** The ridge penalty chosen by leave-one-out (the linear law). */
  readonly lambda?: number;
  /** The GP law: mean leave-one-out predictive log density per run (standardized units). */
  readonly looLogLik?: number;
  /**
   * The GP law: joint posterior covariance of new observations at encoded rows (m×m, observation
   * noise on the diagonal), for the sequential design's targeted batches (policy/proxy-design-batch.ts).
   */
  readonly covariance?: (rows: readonly ArrayLike<number>[]) => Matrix;
  /**
   * Posterior sd of φ(a) − φ(b) (latent, no observation noise) at two encoded rows: how sure the law
   * is of its order of a and b (the sequential design's stop margin, policy/proxy-design-margin.ts).
   * Absent when nothing was fitted.
   */
  readonly gapSd?: (a: ArrayLike<number>, b: ArrayLike<number>) => number;
}

/** Fewest lower-level runs the regression is fitted on. */
export const MIN_PROXY_RUNS = 3;

/** The columns the regression reads: the first simplex's weights, else all but the fidelity column. */
export function proxyColumns(space: SearchSpace, fidelityIndex: number | undefined): readonly number[] {
  return lawColumns(space) ?? Array.from({ length: space.dim }, (_, j) => j).filter((j) => j !== fidelityIndex);
}

/** Fit φ on the rows of X (encoded, n×d) whose level is not `target`, with standardized values z. */
export function fitProxyMean(space: SearchSpace, X: Matrix, level: readonly number[], z: ArrayLike<number>, target: number, fidelityIndex: number | undefined): ProxyMean {
  const cols = proxyColumns(space, fidelityIndex);
  const rows = level.flatMap((l, i) => (l !== target ? [i] : []));
  const zero: BasisFunction = { value: () => 0, gradient: () => new Float64Array(X.cols) };
  if (rows.length < MIN_PROXY_RUNS || cols.length === 0) return { basis: zero, runs: rows.length };
  const features = (x: ArrayLike<number>) => Float64Array.from(cols, (c) => x[c]);
  const model = fitRidge(
    rows.map((r) => features(X.data.subarray(r * X.cols, (r + 1) * X.cols))),
    rows.map((r) => z[r]),
  );
  const gradient = new Float64Array(X.cols);
  cols.forEach((c, j) => {
    gradient[c] = model.coefficients[j];
  });
  const basis: BasisFunction = {
    value: (x) => model.predict(features(x)),
    gradient: () => gradient.slice(),
  };
  // The intercept cancels in a difference: Var(φ(a) − φ(b)) = σ̂²·δᵀ(XcᵀXc + λI)⁻¹δ, δ = features(a) − features(b).
  const p = cols.length;
  const gapSd = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    const delta = cols.map((c) => a[c] - b[c]);
    let q = 0;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) q += delta[i] * model.gramInverse[i * p + j] * delta[j];
    return Math.sqrt(Math.max(0, model.noiseVariance * q));
  };
  return { basis, runs: rows.length, looRmse: Math.sqrt(model.looMse), lambda: model.lambda, gapSd };
}
