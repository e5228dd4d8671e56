/**
 * The per-study proxy law of the 'proxy-mean' model (issue 22, `proxyLaw: 'auto'`): once the
 * cheapest-level design is asked, is that level linear in the mixture weights (RegMix's linear
 * regression carries it to the target) or measurably not (a GP keeps what a linear law loses)?
 * Both models' held-out predictive log densities on the design's runs (standardized values), by
 * K-fold cross-validation with both refitted on each fold's training runs:
 *   ℓ_lin,i: the ridge's Bayesian predictive (surrogates/ridge-predictive.ts),
 *   ℓ_GP,i:  the service's default GP (Matérn-5/2 ARD, MAP hyperparameters), noise included;
 * d_i = ℓ_GP,i − ℓ_lin,i, and 'gp' iff mean(d) > MARGIN·sd(d)/√n, else 'linear' (rule 3,
 * benchmarks/RESULTS.md 2026-12-05 session 9; MARGIN is surrogate `auto`'s). Refits, not
 * leave-one-out at hyperparameters fitted on every run: on 17 runs the GP's 21 hyperparameters
 * fitted with the held-out run made its leave-one-out look better than its predictions are.
 */
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { GpSurrogate } from '../surrogates/gp/gp-surrogate.js';
import { fitRidgePredictive } from '../surrogates/ridge-predictive.js';
import { foldAssignment, gaussianLogDensity, posteriorLogDensities } from '../surrogates/auto/predictive-score.js';

/** Standard errors of the paired differences the GP must win by (surrogate `auto`'s margin). */
export const CHOICE_MARGIN = 1;
/** Fewest design runs the statistic is computed on; with fewer the law is linear (said in the reason). */
export const MIN_CHOICE_RUNS = 6;

/** The choice and the statistic behind it (diagnostics.proxyLaw). */
export interface ProxyLawChoice {
  readonly law: 'linear' | 'gp';
  /** Cheapest-level design runs the statistic was computed on. */
  readonly runs: number;
  /** Mean LOO log density per run of each model (standardized units). */
  readonly linearLogLik?: number;
  readonly gpLogLik?: number;
  /** mean(d) and sd(d)/√n of the paired differences d_i = ℓ_GP,i − ℓ_lin,i. */
  readonly difference?: number;
  readonly standardError?: number;
  readonly reason: string;
}

/** Folds of the cross-validation (fewer when there are fewer runs). */
export const CHOICE_FOLDS = 5;

/**
 * Paired held-out log densities of the two models on rows X (features, n×p, in [0,1]) with values y:
 * K-fold (foldAssignment with a generator seeded by `seed`), each model refitted per fold.
 */
export async function pairedHeldOutLogDensities(X: Matrix, y: Float64Array, seed: number, folds = CHOICE_FOLDS): Promise<{ linear: Float64Array; gp: Float64Array; fold: Int32Array }> {
  const n = X.rows;
  const p = X.cols;
  const rng = createRng(seed);
  const fold = foldAssignment(n, Math.min(folds, n), rng);
  const row = (i: number) => X.data.subarray(i * p, (i + 1) * p);
  const linear = new Float64Array(n);
  const gp = new Float64Array(n);
  for (let k = 0; k < Math.min(folds, n); k++) {
    const train = Array.from({ length: n }, (_, i) => i).filter((i) => fold[i] !== k);
    const test = Array.from({ length: n }, (_, i) => i).filter((i) => fold[i] === k);
    const yTest = Float64Array.from(test, (i) => y[i]);
    const lin = fitRidgePredictive(train.map(row), train.map((i) => y[i]))(test.map(row));
    const linDensities = Float64Array.from(test, (i, t) => gaussianLogDensity(y[i], lin.mean[t], lin.variance[t]));
    const model = await new GpSurrogate().fit({ X: { rows: train.length, cols: p, data: Float64Array.from(train.flatMap((i) => Array.from(row(i)))) }, y: Float64Array.from(train, (i) => y[i]) }, { rng: rng.split() });
    const gpDensities = posteriorLogDensities(model.posterior({ rows: test.length, cols: p, data: Float64Array.from(test.flatMap((i) => Array.from(row(i)))) }, { observationNoise: true }), yTest);
    test.forEach((i, t) => {
      linear[i] = linDensities[t];
      gp[i] = gpDensities[t];
    });
  }
  return { linear, gp, fold };
}

/** z-scores (ddof 0; a constant vector stays 0). */
function standardize(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i] / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - m) ** 2 / n;
  const sd = Math.sqrt(s);
  return Float64Array.from(v, (x) => (sd > 0 ? (x - m) / sd : 0));
}

/** mean and sd/√n (sd with ddof 1) of v. */
export function meanAndStandardError(v: ArrayLike<number>): { mean: number; standardError: number } {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i] / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - m) ** 2;
  return { mean: m, standardError: Math.sqrt(s / Math.max(1, n - 1) / n) };
}

/** The law from the design's feature rows X (n×p) and raw values (maximized), deterministic given seed. */
export async function chooseProxyLaw(X: Matrix, values: ArrayLike<number>, seed: number): Promise<ProxyLawChoice> {
  const n = X.rows;
  if (n < MIN_CHOICE_RUNS) return { law: 'linear', runs: n, reason: `${n} cheapest-level runs < ${MIN_CHOICE_RUNS}: too few to compare the laws; linear` };
  const y = standardize(values);
  const { linear, gp } = await pairedHeldOutLogDensities(X, y, seed);
  const d = gp.map((g, i) => g - linear[i]);
  const { mean: difference, standardError } = meanAndStandardError(d);
  const linearLogLik = meanAndStandardError(linear).mean;
  const gpLogLik = meanAndStandardError(gp).mean;
  const gpWins = difference > CHOICE_MARGIN * standardError;
  const stat = `GP − linear held-out log-likelihood (5-fold refits) ${difference.toFixed(3)} ± ${standardError.toFixed(3)} per run over ${n} cheapest-level runs`;
  return {
    law: gpWins ? 'gp' : 'linear',
    runs: n,
    linearLogLik,
    gpLogLik,
    difference,
    standardError,
    reason: gpWins
      ? `${stat}: the cheap level is nonlinear in the weights beyond one standard error, which a linear law loses; GP proxy law`
      : `${stat}: not above one standard error, a linear law predicts the cheap level as well; linear proxy law (RegMix's)`,
  };
}
