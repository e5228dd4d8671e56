/**
 * Surrogates 'nngp' and 'ntk': the exact GP with the infinite-width network kernel of a fully
 * connected net (Li, Rudner, Wilson 2024: the infinite-width BNN is strongest in high dimensions).
 * Defaults as the seed: ReLU, depth 3; σ_w², σ_b² fitted by marginal likelihood with the noise
 * (BoTorch's later InfiniteWidthBNNKernel does the same) or fixed at the seed's 10 and 1.3.
 */
import { z } from 'zod';
import { invalidArgument } from '../../core/errors.js';
import { GpSurrogate } from '../gp/gp-surrogate.js';
import type { FitOptions, FittedSurrogate, Surrogate, TrainingData } from '../types.js';
import { NetworkKernel } from './network-kernel.js';

export const NngpOptions = z.strictObject({
  activation: z.enum(['relu', 'erf']).default('relu'),
  depth: z.number().int().min(1).max(20).default(3),
  /** 'fitted' (default) or fixed values of σ_w² and σ_b². */
  weights: z.union([z.literal('fitted'), z.strictObject({ weightVar: z.number().positive(), biasVar: z.number().nonnegative() })]).default('fitted'),
});
export type NngpOptionsInput = z.input<typeof NngpOptions>;

/** NNGP (kind 'nngp') or NTK (kind 'ntk') GP surrogate. */
export class NngpSurrogate implements Surrogate {
  readonly kind: 'nngp' | 'ntk';
  private readonly gp: GpSurrogate;

  constructor(kind: 'nngp' | 'ntk', options: NngpOptionsInput = {}) {
    const parsed = NngpOptions.safeParse(options);
    if (!parsed.success) throw invalidArgument(['surrogateOptions', ...(parsed.error.issues[0]?.path ?? []).map(String)], parsed.error.issues[0]?.message ?? `invalid ${kind} options`);
    const o = parsed.data;
    this.kind = kind;
    const fixed = o.weights === 'fitted' ? undefined : o.weights;
    this.gp = new GpSurrogate({}, { kind, kernel: (dim) => new NetworkKernel({ kind, activation: o.activation, depth: o.depth, dim, fixed }) });
  }

  fit(data: TrainingData, options: FitOptions): Promise<FittedSurrogate> {
    return this.gp.fit(data, options);
  }
}
