/**
 * The probability simplex Δ^{K-1} = {w ∈ R^K : w ≥ 0, Σ w = 1}: uniform maps from the unit
 * cube, Euclidean projection, and Dirichlet draws (for mixture-weight parameters).
 */
import type { Rng } from './rng.js';

/**
 * Map K-1 cube coordinates to a point of Δ^{K-1}, uniform when u is uniform.
 * Stick-breaking with the inverse Beta CDF (Devroye 1986, §V.4): for i = 1..K-1,
 * v_i = 1 - (1-u_i)^{1/(K-i)} is Beta(1, K-i), w_i = v_i · (1 - Σ_{l<i} w_l), w_K = the rest.
 * The map is a smooth bijection of the open cube onto the open simplex, so low-discrepancy
 * inputs stay well spread (unlike sampling uniforms and normalising).
 * u: length ≥ K-1 (extra entries ignored), entries clipped to [0, 1].
 */
export function cubeToSimplex(u: ArrayLike<number>, k: number): Float64Array {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`cubeToSimplex: k must be a positive integer, got ${k}`);
  if (u.length < k - 1) throw new RangeError(`cubeToSimplex: need ${k - 1} coordinates, got ${u.length}`);
  const w = new Float64Array(k);
  let rest = 1;
  for (let i = 0; i < k - 1; i++) {
    const ui = Math.min(1, Math.max(0, u[i]));
    // 1 - (1-u)^{1/m} computed as -expm1(log1p(-u)/m) to keep precision for small u.
    const v = ui >= 1 ? 1 : -Math.expm1(Math.log1p(-ui) / (k - 1 - i));
    const wi = rest * v;
    w[i] = wi;
    rest = Math.max(0, rest - wi);
  }
  w[k - 1] = rest;
  return w;
}

/**
 * Euclidean projection onto Δ^{K-1}: argmin_w ||w - v||² s.t. w ≥ 0, Σ w = 1.
 * Duchi, Shalev-Shwartz, Singer & Chandra (2008), Fig. 1: sort v descending, ρ = max{j :
 * μ_j - (Σ_{r≤j} μ_r - 1)/j > 0}, θ = (Σ_{r≤ρ} μ_r - 1)/ρ, w_i = max(v_i - θ, 0). O(K log K).
 */
export function projectToSimplex(v: ArrayLike<number>): Float64Array {
  const k = v.length;
  if (k === 0) throw new RangeError('projectToSimplex: empty vector');
  for (let i = 0; i < k; i++) if (!Number.isFinite(v[i])) throw new RangeError(`projectToSimplex: entry ${i} is ${v[i]}`);
  const mu = Float64Array.from(v).sort().reverse();
  let cum = 0;
  let theta = 0;
  for (let j = 0; j < k; j++) {
    cum += mu[j];
    const t = (cum - 1) / (j + 1);
    if (mu[j] - t > 0) theta = t;
  }
  const w = new Float64Array(k);
  for (let i = 0; i < k; i++) w[i] = Math.max(v[i] - theta, 0);
  return w;
}

/**
 * Gamma(shape a, scale 1) draw. Marsaglia & Tsang (2000): d = a - 1/3, c = 1/√(9d), z ~ N(0,1),
 * v = (1 + c z)^3 > 0; accept x = d·v when U < 1 - 0.0331 z^4 (squeeze) or
 * ln U < z²/2 + d(1 - v + ln v).
 * For a < 1 uses Gamma(a+1)·U^{1/a} (their §6).
 */
export function gamma(a: number, rng: Rng): number {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`gamma: shape must be > 0, got ${a}`);
  if (a < 1) {
    const u = rng.uniform();
    return gamma(a + 1, rng) * Math.pow(u > 0 ? u : Number.MIN_VALUE, 1 / a);
  }
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * z * z * z * z) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Dirichlet(α) draw on Δ^{K-1}: independent Gamma(α_i, 1) normalised by their sum. */
export function dirichlet(alpha: ArrayLike<number>, rng: Rng): Float64Array {
  const k = alpha.length;
  if (k === 0) throw new RangeError('dirichlet: empty alpha');
  const w = new Float64Array(k);
  for (;;) {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      w[i] = gamma(alpha[i], rng);
      sum += w[i];
    }
    // Tiny shapes can underflow every gamma to 0; redraw rather than divide by 0.
    if (sum > 0 && Number.isFinite(sum)) {
      for (let i = 0; i < k; i++) w[i] /= sum;
      return w;
    }
  }
}
