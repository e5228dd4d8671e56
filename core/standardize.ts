/**
 * Outcome transforms: z-scoring (as BoTorch's Standardize) and the Yeo-Johnson power transform
 * (as sklearn's PowerTransformer(method='yeo-johnson', standardize=True), used by the PFN).
 */

/** Standardized values and the statistics that undo them: y = z·std + mean. */
export interface Standardized {
  y: Float64Array;
  mean: number;
  std: number;
}

/** Fitted Yeo-Johnson transform: y = standardize(ψ(y_raw; λ)) with population std. */
export interface YeoJohnsonFit extends Standardized {
  lambda: number;
}

/** Below this std (BoTorch's min_stdv) the data count as constant and std is set to 1. */
export const MIN_STD = 1e-8;

function checkFinite(y: ArrayLike<number>, who: string): void {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new RangeError(`${who}: y[${i}] is ${y[i]}`);
}

function meanStd(y: ArrayLike<number>, ddof: number): { mean: number; std: number } {
  const n = y.length;
  if (n === 0) return { mean: 0, std: 1 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  if (n - ddof <= 0) return { mean, std: 1 };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i] - mean) ** 2;
  const std = Math.sqrt(ss / (n - ddof));
  return { mean, std: std < MIN_STD ? 1 : std };
}

function scale(y: ArrayLike<number>, mean: number, std: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (y[i] - mean) / std;
  return out;
}

/**
 * z_i = (y_i - ȳ)/s with the sample std s (n-1 divisor), as BoTorch's Standardize.
 * A single point or s < 1e-8 gives s = 1 (the data are only centred); empty input gives mean 0.
 */
export function standardize(y: ArrayLike<number>): Standardized {
  checkFinite(y, 'standardize');
  const { mean, std } = meanStd(y, 1);
  return { y: scale(y, mean, std), mean, std };
}

/** Undo standardize: y = z·std + mean. */
export function unstandardize(z: ArrayLike<number>, stats: { mean: number; std: number }): Float64Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i] * stats.std + stats.mean;
  return out;
}

/** Undo standardize for variances: Var[y] = Var[z]·std². */
export function unstandardizeVariance(v: ArrayLike<number>, stats: { std: number }): Float64Array {
  const s2 = stats.std * stats.std;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * s2;
  return out;
}

/**
 * Yeo & Johnson (2000) transform ψ(y; λ):
 *   y ≥ 0: ((y+1)^λ - 1)/λ  (λ ≠ 0),  ln(1+y)  (λ = 0)
 *   y < 0: -((1-y)^{2-λ} - 1)/(2-λ)  (λ ≠ 2),  -ln(1-y)  (λ = 2)
 * computed with expm1/log1p as scipy.stats.yeojohnson does.
 */
export function yeoJohnsonTransform(y: ArrayLike<number>, lambda: number): Float64Array {
  const out = new Float64Array(y.length);
  const eps = Number.EPSILON;
  for (let i = 0; i < y.length; i++) {
    const x = y[i];
    if (x >= 0) out[i] = Math.abs(lambda) < eps ? Math.log1p(x) : Math.expm1(lambda * Math.log1p(x)) / lambda;
    else out[i] = Math.abs(lambda - 2) < eps ? -Math.log1p(-x) : -Math.expm1((2 - lambda) * Math.log1p(-x)) / (2 - lambda);
  }
  return out;
}

/** Inverse of ψ(·; λ): the raw value whose transform is t. */
export function yeoJohnsonInverse(t: ArrayLike<number>, lambda: number): Float64Array {
  const out = new Float64Array(t.length);
  const eps = Number.EPSILON;
  for (let i = 0; i < t.length; i++) {
    const v = t[i];
    if (v >= 0) out[i] = Math.abs(lambda) < eps ? Math.expm1(v) : Math.expm1(Math.log1p(lambda * v) / lambda);
    else out[i] = Math.abs(lambda - 2) < eps ? -Math.expm1(-v) : -Math.expm1(Math.log1p(-(2 - lambda) * v) / (2 - lambda));
  }
  return out;
}

/**
 * Profile log-likelihood of λ (scipy.stats.yeojohnson_llf):
 * ℓ(λ) = -n/2 · ln σ²_ψ + (λ - 1) Σ sign(y_i) ln(1 + |y_i|), σ²_ψ the population variance of ψ(y; λ).
 */
