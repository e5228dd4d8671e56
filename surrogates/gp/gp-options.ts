import { z } from 'zod';
import type { Kernel } from './kernel.js';
import { DEFAULT_FIT_ROWS } from './fit-subset.js';
import { gammaPrior, logNormalPrior, type LogScalePrior } from './priors.js';
import { radialProfile } from './kernels/radial-profiles.js';
import { QuadraticKernel } from './kernels/quadratic-kernel.js';
import { ScaleKernel } from './kernels/scale-kernel.js';
import { SumKernel } from './kernels/sum-kernel.js';
import { StationaryArdKernel } from './kernels/stationary-ard.js';

/** GP presets by name (see GpOptions). */
export const GpPreset = z.enum(['botorch', 'botorch-legacy']);
export type GpPreset = z.infer<typeof GpPreset>;

/**
 * THE default GP preset, used by surrogate 'gp' without `surrogateOptions.preset`, by
 * `new GpSurrogate()` and so by the DKL's GP fallback: Matérn-5/2 ARD + outputscale with Gamma
 * priors (BoTorch <= 0.11). Measured on the 11-problem suite (benchmarks/RESULTS.md, 10 seeds) it
 * matched or beat BoTorch 0.9.5 on 8 of 11 problems against 5 for the RBF + dimension-scaled prior
 * of BoTorch >= 0.12 ('botorch'). Code that wants the other preset names it.
 */
export const DEFAULT_GP_PRESET: GpPreset = 'botorch-legacy';

/** The lengthscale prior (GpOptions.lengthscalePrior). */
export const GpLengthscalePrior = z.enum(['gamma', 'dimension-scaled']);
export type GpLengthscalePrior = z.infer<typeof GpLengthscalePrior>;

/**
 * The default preset's lengthscale prior is 'dimension-scaled' above this many input dimensions and 'gamma'
 * at or below (session 17, benchmarks/results/bbob-s17-dimprior-hd-rule.md: on the bbob selection instances
 * the dimension-scaled prior lost at d = 2, 5 and 10 and won at d = 20). The 'botorch' preset is
 * dimension-scaled at every d. A stored study keeps the prior it resolved (EffectiveAlgorithm.gpLengthscalePrior,
 * server/algorithm-to-run.ts).
 */
export const DIMENSION_SCALED_ABOVE_DIM = 10;

/** The lengthscale prior GP options run on d input dimensions: their own, else their preset's default at d. */
export function resolvedLengthscalePrior(options: { readonly preset?: GpPreset; readonly lengthscalePrior?: GpLengthscalePrior }, d: number): GpLengthscalePrior {
  if (options.lengthscalePrior !== undefined) return options.lengthscalePrior;
  if ((options.preset ?? DEFAULT_GP_PRESET) === 'botorch') return 'dimension-scaled';
  return d > DIMENSION_SCALED_ABOVE_DIM ? 'dimension-scaled' : 'gamma';
}

/** What GP options without a lengthscale prior ran before session 17 (a study stored without effective.gpLengthscalePrior): the preset's own at every d. */
export function legacyLengthscalePrior(preset: GpPreset | undefined): GpLengthscalePrior {
  return (preset ?? DEFAULT_GP_PRESET) === 'botorch' ? 'dimension-scaled' : 'gamma';
}

/** The prior's trend (GpOptions.trend). */
export const GpTrend = z.enum(['constant', 'quadratic']);
export type GpTrend = z.infer<typeof GpTrend>;

/**
 * THE default trend of surrogate 'gp'. A stored study keeps the trend it resolved
 * (EffectiveAlgorithm.gpTrend, server/algorithm-to-run.ts) if this ever changes.
 */
export const DEFAULT_GP_TREND: GpTrend = 'constant';

