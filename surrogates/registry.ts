import { z } from 'zod';
import { BoError } from '../core/errors.js';
import type { SurrogateKind } from '../protocol/algorithm.js';
import { AutoOptions, type AutoOptionsInput } from './auto/auto-options.js';
import { AutoSurrogate } from './auto/auto-surrogate.js';
import { BnnSghmcOptions, BnnSghmcSurrogate, type BnnSghmcOptionsInput } from './bnn-sghmc/bnn-sghmc-surrogate.js';
import { DeepEnsembleOptions, DeepEnsembleSurrogate, type DeepEnsembleOptionsInput } from './deep-ensemble/deep-ensemble-surrogate.js';
import { DklOptions, type DklOptionsInput } from './dkl/dkl-options.js';
import { GpOptions, GpSurrogate } from './gp/gp-surrogate.js';
import { HmcBnnOptions, HmcBnnSurrogate, type HmcBnnOptionsInput } from './hmc-bnn/hmc-bnn-surrogate.js';
import { NngpOptions, NngpSurrogate, type NngpOptionsInput } from './nngp/nngp-surrogate.js';
import { PfnOptions, type PfnOptionsInput } from './pfn/pfn-options.js';
import { StpOptions, StpSurrogate, type StpOptionsInput } from './stp/stp-surrogate.js';
import type { Surrogate } from './types.js';
import { LazySurrogate, type LazyFamily } from './lazy-surrogate.js';

/**
 * The families whose modules import TensorFlow.js at their top: loaded at their first fit (in the
 * compute worker that runs it), so a server or worker that never fits them never loads TensorFlow.js.
 * The issue paths are the real constructors' (test/surrogates/lazy-registry.test.ts compares them).
 */
const DKL: LazyFamily = {
  kind: 'dkl',
  options: DklOptions,
  issuePath: ['surrogateOptions'],
  load: async () => {
    const { DklSurrogate } = await import('./dkl/dkl-surrogate.js');
    return (options) => new DklSurrogate(options as DklOptionsInput);
  },
};
const PFN: LazyFamily = {
  kind: 'pfn',
  options: PfnOptions,
  issuePath: ['algorithm', 'surrogateOptions'],
  load: async () => {
    const { PfnSurrogate } = await import('./pfn/pfn-surrogate.js');
    return (options) => new PfnSurrogate(options as PfnOptionsInput);
  },
};

/** Builds a surrogate from its (unvalidated) options; the surrogate validates them itself. */
export type SurrogateFactory = (options: Record<string, unknown>) => Surrogate;

/**
 * Surrogate kind (wire name, protocol/algorithm.ts SurrogateKind) -> factory. Registering a new
 * family is one line here. Kinds listed in the protocol but absent here fail with
 * FAILED_PRECONDITION until their helper lands.
 */
const FACTORIES: Record<string, SurrogateFactory> = {
  // GpOptions' own default preset (DEFAULT_GP_PRESET) is the service's GP: nothing is injected here.
  gp: (options) => new GpSurrogate(options as ConstructorParameters<typeof GpSurrogate>[0]),
  nngp: (options) => new NngpSurrogate('nngp', options as NngpOptionsInput),
  ntk: (options) => new NngpSurrogate('ntk', options as NngpOptionsInput),
  stp: (options) => new StpSurrogate(options as StpOptionsInput),
  dkl: (options) => new LazySurrogate(DKL, options),
  'hmc-bnn': (options) => new HmcBnnSurrogate(options as HmcBnnOptionsInput),
  pfn: (options) => new LazySurrogate(PFN, options),
  'deep-ensemble': (options) => new DeepEnsembleSurrogate(options as DeepEnsembleOptionsInput),
  'bnn-sghmc': (options) => new BnnSghmcSurrogate(options as BnnSghmcOptionsInput),
  auto: (options) => new AutoSurrogate(options as AutoOptionsInput, createSurrogate),
};

/**
 * Each wire surrogate kind's strict options schema (the same one its constructor parses), so
 * `study:create` refuses an unknown or bad `surrogateOptions` field before anything runs.
 * 'none' (space filling) has no options: only `{}`.
 */
const OPTION_SCHEMAS: Record<SurrogateKind, z.ZodType> = {
  gp: GpOptions,
  nngp: NngpOptions,
  ntk: NngpOptions,
  stp: StpOptions,
  dkl: DklOptions,
  'hmc-bnn': HmcBnnOptions,
  pfn: PfnOptions,
  'deep-ensemble': DeepEnsembleOptions,
  'bnn-sghmc': BnnSghmcOptions,
  auto: AutoOptions,
  none: z.strictObject({}),
};

/** The strict zod schema of a surrogate kind's `surrogateOptions`. */
export function surrogateOptionsSchema(kind: SurrogateKind): z.ZodType {
  return OPTION_SCHEMAS[kind];
}

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
