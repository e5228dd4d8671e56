import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { Posterior } from '../surrogates/types.js';
import type { MemberLaw } from './ensemble-combine.js';

/**
 * What an acquisition may know besides the posterior. Values are in the surrogate's units
 * (standardized y, maximized).
 */
export interface AcquisitionContext {
  /** Incumbent f* (best observed, or best posterior mean at observed points for noisy data). */
  readonly best: number;
  readonly rng: Rng;
  /** Fixed standard-normal base samples (count × m) so MC acquisitions are deterministic surfaces. */
  readonly baseSamples?: Matrix;
}

/** Acquisition value per row of a posterior (log-space for the log- kinds). Higher is better. */
export interface Acquisition {
  readonly kind: string;
  evaluate(posterior: Posterior, context: AcquisitionContext): Float64Array;
}

/** Value and derivatives with respect to the marginal mean and variance at one point. */
export interface MomentGradient {
  readonly value: number;
  readonly dMean: number;
  readonly dVariance: number;
}

/** Value and derivatives with respect to each ensemble member's mean and variance (length M each). */
export interface EnsembleGradient {
  readonly value: number;
  readonly dMeans: Float64Array;
  readonly dVariances: Float64Array;
}

/** An acquisition that is a function of Gaussian marginal moments; gives analytic gradients via the chain rule. */
export interface MomentAcquisition extends Acquisition {
  /** df: the marginal is Student-t with df degrees of freedom (variance is its variance); Gaussian when absent. */
  fromMoments(mean: number, variance: number, context: AcquisitionContext, df?: number): MomentGradient;
  /** The value on an ensemble posterior from its members' moments at one point (acquisitions/ensemble-combine.ts). */
  fromEnsemble?(means: ArrayLike<number>, variances: ArrayLike<number>, context: AcquisitionContext, law?: MemberLaw): EnsembleGradient;
}
