/**
 * What a fitted model can do beyond posterior(X), declared by the model as typed data instead of
 * being guessed from method names or diagnostics keys. Acquisitions ask capabilitiesOf(model);
 * policies ask it for the fitted noise. A family's static declaration (what any of its fitted
 * models will offer, known at study:create) lives in family-capabilities.ts; acquisitions' needs
 * in acquisitions/requirements.ts.
 */
import type { Matrix } from '../core/matrix.js';
import type { FittedSurrogate, PointPrediction, PosteriorKind } from './types.js';

/** predictWithGradient's moments plus the cross-covariance with a fixed set H and its x-gradient. */
export interface CrossPrediction extends PointPrediction {
  /** Cov(f(H_j), f(x)), length h. */
  readonly cross: Float64Array;
  /** ∂cross_j/∂x_t, h×d. */
  readonly dCross: Matrix;
}

/** Moments of many rows jointly with a fixed set H (cross: r×h), without gradients. */
export interface BatchCross {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly cross: Matrix;
}

/** Joint moments of points with a fixed set H: one point with x-gradients, or many without. */
export interface CrossPredictor {
  point(x: ArrayLike<number>): CrossPrediction;
  batch(Xs: Matrix): BatchCross;
}

/** Exact means and cheap upper bounds on the latent variances at the rows of X. */
export interface MarginalBounds {
  readonly mean: Float64Array;
  readonly varianceUpper: Float64Array;
}

/** Leave-one-out predictive moments of the observations (y's units, noise included), row i without row i. */
export interface LeaveOneOut {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  /** Student-t LOO marginals: degrees of freedom (variance is then the t's scale², not its variance). */
  readonly df?: number;
}

/** The typed capability set of one fitted model. Absent members mean "cannot". */
export interface ModelCapabilities {
  /** The kind of posterior() (default 'gaussian'). */
  readonly posteriorKind: PosteriorKind;
  /** Joint moments with a fixed set H with x-gradients (exact GPs): qLogNEI's and the multi-outcome surfaces' analytic gradients. */
  readonly crossPredictor?: (H: Matrix) => CrossPredictor;
  /** Exact means and variance upper bounds in O(n·m·d) (exact GPs): qLogNEI's baseline screen. */
  readonly marginalBounds?: (X: Matrix) => MarginalBounds;
  /** Fitted observation-noise variance, standardized y units: the policy's noisy-incumbent rule. */
  readonly noiseVariance?: number;
  /**
   * Training rows the model discounts as outliers and asks to have measured again (the robust GP
   * with verifyOutliers): the BO policy re-measures one that has no replicate yet, and a replicate
   * that agrees takes the row out of the next fit's outliers (surrogates/gp/robust-fit.ts).
   */
  readonly outliersToVerify?: readonly number[];
  /** Closed-form leave-one-out predictive of the training observations at the fitted hyperparameters: surrogate 'auto' scores with it. */
  readonly leaveOneOut?: () => LeaveOneOut;
  /**
   * A weighted mixture of fitted models (surrogate 'auto' with combine 'stack'): its posterior is
   * Σ_k weights[k]·members[k]'s. Monte Carlo acquisitions that need each member's joint draws
   * (qLogNEI) run per member on weight-stratified draws (acquisitions/qlognei-stack.ts).
   */
  readonly stack?: StackedMembers;
}

/** The members and weights of a weighted mixture model (weights on the simplex, all > 0). */
export interface StackedMembers {
  readonly weights: Float64Array;
  readonly members: readonly FittedSurrogate[];
}

/** The model's declared capabilities; a model that declares none is a plain model of its posterior kind. */
export function capabilitiesOf(model: FittedSurrogate): ModelCapabilities {
  return model.capabilities ?? { posteriorKind: model.posteriorKind ?? 'gaussian' };
}