export function yeoJohnsonLogLikelihood(y: ArrayLike<number>, lambda: number): number {
  const n = y.length;
  const t = yeoJohnsonTransform(y, lambda);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += t[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (t[i] - mean) ** 2;
  let jac = 0;
  for (let i = 0; i < n; i++) jac += Math.sign(y[i]) * Math.log1p(Math.abs(y[i]));
  const ll = (-n / 2) * Math.log(ss / n) + (lambda - 1) * jac;
  return Number.isFinite(ll) ? ll : -Infinity;
}

const GOLD = (1 + Math.sqrt(5)) / 2;

/**
 * Maximum-likelihood λ: bracket from (-2, 2) by golden expansion (as scipy.optimize.bracket),
 * then golden-section search to |Δλ| < 1e-10. ℓ is unimodal in λ in practice; scipy's Brent
 * finds the same maximiser. Constant data (or n < 2) give λ = 1 (the identity).
 */
export function yeoJohnsonLambda(y: ArrayLike<number>): number {
  checkFinite(y, 'yeoJohnson');
  const n = y.length;
  if (n < 2) return 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, y[i]);
    hi = Math.max(hi, y[i]);
  }
  if (hi - lo <= MIN_STD * Math.max(1, Math.abs(hi))) return 1;
  const f = (l: number): number => -yeoJohnsonLogLikelihood(y, l);
  let a = -2;
  let b = 2;
  let fa = f(a);
  let fb = f(b);
  if (fb > fa) [a, b, fa, fb] = [b, a, fb, fa];
  let c = b + GOLD * (b - a);
  let fc = f(c);
  for (let it = 0; it < 100 && fc < fb; it++) {
    [a, fa, b, fb] = [b, fb, c, fc];
    c = b + GOLD * (b - a);
    fc = f(c);
  }
  // Now fb ≤ fa and fb ≤ fc (or the expansion hit its limit): search [min(a,c), max(a,c)].
  let left = Math.min(a, c);
  let right = Math.max(a, c);
  const r = 1 / GOLD;
  let x1 = right - r * (right - left);
  let x2 = left + r * (right - left);
  let f1 = f(x1);
  let f2 = f(x2);
  while (right - left > 1e-10 * Math.max(1, Math.abs(x1))) {
    if (f1 <= f2) {
      right = x2;
      x2 = x1;
      f2 = f1;
      x1 = right - r * (right - left);
      f1 = f(x1);
    } else {
      left = x1;
      x1 = x2;
      f1 = f2;
      x2 = left + r * (right - left);
      f2 = f(x2);
    }
  }
  return (left + right) / 2;
}

/**
 * Fit λ by maximum likelihood, transform, then standardize with the population std (ddof 0,
 * as sklearn's PowerTransformer(standardize=True)); std < 1e-8 becomes 1.
 */
export function yeoJohnson(y: ArrayLike<number>): YeoJohnsonFit {
  const lambda = yeoJohnsonLambda(y);
  const t = yeoJohnsonTransform(y, lambda);
  const { mean, std } = meanStd(t, 0);
  return { y: scale(t, mean, std), mean, std, lambda };
}

/** Map new raw values through a fitted transform (same λ, mean, std). */
export function yeoJohnsonApply(y: ArrayLike<number>, fit: { lambda: number; mean: number; std: number }): Float64Array {
  return scale(yeoJohnsonTransform(y, fit.lambda), fit.mean, fit.std);
}

/** Raw values from standardized transformed values: ψ^{-1}(z·std + mean; λ). */
export function yeoJohnsonUnapply(z: ArrayLike<number>, fit: { lambda: number; mean: number; std: number }): Float64Array {
  return yeoJohnsonInverse(unstandardize(z, fit), fit.lambda);
}

/**
 * Heavy-tail statistic of a sample: its standard deviation over the normal-consistent median
 * absolute deviation, s / (1.4826·median|y − median(y)|). About 1 for Gaussian data; large when
 * a few extreme values dominate the scale (the bulk then sits in a sliver of z-units). Returns 1
 * for n < 3 and Infinity when more than half the values are equal but not all.
 */
export function heavyTailRatio(y: ArrayLike<number>): number {
  const n = y.length;
  if (n < 3) return 1;
  const { std } = meanStd(y, 1);
  const sorted = Float64Array.from(y).sort();
  const med = median(sorted);
  const dev = Float64Array.from(sorted, (v) => Math.abs(v - med)).sort();
  const mad = 1.4826 * median(dev);
  if (!(mad > 0)) return sorted[0] === sorted[n - 1] ? 1 : Infinity;
  return std / mad;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}
