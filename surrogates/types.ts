import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { ModelCapabilities } from './capabilities.js';
import type { EnsemblePointPrediction, EnsemblePosterior } from './ensemble.js';

/**
 * Observations as surrogates see them. X: n×d, rows in [0,1]^d. y: length n, standardized
 * (mean 0, sd 1) and to be MAXIMIZED. yVar: optional known observation variances in y's units.
 */
export interface TrainingData {
  readonly X: Matrix;
  readonly y: Float64Array;
  readonly yVar?: Float64Array;
}

/** JSON-serializable state kept between asks for warm starts (stored with the study). */
export interface SurrogateState {
  readonly kind: string;
  readonly [key: string]: unknown;
}

export interface FitProgress {
  readonly stage: string;
  readonly fraction: number;
  readonly message?: string;
}

export interface FitOptions {
  readonly rng: Rng;
  readonly signal?: AbortSignal;
  /** The previous fit's state(); a surrogate may ignore it if it does not match. */
  readonly warmStart?: SurrogateState;
  /**
   * The previous fit of the same study, held in memory where the fit runs (a compute worker's
   * per-study entry): a surrogate may reuse its factorizations, but must return the same model
   * with or without it (up to round-off), because a cold worker never has it.
   */
  readonly previous?: FittedSurrogate;
  readonly onProgress?: (p: FitProgress) => void;
}

/** A model family. Fitting returns an immutable fitted model. */
export interface Surrogate {
  readonly kind: string;
  fit(data: TrainingData, options: FitOptions): Promise<FittedSurrogate>;
}

/** Mean and variance of the latent function at one point, with their gradients in x. */
export interface PointPrediction {
  readonly mean: number;
  readonly variance: number;
  readonly dMean: Float64Array;
  readonly dVariance: Float64Array;
  /** Set when the marginal is Student-t with these degrees of freedom (variance is then the t variance). */
  readonly df?: number;
}

/** A fitted, immutable surrogate. Its one duty is posterior(X) (as in BoTorch). */
export interface FittedSurrogate {
  readonly kind: string;
  readonly dim: number;
  /** The kind of Posterior that posterior() returns, when it is not 'gaussian'-like (the PFN says 'bar'): lets callers route without computing one. */
  readonly posteriorKind?: PosteriorKind;
  /** What the model can do beyond posterior(X) (capabilities.ts; read it with capabilitiesOf). Absent: a plain model of its posterior kind. */
  readonly capabilities?: ModelCapabilities;
  /** Posterior of the latent f at the rows of X (m×d); observationNoise adds the noise variance. */
  posterior(X: Matrix, options?: { observationNoise?: boolean }): Posterior;
  /** Marginal moments with x-gradients at one point, for gradient-based acquisition optimization. */
  predictWithGradient?(x: ArrayLike<number>): PointPrediction;
  /** Per-member moments with x-gradients at one point, for surrogates whose posterior is an 'ensemble' (see ensemble.ts). */
  predictEnsembleWithGradient?(x: ArrayLike<number>): EnsemblePointPrediction;
  /** The same model conditioned on extra observations (fantasies) without refitting hyperparameters. */
  condition?(X: Matrix, y: Float64Array): FittedSurrogate;
  /** State for the next fit's warm start. */
  state(): SurrogateState;
  /** Fit facts for the ask's diagnostics (hyperparameters, log marginal likelihood, iterations...). */
  diagnostics(): Record<string, unknown>;
}

/**
 * 'mixture': an equal-weight mixture whose analytic acquisitions read its moments (moment-matched),
 * while its joint draws are its members' (MixturePosterior.members()); 'ensemble': members as a
 * batch dimension (ensemble.ts).
 */
export type PosteriorKind = 'gaussian' | 'student-t' | 'mixture' | 'ensemble' | 'bar';

