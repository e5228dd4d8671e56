/**
 * Multi-fidelity max-value entropy search (Takeno et al. 2020; BoTorch's
 * qMultiFidelityMaxValueEntropy as ADMIRE runs it, seed-specs §3.3), analytic per candidate.
 *
 * For a candidate (x, s): y = f(x, s) + ε is observed; f_m = f(x, target) is the target-level value.
 * (f_m, y) are jointly Gaussian with correlation ρ = cov(f_m, y)/(σ_m σ_y). With a max-value sample
 * f*, conditioning on f* is approximated (Wang & Jegelka 2017) by f_m ≤ f*. With γ = (f* − μ_m)/σ_m,
 * z = (y − μ_y)/σ_y ~ N(0,1) and u_z = (γ − ρz)/√(1−ρ²) (the standardized f* given y):
 *   p(z | f_m ≤ f*) = φ(z) Φ(u_z)/Φ(γ),
 *   I = H[y] − H[y | f_m ≤ f*] = −log Φ(γ) + E_{z|f*}[log Φ(u_z)] + ½(1 − E_{z|f*}[z²])
 *     = −log Φ(γ) + (1/Φ(γ)) ∫ φ(z) Φ(u_z) (log Φ(u_z) + ½(1 − z²)) dz,
 * averaged over the f* samples (BoTorch computes the same H[y] − H[y|f*] by MC over y).
 * At ρ = 1 this is MES, γφ(γ)/(2Φ(γ)) − log Φ(γ); at ρ = 0 it is 0. The integral uses composite
 * Simpson on z ∈ [−10, 10] in three panels around the step at z₀ = γ/ρ, self-normalized by Σ w φ Φ(u) ≈ Φ(γ).
 * The cost-aware utility (BoTorch InverseCostWeightedUtility) is I / cost(s).
 */
import { logNormalCdf, normalCdf } from '../../core/normal.js';

const Z_MAX = 10;
/** Simpson nodes per panel (odd). */
const NODES = 121;
const RHO2_MAX = 1 - 1e-12;
/** BoTorch's CLAMP_LB on Φ(γ). */
const CDF_FLOOR = 1e-8;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Information gain I(γ, ρ) about f* from one noisy observation correlated ρ with the target value
 * (formula above). The integrand steps at z₀ = γ/ρ over a width w = √(1−ρ²)/ρ (sharply as ρ → 1),
 * so [−10, 10] is split at z₀ ± 8w: Simpson inside, closed form outside.
 */
export function informationGain(gamma: number, rho: number): number {
  const r2 = Math.min(rho * rho, RHO2_MAX);
  if (r2 === 0) return 0;
  const r = Math.sqrt(r2);
  const sd = Math.sqrt(1 - r2);
  const clampZ = (z: number): number => Math.min(Z_MAX, Math.max(-Z_MAX, z));
  const z0 = gamma / r;
  const w = 8 * (sd / r);
  const a = clampZ(z0 - w);
  const b = clampZ(z0 + w);
  // Left of z0 − 8·sd/r, u = (γ − r z)/sd ≥ 8, so Φ(u) = 1 and log Φ(u) = 0 to 1e-15: that panel
  // is closed form, ∫φ = Φ(a) − Φ(−Z), ∫φ·½(1 − z²) = ½[zφ(z)] (d(zφ)/dz = φ − z²φ). Right of
  // z0 + 8·sd/r, Φ(u) ≤ 1e-15 and the panel adds nothing. Only [a, b] needs Simpson's rule.
  const phi = (z: number): number => Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
  let mass = normalCdf(a) - normalCdf(-Z_MAX);
  let acc = 0.5 * (a * phi(a) + Z_MAX * phi(-Z_MAX));
  if (b > a) {
    const h = (b - a) / (NODES - 1);
    for (let i = 0; i < NODES; i++) {
      const zi = a + i * h;
      const simpson = i === 0 || i === NODES - 1 ? 1 : i % 2 === 1 ? 4 : 2;
      const lc = logNormalCdf((gamma - r * zi) / sd);
      const c = Math.exp(lc - 0.5 * zi * zi) * INV_SQRT_2PI * ((simpson * h) / 3);
      if (c === 0) continue;
      mass += c;
      acc += c * (lc + 0.5 * (1 - zi * zi));
    }
  }
  const logCdfGamma = Math.log(Math.max(normalCdf(gamma), CDF_FLOOR));
  if (!(mass > 0)) return -logCdfGamma;
  return Math.max(0, -logCdfGamma + acc / mass);
}

