/**
 * Weight priors for the BNN: 'fan-in' (variance σ_w²/fan_in, the usual scaling) and 'gp-matched'
 * (Tran, Rossi, Milios, Filippone 2022, "All you need is a good functional prior"): per-layer scales
 * ψ = (ρ_W, ρ_b), W ~ N(0, softplus(ρ_W)²/fan_in), b ~ N(0, softplus(ρ_b)²), fitted so the BNN's
 * function samples on a measurement set match a target GP prior in 1-Wasserstein distance, estimated
 * by a critic with gradient penalty (WGAN-GP, λ = 10), as in seed-specs.md §5.
 */
import { createRng } from '../../core/rng.js';
import { fitGpMatchedPriors, type MatchOptions } from './gp-match.js';
import type { LayerPrior } from './log-posterior.js';
import type { LayerSlot, MlpShape } from './mlp.js';

export type { MatchOptions } from './gp-match.js';

/** W ~ N(0, scale/fan_in), b ~ N(0, biasVar) in every layer. */
export function fanInPriors(slots: readonly LayerSlot[], scale = 1, biasVar = 1): LayerPrior[] {
  return slots.map((s) => ({ weightVar: scale / s.fanIn, biasVar }));
}

/** The target GP prior the BNN prior is matched to: RBF, unit variance, lengthscale = the default GP's prior mode. */
export function targetLengthscale(d: number): number {
  // LogNormal(μ = √2 + ½ ln d, σ = √3) has mode exp(μ − σ²) = 0.2048·√d (seed-specs.md §7.3).
  return Math.exp(Math.SQRT2 + 0.5 * Math.log(d) - 3);
}

const cache = new Map<string, LayerPrior[]>();

/** Prior scales matched to the GP prior, cached per (architecture, input dimension). */
export async function gpMatchedPriors(shape: MlpShape, options: MatchOptions = {}): Promise<LayerPrior[]> {
  const ell = options.lengthscale ?? targetLengthscale(shape.inputDim);
  const key = `${shape.widths.join('x')}-${shape.activation}-${shape.inputDim}-${ell}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // A fixed seed per architecture: the cached result must not depend on which study asked first.
  const fitted = await fitGpMatchedPriors(shape, createRng(0x5eed + shape.inputDim), { ...options, lengthscale: ell });
  cache.set(key, fitted.priors);
  return fitted.priors;
}

