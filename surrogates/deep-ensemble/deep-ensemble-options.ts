/**
 * Options of the 'deep-ensemble' surrogate (Lakshminarayanan et al. 2017): M networks with a
 * Gaussian head, each from its own random initialization, trained by full-batch Adam on the
 * Gaussian NLL. Defaults follow the paper's regression setup (5 members, one hidden layer of 50)
 * with tanh instead of ReLU so the acquisition surface has continuous x-gradients.
 */
import { z } from 'zod';

/** Options schema (all have defaults). */
export const DeepEnsembleOptions = z.strictObject({
  members: z.number().int().min(1).max(64).default(5),
  widths: z.array(z.number().int().min(1).max(512)).min(1).max(6).default([50]),
  activation: z.enum(['tanh', 'relu', 'elu']).default('tanh'),
  /** Adam steps of a cold fit (full batch). */
  steps: z.number().int().min(1).max(100_000).default(1000),
  /** Adam steps when the previous ask's members warm-start the fit (same shape). */
  warmSteps: z.number().int().min(0).max(100_000).default(200),
  /** Adam step; 0.01 let the variance head diverge on some members (1-D test: mean variance at the data 0.18–0.41 vs 0.01–0.03 at 0.005). */
  learningRate: z.number().positive().max(1).default(0.005),
  /** Share of a cold fit's steps that train the means alone (MSE) before the Gaussian NLL. */
  meanWarmupFraction: z.number().min(0).max(1).default(0.3),
  /** L2 penalty ½·decay·‖θ‖² added to the mean NLL (a Gaussian prior on the weights, as weight decay). */
  weightDecay: z.number().min(0).max(10).default(1e-4),
  timeBudgetMs: z.number().positive().optional(),
});
/** Parsed options. */
export type DeepEnsembleOptions = z.infer<typeof DeepEnsembleOptions>;
/** Options as a caller writes them. */
export type DeepEnsembleOptionsInput = z.input<typeof DeepEnsembleOptions>;