/** Predictive distribution over m rows. Acquisitions see only this, never a surrogate class. */
export interface Posterior {
  readonly kind: PosteriorKind;
  /** Number of rows m. */
  readonly size: number;
  mean(): Float64Array;
  variance(): Float64Array;
  /** Joint draws: count×m. */
  sample(count: number, rng: Rng): Matrix;
}

/** Multivariate normal posterior. */
export interface GaussianPosterior extends Posterior {
  readonly kind: 'gaussian';
  /** m×m joint covariance. */
  covariance(): Matrix;
  /** Draws mean + L·z for given standard normal base samples z (count×m): fixed base samples make MC acquisitions deterministic. */
  sampleFromBase(base: Matrix): Matrix;
}

export function isGaussian(p: Posterior): p is GaussianPosterior {
  return p.kind === 'gaussian';
}

/**
 * Multivariate Student-t posterior MVT_ν(μ, Ψ) with ν > 2: covariance() is the t's covariance
 * Σ = ν/(ν−2)·Ψ (what variance() reports on the diagonal), so a joint draw from fixed base samples
 * is μ + √((ν−2)/g)·L z with L Lᵀ = Σ, z standard normal and g ~ χ²_ν shared by the draw's rows.
 */
export interface StudentTPosterior extends Posterior {
  readonly kind: 'student-t';
  /** Degrees of freedom ν. */
  readonly df: number;
  /** m×m covariance ν/(ν−2)·Ψ. */
  covariance(): Matrix;
}

/** True for a Student-t posterior. */
export function isStudentT(p: Posterior): p is StudentTPosterior {
  return p.kind === 'student-t';
}

/**
 * An equal-weight mixture of members (HMC's kept networks read moment-matched): analytic
 * acquisitions see mean()/variance(); a joint draw picks one member for all rows, so members()
 * is the same distribution as an ensemble posterior (ensemble.ts), for MC acquisitions.
 */
export interface MixturePosterior extends Posterior {
  readonly kind: 'mixture';
  /** The members as an ensemble posterior over the same rows. */
  members(): EnsemblePosterior;
}

/** True for a mixture posterior. */
export function isMixture(p: Posterior): p is MixturePosterior {
  return p.kind === 'mixture';
}

/**
 * Riemann ("bar") posterior of a PFN (seed-specs §2.2): per row, probabilities over B buckets with
 * borders b_0 < … < b_B in the surrogate's y units; interior buckets are uniform, bucket 0 and
 * B−1 are half-normal tails anchored at b_1 and b_{B−1}. Rows are INDEPENDENT (PFN queries never
 * see each other): sample() draws each column independently, there is no joint covariance. The
 * closed forms live on the posterior so acquisitions need only this seam.
 */
export interface BarPosterior extends Posterior {
  readonly kind: 'bar';
  /** B + 1 increasing borders (surrogate y units). */
  readonly borders: Float64Array;
  /** m×B bucket probabilities, rows summing to 1. */
  probabilities(): Matrix;
  /** E[max(y − best, 0)] per row, exact per bucket (uniform interiors, half-normal tails). */
  expectedImprovement(best: number): Float64Array;
  /** log E[max(y − best, 0)] per row without underflow (−∞ only where EI is exactly 0). */
  logExpectedImprovement(best: number): Float64Array;
  /** P(y > best) per row. */
  probabilityOfImprovement(best: number): Float64Array;
  /** log P(y > best) per row without underflow. */
  logProbabilityOfImprovement(best: number): Float64Array;
  /** The q-quantile of each row (0 < q < 1). */
  quantile(q: number): Float64Array;
}

/** True for a bar (PFN) posterior. */
export function isBar(p: Posterior): p is BarPosterior {
  return p.kind === 'bar';
}

export { capabilitiesOf, type BatchCross, type CrossPrediction, type CrossPredictor, type ModelCapabilities, type StackedMembers } from './capabilities.js';
export type { FamilyCapabilities } from './family-capabilities.js';
export { isEnsemble, type EnsemblePointPrediction, type EnsemblePosterior } from './ensemble.js';
