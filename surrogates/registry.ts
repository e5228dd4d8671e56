import { BoError } from '../core/errors.js';
import { DklSurrogate, type DklOptionsInput } from './dkl/dkl-surrogate.js';
import { GpSurrogate } from './gp/gp-surrogate.js';
import { HmcBnnSurrogate, type HmcBnnOptionsInput } from './hmc-bnn/hmc-bnn-surrogate.js';
import { NngpSurrogate, type NngpOptionsInput } from './nngp/nngp-surrogate.js';
import { PfnSurrogate, type PfnOptionsInput } from './pfn/pfn-surrogate.js';
import { StpSurrogate, type StpOptionsInput } from './stp/stp-surrogate.js';
import type { Surrogate } from './types.js';

/** Builds a surrogate from its (unvalidated) options; the surrogate validates them itself. */
export type SurrogateFactory = (options: Record<string, unknown>) => Surrogate;

/**
 * Surrogate kind (wire name, protocol/algorithm.ts SurrogateKind) -> factory. Registering a new
 * family is one line here. Kinds listed in the protocol but absent here fail with
 * FAILED_PRECONDITION until their helper lands.
 */
const FACTORIES: Record<string, SurrogateFactory> = {
  // The service's default GP is Matérn-5/2 ARD + outputscale with Gamma priors (BoTorch <= 0.11,
  // preset 'botorch-legacy'): measured on the 11-problem suite (benchmarks/RESULTS.md, 10 seeds) it
  // matched or beat BoTorch 0.9.5 on 8 of 11 problems against 5 for the RBF + dimension-scaled
  // prior of BoTorch >= 0.12 (preset 'botorch', still selectable with surrogateOptions.preset).
  gp: (options) => new GpSurrogate({ preset: 'botorch-legacy', ...(options as ConstructorParameters<typeof GpSurrogate>[0]) }),
  nngp: (options) => new NngpSurrogate('nngp', options as NngpOptionsInput),
  ntk: (options) => new NngpSurrogate('ntk', options as NngpOptionsInput),
  stp: (options) => new StpSurrogate(options as StpOptionsInput),
  dkl: (options) => new DklSurrogate(options as DklOptionsInput),
  'hmc-bnn': (options) => new HmcBnnSurrogate(options as HmcBnnOptionsInput),
  pfn: (options) => new PfnSurrogate(options as PfnOptionsInput),
};

/** Kinds the protocol names that are planned but not registered yet (for a clearer message). */
const PLANNED = new Set<string>([]);

/** Whether `kind` has a registered factory. */
export function hasSurrogate(kind: string): boolean {
  return Object.hasOwn(FACTORIES, kind);
}

/** Registered kinds, for messages and benchmarks. */
export function surrogateKinds(): string[] {
  return Object.keys(FACTORIES);
}

/**
 * A surrogate of the given kind. Throws BoError FAILED_PRECONDITION for kinds that are not
 * available in this build ('none' is not a surrogate: the policy layer handles it).
 */
export function createSurrogate(kind: string, options: Record<string, unknown> = {}): Surrogate {
  if (!hasSurrogate(kind)) {
    const why = PLANNED.has(kind) ? 'is not implemented in this build yet' : kind === 'none' ? "is not a surrogate ('none' means space-filling only)" : 'is unknown';
    throw new BoError('FAILED_PRECONDITION', `surrogate '${kind}' ${why}; available: ${surrogateKinds().join(', ')}`);
  }
  return FACTORIES[kind](options);
}
