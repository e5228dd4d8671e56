/**
 * Options of the 'bnn-sghmc' surrogate: the HMC-BNN's network, priors and noise model (the same
 * fields and defaults, hmc-bnn/hmc-bnn-options.ts) with an SGHMC sampler instead of HMC.
 */
import { z } from 'zod';
import { checkBnnPriorFields } from '../hmc-bnn/bnn-prior-options.js';
import { HmcBnnOptionFields } from '../hmc-bnn/hmc-bnn-options.js';

/** Options schema (all have defaults). */
export const BnnSghmcOptions = HmcBnnOptionFields.pick({
  widths: true,
  activation: true,
  prior: true,
  priorMatch: true,
  priorTarget: true,
  weightScale: true,
  outputScale: true,
  biasVar: true,
  noise: true,
  noisePriorMean: true,
  noisePriorSd: true,
  timeBudgetMs: true,
}).extend({
  /** The kept networks as ensemble members (the sampler's purpose), or their moment-matched Gaussian. */
  posterior: z.enum(['ensemble', 'moment-matched']).default('ensemble'),
  /** Independent chains; each keeps `samplesPerChain` networks. */
  chains: z.number().int().min(1).max(16).default(2),
  /** Minibatch rows b (the gradient is exact when b ≥ n, as at most BO budgets). */
  batchSize: z.number().int().min(1).max(100_000).default(32),
  /** ε of the scale-adapted update (Springenberg et al. 2016 use 1e-2). */
  stepSize: z.number().positive().max(1).default(0.01),
  /** α, the friction per step (Springenberg et al.'s "mdecay", 0.05). */
  friction: z.number().positive().max(1).default(0.05),
  burnIn: z.number().int().min(0).max(1_000_000).default(3000),
  /** Burn-in after a warm start (chains continue from the last state with its preconditioner). */
  warmBurnIn: z.number().int().min(0).max(1_000_000).default(500),
  samplesPerChain: z.number().int().min(1).max(10_000).default(25),
  thin: z.number().int().min(1).max(10_000).default(50),
}).superRefine(checkBnnPriorFields);
/** Parsed options. */
export type BnnSghmcOptions = z.infer<typeof BnnSghmcOptions>;
/** Options as a caller writes them. */
export type BnnSghmcOptionsInput = z.input<typeof BnnSghmcOptions>;
