/**
 * Student-t distribution with ν degrees of freedom (standard: location 0, scale 1): log density,
 * log CDF through the regularized incomplete beta function, and the quantile by bisection.
 * T_ν(z) = ½·I_{ν/(ν+z²)}(ν/2, ½) for z ≤ 0 (Abramowitz & Stegun 26.7.1 with 26.5.27).
 * I_x(a, b) is evaluated by its continued fraction (Lentz's method), in log space so far tails keep
 * their relative accuracy.
 */
import { logH, logNormalCdf, normalQuantile } from './normal.js';

/** ln Γ(x), x > 0 (Lanczos g = 7, 9 terms; relative error < 1e-14). */
export function logGammaFn(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGammaFn(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const xm = x - 1;
  let a = c[0];
  const t = xm + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (xm + i);
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of I_x(a, b) (Numerical-Recipes-style recurrence, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** ln I_x(a, b), the log of the regularized incomplete beta function, 0 <= x <= 1. */
export function logIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  if (x >= 1) return 0;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - (logGammaFn(a) + logGammaFn(b) - logGammaFn(a + b));
  if (x < (a + 1) / (a + b + 2)) return logFront - Math.log(a) + Math.log(betaContinuedFraction(x, a, b));
  // Symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges fast.
  const other = Math.exp(logFront - Math.log(b) + Math.log(betaContinuedFraction(1 - x, b, a)));
  return Math.log1p(-other);
}

/** ln t_ν(z), the standard Student-t log density. */
export function studentTLogPdf(z: number, nu: number): number {
  return logGammaFn((nu + 1) / 2) - logGammaFn(nu / 2) - 0.5 * Math.log(nu * Math.PI) - ((nu + 1) / 2) * Math.log1p((z * z) / nu);
}

/** ln T_ν(z), the standard Student-t log CDF (accurate in the far left tail). */
export function studentTLogCdf(z: number, nu: number): number {
  if (nu > 1e7) return logNormalCdf(z);
  const left = Math.log(0.5) + logIncompleteBeta(nu / (nu + z * z), nu / 2, 0.5);
  if (z <= 0) return left;
  return Math.log1p(-Math.exp(left));
}

/** T_ν⁻¹(p) by bisection on the log CDF, started from the normal quantile (|error| < 1e-12). */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (nu > 1e7) return normalQuantile(p);
  const lp = Math.log(p);
  let lo = -1;
  let hi = 1;
  const z0 = normalQuantile(p);
  lo = Math.min(lo, 4 * z0 - 1);
  hi = Math.max(hi, 4 * z0 + 1);
  while (studentTLogCdf(lo, nu) > lp) lo *= 2;
  while (studentTLogCdf(hi, nu) < lp) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTLogCdf(mid, nu) < lp) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * ln h_ν(z), h_ν(z) = ∫_{−∞}^z T_ν(u) du = z·T_ν(z) + (ν + z²)/(ν − 1)·t_ν(z) (the t-process EI at
 * unit scale, acquisitions/student-t-moments.ts), falling back to the Gaussian log h when ν is so
 * large the t is normal to rounding.
 */
export function logHStudentT(z: number, nu: number): number {
  if (nu > 1e6) return logH(z);
  const lt = studentTLogPdf(z, nu);
  const lT = studentTLogCdf(z, nu);
  const bracket = (nu + z * z) / (nu - 1) + z * Math.exp(lT - lt);
  if (bracket > 0) return lt + Math.log(bracket);
  return logH(z);
}
