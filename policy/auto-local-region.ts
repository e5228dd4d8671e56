/**
 * AutoOptions.localRegion 'reference': an 'auto' ask whose stacking weights leave the reference runs the
 * reference's own model instead when the reference's own ask would be confined to a local trust region.
 * Why: the stacking weights score leave-one-out densities over every observation, so a mixture can win on
 * a few badly predicted points far from the region (heavier tails) while the ask it drives is the local
 * refinement, where the region was set up around the reference's model (traced on hartmann3 in
 * benchmarks/results/bbob-s24-auto-local-rule.md). The check uses the reference's own noise and posterior
 * means, so the region it sees is the one the reference family alone would use on this ask.
 */
import { FittedAuto } from '../surrogates/auto/fitted-auto.js';
import type { FittedSurrogate } from '../surrogates/types.js';

/** `model`, or its reference's own model when the option asks for it, the ask departs and `confined(reference)` says its region is local. */
export function withReferenceInLocalRegion(model: FittedSurrogate, confined: (reference: FittedSurrogate) => boolean): FittedSurrogate {
  if (!(model instanceof FittedAuto) || model.localRegion !== 'reference' || !model.departs) return model;
  const reference = model.referenceOnly();
  return reference !== undefined && confined(reference) ? reference : model;
}
