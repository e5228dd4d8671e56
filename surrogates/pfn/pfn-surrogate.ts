/**
 * Surrogate kind 'pfn' (issue #8; seed-specs §2): a Prior-data Fitted Network. fit() trains
 * nothing: it stores the data and runs the context through the transformer once (per-layer keys
 * and values cached), so posterior(X) costs one query pass for any number of rows.
 * - x: rows already in [0,1]^d (the policy encodes); d > maxDim is refused with a clear error.
 * - y: taken as given (the policy standardizes / power-transforms); the model normalizes its
 *   context internally (contract) and the bar borders are mapped back to these units.
 * - n > maxContext: keep the ⌈maxContext/4⌉ best points (highest y: the region the acquisition
 *   cares about) plus a seeded uniform random subset of the rest, maxContext in all.
 * - posterior = bar distribution of the observation y per row (noise included: the PFN's
 *   predictive cannot separate it, so observationNoise changes nothing). Rows are independent.
 * - No predictWithGradient: the acquisition is optimized over large candidate sets with batched
 *   pattern-search refinement (acquisitions/bar-optimize.ts). No condition(): adding fantasies
 *   to the context is not exact Bayesian conditioning (the mean at a fantasy is not preserved).
 */
import { z } from 'zod';
import { BoError, invalidArgument } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { ensureTensorBackend, tensorBackendInfo } from '../neural/backend.js';
import type { PfnQueryEngine } from './pfn-device.js';
import type { ModelCapabilities } from '../capabilities.js';
import type { FitOptions, FittedSurrogate, Posterior, Surrogate, SurrogateState, TrainingData } from '../types.js';
import { BarDistribution } from './bar-distribution.js';
import { PfnBarPosterior } from './bar-posterior.js';
import type { PfnWeights } from './manifest.js';
import { PfnOptions, type PfnOptionsInput } from './pfn-options.js';
import { transformerFor, type PfnContext, type PfnTransformer } from './transformer.js';
import { loadPfnWeights } from './weights-file.js';

// The options live in pfn-options.ts so that the registry validates them without loading TensorFlow.js.
export { PfnOptions, type PfnOptionsInput } from './pfn-options.js';

/** Indices of the context kept when n > maxContext: the best ⌈k/4⌉ by y plus a seeded random subset of the rest. */
export function selectContext(y: ArrayLike<number>, maxContext: number, rng: Rng): number[] {
  const n = y.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= maxContext) return all;
  const byY = all.slice().sort((a, b) => y[b] - y[a] || a - b);
  const nBest = Math.ceil(maxContext / 4);
  const keep = byY.slice(0, nBest);
  const rest = byY.slice(nBest).sort((a, b) => a - b);
  for (let i = 0; i < maxContext - nBest; i++) {
    const j = i + rng.int(rest.length - i);
    [rest[i], rest[j]] = [rest[j], rest[i]];
    keep.push(rest[i]);
  }
  return keep.sort((a, b) => a - b);
}

/** A fitted PFN: the encoded context and the bar geometry in the caller's y units. */
export class FittedPfn implements FittedSurrogate {
  readonly kind = 'pfn';
  readonly posteriorKind = 'bar' as const;
  readonly dim: number;

  constructor(
    private readonly weights: PfnWeights,
    private readonly model: PfnTransformer,
    private readonly context: PfnContext,
    /** Bar distribution with borders mapped to y units: b' = mean_ctx + std_ctx·b. */
    readonly dist: BarDistribution,
    private readonly facts: { nObserved: number; nContext: number; rule: string },
    /** Where queries run: the GPU device thread on webgpu, else this thread's model. */
    private readonly engine: PfnQueryEngine = model,
  ) {
    this.dim = context.d;
  }

  /** A bar posterior, nothing more. */
  get capabilities(): ModelCapabilities {
    return { posteriorKind: 'bar' };
  }

