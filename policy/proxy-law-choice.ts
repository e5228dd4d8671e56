/**
 * The per-study proxy law of the 'proxy-mean' model (issue 22, `proxyLaw: 'auto'`): once the
 * cheapest-level design is asked, is that level linear in the mixture weights (RegMix's linear
 * regression carries it to the target) or measurably not (a GP keeps what a linear law loses)?
 * Both models' closed-form leave-one-out predictive log densities on the design's runs
 * (standardized values):
 *   ℓ_lin,i: ridge read as a Bayesian linear model (surrogates/ridge-loo.ts),
 *   ℓ_GP,i:  the service's default GP (Matérn-5/2 ARD, MAP), R&W eq. 5.12 (surrogates/gp/gp-loo.ts);
 * d_i = ℓ_GP,i − ℓ_lin,i, and 'gp' iff mean(d) > MARGIN·sd(d)/√n, else 'linear' (the rule written
 * before its runs, benchmarks/RESULTS.md 2026-12-05 session 9; MARGIN is surrogate `auto`'s).
 */
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { capabilitiesOf } from '../surrogates/capabilities.js';
import { GpSurrogate } from '../surrogates/gp/gp-surrogate.js';
import { fitRidge } from '../surrogates/ridge.js';
import { ridgeLeaveOneOut } from '../surrogates/ridge-loo.js';
import { looLogDensities } from '../surrogates/auto/predictive-score.js';

/** Standard errors of the paired differences the GP must win by (surrogate `auto`'s margin). */
export const CHOICE_MARGIN = 1;
/** Fewest design runs the statistic is computed on; with fewer the law is linear (said in the reason). */
export const MIN_CHOICE_RUNS = 4;

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

/** Paired LOO log densities of the two models on rows X (features, n×p, in [0,1]) with values y. */
export async function pairedLooLogDensities(X: Matrix, y: Float64Array, seed: number): Promise<{ linear: Float64Array; gp: Float64Array }> {
  const rows = Array.from({ length: X.rows }, (_, i) => X.data.subarray(i * X.cols, (i + 1) * X.cols));
  const ridge = fitRidge(rows, Array.from(y));
  const linear = looLogDensities(ridgeLeaveOneOut(ridge, y), y);
  const gpModel = await new GpSurrogate().fit({ X, y }, { rng: createRng(seed) });
  const gp = looLogDensities(capabilitiesOf(gpModel).leaveOneOut!(), y);
  return { linear, gp };
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
  const { linear, gp } = await pairedLooLogDensities(X, y, seed);
  const d = gp.map((g, i) => g - linear[i]);
  const { mean: difference, standardError } = meanAndStandardError(d);
  const linearLogLik = meanAndStandardError(linear).mean;
  const gpLogLik = meanAndStandardError(gp).mean;
  const gpWins = difference > CHOICE_MARGIN * standardError;
  const stat = `GP − linear LOO log-likelihood ${difference.toFixed(3)} ± ${standardError.toFixed(3)} per run over ${n} cheapest-level runs`;
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
