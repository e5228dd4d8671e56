/**
 * Weight priors for the BNN: 'fan-in' (variance σ_w²/fan_in, the usual scaling) and 'gp-matched'
 * (Tran, Rossi, Milios, Filippone 2022, "All you need is a good functional prior"): per-layer scales
 * ψ = (ρ_W, ρ_b), W ~ N(0, softplus(ρ_W)²/fan_in), b ~ N(0, softplus(ρ_b)²), fitted so the BNN's
 * function samples on measurement sets match the service's default GP prior. Two fitting methods:
 * 'moments' (default; gp-moment-match.ts: covariance of function draws vs the GP kernel) and
 * 'wasserstein' (gp-match.ts: WGAN-GP critic as in the paper; slower and, at the step counts an ask
 * can afford, noisy — see the report in benchmarks/hmc-bnn/).
 */
import { createRng } from '../../core/rng.js';
import type { MatchOptions } from './gp-match.js';
import type { LayerPrior } from './log-posterior.js';
import type { LayerSlot, MlpShape } from './mlp.js';

export type { MatchOptions } from './gp-match.js';

/** W ~ N(0, scale/fan_in), b ~ N(0, biasVar) in every layer; the output layer's weights use outputScale (default scale). */
export function fanInPriors(slots: readonly LayerSlot[], scale = 1, biasVar = 1, outputScale = scale): LayerPrior[] {
  return slots.map((s, l) => ({ weightVar: (l === slots.length - 1 ? outputScale : scale) / s.fanIn, biasVar }));
}

/** The target GP prior the BNN prior is matched to: RBF, unit variance, lengthscale = the default GP's prior mode. */
export function targetLengthscale(d: number): number {
  // LogNormal(μ = √2 + ½ ln d, σ = √3) has mode exp(μ − σ²) = 0.2048·√d (seed-specs.md §7.3).
  return Math.exp(Math.SQRT2 + 0.5 * Math.log(d) - 3);
}

const cache = new Map<string, LayerPrior[]>();

/** Prior scales matched to the GP prior, cached per (architecture, input dimension). */
export async function gpMatchedPriors(shape: MlpShape, options: MatchOptions & { method?: 'moments' | 'wasserstein' } = {}): Promise<LayerPrior[]> {
  const ell = options.lengthscale ?? targetLengthscale(shape.inputDim);
  const method = options.method ?? 'moments';
  const key = JSON.stringify([shape.widths, shape.activation, shape.inputDim, ell, method, options.iterations, options.functionSamples, options.measurementPoints]);
  const hit = cache.get(key);
  if (hit) return hit;
  // A fixed seed per architecture: the cached result must not depend on which study asked first.
  const rng = createRng(0x5eed + shape.inputDim);
  // The fitting modules load tfjs: imported on first use only.
  await (await import('../neural/backend.js')).ensureTensorBackend();
  const priors =
    method === 'moments'
      ? (await (await import('./gp-moment-match.js')).fitMomentMatchedPriors(shape, rng, { lengthscale: ell, iterations: options.iterations ?? 120, functionSamples: options.functionSamples ?? 256, measurementPoints: options.measurementPoints })).priors
      : (await (await import('./gp-match.js')).fitGpMatchedPriors(shape, rng, { ...options, lengthscale: ell })).priors;
  cache.set(key, priors);
  return priors;
}

/** Whether matched priors for this architecture are already cached (defaults of gpMatchedPriors). */
export function hasCachedGpMatchedPriors(shape: MlpShape): boolean {
  const ell = targetLengthscale(shape.inputDim);
  return cache.has(JSON.stringify([shape.widths, shape.activation, shape.inputDim, ell, 'moments', undefined, undefined, undefined]));
}

