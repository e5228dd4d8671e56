/**
 * AutoOptions.localRegion 'reference': an 'auto' ask whose stacking weights leave the reference runs the
 * reference's own model instead when the reference's own ask would be confined to a local trust region.
 * Why: the stacking weights score leave-one-out densities over every observation, so a mixture can win on
 * a few badly predicted points far from the region (heavier tails) while the ask it drives is the local
 * refinement, where the region was set up around the reference's model (traced on hartmann3 in
 * benchmarks/results/bbob-s24-auto-local-rule.md). The check uses the reference's own noise and posterior
 * means, so the region it sees is the one the reference family alone would use on this ask.
 */
import type { Matrix } from '../core/matrix.js';
import type { SearchSpace } from '../core/space-types.js';
import type { TrustRegionSpec } from '../protocol/trust-region.js';
import { FittedAuto } from '../surrogates/auto/fitted-auto.js';
import { capabilitiesOf, type FittedSurrogate } from '../surrogates/types.js';
import { localSearchSpace } from './trust-region-step.js';

/** What the BO policy's region check needs of an ask (policy/bo-policy.ts modelStep). */
export interface RegionContext {
  readonly space: SearchSpace;
  readonly spec: TrustRegionSpec | undefined;
  readonly surrogateKind: string;
  /** The maximized observed values in trial order, their encoded rows (as a matrix and as rows), and the design's size. */
  readonly values: readonly number[];
  readonly X: Matrix;
  readonly rows: readonly Float64Array[];
  readonly initial: number;
  /** The fitted noise variance above which an ask counts as noisy (bo-policy NOISY_VARIANCE). */
  readonly noisyVariance: number;
}

/** Whether a model's own ask would be confined to a local trust region: its noise gate and posterior means through policy/trust-region-step.ts, as the ask itself computes them. */
export function confinedByRegion(c: RegionContext): (model: FittedSurrogate) => boolean {
  return (model) => {
    const v = capabilitiesOf(model).noiseVariance;
    let means: number[] | undefined;
    const posteriorMeans = (): number[] => (means ??= Array.from(model.posterior(c.X).mean()));
    return localSearchSpace(c.space, c.spec, c.surrogateKind, c.values, posteriorMeans, v !== undefined && v > c.noisyVariance, c.rows, c.initial, model.diagnostics()).space !== c.space;
  };
}

/** `model`, or its reference's own model when the option asks for it, the ask departs and `confined(reference)` says its region is local. */
export function withReferenceInLocalRegion(model: FittedSurrogate, confined: (reference: FittedSurrogate) => boolean): FittedSurrogate {
  if (!(model instanceof FittedAuto) || model.localRegion !== 'reference' || !model.departs) return model;
  const reference = model.referenceOnly();
  return reference !== undefined && confined(reference) ? reference : model;
}
