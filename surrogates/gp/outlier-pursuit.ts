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
 * optimum (A and α read by Woodbury on the support, OutlierInverse); model selection over the path by
 * lml_k − penalty·|{ρ > 0}| (a prior on the support size, as the paper's Bayesian model comparison).
 */
import type { Matrix } from '../../core/matrix.js';
import { cholInverse } from '../../core/linalg/linalg.js';
import { choleskyInPlace } from '../../core/linalg/dense-js.js';

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
  const inv = new OutlierInverse(cholInverse(L).data, alpha, n);
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
      const { Aii, ai } = inv.at(i);
      const g = coordinateGain(Aii, ai, 0);
      if (g > pickGain) {
        pickGain = g;
        pick = i;
      }
    }
    if (pick < 0) break;
    support.push(pick);
    taken[pick] = 1;
    steps++;
    lml += setCoordinate(inv, rho, pick);
    lml += sweep(inv, rho, support);
    // Backward step: a row taken early for an outlier's neighbour (its LOO residual carried the
    // outlier's pull) keeps a small ρ once the outlier has its own; dropping a row whose ρ is
    // worth less than the penalty raises the criterion. Dropped rows are not taken again.
    for (;;) {
      let drop = -1;
      let dropLoss = options.penalty;
      for (const j of support) {
        const { Aii, ai } = inv.at(j);
        const loss = -removalGain(Aii, ai, rho[j]);
        if (loss < dropLoss) {
          dropLoss = loss;
          drop = j;
        }
      }
      if (drop < 0) break;
      lml += setCoordinateTo(inv, rho, drop, 0);
      support.splice(support.indexOf(drop), 1);
      lml += sweep(inv, rho, support);
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

/**
 * A = (K_y + diag ρ)⁻¹ and α = A (y − c) where they are read, by Woodbury on the rows P with ρ > 0:
 * A = A₀ − A₀[:,P] M⁻¹ A₀[P,:] with M = diag(1/ρ_P) + A₀[P,P], α = α₀ − A₀[:,P] M⁻¹ α₀[P].
 * A row's entries cost O(|P|²) after an O(|P|³) refactor per change of ρ, instead of an O(n²)
 * Sherman-Morrison update of the whole inverse per change (supports stay small: ≤ maxFraction·n).
 */
class OutlierInverse {
  private rows: number[] = [];
  /** Lower Cholesky factor R of M (|P|×|P|) and R⁻¹ α₀[P]. */
  private R: Float64Array = new Float64Array(0);
  private z: Float64Array = new Float64Array(0);

  constructor(
    private readonly A0: Float64Array,
    private readonly a0: Float64Array,
    private readonly n: number,
  ) {}

  /** Re-reads ρ (after any change): P and the factor of M. */
  reset(rho: Float64Array): void {
    const P: number[] = [];
    for (let j = 0; j < this.n; j++) if (rho[j] > 0) P.push(j);
    const m = P.length;
    const M = new Float64Array(m * m);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) M[r * m + c] = this.A0[P[r] * this.n + P[c]];
      M[r * m + r] += 1 / rho[P[r]];
    }
    if (m > 0 && !choleskyInPlace(M, m)) throw new RangeError('outlier pursuit: diag(1/ρ) + A₀[P,P] is not positive definite');
    this.rows = P;
    this.R = M;
    this.z = this.solve(P.map((j) => this.a0[j]));
  }

  /** A_ii and α_i at the ρ of the last reset. */
  at(i: number): { Aii: number; ai: number } {
    const { A0, n } = this;
    const w = this.solve(this.rows.map((j) => A0[i * n + j]));
    let ww = 0;
    let wz = 0;
    for (let k = 0; k < w.length; k++) {
      ww += w[k] * w[k];
      wz += w[k] * this.z[k];
    }
    return { Aii: A0[i * n + i] - ww, ai: this.a0[i] - wz };
  }

  /** R⁻¹ v (forward substitution). */
  private solve(v: number[]): Float64Array {
    const m = v.length;
    const out = Float64Array.from(v);
    for (let r = 0; r < m; r++) {
      let t = out[r];
      for (let c = 0; c < r; c++) t -= this.R[r * m + c] * out[c];
      out[r] = t / this.R[r * m + r];
    }
    return out;
  }
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
function sweep(inv: OutlierInverse, rho: Float64Array, support: readonly number[]): number {
  let total = 0;
  for (let k = 0; k < MAX_SWEEPS; k++) {
    let change = 0;
    for (const j of support) change += setCoordinate(inv, rho, j);
    total += change;
    if (change < SWEEP_TOLERANCE) break;
  }
  return total;
}

/** ln N(e; 0, t) without the constant. */
function logLooDensity(e: number, t: number): number {
  return -0.5 * Math.log(t) - (0.5 * e * e) / t;
}

/** Sets ρ_i to its coordinate optimum; returns the change of the log likelihood. */
function setCoordinate(inv: OutlierInverse, rho: Float64Array, i: number): number {
  const at = inv.at(i);
  const t = 1 / at.Aii;
  const e = at.ai * t;
  return setCoordinateTo(inv, rho, i, Math.max(0, e * e - (t - rho[i])), at);
}

/** Sets ρ_i to rhoNew ≥ 0 (the inverse re-read); returns the change of the log likelihood. `at`: inv.at(i) when the caller has it. */
function setCoordinateTo(inv: OutlierInverse, rho: Float64Array, i: number, rhoNew: number, at = inv.at(i)): number {
  if (rhoNew === rho[i]) return 0;
  const t = 1 / at.Aii;
  const e = at.ai * t;
  const gain = logLooDensity(e, t - rho[i] + rhoNew) - logLooDensity(e, t);
  rho[i] = rhoNew;
  inv.reset(rho);
  return gain;
}
