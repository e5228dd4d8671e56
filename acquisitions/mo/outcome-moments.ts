/**
 * Joint moments of a candidate x with a FIXED head set H (observed + pending points) for one
 * outcome's model with a Gaussian or Student-t posterior (gaussian-draws.ts turns them into draws):
 * the head's draws stay fixed while x moves, so each MC sample's Pareto front (and its box
 * decomposition) is computed once per ask, not once per candidate. For a Student-t posterior the
 * moments are the t's covariances (StudentTPosterior.covariance()).
 * Models with a crossPredictor capability (exact GPs, the STP) give them with x-gradients; any other
 * gives them from posterior([H; X]).covariance() without gradients.
 */
import { vstack, type Matrix } from '../../core/matrix.js';
import { capabilitiesOf, isGaussian, isStudentT, type BatchCross, type CrossPrediction, type FittedSurrogate, type GaussianPosterior, type StudentTPosterior } from '../../surrogates/types.js';

/** Moments of one point x with the head: mean, variance, Cov(f(H), f(x)) and their x-gradients. */
export type PointCross = CrossPrediction;
export type { BatchCross };

/** One outcome's moments with the head: the head's own mean and covariance, and x's with it. */
export interface OutcomeMoments {
  readonly headMean: Float64Array;
  readonly headCovariance: Matrix;
  batch(X: Matrix): BatchCross;
  /** Present when the model has analytic x-gradients (its crossPredictor capability). */
  point?(x: ArrayLike<number>): PointCross;
}

/** A posterior with a joint covariance (what the moments read). */
export type CovariancePosterior = GaussianPosterior | StudentTPosterior;

/** The moments adapter of one fitted outcome model, given its posterior at the head. */
export function outcomeMoments(model: FittedSurrogate, head: Matrix, headPosterior: CovariancePosterior): OutcomeMoments {
  const headMean = headPosterior.mean();
  const headCovariance = headPosterior.covariance();
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
      if (joint.kind !== headPosterior.kind || !(isGaussian(joint) || isStudentT(joint))) throw new RangeError(`surrogate '${model.kind}' changed its posterior kind`);
      const cov = joint.covariance();
      const mean = joint.mean().slice(h);
      const m = h + X.rows;
      const variance = new Float64Array(X.rows);
      const crossRows: Matrix = { rows: X.rows, cols: h, data: new Float64Array(X.rows * h) };
      for (let r = 0; r < X.rows; r++) {
        variance[r] = cov.data[(h + r) * m + h + r];
        for (let j = 0; j < h; j++) crossRows.data[r * h + j] = cov.data[(h + r) * m + j];
      }
      return { mean, variance, cross: crossRows };
    },
  };
}