/** Joint moments of (f(x, s) observed with noise, f(x, target)) at one candidate. */
export interface TargetMoments {
  /** Mean and latent variance at the target level. */
  readonly meanTarget: Float64Array;
  readonly varTarget: Float64Array;
  /** Variance of the observation y at (x, s): latent variance + noise. */
  readonly varObserved: Float64Array;
  /** cov(f(x, s), f(x, target)) (the noise is independent of f). */
  readonly cov: Float64Array;
  /** Latent mean at (x, s). */
  readonly meanObserved: Float64Array;
}

/**
 * Max-value samples from the Gumbel approximation of P(max_i f_i ≤ y) = Π_i Φ((y − μ_i)/σ_i)
 * over a candidate set at the target level (Wang & Jegelka 2017; BoTorch _sample_max_value_Gumbel):
 * the quartiles q25, q50, q75 by bisection, β = (q75 − q25)/(ln ln 4 − ln ln(4/3)),
 * a = q50 + β ln ln 2, samples a − β ln(−ln u). The u are the deterministic midpoints (k + ½)/count,
 * so the acquisition surface is fixed for a given model.
 */
export function gumbelMaxValues(mean: ArrayLike<number>, variance: ArrayLike<number>, count: number): Float64Array {
  const n = mean.length;
  if (n === 0) throw new RangeError('gumbelMaxValues: empty candidate set');
  const sd = Float64Array.from(variance, (v) => Math.sqrt(Math.max(v, 1e-12)));
  let lo = Infinity;
  let hi = -Infinity;
  let maxMean = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, mean[i] - 5 * sd[i]);
    hi = Math.max(hi, mean[i] + 8 * sd[i]);
    maxMean = Math.max(maxMean, mean[i]);
  }
  lo = Math.max(lo, maxMean - 5 * Math.max(...sd));
  const logCdfMax = (y: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += logNormalCdf((y - mean[i]) / sd[i]);
    return s;
  };
  const quantile = (p: number): number => {
    const lp = Math.log(p);
    let a = lo;
    let b = hi;
    for (let it = 0; it < 100 && b - a > 1e-10 * (1 + Math.abs(b)); it++) {
      const m = 0.5 * (a + b);
      if (logCdfMax(m) < lp) a = m;
      else b = m;
    }
    return 0.5 * (a + b);
  };
  const q25 = quantile(0.25);
  const q50 = quantile(0.5);
  const q75 = quantile(0.75);
  const beta = Math.max((q75 - q25) / (Math.log(Math.log(4)) - Math.log(Math.log(4 / 3))), 1e-12);
  const a = q50 + beta * Math.log(Math.LN2);
  return Float64Array.from({ length: count }, (_, k) => a - beta * Math.log(-Math.log((k + 0.5) / count)));
}

/**
 * MF-MES value per candidate: mean over f* samples of informationGain(γ, ρ), divided by the
 * candidate's cost (cost-aware utility). Returns the raw information gains too.
 */
export function mfMesScores(m: TargetMoments, maxValues: ArrayLike<number>, costs: ArrayLike<number>): { value: Float64Array; gain: Float64Array } {
  const n = m.meanTarget.length;
  const value = new Float64Array(n);
  const gain = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sdT = Math.sqrt(Math.max(m.varTarget[i], 1e-12));
    const rho = m.cov[i] / Math.sqrt(Math.max(m.varTarget[i], 1e-12) * Math.max(m.varObserved[i], 1e-12));
    let g = 0;
    for (let k = 0; k < maxValues.length; k++) g += informationGain((maxValues[k] - m.meanTarget[i]) / sdT, rho);
    gain[i] = g / maxValues.length;
    value[i] = gain[i] / costs[i];
  }
  return { value, gain };
}