/**
 * Options of the exact GP surrogate. Presets (seed-specs §7.3):
 * - 'botorch' (BoTorch ≥ 0.12, Hvarfner et al. 2024): RBF ARD, no outputscale,
 *   ℓ ~ LogNormal(√2 + ½ ln d, √3), ℓ ≥ 0.025; noise ~ LogNormal(−4, 1), noise ≥ 1e-4.
 * - 'botorch-legacy' (BoTorch ≤ 0.11's kernel and priors up to 10 input dimensions): ScaleKernel(Matérn-5/2
 *   ARD), ℓ ~ Gamma(3, 6) for d ≤ DIMENSION_SCALED_ABOVE_DIM and the dimension-scaled prior above (BoTorch
 *   ≤ 0.11's Gamma at every d is `lengthscalePrior: 'gamma'`), outputscale ~ Gamma(2, 0.15),
 *   noise ~ Gamma(1.1, 0.05), noise ≥ 1e-4.
 * `kernel`, `outputscale` and `lengthscalePrior` override the preset's choice; an outputscale always gets the
 * Gamma(2, 0.15) prior. The constant mean has a FLAT prior (as GPyTorch's ConstantMean),
 * bounded to [−10, 10] in standardized units.
 */
export const GpOptions = z
  .object({
    preset: GpPreset.default(DEFAULT_GP_PRESET),
    kernel: z.enum(['rbf', 'matern52', 'matern32']).optional(),
    /**
     * The prior's trend. 'constant' (default): the constant mean only. 'quadratic': plus a full
     * degree-2 polynomial in x with Gaussian coefficients, as the kernel part
     * σ_q²(c + (12/d)(x−½)·(x'−½))² (kernels/quadratic-kernel.ts; universal kriging), so the model
     * can carry a global bowl, rotated and ill-conditioned, that noise hides from the stationary part.
     */
    trend: GpTrend.default(DEFAULT_GP_TREND),
    outputscale: z.boolean().optional(),
    /**
     * The lengthscale prior: 'gamma' Gamma(3, 6) on every dimension (mode 1/3 of the unit cube whatever d;
     * BoTorch ≤ 0.11), 'dimension-scaled' LogNormal(√2 + ½ ln d, √3) (Hvarfner et al. 2024: the mode
     * 0.205·√d grows with the typical distance between points). Default: on the default preset 'gamma' up to
     * DIMENSION_SCALED_ABOVE_DIM input dimensions and 'dimension-scaled' above; on 'botorch' 'dimension-scaled'.
     */
    lengthscalePrior: GpLengthscalePrior.optional(),
    /** Random restarts (prior draws) besides the prior-mode start on a cold fit. Default: 2 (n ≤ 500), 1 (≤ 1000), 0 beyond. */
    restarts: z.number().int().min(0).max(64).optional(),
    /** Extra starts besides the warm start when warm (the prior mode, then prior draws). Default 0. */
    warmRestarts: z.number().int().min(0).max(64).optional(),
    /** L-BFGS-B iteration cap per start on a cold fit. Default 100 (n ≤ 500), 40 (≤ 1000), 15 beyond. */
    maxIterations: z.number().int().min(1).max(10000).optional(),
    /**
     * Iteration cap per start when warm. Default 30 (n ≤ 500), 10 (≤ 1000), 5 beyond: for large n
     * the optimization is amortized over asks (each warm fit continues from the last state).
     */
    warmMaxIterations: z.number().int().min(1).max(10000).optional(),
    /**
     * Warm fits keep the previous hyperparameters and extend the previous Cholesky factor while the
     * rule of surrogates/gp/factor-reuse.ts holds (large n, settled hyperparameters, consistent
     * new data); false re-optimizes them on every fit. Default true.
     */
    factorReuse: z.boolean().default(true),
    /**
     * Hyperparameters are optimized on at most this many rows (a pseudo-random subset fixed by the
     * rows' values, fit-subset.ts); the posterior always conditions on every row. Default 256.
     */
    fitRows: z.number().int().min(2).max(1_000_000).default(DEFAULT_FIT_ROWS),
    /** L-BFGS-B iterations on all rows after a subset fit (fitRows < n), from the subset's optimum. */
    polishIterations: z.number().int().min(0).max(1000).default(5),
    /** Fixed noise variance in standardized units (not fitted) when given. */
    noise: z.number().positive().finite().optional(),
    minNoise: z.number().positive().default(1e-4),
    minLengthscale: z.number().positive().default(0.025),
    /**
     * 'gaussian': one noise variance for every row. 'robust': relevance pursuit of per-row outlier
     * variances (surrogates/gp/robust-fit.ts), for heavy-tailed noise; the fit's diagnostics list
     * the rows it treated as outliers.
     */
    likelihood: z.enum(['gaussian', 'robust']).default('gaussian'),
    /** 'robust' only: log-prior cost of one outlier in nats of the marginal likelihood. Default ROBUST_DEFAULTS.penalty. */
    outlierPenalty: z.number().min(0).max(1000).optional(),
    /** 'robust' only: at most this fraction of the rows may be outliers. Default ROBUST_DEFAULTS.maxFraction. */
    maxOutlierFraction: z.number().min(0).max(0.5).optional(),
    /**
     * 'robust' only: the BO policy measures a row the fit treats as an outlier once more (the best
     * ranked such row without a replicate, one per ask); a replicate that agrees confirms the value
     * and the row is no longer a candidate outlier. Costs one evaluation per suspected row.
     */
    verifyOutliers: z.boolean().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    // A robust-only setting on a Gaussian likelihood would do nothing: refused, not ignored.
    for (const key of ['outlierPenalty', 'maxOutlierFraction', 'verifyOutliers'] as const) {
      if (o[key] !== undefined && o.likelihood !== 'robust') {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} needs likelihood: 'robust' (the likelihood is '${o.likelihood}')` });
      }
    }
  });

/** Parsed GP options. */
export type GpOptions = z.output<typeof GpOptions>;
/** GP options as a caller writes them (all optional). */
export type GpOptionsInput = z.input<typeof GpOptions>;

/** The model family resolved for dimension d: kernel (with hyperpriors) and noise prior. */
export interface GpModelSpec {
  readonly kernel: Kernel;
  readonly noisePrior: LogScalePrior;
  readonly minNoise: number;
  readonly maxNoise: number;
  /** Fixed noise (not fitted) when defined. */
  readonly fixedNoise?: number;
}

/** Build the kernel and noise prior of the options for inputs of dimension d. */
export function resolveModelSpec(options: GpOptions, d: number): GpModelSpec {
  const legacy = options.preset === 'botorch-legacy';
  const kind = options.kernel ?? (legacy ? 'matern52' : 'rbf');
  const withScale = options.outputscale ?? legacy;
  const priorKind = resolvedLengthscalePrior(options, d);
  const lengthscalePrior = priorKind === 'gamma' ? gammaPrior(3, 6) : logNormalPrior(Math.SQRT2 + 0.5 * Math.log(d), Math.sqrt(3));
  const base = new StationaryArdKernel({
    profile: radialProfile(kind),
    dim: d,
    lengthscalePrior,
    minLengthscale: options.minLengthscale,
  });
  const stationary = withScale
    ? new ScaleKernel(base, { outputscalePrior: gammaPrior(2, 0.15), initialOutputscale: 1 })
    : base;
  // 'constant' builds exactly today's kernel object, so its traces do not change.
  const kernel = options.trend === 'quadratic' ? new SumKernel(stationary, new QuadraticKernel({ dim: d })) : stationary;
  return {
    kernel,
    noisePrior: legacy ? gammaPrior(1.1, 0.05) : logNormalPrior(-4, 1),
    minNoise: options.minNoise,
    maxNoise: 10,
    fixedNoise: options.noise,
  };
}

/** Number of starts and iteration caps for a fit of n points (fewer for large n: each evaluation is O(n³)). */
export function fitBudget(options: GpOptions, n: number, warm: boolean): { extraStarts: number; maxIterations: number } {
  const tier = n <= 500 ? 0 : n <= 1000 ? 1 : 2;
  if (warm) {
    return {
      extraStarts: options.warmRestarts ?? 0,
      maxIterations: options.warmMaxIterations ?? [30, 10, 5][tier],
    };
  }
  return {
    extraStarts: options.restarts ?? [2, 1, 0][tier],
    maxIterations: options.maxIterations ?? [100, 40, 15][tier],
  };
}
