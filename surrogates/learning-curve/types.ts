/**
 * Learning-curve model seam: curves in, a Gaussian predictive for a curve's value at a later step
 * out. The freeze-thaw GP (freeze-thaw-*.ts) is the model; last-value-baseline.ts is the simple
 * extrapolator it is tested against.
 */

/** One (partial) learning curve. Values are in the model's working units (the caller picks the scale). */
export interface Curve {
  /** The configuration's encoded row in [0,1]^d (the same d for every curve of one fit). */
  readonly x: Float64Array;
  /** Steps at which values were observed, increasing, >= 0 (the decay kernel needs t + t' + β > 0). */
  readonly steps: Float64Array;
  /** Observed values at those steps (same length as steps, >= 1 entry). */
  readonly values: Float64Array;
}

/** Gaussian predictive of one curve at one step: mean and variance in the curves' units. */
export interface CurvePrediction {
  readonly mean: number;
  readonly variance: number;
}

/** A fitted curve model: predicts curve i (of the fit's curves) at a step. */
export interface FittedCurveModel {
  /** Predictive of curve `index`'s observed value (observation noise included) at `step`. */
  predict(index: number, step: number): CurvePrediction;
}
