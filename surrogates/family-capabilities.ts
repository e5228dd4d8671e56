/**
 * What every fitted model of a surrogate family will declare (capabilities.ts), known from the
 * kind and its options before anything is fitted: study:create checks an acquisition's needs
 * (acquisitions/requirements.ts) and surrogate 'auto' picks its candidates against these. A test
 * (test/surrogates/family-capabilities.test.ts) fits each family and checks that its fitted
 * model declares what is written here.
 */
import type { PosteriorKind } from './types.js';

/** The static capability set of one surrogate family. */
export interface FamilyCapabilities {
  readonly posteriorKind: PosteriorKind;
  /** posterior(X).sample draws jointly over rows (false for the PFN: its rows are independent). */
  readonly jointDraws: boolean;
  /** Joint moments with a fixed set, with x-gradients (the crossPredictor capability). */
  readonly crossMoments: boolean;
  /** Closed-form leave-one-out predictive (the leaveOneOut capability). */
  readonly leaveOneOut: boolean;
  /** A fitted noise variance (the noiseVariance capability). */
  readonly noiseVariance: boolean;
  /** Trains a neural network: costs seconds per fit, and 'auto' scores it by refitting (k-fold). */
  readonly neural: boolean;
}

const EXACT_GP: FamilyCapabilities = { posteriorKind: 'gaussian', jointDraws: true, crossMoments: true, leaveOneOut: true, noiseVariance: true, neural: false };

/** A BNN's posterior option: members as a batch dimension ('ensemble') or their moment-matched mixture. */
function bnnPosterior(options: Record<string, unknown>, byDefault: 'ensemble' | 'moment-matched'): PosteriorKind {
  return (options.posterior ?? byDefault) === 'ensemble' ? 'ensemble' : 'mixture';
}

const BNN = { jointDraws: true, crossMoments: false, leaveOneOut: false, noiseVariance: true, neural: true } as const;

/**
 * The capabilities of a family with the given (already validated) surrogateOptions; undefined for
 * kinds that are not model families ('none', 'auto', unknown).
 */
export function familyCapabilities(kind: string, options: Record<string, unknown> = {}): FamilyCapabilities | undefined {
  switch (kind) {
    case 'gp':
    case 'nngp':
    case 'ntk':
      return EXACT_GP;
    case 'stp':
      return { posteriorKind: 'student-t', jointDraws: true, crossMoments: true, leaveOneOut: true, noiseVariance: true, neural: false };
    case 'dkl':
      return { posteriorKind: 'gaussian', jointDraws: true, crossMoments: false, leaveOneOut: false, noiseVariance: true, neural: true };
    case 'hmc-bnn':
      return { posteriorKind: bnnPosterior(options, 'moment-matched'), ...BNN };
    case 'bnn-sghmc':
      return { posteriorKind: bnnPosterior(options, 'ensemble'), ...BNN };
    case 'deep-ensemble':
      return { posteriorKind: 'ensemble', ...BNN };
    case 'pfn':
      return { posteriorKind: 'bar', jointDraws: false, crossMoments: false, leaveOneOut: false, noiseVariance: false, neural: true };
    default:
      return undefined;
  }
}