  /** Raw logits (m×B float32) for rows X: one pass against the cached context. */
  logits(X: Matrix): Float32Array {
    if (X.cols !== this.dim) throw new RangeError(`pfn posterior: X has ${X.cols} columns, the model was fitted on ${this.dim}`);
    return this.engine.queryLogits(this.context, X);
  }

  posterior(X: Matrix): Posterior {
    return new PfnBarPosterior(this.dist, this.logits(X), X.rows);
  }

  state(): SurrogateState {
    return { kind: 'pfn', weightsSha256: this.weights.sha256, nContext: this.facts.nContext };
  }

  diagnostics(): Record<string, unknown> {
    const t = this.weights.manifest.training ?? {};
    return {
      backend: tensorBackendInfo()?.name ?? 'unknown',
      weightsSha256: this.weights.sha256,
      weightsSource: this.weights.source,
      trainingSteps: typeof t.steps === 'number' ? t.steps : null,
      maxDim: this.model.arch.maxDim,
      nBuckets: this.model.arch.nBuckets,
      nObserved: this.facts.nObserved,
      nContext: this.facts.nContext,
      contextRule: this.facts.rule,
      yMean: this.context.yMean,
      yStd: this.context.yStd,
    };
  }
}

/** The 'pfn' surrogate family. `weights` (already loaded) bypasses the file reader (tests, servers). */
export class PfnSurrogate implements Surrogate {
  readonly kind = 'pfn';
  private readonly options: z.infer<typeof PfnOptions>;

  constructor(options: PfnOptionsInput = {}, private readonly preloaded?: PfnWeights) {
    const r = PfnOptions.safeParse(options);
    if (!r.success) {
      const i = r.error.issues[0];
      throw invalidArgument(['algorithm', 'surrogateOptions', ...(i.path as (string | number)[])], i.message);
    }
    this.options = r.data;
  }

  async fit(data: TrainingData, options: FitOptions): Promise<FittedSurrogate> {
    const backend = await ensureTensorBackend();
    const weights = this.preloaded ?? (await loadPfnWeights(this.options.weightsDir));
    const arch = weights.manifest.architecture;
    const { X, y } = data;
    const d = X.cols;
    if (d > arch.maxDim) {
      throw new BoError('INVALID_ARGUMENT', `surrogate 'pfn' handles at most ${arch.maxDim} encoded dimensions (the trained maximum); this space has ${d}`, [{ path: ['algorithm', 'surrogate'], message: `pfn supports d ≤ ${arch.maxDim}` }]);
    }
    if (X.rows < 1 || y.length !== X.rows) throw new RangeError(`pfn fit: need n ≥ 1 rows and n targets, got ${X.rows} rows, ${y.length} targets`);
    options.signal?.throwIfAborted();
    const trained = weights.manifest.training?.maxContext;
    const maxContext = this.options.maxContext ?? (typeof trained === 'number' ? trained : 100);
    const keep = selectContext(y, maxContext, options.rng);
    const Xc = new Float64Array(keep.length * d);
    const yc = new Float64Array(keep.length);
    keep.forEach((i, r) => {
      Xc.set(X.data.subarray(i * d, (i + 1) * d), r * d);
      yc[r] = y[i];
    });
    const model = transformerFor(weights);
    const context = model.encodeContext({ rows: keep.length, cols: d, data: Xc }, yc);
    const dist = new BarDistribution(weights.manifest.borders).affine(context.yMean, context.yStd);
    const rule = keep.length < X.rows ? `best ${Math.ceil(maxContext / 4)} + seeded random ${keep.length - Math.ceil(maxContext / 4)} of ${X.rows}` : 'all';
    const engine = backend.name === 'webgpu' ? (await import('./pfn-device.js')).devicePfnFor(weights) : model;
    return new FittedPfn(weights, model, context, dist, { nObserved: X.rows, nContext: keep.length, rule }, engine);
  }
}
