import { BoError } from '../core/errors.js';
import type { AcquisitionKind } from '../protocol/algorithm.js';
import { createBarAcquisition, type BarAcquisition } from './bar-acquisitions.js';
import { createLogEi } from './log-ei.js';
import { createLogPi } from './log-pi.js';
import { createPosteriorMean } from './posterior-mean.js';
import { createQLogNei, type QLogNei } from './qlognei.js';
import { createThompson } from './thompson.js';
import type { Acquisition, MomentAcquisition } from './types.js';
import { createUcb } from './ucb.js';

/** Options any acquisition kind may read; unknown ones are ignored by the others. */
export interface AcquisitionOptions {
  /** UCB β (default DEFAULT_UCB_BETA = 2). */
  readonly ucbBeta?: number;
  /** qLogNEI MC samples (default 128). */
  readonly mcSamples?: number;
  /** Seed of qLogNEI's fixed base samples (default 0). */
  readonly seed?: number;
}

/** What createAcquisition returns, discriminated by how the optimizer must drive it. */
export type AnyAcquisition =
  | { readonly mode: 'moment'; readonly acquisition: MomentAcquisition }
  | { readonly mode: 'thompson'; readonly acquisition: Acquisition }
  | { readonly mode: 'qlognei'; readonly acquisition: QLogNei };

/** Build an acquisition by wire kind (protocol/algorithm.ts AcquisitionKind). */
export function createAcquisition(kind: AcquisitionKind, options: AcquisitionOptions = {}): AnyAcquisition {
  switch (kind) {
    case 'log-ei':
      return { mode: 'moment', acquisition: createLogEi() };
    case 'log-pi':
      return { mode: 'moment', acquisition: createLogPi() };
    case 'ucb':
      return { mode: 'moment', acquisition: createUcb(options.ucbBeta) };
    case 'posterior-mean':
      return { mode: 'moment', acquisition: createPosteriorMean() };
    case 'thompson':
      return { mode: 'thompson', acquisition: createThompson() };
    case 'qlognei':
      return { mode: 'qlognei', acquisition: createQLogNei({ samples: options.mcSamples, seed: options.seed }) };
    case 'mf-mes':
    case 'cost-ei':
      // Cost-aware kinds live in acquisitions/mf and are used by the multi-fidelity policy only.
      throw new BoError('INVALID_ARGUMENT', `acquisition '${kind}' needs a search space with a fidelity parameter`, [{ path: ['algorithm', 'acquisition'], message: 'needs a fidelity parameter' }]);
    case 'qlognehvi':
    case 'qnparego':
      // Multi-objective kinds live in acquisitions/mo and are used by the multi-outcome policy only.
      throw new BoError('INVALID_ARGUMENT', `acquisition '${kind}' needs several objectives`, [{ path: ['algorithm', 'acquisition'], message: 'needs several objectives' }]);
    case 'auto':
      // Resolved per ask by the policy to the chosen family's default (policy/bo-policy.ts).
      throw new BoError('INVALID_ARGUMENT', "acquisition 'auto' is the default of the family surrogate 'auto' chose; it is resolved per ask", [{ path: ['algorithm', 'acquisition'], message: "only with surrogate 'auto'" }]);
    default: {
      const never: never = kind;
      throw new RangeError(`unknown acquisition kind ${String(never)}`);
    }
  }
}

/** True when the acquisition is a function of Gaussian marginal moments (analytic gradients). */
export function isMomentAcquisition(a: Acquisition): a is MomentAcquisition {
  return typeof (a as MomentAcquisition).fromMoments === 'function';
}

/**
 * The bar (PFN) form of a wire acquisition kind, used when the posterior is 'bar'. qlognei has no
 * joint posterior to work with (PFN rows are independent) and is evaluated as log-EI; `note` says so.
 */
export function createBarAcquisitionFor(kind: AcquisitionKind, options: AcquisitionOptions = {}): { acquisition: BarAcquisition; note?: string } {
  switch (kind) {
    case 'log-ei':
    case 'log-pi':
    case 'ucb':
    case 'posterior-mean':
    case 'thompson':
      return { acquisition: createBarAcquisition(kind, { ucbBeta: options.ucbBeta }) };
    case 'qlognei':
      return { acquisition: createBarAcquisition('log-ei'), note: 'qlognei on a bar (PFN) posterior is evaluated as log-EI: PFN rows are independent, there is no joint posterior' };
    case 'mf-mes':
    case 'cost-ei':
    case 'qlognehvi':
    case 'qnparego':
    case 'auto':
      createAcquisition(kind); // throws: cost-aware kinds need a fidelity parameter
      throw new RangeError(`acquisition '${kind}' has no bar form`);
    default: {
      const never: never = kind;
      throw new RangeError(`unknown acquisition kind ${String(never)}`);
    }
  }
}
