import { NOISY_REFIT_DEFAULTS, type NoisyRefitSpec } from '../protocol/noisy-refit.js';

/** What a refit resolves to: its transform and minimum dimension, or nothing when off. */
export type ResolvedNoisyRefit = { readonly transform: NonNullable<Extract<NoisyRefitSpec, { mode: 'on' }>['transform']>; readonly minDim: number; readonly maxDim: number } | undefined;

/**
 * The BO policy's second fit on noisy asks when the spec names none, per surrogate kind: for the exact GP 'on'
 * (z-scored y from 5 to 10 encoded dimensions) since session 26, chosen on the bbob selection instances: at d = 5
 * and 10 by benchmarks/results/bbob-s25-noisy-refit5-rule.md, kept off at d = 20 by that rule's addendum and off
 * at d = 2 by benchmarks/results/bbob-s25-noisy-refit-rule.md (RESULTS.md sessions 25 and 26); every other family
 * 'off' ('auto' included: its stack was never measured with it).
 */
export function defaultNoisyRefit(surrogate: string): NoisyRefitSpec {
  return surrogate === 'gp' ? DEFAULT_NOISY_REFIT : LEGACY_NOISY_REFIT;
}

/** The session-26 default of gp. */
export const DEFAULT_NOISY_REFIT: NoisyRefitSpec = { mode: 'on', ...NOISY_REFIT_DEFAULTS };

/** What a BO study stored before effective.noisyRefit existed (session 26) ran: no second fit. */
export const LEGACY_NOISY_REFIT: NoisyRefitSpec = { mode: 'off' };

/** The spec with its defaults filled in, or undefined when off. */
export function resolveNoisyRefit(spec: NoisyRefitSpec): ResolvedNoisyRefit {
  if (spec.mode === 'off') return undefined;
  return { transform: spec.transform ?? NOISY_REFIT_DEFAULTS.transform, minDim: spec.minDim ?? NOISY_REFIT_DEFAULTS.minDim, maxDim: spec.maxDim ?? NOISY_REFIT_DEFAULTS.maxDim };
}
