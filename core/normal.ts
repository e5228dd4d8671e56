/**
 * Standard normal functions in float64: φ, Φ, log Φ, erfc, erfcx, Φ⁻¹, and the LogEI helper
 * log h(z) = log(φ(z) + z·Φ(z)) with its derivative. Accurate far into the left tail (no
 * log(erfc) of an underflowed value anywhere).
 * Sources: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp.
 * 23 (1969), CALERF (netlib specfun, 1985); M. Wichura, Algorithm AS 241, Appl. Statist. 37
 * (1988); Ament et al., "Unexpected improvements to expected improvement", NeurIPS 2023 and
 * BoTorch analytic.py (_log_ei_helper) for the log h branches.
 */

const SQRT_PI_INV = 5.6418958354775628695e-1; // 1/√π
const LOG_SQRT_2PI = 0.9189385332046727418; // ½·ln(2π) (c1 in seed-specs §7.1)
const HALF_LOG_PI_OVER_2 = 0.2257913526447274323; // ½·ln(π/2) (c2)
/** −1/√ε in float64 (≈ −6.7e7); BoTorch uses −1e6 — both lie where the asymptote is exact in float64. */
const NEG_INV_SQRT_EPS = -1 / Math.sqrt(Number.EPSILON);

// Cody CALERF coefficients (double precision).
const A = [3.1611237438705656, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
const B = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
const C = [
  5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.8195222124176909e2,
  1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
];
const D = [
  1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
  4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
];
const P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
const Q = [2.56852019228982242, 1.87295284992346047, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

/** exp(−y²) without the rounding loss of squaring y (Cody's split y = ysq + del). */
function expNegSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/**
 * Cody's CALERF core for y = |x| > 0.46875: returns erfcx(y) = e^{y²}·erfc(y) (scaled), with
 * relative error near float64 rounding.
 */
function erfcxPositiveTail(y: number): number {
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    return (num + C[7]) / (den + D[7]);
  }
  if (y >= 6.71e7) return SQRT_PI_INV / y; // next term is below rounding
  const ysq = 1 / (y * y);
  let num = P[5] * ysq;
  let den = ysq;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]) * ysq;
    den = (den + Q[i]) * ysq;
  }
  const r = (ysq * (num + P[4])) / (den + Q[4]);
  return (SQRT_PI_INV - r) / y;
}

/** erf(x) for |x| ≤ 0.46875 (Cody's first interval). */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const ysq = y > 1.11e-16 ? y * y : 0;
  let num = A[4] * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * ysq;
    den = (den + B[i]) * ysq;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/** Error function erf(x) (Cody). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x);
  const c = y >= 26.543 ? 0 : expNegSquare(y) * erfcxPositiveTail(y);
  const r = 0.5 - c + 0.5;
  return x < 0 ? -r : r;
}

/** Complementary error function erfc(x) = 1 − erf(x), accurate in relative terms for large x (Cody). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfSmall(x);
  const c = y >= 26.543 ? 0 : expNegSquare(y) * erfcxPositiveTail(y);
  return x < 0 ? 2 - c : c;
}

/** Scaled complementary error function erfcx(x) = e^{x²}·erfc(x) (Cody); +∞ for x < −26.628. */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    r = (1 - erfSmall(x)) * Math.exp(x * x);
    return r;
  }
  if (y >= 2.53e307) r = 0;
  else r = erfcxPositiveTail(y);
  if (x >= 0) return r;
  if (x < -26.628) return Infinity;
  const e = 1 / expNegSquare(y); // e^{x²}
  return e + e - r;
}

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/** log φ(x) = −x²/2 − ½ln(2π). */
export function logNormalPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/** exp(−x²/2) with x² split exactly (x = xs + r, xs a multiple of 1/16), so large |x| loses no digits. */
function expNegHalfSquare(x: number): number {
  const xs = Math.trunc(x * 16) / 16;
  const del = (x - xs) * (x + xs);
  return Math.exp(-0.5 * xs * xs) * Math.exp(-0.5 * del);
}

/**
 * Φ(x) for x ≤ 0 as ½·erfcx(−x/√2)·e^{−x²/2}: the rounding of −x/√2 barely moves erfcx, whereas
 * erfc(−x/√2) would amplify it by 2t² (5e-14 at x = −30).
 */
function lowerTail(x: number): number {
  return 0.5 * erfcx(-x / Math.SQRT2) * expNegHalfSquare(x);
}

/** Standard normal CDF Φ(x), accurate in relative terms in the left tail. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return x === -Infinity ? 0 : lowerTail(x);
  return x === Infinity ? 1 : 1 - lowerTail(-x);
}

/**
 * log Φ(x). For x < 0: log Φ(x) = log(½·erfcx(−x/√2)) − x²/2 (no underflow, no cancellation);
 * for x ≥ 0: log1p(−Φ(−x)).
 */
export function logNormalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 0) return x === Infinity ? 0 : Math.log1p(-lowerTail(-x));
  if (x === -Infinity) return -Infinity;
  return Math.log(0.5 * erfcx(-x / Math.SQRT2)) - 0.5 * x * x;
}

// Wichura AS 241 (PPND16) coefficients, relative accuracy about 1e-16.
const AS_A = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const AS_B = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561];
const AS_C = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const AS_D = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
const AS_E = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
const AS_F = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];

function horner(c: number[], x: number): number {
  let v = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) v = v * x + c[i];
  return v;
}

/** Standard normal quantile Φ⁻¹(p) (Wichura AS 241); ±∞ at p = 0, 1; NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS_A, r)) / horner(AS_B, r);
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v = horner(AS_C, r) / horner(AS_D, r);
  } else {
    r -= 5;
    v = horner(AS_E, r) / horner(AS_F, r);
  }
  return q < 0 ? -v : v;
}

/** log(1 − e^a) for a ≤ 0, accurate on both sides of a = −ln 2 (Mächler 2012). */
export function log1mexp(a: number): number {
  return a > -Math.LN2 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
}

/**
 * log h(z) with h(z) = φ(z) + z·Φ(z) = E[max(Z + z, 0)], the standardized expected improvement.
 * Branches (seed-specs §7.1, BoTorch _log_ei_helper):
 *   z > −1:           log(φ(z) + zΦ(z)) directly;
 *   −1/√ε < z ≤ −1:   −z²/2 − c1 + log1mexp(ln(erfcx(−z/√2)·|z|) + c2);
 *   z ≤ −1/√ε:        −z²/2 − c1 − 2·ln|z|.
 */
export function logH(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z > -1) {
    if (z === Infinity) return Infinity;
    return Math.log(normalPdf(z) + z * normalCdf(z));
  }
  if (z === -Infinity) return -Infinity;
  if (z > NEG_INV_SQRT_EPS) {
    const w = Math.log(erfcx(-z / Math.SQRT2) * -z) + HALF_LOG_PI_OVER_2;
    return -0.5 * z * z - LOG_SQRT_2PI + log1mexp(w);
  }
  return -0.5 * z * z - LOG_SQRT_2PI - 2 * Math.log(-z);
}

/** d log h / dz = Φ(z)/h(z) = exp(log Φ(z) − log h(z)); tends to |z| as z → −∞ and to 1/z as z → +∞. */
export function dLogH(z: number): number {
  if (z === Infinity) return 0;
  if (z === -Infinity) return Infinity;
  return Math.exp(logNormalCdf(z) - logH(z));
}
