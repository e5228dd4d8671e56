/**
 * Options of the 'hmc-bnn' surrogate. Defaults are sized for asks of a few seconds at n = 100,
 * d = 6 on 2 cores (measurements in benchmarks/hmc-bnn/), and for R-hat < 1.05 on a 1-D regression
 * (test/surrogates/hmc-bnn/diagnostics.test.ts).
 */
import { z } from 'zod';
import { bnnPriorFields, checkBnnPriorFields } from './bnn-prior-options.js';

/** The options' fields without the cross-field check (for .pick: zod refuses to pick from a refined object). */
export const HmcBnnOptionFields = z.strictObject({
  widths: z.array(z.number().int().min(1).max(512)).min(1).max(6).default([50]),
  activation: z.enum(['tanh', 'relu', 'elu']).default('tanh'),
  ...bnnPriorFields,
  /** σ_w² of the fan-in prior: weight variance σ_w²/fan_in (inputs are scaled to unit variance first). */
  weightScale: z.number().positive().default(1),
  /** σ_w² of the output layer: sets the prior amplitude of f. 4 rather than 1: with 1 the BNN explains large standardized
   *  values as noise (branin n = 30: held-out R² 0.53, noise 0.53; with 4: R² 0.92, noise 0.07). */
  outputScale: z.number().positive().default(4),
  biasVar: z.number().positive().default(1),
  /** 'sampled' puts s = log σ² in the chain; a number fixes σ² (standardized units). */
  noise: z.union([z.literal('sampled'), z.number().positive()]).default('sampled'),
  /** Prior of s = log σ² in standardized units: N(mean, sd²); the default puts σ² ≈ 0.05 (sd ≈ 0.22·sd(y)). */
  noisePriorMean: z.number().default(-3),
  noisePriorSd: z.number().positive().default(1),
  /** 'js': float64 JS; 'tfjs': TensorFlow.js on the selected backend; 'auto': tfjs on a hardware GPU or for large n·P, else js. */
  engine: z.enum(['auto', 'js', 'tfjs']).default('auto'),
  chains: z.number().int().min(1).max(16).default(4),
  warmup: z.number().int().min(0).default(400),
  /** Warm-up after a warm start (step size only; the mass matrix is kept). */
  warmWarmup: z.number().int().min(0).default(20),
  samplesPerChain: z.number().int().min(1).default(50),
  thin: z.number().int().min(1).default(2),
  /**
   * A warm start's chains are already at the posterior of n − 1 points, so an ask keeps fewer,
   * cheaper draws than a cold fit: benchmarks/hmc-bnn/ess-per-grad.ts (hartmann6, n = 100) measured
   * effective samples per 1,000 chain-gradients 23 / 32 / 36 / 20 for 5 / 10 / 20 / 40 leapfrog
   * steps (100 draws per chain, thin 1), and 25 draws per chain at 20 steps give a median ESS of 82
   * over 4 chains for 3,200 chain-gradients (the earlier warm settings, 100 iterations of 40 steps:
   * 19,700). The cold fit keeps leapfrog 40: with 20, split R-hat on the 1-D diagnostics
   * (benchmarks/hmc-bnn/diagnostics.ts) rose above 1.05 on 7 of 8 seeds.
   */
  warmSamplesPerChain: z.number().int().min(1).default(25),
  warmThin: z.number().int().min(1).default(1),
  warmLeapfrog: z.number().int().min(1).max(500).default(20),
  /** Initial step size of a cold start (dual averaging adapts it). */
  stepSize: z.number().positive().default(0.01),
  /** Leapfrog steps per proposal (jittered down by up to 25%). */
  leapfrog: z.number().int().min(1).max(500).default(40),
  targetAccept: z.number().min(0.05).max(0.99).default(0.8),
  /** Adam steps towards a posterior mode before a cold start, each chain from its own prior draw. */
  pretrainSteps: z.number().int().min(0).default(500),
  pretrainLr: z.number().positive().default(0.01),
  timeBudgetMs: z.number().positive().optional(),
  /**
   * What acquisitions see: 'ensemble' (the kept networks as members, surrogates/ensemble.ts) or
   * 'moment-matched' (one Gaussian with the draws' mean and variance). Moment-matched by default:
   * with LogEI on branin (budget 40, 6 seeds) the ensemble was worse on 5 of 6 seeds
   * (benchmarks/RESULTS.md, 2026-12-05 ensemble posteriors).
   */
  posterior: z.enum(['ensemble', 'moment-matched']).default('moment-matched'),
});
/** Options schema (all have defaults). */
export const HmcBnnOptions = HmcBnnOptionFields.superRefine(checkBnnPriorFields);
/** Parsed options. */
export type HmcBnnOptions = z.infer<typeof HmcBnnOptions>;
/** Options as a caller writes them (defaults optional). */
export type HmcBnnOptionsInput = z.input<typeof HmcBnnOptions>;
