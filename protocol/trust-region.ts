import { z } from 'zod';

/**
 * TuRBO-style trust region of the single-objective BO policy (policy/trust-region.ts; Eriksson et
 * al. 2019, "Scalable Global Optimization via Local Bayesian Optimization", NeurIPS):
 * - 'off': the acquisition is maximized over the whole space on every ask.
 * - 'on-stall': the global model runs as usual until `stallTolerance` observations in a row bring
 *   no improvement; then the acquisition is maximized inside a box around the best point of the
 *   current run (side `length` in unit-cube coordinates, shaped by the GP's lengthscales) that
 *   grows after `successTolerance` improvements in a row and halves after `failureTolerance`
 *   failures in a row; below `lengthMin` the region restarts: a new run begins with the global model
 *   (which keeps every observation) and its own best point and counters.
 * Absent fields keep the paper's values (in brackets), except `acquisition`, where the study's own
 * acquisition is the default. Only continuous and integer parameters are
 * confined; categorical, simplex and fidelity columns keep their whole range.
 */
export const TrustRegionSpec = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('off') }),
    z.strictObject({
      mode: z.literal('on-stall'),
      /** Observations without improvement, in a row, that end the global phase of a run [max(4, d)]; 0: the region starts at once. */
      stallTolerance: z.number().int().min(0).max(10000).optional(),
      /** Side of a new region, unit-cube units [0.8]. */
      lengthInit: z.number().gt(0).max(2).optional(),
      /** A region smaller than this restarts [0.5^7]. */
      lengthMin: z.number().gt(0).max(1).optional(),
      /** Largest side [1.6]. */
      lengthMax: z.number().gt(0).max(4).optional(),
      /** Improvements in a row that double the side [3]. */
      successTolerance: z.number().int().min(1).max(10000).optional(),
      /** Failures in a row that halve the side [max(4, d)]: the paper's ceil(max(4/q, d/q)) with q = 1, as asks are counted per observation. */
      failureTolerance: z.number().int().min(1).max(10000).optional(),
      /**
       * Acquisition inside the region ['study']: 'study' keeps the study's own acquisition,
       * 'thompson' takes the argmax of one joint posterior draw over Sobol points of the region
       * per suggestion (TuRBO's own acquisition, Eriksson et al. 2019 §2); the global phase always
       * uses the study's acquisition.
       */
      acquisition: z.enum(['study', 'thompson']).optional(),
      /**
       * While local, the ask after every `globalEvery`-th observation (n mod globalEvery = 0, n
       * the finite observations so far) searches the whole space with Thompson sampling instead
       * of the region: a periodic global exploration step that can find a better basin than the
       * one the region refines [absent: never].
       */
      globalEvery: z.number().int().min(2).max(10000).optional(),
      /**
       * What the region's rules read ['observed']: 'observed' replays the observed values (the
       * success test, and the centre at the run's best observation); 'posterior-mean' replays the
       * model's posterior mean at the observed points instead, so under noise a lucky draw neither
       * counts as a success nor becomes the centre (the model-based incumbent BoTorch uses for
       * noisy data); 'auto' replays the posterior mean on an ask whose fitted noise variance is
       * above the threshold the acquisition's incumbent uses (policy/bo-policy.ts NOISY_VARIANCE)
       * and the observed values otherwise.
       */
      incumbent: z.enum(['observed', 'posterior-mean', 'auto']).optional(),
      /**
       * What ends a region ['length-min']: 'length-min' is TuRBO's rule (a side below lengthMin
       * restarts); 'noise-resolved' also restarts a region whose side fell below the length the
       * fitted model can resolve through its noise: the side at which the prior's rms difference
       * between the region's centre and a corner equals the fitted noise sd
       * (policy/trust-region-noise.ts). Under noise TuRBO's failures come from the noise, and
       * halving to lengthMin spends asks on points the model cannot tell apart.
       */
      restart: z.enum(['length-min', 'noise-resolved']).optional(),
      /**
       * How a run after a restart begins ['model']: 'model' lets the global model ask as in the first
       * run (its acquisition over the whole space, which keeps every observation and so tends to peak
       * next to the old incumbent again); 'space-filling' asks the study's next space-filling points
       * instead, as TuRBO-1 starts each run with a fresh design, until the new run's global phase ends
       * (stallTolerance of them in a row without improving on the new run's best), and the next region
       * starts around the best of them.
       */
      restartDesign: z.enum(['model', 'space-filling']).optional(),
      /**
       * Where an ask searches when its fit counts as noisy (the fitted noise variance above the
       * acquisition's incumbent threshold, policy/bo-policy.ts NOISY_VARIANCE) ['local']: 'local'
       * keeps the region; 'global' maximizes the acquisition over the whole space on such an ask
       * when the region would confine at least `noisyGlobalMinDim` columns. The replay still runs on
       * every ask, so an ask whose fit is not noisy gets the region the rules give. Under noise the
       * region's failures come from the noise and halve it to a box the model cannot rank through
       * (policy/trust-region-noise.ts says the same from the side of the noise-resolved length).
       * Written on a space whose region confines fewer than `noisyGlobalMinDim` columns, 'global' is
       * refused at create (policy/trust-region-resolution.ts): it could never act.
       */
      noisySearch: z.enum(['local', 'global']).optional(),
      /** With noisySearch 'global': the fewest confined columns at which a noisy ask searches globally [5]. */
      noisyGlobalMinDim: z.number().int().min(1).max(10000).optional(),
    }),
  ])
  .superRefine((tr, ctx) => {
    if (tr.mode === 'off') return;
    const init = tr.lengthInit ?? TRUST_REGION_DEFAULTS.lengthInit;
    const min = tr.lengthMin ?? TRUST_REGION_DEFAULTS.lengthMin;
    const max = tr.lengthMax ?? TRUST_REGION_DEFAULTS.lengthMax;
    if (!(min < init)) ctx.addIssue({ code: 'custom', path: ['lengthMin'], message: `must be below lengthInit (${init}), got ${min}` });
    if (!(init <= max)) ctx.addIssue({ code: 'custom', path: ['lengthInit'], message: `must not exceed lengthMax (${max}), got ${init}` });
    // The minimum dimension qualifies 'global' only: with the region kept on noisy asks it would be ignored.
    if (tr.noisyGlobalMinDim !== undefined && tr.noisySearch !== 'global') ctx.addIssue({ code: 'custom', path: ['noisyGlobalMinDim'], message: `applies to noisySearch 'global' only (noisySearch is '${tr.noisySearch ?? 'local'}')` });
  });
export type TrustRegionSpec = z.infer<typeof TrustRegionSpec>;

/** The paper's constants (Eriksson et al. 2019, §2 and supplement): L_init 0.8, L_min 0.5^7, L_max 1.6, τ_succ 3. */
export const TRUST_REGION_DEFAULTS = { lengthInit: 0.8, lengthMin: 0.5 ** 7, lengthMax: 1.6, successTolerance: 3, noisyGlobalMinDim: 5 } as const;
