import type { Rng } from '../../core/rng.js';

/**
 * A prior over a positive hyperparameter v, used through its log θ = ln v.
 *
 * Convention (as GPyTorch/BoTorch MAP fits): the log density is that of the NATURAL value v,
 * evaluated at v = e^θ, WITHOUT the change-of-variables Jacobian. So the MAP point of a
 * LogNormal(μ, σ) prior alone is its mode e^(μ−σ²) (BoTorch's initial lengthscale), not e^μ.
 */
export interface LogScalePrior {
  readonly name: string;
  /** ln p(v = e^θ) and d/dθ of it. */
  logDensity(theta: number): { value: number; grad: number };
  /** θ at the density's mode (used as the first start of a fit). */
  modeTheta(): number;
  /** A draw θ = ln v with v from the prior (random restarts). */
  sampleTheta(rng: Rng): number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** v ~ LogNormal(μ, σ): ln p(v) = −ln v − ln σ − ½ln 2π − (ln v − μ)²/(2σ²). */
export function logNormalPrior(mu: number, sigma: number): LogScalePrior {
  if (!(sigma > 0)) throw new RangeError(`logNormalPrior: sigma must be > 0, got ${sigma}`);
  const c = -Math.log(sigma) - HALF_LOG_2PI;
  return {
    name: `LogNormal(${mu}, ${sigma})`,
    logDensity(theta) {
      const z = (theta - mu) / sigma;
      return { value: c - theta - 0.5 * z * z, grad: -1 - z / sigma };
    },
    modeTheta: () => mu - sigma * sigma,
    sampleTheta: (rng) => mu + sigma * rng.normal(),
  };
}

/** v ~ Gamma(α, β) (shape α, RATE β, as torch): ln p(v) = α ln β − lnΓ(α) + (α−1) ln v − β v. */
export function gammaPrior(alpha: number, beta: number): LogScalePrior {
  if (!(alpha > 0 && beta > 0)) throw new RangeError(`gammaPrior: need alpha, beta > 0, got ${alpha}, ${beta}`);
  const c = alpha * Math.log(beta) - logGamma(alpha);
  return {
    name: `Gamma(${alpha}, ${beta})`,
    logDensity(theta) {
      const v = Math.exp(theta);
      return { value: c + (alpha - 1) * theta - beta * v, grad: alpha - 1 - beta * v };
    },
    // Mode (α−1)/β for α > 1; for α ≤ 1 the density has no interior mode: use the mean α/β.
    modeTheta: () => Math.log(alpha > 1 ? (alpha - 1) / beta : alpha / beta),
    sampleTheta: (rng) => Math.log(Math.max(sampleGamma(alpha, rng) / beta, 1e-300)),
  };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; |rel err| < 1e-14). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const g = 7;
  const coef = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  const xm = x - 1;
  let a = coef[0];
  const t = xm + g + 0.5;
  for (let i = 1; i < 9; i++) a += coef[i] / (xm + i);
  return HALF_LOG_2PI + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Gamma(α, 1) draw (Marsaglia & Tsang 2000; α < 1 via the U^(1/α) boost). */
export function sampleGamma(alpha: number, rng: Rng): number {
  if (alpha < 1) return sampleGamma(alpha + 1, rng) * Math.pow(rng.uniform() || Number.MIN_VALUE, 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
