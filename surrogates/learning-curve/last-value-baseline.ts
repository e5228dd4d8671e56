/**
 * The simple extrapolator the freeze-thaw GP is tested against: a run ends where it is now,
 * y_T | prefix ~ N(y_t, σ_t²), with σ_t² = mean over complete training curves of (y_T − y_t)²,
 * the empirical spread of "final minus value at step t" (so the baseline is calibrated on the same
 * curves the model sees, not a strawman).
 */
import type { CurvePrediction } from './types.js';

/** A fitted last-value extrapolator for curves observed at integer steps 1..maxSteps. */
export interface LastValueBaseline {
  /** Predictive of the value at maxSteps given a prefix whose last point is (step, value). */
  predictFinal(step: number, value: number): CurvePrediction;
}

/** Floor on σ_t² so a step where every training curve had already converged keeps a finite density. */
const MIN_VARIANCE = 1e-8;

/** Fit σ_t² from complete curves (each `values[t-1]` is the value at step t, length >= maxSteps). */
export function fitLastValueBaseline(complete: readonly Float64Array[], maxSteps: number): LastValueBaseline {
  if (complete.length === 0) throw new RangeError('last-value baseline: no complete curves');
  const variance = new Float64Array(maxSteps + 1);
  for (let t = 1; t <= maxSteps; t++) {
    let s = 0;
    for (const c of complete) s += (c[maxSteps - 1] - c[t - 1]) ** 2;
    variance[t] = Math.max(s / complete.length, MIN_VARIANCE);
  }
  return {
    predictFinal(step: number, value: number): CurvePrediction {
      const t = Math.min(maxSteps, Math.max(1, Math.round(step)));
      return { mean: value, variance: variance[t] };
    },
  };
}
