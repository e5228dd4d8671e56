import { z } from 'zod';

/**
 * Options of the deep kernel learning surrogate (kind 'dkl'). The paper's code (seed-specs §1.2)
 * uses the HMC widths (128×3), features = last hidden layer, ScaleKernel(Matérn-5/2 ARD) with
 * Gamma(3,6) lengthscales, Gamma(2,0.15) outputscale, Gamma(1.1,0.05) noise ≥ 1e-4, and 5000 Adam
 * steps at lr 1e-3. Scaled down here so an ask stays ≤ 3 s at n = 100, d = 6 on 2 cores: two tanh
 * layers of 32, a linear feature layer of min(max(d, 2), 8) dims, 200 MSE pre-training steps, then
 * ≤ 300 joint Adam steps at lr 1e-2 with early stopping (100 and no pre-training when warm). The
 * priors are the paper's. Two departures, both measured on hartmann6 (see benchmarks/dkl/): the GP
 * also sees the raw inputs (skipInputs) and training stops on a 20% hold-out (validationFraction). Without pre-training the GP on random initial features explains the data
 * as noise (σ² ≈ 0.9 on hartmann6, n = 100) and joint Adam often stays in that optimum.
 */
export const DklOptions = z
  .object({
    /** Hidden layer widths. */
    widths: z.array(z.number().int().min(1).max(1024)).min(1).max(8).default([32, 32]),
    activation: z.enum(['tanh', 'relu', 'elu']).default('tanh'),
    /** Linear feature layer size k; 'hidden' = features are the last hidden layer (the paper). Default min(max(d,2),8). */
    featureDim: z.union([z.number().int().min(1).max(256), z.literal('hidden')]).optional(),
    /**
     * Give the GP [x, g_w(x)] instead of g_w(x) (not in the paper). Without the raw inputs the
     * network maps unexplored corners onto well-explored feature regions and the posterior is
     * confidently wrong there (hartmann6 BO: predicted 2.5 ± 0.3, observed −0.5, standardized).
     */
    skipInputs: z.boolean().default(true),
    /** Base kernel on the features (always with an outputscale). */
    kernel: z.enum(['rbf', 'matern52']).default('matern52'),
    /** Where the network's vector-Jacobian product runs: TensorFlow.js autodiff or the float64 JS reference. */
    engine: z.enum(['tfjs', 'js']).default('tfjs'),
    learningRate: z.number().positive().max(1).default(0.01),
    /** Adam steps per start on a cold fit / from a warm start. */
    steps: z.number().int().min(1).max(20000).default(300),
    warmSteps: z.number().int().min(1).max(20000).default(100),
    /** Early stopping: stop after `patience` steps without a per-datum objective gain of `tolerance`. */
    patience: z.number().int().min(1).max(10000).default(30),
    tolerance: z.number().nonnegative().default(1e-4),
    /**
     * On every coldEvery-th consecutive warm fit, also train one fresh (cold) start and keep the
     * better of the two (by hold-out density, else objective): warm chains drift into overfit
     * features (hartmann6 held-out log density −1.3 → −2.5 nats from n = 30 to 50). 0 = never.
     */
    coldEvery: z.number().int().min(0).max(1000).default(5),
    /** Extra random starts on a cold fit when n ≤ smallN (default 2 and 30). */
    restarts: z.number().int().min(0).max(16).default(2),
    smallN: z.number().int().min(0).default(30),
    /** MSE pre-training steps of the network with a linear head on a cold start (the paper: 1000 at lr 1e-3; here 200 at learningRate). */
    pretrainSteps: z.number().int().min(0).max(20000).default(200),
    /** Gaussian prior precision λ on the network weights: adds −½λ‖w‖² to the objective (0 = none, as the paper). */
    weightDecay: z.number().nonnegative().default(0),
    minNoise: z.number().positive().default(1e-4),
    /**
     * Fraction of the points held out (by a hash of the row index, the same rows every ask) to early-stop training on their
     * predictive log density when n ≥ minValidationN; the kept network then gets MAP GP
     * hyperparameters on ALL points. 0 = stop on the training objective only (the paper).
     */
    validationFraction: z.number().min(0).max(0.5).default(0.2),
    minValidationN: z.number().int().min(2).default(10),
  })
  .strict();

/** Parsed DKL options. */
export type DklOptions = z.output<typeof DklOptions>;
/** DKL options as a caller writes them. */
export type DklOptionsInput = z.input<typeof DklOptions>;

/** The linear feature layer size for input dimension d (undefined: last hidden layer). */
export function resolveFeatureDim(options: DklOptions, d: number): number | undefined {
  if (options.featureDim === 'hidden') return undefined;
  return options.featureDim ?? Math.min(Math.max(d, 2), 8);
}
