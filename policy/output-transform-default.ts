import type { OutputTransformKind } from '../protocol/algorithm.js';

/**
 * The BO policy's outcome transform when the spec names none, per surrogate kind: 'half-rank' (Vizier's
 * output warping) for the exact GP and for 'auto', whose reference candidate is that GP, since session 11
 * (chosen by benchmarks/results/bbob-s11-warp-rule.md on the bbob selection instances); the PFN keeps
 * 'yeo-johnson' (PFNs4BO's own), every other family 'standardize'.
 */
export function defaultOutputTransform(surrogate: string): OutputTransformKind {
  if (surrogate === 'gp' || surrogate === 'auto') return 'half-rank';
  return surrogate === 'pfn' ? 'yeo-johnson' : 'standardize';
}

/**
 * What a BO study stored before effective.outputTransform existed (session 11) ran when its spec named
 * none: 'auto' for the exact GP and 'auto', the same as today's default for the others.
 */
export function legacyOutputTransform(surrogate: string): OutputTransformKind {
  return surrogate === 'gp' || surrogate === 'auto' ? 'auto' : defaultOutputTransform(surrogate);
}
