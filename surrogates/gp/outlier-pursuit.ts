/**
 * Relevance pursuit of sparse outlier variances at fixed GP hyperparameters (Ament et al.,
 * "Robust Gaussian Processes via Relevance Pursuit", NeurIPS 2024, §3-4; own implementation).
 *
 * Model: y ~ N(c, K_y + diag(ρ)) with K_y the GP's training covariance (kernel, σ², known yVar,
 * jitter) and ρ ≥ 0 non-zero only on a support S of suspected outliers.
 *
 * Coordinate optimum (the paper's closed form): with A = (K_y + diag ρ)⁻¹ and α = A (y − c), the
 * leave-one-out residual of row i is e_i = α_i / A_ii and its LOO variance t_i = 1 / A_ii = b_i + ρ_i
 * (b_i: without ρ_i). Only log p(y_i | y_−i) = −½ ln(2π t_i) − e_i² / (2 t_i) depends on ρ_i, so
 *   ρ_i* = max(0, e_i² − b_i),  and from ρ_i = 0 the gain is ½ (q − 1 − ln q), q = e_i² / b_i > 1.
 *
 * Forward pursuit: add the row of largest gain, then coordinate sweeps over the support to its joint
 * optimum (each update a Sherman-Morrison step on A and α, O(n²)); model selection over the path by
 * lml_k − penalty·|{ρ > 0}| (a prior on the support size, as the paper's Bayesian model comparison).
 */
import type { Matrix } from '../../core/matrix.js';
import { cholInverse } from '../../core/linalg/linalg.js';

/** Coordinate sweeps per step at most, and the log-likelihood rise (nats) below which a step's sweeps stop. */
const MAX_SWEEPS = 100;
const SWEEP_TOLERANCE = 1e-10;

/** Options of one pursuit. */
export interface OutlierPursuitOptions {
  /** Log-prior cost of one outlier, in nats of the total marginal likelihood. */
  readonly penalty: number;
  /** Largest support the path may reach. */
  readonly maxSupport: number;
  /** Steps past the best criterion before the path stops (masking outliers need a few). */
  readonly patience: number;
  /** Rows that may not be outliers (1 = excluded): a replicate measured the same value there. */
  readonly exclude?: Uint8Array;
}

/** The chosen support and its variances. */
export interface OutlierPursuitResult {
  /** ρ_i ≥ 0 per row (0 off the support), y's units. */
  readonly rho: Float64Array;
  /** Rows with ρ_i > 0, ascending. */
  readonly outliers: number[];
  /** log p(y) at ρ = 0 and at the chosen ρ. */
  readonly lmlBase: number;
  readonly lml: number;
  /** Path steps taken (rows added), chosen or not. */
  readonly steps: number;
}

/**
 * Pursue outlier variances given the Cholesky factor L of K_y (n×n), α = K_y⁻¹(y − c) and the
 * log marginal likelihood at ρ = 0. Deterministic: ties go to the lower row index.
 */
export function pursueOutliers(L: Matrix, alpha: Float64Array, lmlBase: number, options: OutlierPursuitOptions): OutlierPursuitResult {
  const n = alpha.length;
  const A = cholInverse(L).data;
  const a = alpha.slice();
  const rho = new Float64Array(n);
  const support: number[] = [];
  // Rows added once (kept or dropped) are never added again; excluded rows count as taken from the start.
  const taken = options.exclude ? options.exclude.slice() : new Uint8Array(n);
  let lml = lmlBase;
  let best = { score: lmlBase, rho: rho.slice(), lml: lmlBase };
  let bestStep = 0;
  let steps = 0;
  const maxSupport = Math.min(options.maxSupport, n - 1);
  while (support.length < maxSupport && steps < n && steps - bestStep < options.patience) {
    let pick = -1;
    let pickGain = 0;
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue;
      const g = coordinateGain(A[i * n + i], a[i], 0);
      if (g > pickGain) {
        pickGain = g;
        pick = i;
      }
    }
    if (pick < 0) break;
    support.push(pick);
    taken[pick] = 1;
    steps++;
    lml += setCoordinate(A, a, rho, pick, n);
    lml += sweep(A, a, rho, support, n);
    // Backward step: a row taken early for an outlier's neighbour (its LOO residual carried the
    // outlier's pull) keeps a small ρ once the outlier has its own; dropping a row whose ρ is
    // worth less than the penalty raises the criterion. Dropped rows are not taken again.
    for (;;) {
      let drop = -1;
      let dropLoss = options.penalty;
      for (const j of support) {
        const loss = -removalGain(A[j * n + j], a[j], rho[j]);
        if (loss < dropLoss) {
          dropLoss = loss;
          drop = j;
        }
      }
      if (drop < 0) break;
      lml += setCoordinateTo(A, a, rho, drop, n, 0);
      support.splice(support.indexOf(drop), 1);
      lml += sweep(A, a, rho, support, n);
    }
    const score = lml - options.penalty * support.length;
    if (score > best.score) {
      best = { score, rho: rho.slice(), lml };
      bestStep = steps;
    }
  }
  const outliers: number[] = [];
  for (let i = 0; i < n; i++) if (best.rho[i] > 0) outliers.push(i);
  return { rho: best.rho, outliers, lmlBase, lml: best.lml, steps };
}

