/**
 * Joint moments of a candidate x with a FIXED head set H (observed + pending points) for one
 * outcome's model, the ingredient of every multi-outcome MC acquisition here: the head's draws
 * stay fixed while x moves, so each MC sample's Pareto front (and its box decomposition) is
 * computed once per ask, not once per candidate.
 * Exact GPs give the moments with x-gradients (their crossPredictor capability); any other Gaussian
 * posterior gives them from posterior([H; X]).covariance() without gradients.
 */
import { vstack, type Matrix } from '../../core/matrix.js';
import { capabilitiesOf, isGaussian, type BatchCross, type CrossPrediction, type FittedSurrogate } from '../../surrogates/types.js';

/** Moments of one point x with the head: mean, variance, Cov(f(H), f(x)) and their x-gradients. */
export type PointCross = CrossPrediction;
export type { BatchCross };

/** One outcome's moments with the head: the head's own mean and covariance, and x's with it. */
export interface OutcomeMoments {
  readonly headMean: Float64Array;
  readonly headCovariance: Matrix;
  batch(X: Matrix): BatchCross;
  /** Present when the model has analytic x-gradients (exact GPs). */
  point?(x: ArrayLike<number>): PointCross;
}

/** The moments adapter of one fitted outcome model; throws when its posterior is not Gaussian (no fixed-base joint draws). */
export function outcomeMoments(model: FittedSurrogate, head: Matrix): OutcomeMoments {
  const post = model.posterior(head);
  if (!isGaussian(post)) throw new RangeError(`multi-outcome acquisitions need a Gaussian joint posterior; surrogate '${model.kind}' gives '${post.kind}'`);
  const headMean = post.mean();
  const headCovariance = post.covariance();
  const cross = capabilitiesOf(model).crossPredictor;
  if (cross) {
    const predictor = cross(head);
    return { headMean, headCovariance, batch: (X) => predictor.batch(X), point: (x) => predictor.point(x) };
  }
  const h = head.rows;
  return {
    headMean,
    headCovariance,
    batch(X: Matrix): BatchCross {
      const joint = model.posterior(vstack(head, X));
      if (!isGaussian(joint)) throw new RangeError(`surrogate '${model.kind}' changed its posterior kind`);
      const cov = joint.covariance();
      const mean = joint.mean().slice(h);
      const m = h + X.rows;
      const variance = new Float64Array(X.rows);
      const cross: Matrix = { rows: X.rows, cols: h, data: new Float64Array(X.rows * h) };
      for (let r = 0; r < X.rows; r++) {
        variance[r] = cov.data[(h + r) * m + h + r];
        for (let j = 0; j < h; j++) cross.data[r * h + j] = cov.data[(h + r) * m + j];
      }
      return { mean, variance, cross };
    },
  };
}
