/**
 * The noise-resolved side of a trust region (protocol/trust-region.ts, `restart: 'noise-resolved'`).
 *
 * trustRegionBox gives confined column j the side L·w_j with w_j = ℓ_j/ℓ_geo (ℓ_geo the geometric
 * mean of the confined lengthscales), so from the centre to a corner the scaled squared distance is
 * r² = Σ_j (L·w_j/2)²/ℓ_j² = m·L²/(4ℓ_geo²) over the m confined columns. Under the fitted GP's prior
 * f(centre) − f(corner) has variance 2σ_f²(1 − k(r²)) (σ_f² the outputscale, k the kernel's radial
 * profile). The noise-resolved side L_n is the L at which that variance equals the fitted noise
 * variance σ_n²: in a smaller region the prior expects the function to change across the whole box
 * by less than one noise sd, so the model cannot rank the region's points through the noise and
 * TuRBO's failures there count noise, not convergence. Inputs are the model's own diagnostics (all
 * in the model's standardized units and encoded coordinates), so the length follows the fit of
 * every ask. Where σ_n² ≥ 2σ_f² no side resolves anything and L_n is +∞.
 */
import { radialProfile } from '../surrogates/gp/kernels/radial-profiles.js';

/** L_n, or why it could not be computed from the model's diagnostics (the region then keeps lengthMin). */
export type NoiseResolution = { readonly length: number } | { readonly skipped: string };

const PROFILE = /\b(rbf|matern52|matern32)\b/;

/**
 * L_n for the fitted model whose diagnostics are `model` (GP keys: kernel, lengthscale, outputscale,
 * noise) and the confined encoded columns `confined`.
 */
export function noiseResolvedLength(model: Record<string, unknown>, confined: readonly number[]): NoiseResolution {
  // A trend (GpOptions.trend) adds a non-stationary part whose change across a box depends on where the box is: the formula above does not hold.
  if (model.trend !== undefined) return { skipped: `the kernel has a ${String(model.trend)} trend, not only a stationary part (${String(model.kernel)})` };
  const kernel = typeof model.kernel === 'string' ? PROFILE.exec(model.kernel)?.[1] : undefined;
  if (kernel === undefined) return { skipped: `no stationary kernel in the model's diagnostics (${String(model.kernel)})` };
  const scaled = typeof model.kernel === 'string' && model.kernel.startsWith('scale(');
  const outputscale = scaled ? model.outputscale : 1;
  if (typeof outputscale !== 'number' || !(outputscale > 0)) return { skipped: 'no outputscale in the model diagnostics' };
  const noise = model.noise;
  if (typeof noise !== 'number' || !(noise >= 0)) return { skipped: 'no fitted noise in the model diagnostics' };
  const ls = model.lengthscale;
  if (confined.length === 0) return { skipped: 'no confined column' };
  if (!Array.isArray(ls) || !confined.every((j) => typeof ls[j] === 'number' && ls[j] > 0)) return { skipped: 'no lengthscales for the confined columns' };
  const logGeo = confined.reduce((a, j) => a + Math.log(ls[j] as number), 0) / confined.length;
  const r2 = noiseResolvedDistance(kernel as 'rbf' | 'matern52' | 'matern32', noise / (2 * outputscale));
  return { length: 2 * Math.exp(logGeo) * Math.sqrt(r2 / confined.length) };
}

/** The scaled squared distance r² at which 1 − k(r²) = target (+∞ when target ≥ 1), by bisection: k decreases in r². */
export function noiseResolvedDistance(kernel: 'rbf' | 'matern52' | 'matern32', target: number): number {
  if (!(target < 1)) return Infinity;
  if (!(target > 0)) return 0;
  const k = radialProfile(kernel);
  let hi = 1;
  while (1 - k.value(hi) < target) hi *= 4;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (1 - k.value(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
