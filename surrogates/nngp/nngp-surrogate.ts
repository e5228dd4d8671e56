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

/** Options of the 'nngp' and 'ntk' surrogates (surrogateOptions), strict: an unknown key is refused. */
export const NngpOptions = z.strictObject({
  activation: z.enum(['relu', 'erf']).default('relu'),
  depth: z.number().int().min(1).max(20).default(3),
  /** 'fitted' (default) or fixed values of σ_w² and σ_b². */
  weights: z.union([z.literal('fitted'), z.strictObject({ weightVar: z.number().positive(), biasVar: z.number().nonnegative() })]).default('fitted'),
});
export type NngpOptionsInput = z.input<typeof NngpOptions>;

/** The GP preset under the network kernel (only its noise prior is used): named, not the service default. */
export const NNGP_GP_PRESET = 'botorch' as const;

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
    // The network kernel replaces the preset's kernel; of the preset only the noise prior stays.
    // The NNGP results (benchmarks/RESULTS.md) were measured with 'botorch''s LogNormal(−4, 1) noise prior, so it is named here.
    this.gp = new GpSurrogate({ preset: NNGP_GP_PRESET }, { kind, kernel: (dim) => new NetworkKernel({ kind, activation: o.activation, depth: o.depth, dim, fixed }) });
  }

  fit(data: TrainingData, options: FitOptions): Promise<FittedSurrogate> {
    return this.gp.fit(data, options);
  }
}
