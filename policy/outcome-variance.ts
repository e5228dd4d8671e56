/**
 * Known observation variances (user units) carried into the model's units: a monotone outcome
 * transform z = T(y) maps Var[y] to T'(y)²·Var[y] (delta method). Used for observations that are
 * forecasts, e.g. a pruned trial's predicted final value (policy/pruners/curve-forecast.ts).
 * T' per transform (bo-policy.ts OutputTransform; ψ is Yeo-Johnson, ψ'(v; λ) = (1+v)^(λ−1) for
 * v >= 0 and (1−v)^(1−λ) below):
 *   standardize: 1/s;  yeo-johnson: ψ'(y; λ)/s_ψ;  power: ψ'(z₀; λ)/(s₀·s₁).
 * half-rank is a rank map below the median (piecewise constant in y between observations), so its
 * T' is the secant of the transformed values between the neighbouring distinct observations.
 */
import { halfRankLogWarp } from '../core/output-warp.js';
import { heavyTailRatio, standardize, yeoJohnson, yeoJohnsonLambda, yeoJohnsonTransform } from '../core/standardize.js';

/** The output transforms, 'auto' excluded (resolve it first with resolveTransform). */
export type ConcreteTransform = 'standardize' | 'yeo-johnson' | 'power' | 'half-rank';

/** ψ'(v; λ), the Yeo-Johnson derivative (Yeo & Johnson 2000). */
function yeoJohnsonSlope(v: number, lambda: number): number {
  return v >= 0 ? Math.pow(1 + v, lambda - 1) : Math.pow(1 - v, 1 - lambda);
}

/** What 'auto' resolves to for these values (bo-policy.ts transformOutcomes' rule). */
export function resolveTransform(values: readonly number[], kind: ConcreteTransform | 'auto', heavyTail: number): ConcreteTransform {
  return kind === 'auto' ? (heavyTailRatio(values) > heavyTail ? 'power' : 'standardize') : kind;
}

/** Var[T(y_i)] ≈ T'(y_i)²·variances[i] for maximized values y (the transform refitted on them, as the policy does). */
export function transformedVariances(values: readonly number[], variances: readonly number[], kind: ConcreteTransform): Float64Array {
  let slope: (i: number) => number;
  if (kind === 'standardize') {
    const s = standardize(values).std;
    slope = () => 1 / s;
  } else if (kind === 'yeo-johnson') {
    const fit = yeoJohnson(values);
    slope = (i) => yeoJohnsonSlope(values[i], fit.lambda) / fit.std;
  } else if (kind === 'half-rank') {
    slope = secantSlopes(values, halfRankLogWarp(values).y);
  } else {
    const z0 = standardize(values);
    const lambda = Math.max(1, yeoJohnsonLambda(z0.y));
    const s1 = standardize(yeoJohnsonTransform(z0.y, lambda)).std;
    slope = (i) => yeoJohnsonSlope(z0.y[i], lambda) / (z0.std * s1);
  }
  return Float64Array.from(variances, (v, i) => v * slope(i) ** 2);
}

/**
 * Slope of a monotone map y → z known only at the observations: at y_i, (z(u⁺) − z(u⁻))/(u⁺ − u⁻) with
 * u⁻ < y_i < u⁺ the neighbouring distinct observed values (y_i itself at either end); 0 for constant y.
 */
function secantSlopes(values: readonly number[], z: ArrayLike<number>): (i: number) => number {
  const at = new Map<number, number>();
  values.forEach((v, i) => at.set(v, z[i]));
  const distinct = [...at.keys()].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, j) => [v, j]));
  return (i) => {
    const j = index.get(values[i])!;
    const lo = distinct[Math.max(0, j - 1)];
    const hi = distinct[Math.min(distinct.length - 1, j + 1)];
    return hi > lo ? (at.get(hi)! - at.get(lo)!) / (hi - lo) : 0;
  };
}
