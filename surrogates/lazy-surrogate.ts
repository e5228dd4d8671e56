import type { z } from 'zod';
import { invalidArgument } from '../core/errors.js';
import type { FitOptions, FittedSurrogate, Surrogate, TrainingData } from './types.js';

/** How a lazily loaded family is described: its options schema (no TensorFlow.js behind it) and a loader of its real class. */
export interface LazyFamily {
  readonly kind: string;
  /** The strict options schema the real constructor parses (from the family's *-options.ts). */
  readonly options: z.ZodType;
  /** Where a bad option is reported, before the option's own path (the real constructor's prefix). */
  readonly issuePath: readonly string[];
  /** Imports the family's module (TensorFlow.js with it) and builds the real surrogate. */
  readonly load: () => Promise<(options: Record<string, unknown>) => Surrogate>;
}

/**
 * A surrogate whose module is imported at its first fit, not when the registry is imported: the
 * server's event loop builds policies for every study at create (and GP/Sobol studies never fit
 * a neural network), so a static import made every server start load TensorFlow.js. Options are
 * still checked here, synchronously, with the family's schema, so a bad option fails at create
 * with the same code, path and message as the real constructor's.
 */
export class LazySurrogate implements Surrogate {
  readonly kind: string;
  private real: Promise<Surrogate> | undefined;

  constructor(
    private readonly family: LazyFamily,
    private readonly input: Record<string, unknown>,
  ) {
    const parsed = family.options.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
      throw invalidArgument([...family.issuePath, ...path], issue?.message ?? `invalid ${family.kind} options`);
    }
    this.kind = family.kind;
  }

  /** The real surrogate, built once (its module is cached by the runtime after the first import). */
  private surrogate(): Promise<Surrogate> {
    this.real ??= this.family.load().then((build) => build(this.input));
    // A failed import is not cached: the next fit tries again (and reports its own error).
    this.real.catch(() => (this.real = undefined));
    return this.real;
  }

  async fit(data: TrainingData, options: FitOptions): Promise<FittedSurrogate> {
    return (await this.surrogate()).fit(data, options);
  }
}
