/**
 * Predictive log-likelihood of held-out observations, the score surrogate 'auto' ranks families
 * by (mean log density per observation, standardized y units; higher is better):
 * - from closed-form leave-one-out moments (Gaussian, or Student-t with df);
 * - from a posterior at held-out rows with observation noise: Gaussian N(y; μ, σ²), Student-t
 *   (location μ, scale² = variance·(ν−2)/ν), ensemble (1/M) Σ_s N(y; μ_s, v_s) by log-sum-exp,
 *   a moment-matched mixture as the Gaussian of its moments.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { studentTLogPdf } from '../../core/student-t.js';
import type { LeaveOneOut } from '../capabilities.js';
import { isEnsemble, type Posterior, type Surrogate, type TrainingData } from '../types.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** A variance floor so a degenerate predictive scores very badly instead of NaN. */
const MIN_VARIANCE = 1e-12;

/** ln N(y; μ, v). */
export function gaussianLogDensity(y: number, mean: number, variance: number): number {
  const v = Math.max(variance, MIN_VARIANCE);
  const r = y - mean;
  return -0.5 * (LOG_2PI + Math.log(v) + (r * r) / v);
}

/** ln of the Student-t density with location μ, scale² s2 and ν degrees of freedom at y. */
export function studentTLogDensity(y: number, mean: number, scale2: number, df: number): number {
  const s = Math.sqrt(Math.max(scale2, MIN_VARIANCE));
  return studentTLogPdf((y - mean) / s, df) - Math.log(s);
}

/** Per-observation log densities of y under leave-one-out moments. */
export function looLogDensities(loo: LeaveOneOut, y: Float64Array): Float64Array {
  const df = loo.df;
  return Float64Array.from(y, (yi, i) => (df === undefined ? gaussianLogDensity(yi, loo.mean[i], loo.variance[i]) : studentTLogDensity(yi, loo.mean[i], loo.variance[i], df)));
}

/** Per-row log densities of y (length m) under a posterior over m rows that includes observation noise. */
export function posteriorLogDensities(posterior: Posterior, y: Float64Array, df?: number): Float64Array {
  if (isEnsemble(posterior)) {
    const mu = posterior.memberMeans();
    const v = posterior.memberVariances();
    const M = mu.rows;
    const m = mu.cols;
    return Float64Array.from(y, (yj, j) => {
      let top = -Infinity;
      const terms = new Float64Array(M);
      for (let s = 0; s < M; s++) {
        terms[s] = gaussianLogDensity(yj, mu.data[s * m + j], v.data[s * m + j]);
        top = Math.max(top, terms[s]);
      }
      let sum = 0;
      for (let s = 0; s < M; s++) sum += Math.exp(terms[s] - top);
      return top + Math.log(sum / M);
    });
  }
  const mean = posterior.mean();
  const variance = posterior.variance();
  if (posterior.kind === 'student-t' && df !== undefined && df > 2) return Float64Array.from(y, (yj, j) => studentTLogDensity(yj, mean[j], (variance[j] * (df - 2)) / df, df));
  return Float64Array.from(y, (yj, j) => gaussianLogDensity(yj, mean[j], variance[j]));
}

/** The mean of a vector. */
export function meanOf(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** Rows of X at the given indices. */
function rowsOf(X: Matrix, idx: readonly number[]): Matrix {
  const d = X.cols;
  const data = new Float64Array(idx.length * d);
  idx.forEach((k, r) => data.set(X.data.subarray(k * d, (k + 1) * d), r * d));
  return { rows: idx.length, cols: d, data };
}

/** Fold of each row: a seeded permutation dealt round-robin into k folds (sizes differ by at most 1). */
export function foldAssignment(n: number, k: number, rng: Rng): Int32Array {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const fold = new Int32Array(n);
  perm.forEach((row, r) => (fold[row] = r % k));
  return fold;
}

/** What one k-fold run reports after each fold, so the caller can stop it (budget) between folds. */
export type FoldCheck = (done: number, elapsedMs: number) => boolean;

/**
 * Held-out log density of every observation by k-fold refits (row order of data): for each fold,
 * fit on the other rows and score the fold's rows with posterior(X_fold, {observationNoise: true}).
 * Returns undefined when `keepGoing` stops it between folds. Each row is scored once.
 */
export async function kFoldLogDensities(
  surrogate: Surrogate, data: TrainingData, k: number, rng: Rng, keepGoing: FoldCheck, signal?: AbortSignal,
): Promise<Float64Array | undefined> {
  const n = data.y.length;
  const fold = foldAssignment(n, k, rng.split());
  const t0 = performance.now();
  const out = new Float64Array(n);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    const sub: TrainingData = {
      X: rowsOf(data.X, train),
      y: Float64Array.from(train, (i) => data.y[i]),
      ...(data.yVar ? { yVar: Float64Array.from(train, (i) => data.yVar![i]) } : {}),
    };
    const model = await surrogate.fit(sub, { rng: rng.split(), signal });
    const dens = posteriorLogDensities(model.posterior(rowsOf(data.X, test), { observationNoise: true }), Float64Array.from(test, (i) => data.y[i]));
    test.forEach((i, r) => (out[i] = dens[r]));
    if (f < k - 1 && !keepGoing(f + 1, performance.now() - t0)) return undefined;
  }
  return out;
}

/**
 * The one-standard-error rule (Hastie, Tibshirani & Friedman, ESL 2nd ed. §7.10, for CV model
 * choice): a challenger replaces the reference only when its mean per-observation log density
 * beats the reference's by more than the standard error of the paired differences
 * d_i = ℓ_challenger,i − ℓ_reference,i, i.e. mean(d) > sd(d)/√n.
 */
export function pairedAdvantage(challenger: Float64Array, reference: Float64Array): { advantage: number; standardError: number } {
  const n = challenger.length;
  const d = Float64Array.from(challenger, (c, i) => c - reference[i]);
  const advantage = meanOf(d);
  let ss = 0;
  for (const v of d) ss += (v - advantage) ** 2;
  return { advantage, standardError: n > 1 ? Math.sqrt(ss / (n - 1) / n) : Infinity };
}
