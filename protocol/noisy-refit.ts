import { z } from 'zod';
import { OutputTransformKind } from './output-transform.js';

/** The bracketed defaults of NoisyRefitSpec's 'on'. */
export const NOISY_REFIT_DEFAULTS = { transform: 'standardize', minDim: 5, maxDim: 10 } as const satisfies { transform: OutputTransformKind; minDim: number; maxDim: number };

const dim = z.number().int().min(1).max(10000);

/**
 * A second fit on another outcome transform when the first counts as noisy (policy/noisy-refit.ts), for the
 * single-objective BO policy:
 * - 'off': every ask runs on the fit of algorithm.outputTransform's y.
 * - 'on': when that fit's noise variance is above the policy's noise gate (policy/bo-policy.ts NOISY_VARIANCE)
 *   and the space has from `minDim` to `maxDim` encoded dimensions, the model is fitted again, cold, on
 *   `transform`'s y, and the ask runs on the second fit if it counts as noisy too; the ask's diagnostics.noisyRefit
 *   gives both fits' noise and which one ran. Why: the half-rank warp is nonlinear in the noise, so additive noise
 *   reaches the GP as rank noise that short lengthscales absorb; a z-score keeps it additive.
 * Absent fields keep the bracketed defaults.
 */
export const NoisyRefitSpec = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('off') }),
    z.strictObject({
      mode: z.literal('on'),
      /** The second fit's outcome transform ['standardize']; refused at create when it is the study's own. */
      transform: OutputTransformKind.optional(),
      /** Spaces below this many encoded dimensions keep the first fit [5]: in 2-D a rough noiseless function looks noisy on z-scored y too. */
      minDim: dim.optional(),
      /**
       * Spaces above this many encoded dimensions keep the first fit [10]: above 10 the GP's default lengthscale
       * prior is the dimension-scaled one, and at d = 20 the refit did not pass its selection rule (RESULTS.md session 26).
       */
      maxDim: dim.optional(),
    }),
  ])
  .superRefine((spec, ctx) => {
    if (spec.mode === 'on' && (spec.minDim ?? NOISY_REFIT_DEFAULTS.minDim) > (spec.maxDim ?? NOISY_REFIT_DEFAULTS.maxDim)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['maxDim'], message: `maxDim must be at least minDim (defaults ${NOISY_REFIT_DEFAULTS.minDim} and ${NOISY_REFIT_DEFAULTS.maxDim})` });
    }
  });
export type NoisyRefitSpec = z.infer<typeof NoisyRefitSpec>;
