/**
 * Weight priors for the BNN: 'fan-in' (variance σ_w²/fan_in, the usual scaling) and 'gp-matched'
 * (Tran, Rossi, Milios, Filippone 2022, "All you need is a good functional prior"): per-layer scales
 * ψ = (ρ_W, ρ_b), W ~ N(0, softplus(ρ_W)²/fan_in), b ~ N(0, softplus(ρ_b)²), fitted so the BNN's
 * function values on measurement sets match a GP prior (gp-prior-target.ts: the service's default
 * GP at its first start, or that GP fitted to the data). Methods: 'moment' (gp-moment-match.ts:
 * covariance of function draws vs the kernel) and 'wasserstein' (gp-sliced-wasserstein.ts: sliced
 * 1-Wasserstein distance between BNN and GP draws).
 */
import { createRng, deriveSeed } from '../../core/rng.js';
import { defaultGpTarget, meanLengthscale, type GpPriorTarget } from './gp-prior-target.js';
import type { LayerPrior } from './log-posterior.js';
import { INPUT_SCALE, layout, type LayerSlot, type MlpShape } from './mlp.js';

/** How ψ is fitted. */
export type PriorMatch = 'moment' | 'wasserstein';

/** W ~ N(0, scale/fan_in), b ~ N(0, biasVar) in every layer; the output layer's weights use outputScale (default scale). */
export function fanInPriors(slots: readonly LayerSlot[], scale = 1, biasVar = 1, outputScale = scale): LayerPrior[] {
  return slots.map((s, l) => ({ weightVar: (l === slots.length - 1 ? outputScale : scale) / s.fanIn, biasVar }));
}

/**
 * ψ's start for a target with mean lengthscale ℓ̄ and amplitude a (its k(x, x)): first-layer weights
 * of standard deviation 1/ℓ' per input, ℓ' = ℓ̄·INPUT_SCALE the lengthscale in network units, and
 * biases of standard deviation √d/ℓ' (so the units' hyperplanes cross the whole box, not only its
 * centre); deeper hidden layers at σ = 1; output weights at σ² = a, output bias at σ² = a/10. From
 * σ = 1 everywhere the same loss took twice the steps (d = 6: 0.050 after 300 steps vs 0.056 after 150).
 */
export function lengthscaleStart(shape: MlpShape, target: GpPriorTarget): LayerPrior[] {
  const slots = layout(shape).layers;
  const ellNet = meanLengthscale(target) * INPUT_SCALE;
  const origin = new Float64Array(shape.inputDim);
  const amp = target.kernel.diag(target.theta, { rows: 1, cols: shape.inputDim, data: origin })[0];
  return slots.map((s, l) => {
    if (l === 0 && slots.length > 1) return { weightVar: 1 / ellNet ** 2, biasVar: shape.inputDim / ellNet ** 2 };
    if (l === slots.length - 1) return { weightVar: amp / s.fanIn, biasVar: amp / 10 };
    return { weightVar: 1 / s.fanIn, biasVar: 1 };
  });
}

/** A matched prior and what it was matched to. */
export interface MatchedPrior {
  readonly priors: LayerPrior[];
  readonly method: PriorMatch;
  readonly target: GpPriorTarget;
  /** The objective at the last step (the moment loss, or SW₁ on that step's measurement set). */
  readonly finalLoss: number;
  readonly steps: number;
}

/** Sizes of a matching run; defaults per method in gp-moment-match.ts / gp-sliced-wasserstein.ts. */
export interface GpMatchOptions {
  readonly method?: PriorMatch;
  /** Default: defaultGpTarget(d). */
  readonly target?: GpPriorTarget;
  readonly iterations?: number;
  /** ψ's start: a previous match (fewer iterations suffice); default lengthscaleStart. */
  readonly start?: readonly LayerPrior[];
}

/** Matches ψ for one (architecture, target, method) with a fixed seed. Not cached. */
export async function matchGpPrior(shape: MlpShape, options: GpMatchOptions = {}): Promise<MatchedPrior> {
  const method = options.method ?? 'moment';
  const target = options.target ?? defaultGpTarget(shape.inputDim);
  // A fixed seed per (dimension, method): a cached result must not depend on which study asked first.
  const rng = createRng(deriveSeed(0x5eed, shape.inputDim, method === 'moment' ? 1 : 2));
  // The fitting modules load tfjs: imported on first use only.
  await (await import('../neural/backend.js')).ensureTensorBackend();
  const sizes = { target, iterations: options.iterations, start: options.start ?? lengthscaleStart(shape, target) };
  const fit =
    method === 'moment'
      ? await (await import('./gp-moment-match.js')).fitMomentMatchedPriors(shape, rng, sizes)
      : await (await import('./gp-sliced-wasserstein.js')).fitWassersteinMatchedPriors(shape, rng, sizes);
  return { priors: fit.priors, method, target, finalLoss: fit.loss[fit.loss.length - 1], steps: fit.loss.length };
}

/** Cached matches; a bounded map, oldest first out (fitted targets add one entry per distinct rounded fit). */
const cache = new Map<string, Promise<MatchedPrior>>();
const CACHE_LIMIT = 64;

function cacheKey(shape: MlpShape, method: PriorMatch, target: GpPriorTarget): string {
  return JSON.stringify([shape.widths, shape.activation, shape.inputDim, method, target.key]);
}

/**
 * The matched prior for (architecture, target kernel and hyperparameters, d, method), cached per
 * process (a compute worker keeps it across asks). A fitted target starts from the default target's
 * match and takes REMATCH_ITERATIONS steps.
 */
export async function gpMatchedPriors(shape: MlpShape, method: PriorMatch = 'moment', target: GpPriorTarget = defaultGpTarget(shape.inputDim)): Promise<MatchedPrior & { cached: boolean }> {
  const key = cacheKey(shape, method, target);
  const hit = cache.get(key);
  if (hit) return { ...(await hit), cached: true };
  const pending = (async () => {
    if (target.kind === 'default-gp') return matchGpPrior(shape, { method, target });
    const base = await gpMatchedPriors(shape, method);
    return matchGpPrior(shape, { method, target, start: base.priors, iterations: REMATCH_ITERATIONS });
  })();
  cache.set(key, pending);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  try {
    return { ...(await pending), cached: false };
  } catch (e) {
    cache.delete(key);
    throw e;
  }
}

/** Steps of a re-match from the default target's ψ. */
export const REMATCH_ITERATIONS = 60;

/** Whether a match for these inputs is cached (or in flight). */
export function isGpMatchCached(shape: MlpShape, method: PriorMatch = 'moment', target: GpPriorTarget = defaultGpTarget(shape.inputDim)): boolean {
  return cache.has(cacheKey(shape, method, target));
}
