/**
 * The 'gp' target model of the 'proxy-mean' model (`multiFidelity.targetModel`, session 12):
 *   z_T(x) = φ(x) + δ(x),  δ ~ GP(c, k) + noise,  k an ARD kernel on [the law's columns of x, φ(x)],
 * the proxy law φ as a fixed prior mean (Kennedy & O'Hagan's discrepancy form with the scale fixed at
 * one) and GpSurrogate's default GP for δ (its default preset: Matérn-5/2 ARD with an outputscale,
 * MAP hyperparameters under BoTorch's priors, constant mean), fitted on the target results' residuals
 * z_T − φ. φ is one of δ's inputs (in its standardized units, not rescaled to [0, 1]) so the GP can
 * learn a discrepancy that grows or shrinks with the law's prediction.
 *
 * Why not the Bayesian linear model alone (policy/proxy-mean-step.ts, 'linear'): on admire-ift the
 * target level is smooth in the mixture weights (a GP on the other 59 7B rows predicts each 7B row
 * with a rank correlation of 0.77, the 0.5B level 0.48), while the law ranks the one best 7B row
 * among the ~17 rows within noise of each other; a linear correction with a small prior cannot
 * learn where the good target results cluster, a GP on the residuals can (RESULTS.md session 12).
 */
import { BoError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { GpSurrogate } from '../surrogates/gp/gp-surrogate.js';
import type { BasisFunction } from '../surrogates/mf-gp/basis-kernel.js';

/** The fitted target model: its posterior mean of z_T at encoded rows and what the fit found. */
export interface TargetGp {
  /** Posterior mean of the standardized target value at encoded rows: φ(x) + E[δ(x)]. */
  readonly mean: (rows: readonly ArrayLike<number>[]) => Float64Array;
  /** The fitted GP's noise variance, constant mean, outputscale (standardized residual units) and lengthscales (the weights', then φ's). */
  readonly noise: number;
  readonly offset: number;
  readonly outputscale: number;
  readonly lengthscales: readonly number[];
  /** Diagonal jitter the factor added to the noise (the posterior's K + (σ² + jitter)I). */
  readonly jitter: number;
}

/**
 * Fit δ on the target results: `rows` encoded target rows, `z` their standardized values, `cols` the
 * columns the law reads, `phi` the law. Seeded by `rng` (the GP's restarts); throws BoError when the
 * fit fails (the caller falls back to the linear model and says so).
 */
export async function fitTargetGp(rows: readonly ArrayLike<number>[], z: ArrayLike<number>, cols: readonly number[], phi: BasisFunction, rng: Rng): Promise<TargetGp> {
  if (rows.length < 1 || rows.length !== z.length) throw new BoError('INTERNAL', `fitTargetGp: ${rows.length} rows for ${z.length} values`);
  const p = cols.length + 1;
  const inputs = (x: ArrayLike<number>): Float64Array => {
    const f = new Float64Array(p);
    cols.forEach((c, j) => {
      f[j] = x[c];
    });
    f[cols.length] = phi.value(x);
    return f;
  };
  const stacked = (xs: readonly ArrayLike<number>[]): Float64Array => {
    const out = new Float64Array(xs.length * p);
    xs.forEach((x, i) => out.set(inputs(x), i * p));
    return out;
  };
  const residual = Float64Array.from(rows, (x, i) => z[i] - phi.value(x));
  const gp = await new GpSurrogate().fit({ X: { rows: rows.length, cols: p, data: stacked(rows) }, y: residual }, { rng });
  const mean = (xs: readonly ArrayLike<number>[]): Float64Array => {
    if (xs.length === 0) return new Float64Array(0);
    const delta = gp.posterior({ rows: xs.length, cols: p, data: stacked(xs) }).mean();
    return Float64Array.from(xs, (x, i) => phi.value(x) + delta[i]);
  };
  const { lengthscale, outputscale, jitter } = gp.diagnostics();
  return {
    mean,
    noise: gp.noise,
    offset: gp.mean,
    outputscale: typeof outputscale === 'number' ? outputscale : 1,
    lengthscales: Array.isArray(lengthscale) ? (lengthscale as number[]) : [],
    jitter: typeof jitter === 'number' ? jitter : 0,
  };
}
