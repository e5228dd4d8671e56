/**
 * Smooth approximations used by the MC log-acquisitions (Ament et al. 2023; BoTorch
 * utils/safe_math.py; seed-specs §7.2). All operate on plain numbers / Float64Array.
 */

/** Default temperature τ0 of the smoothed ReLU in qLogNEI (BoTorch tau_relu). */
export const TAU_RELU = 1e-6;
/** Default temperature τ_max of the smooth max over the q batch points (BoTorch tau_max). */
export const TAU_MAX = 1e-2;
const FAT_ALPHA = 0.1;
/** ln τ0, hoisted: the same bits as Math.log(TAU_RELU) per call, without a logarithm per MC sample. */
const LOG_TAU_RELU = Math.log(TAU_RELU);
const logTau = (tau: number): number => (tau === TAU_RELU ? LOG_TAU_RELU : Math.log(tau));

/** softplus(u) = log(1 + e^u) without overflow. */
export function softplus(u: number): number {
  return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
}

/**
 * log fatplus_τ(x), fatplus_τ(x) = τ·[softplus(x/τ) + 0.1/(1 + (x/τ)²)]: a ReLU smoothed with a
 * Cauchy-like fat left tail, so log-improvements never vanish (decay ~ 0.1·τ³/x²).
 */
export function logFatplus(x: number, tau: number = TAU_RELU): number {
  const u = x / tau;
  return logTau(tau) + Math.log(softplus(u) + FAT_ALPHA / (1 + u * u));
}

/** pareto(u) = (β0/(β0 + β1·u + u²))^{α/2} with α = 2, β1 = 2, β0 = 2: value 1, slope −1, curvature 1 at 0. */
function pareto(u: number): number {
  return 2 / (2 + 2 * u + u * u);
}

/**
 * Smooth "fat" maximum fatmax_τ(x) = M + τ·log Σ_j pareto((M − x_j)/τ), M = max_j x_j.
 * Exactly max(x) for one element; over-estimates the max by at most τ·log(len).
 */
export function fatmax(x: ArrayLike<number>, tau: number = TAU_MAX): number {
  let m = -Infinity;
  for (let j = 0; j < x.length; j++) if (x[j] > m) m = x[j];
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let j = 0; j < x.length; j++) s += pareto((m - x[j]) / tau);
  return m + tau * Math.log(s);
}

/** log((1/n)·Σ e^{x_i}) computed around the maximum. */
export function logMeanExp(x: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
  return m + Math.log(s / x.length);
}

/**
 * d/dx log fatplus_τ(x) = [σ(u) − 2αu/(1+u²)²] / [softplus(u) + α/(1+u²)] / τ with u = x/τ,
 * σ the logistic function (the derivative of softplus), α = 0.1.
 */
export function logFatplusDerivative(x: number, tau: number = TAU_RELU): number {
  const u = x / tau;
  const sig = u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
  const r = 1 + u * u;
  return (sig - (2 * FAT_ALPHA * u) / (r * r)) / (softplus(u) + FAT_ALPHA / r) / tau;
}

/** log fatplus_τ(x) with its derivative written to out[0] (one softplus and one exp shared). */
export function logFatplusWithDerivative(x: number, tau: number, out: Float64Array): number {
  const u = x / tau;
  const e = Math.exp(-Math.abs(u));
  const sp = (u > 0 ? u : 0) + Math.log1p(e);
  const sig = u >= 0 ? 1 / (1 + e) : e / (1 + e);
  const r = 1 + u * u;
  const inner = sp + FAT_ALPHA / r;
  out[0] = (sig - (2 * FAT_ALPHA * u) / (r * r)) / inner / tau;
  return logTau(tau) + Math.log(inner);
}

/**
 * fatmax_τ(x) and its gradient (written into grad, length x.length). With u_j = (M − x_j)/τ,
 * Σ = Σ_j pareto(u_j), M = x_{k*} the max: ∂F/∂x_k = −pareto'(u_k)/Σ + [k = k*]·(1 + Σ_j pareto'(u_j)/Σ);
 * the gradient sums to 1 (F(x + c) = F(x) + c).
 */
export function fatmaxWithGradient(x: ArrayLike<number>, grad: Float64Array, tau: number = TAU_MAX): number {
  let m = -Infinity;
  let arg = 0;
  for (let j = 0; j < x.length; j++) if (x[j] > m) [m, arg] = [x[j], j];
  grad.fill(0);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  let sd = 0;
  for (let j = 0; j < x.length; j++) {
    const u = (m - x[j]) / tau;
    const q = 2 + 2 * u + u * u;
    const dp = (-2 * (2 + 2 * u)) / (q * q);
    s += 2 / q;
    sd += dp;
    grad[j] = -dp;
  }
  for (let j = 0; j < x.length; j++) grad[j] /= s;
  grad[arg] += 1 + sd / s;
  return m + tau * Math.log(s);
}