/** Gain of moving row i's ρ from ρ_old to its optimum, from A_ii and α_i. */
function coordinateGain(Aii: number, ai: number, rhoOld: number): number {
  const t = 1 / Aii;
  const e = ai * t;
  const b = t - rhoOld;
  const tNew = Math.max(b, e * e);
  return logLooDensity(e, tNew) - logLooDensity(e, t);
}

/** The change of the log likelihood when row i's ρ goes from ρ_i to 0 (others fixed): ≤ 0 at a coordinate optimum. */
function removalGain(Aii: number, ai: number, rhoOld: number): number {
  const t = 1 / Aii;
  const e = ai * t;
  return logLooDensity(e, t - rhoOld) - logLooDensity(e, t);
}

/**
 * Coordinate ascent over the support to its joint optimum (one sweep is not enough when outliers
 * are near each other: each one's ρ changes the others' LOO residuals). Returns the lml change.
 */
function sweep(A: Float64Array, a: Float64Array, rho: Float64Array, support: readonly number[], n: number): number {
  let total = 0;
  for (let k = 0; k < MAX_SWEEPS; k++) {
    let change = 0;
    for (const j of support) change += setCoordinate(A, a, rho, j, n);
    total += change;
    if (change < SWEEP_TOLERANCE) break;
  }
  return total;
}

/** ln N(e; 0, t) without the constant. */
function logLooDensity(e: number, t: number): number {
  return -0.5 * Math.log(t) - (0.5 * e * e) / t;
}

/**
 * Sets ρ_i to its coordinate optimum, updating A = (K_y + diag ρ)⁻¹ and α in place by
 * Sherman-Morrison (A ← A − δ/(1 + δ A_ii) · A_:i A_i:). Returns the change of the log likelihood.
 */
function setCoordinate(A: Float64Array, a: Float64Array, rho: Float64Array, i: number, n: number): number {
  const t = 1 / A[i * n + i];
  const e = a[i] * t;
  return setCoordinateTo(A, a, rho, i, n, Math.max(0, e * e - (t - rho[i])));
}

/** Sets ρ_i to rhoNew ≥ 0 (Sherman-Morrison on A and α); returns the change of the log likelihood. */
function setCoordinateTo(A: Float64Array, a: Float64Array, rho: Float64Array, i: number, n: number, rhoNew: number): number {
  const Aii = A[i * n + i];
  const t = 1 / Aii;
  const e = a[i] * t;
  const b = t - rho[i];
  const delta = rhoNew - rho[i];
  if (delta === 0) return 0;
  const gain = logLooDensity(e, b + rhoNew) - logLooDensity(e, t);
  const s = delta / (1 + delta * Aii);
  const u = A.slice(i * n, (i + 1) * n);
  const ai = a[i];
  for (let r = 0; r < n; r++) {
    const f = s * u[r];
    if (f === 0) continue;
    const row = r * n;
    for (let c = 0; c < n; c++) A[row + c] -= f * u[c];
    a[r] -= f * ai;
  }
  rho[i] = rhoNew;
  return gain;
}
