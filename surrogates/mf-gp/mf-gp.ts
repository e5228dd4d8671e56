import { fitGpModel } from '../gp/gp-fit.js';
import { GpOptions, type GpModelSpec } from '../gp/gp-options.js';
import type { FittedGp } from '../gp/fitted-gp.js';
import { gammaPrior } from '../gp/priors.js';
import { matern52Profile } from '../gp/kernels/radial-profiles.js';
import { ScaleKernel } from '../gp/kernels/scale-kernel.js';
import { StationaryArdKernel } from '../gp/kernels/stationary-ard.js';
import type { FitOptions, Surrogate, TrainingData } from '../types.js';
import { LinearTruncatedFidelityKernel } from './linear-truncated-fidelity-kernel.js';
import { LevelIcmKernel } from './level-icm-kernel.js';
import { BasisKernel, type BasisFunction } from './basis-kernel.js';

/** Surrogate kind of the multi-fidelity GP (names its warm-start state). */
export const MF_GP_KIND = 'mf-gp';

/** Fit effort of the multi-fidelity GP (defaults in brackets). */
export interface MfGpFitOptions {
  /** Random restarts on a cold fit [1]. */
  readonly restarts?: number;
  /** L-BFGS-B iterations per start, cold [100] and warm [30]. */
  readonly maxIterations?: number;
  readonly warmMaxIterations?: number;
  /** Learn the biased part's variance σ_b² (see LinearTruncatedFidelityOptions.biasScale) [false]. */
  readonly biasScale?: boolean;
  /** Level-dependent white noise τ²(s) (see LinearTruncatedFidelityOptions.levelNoise) [false]. */
  readonly levelNoise?: boolean;
  /**
   * Fidelity kernel: 'linear-truncated' (ADMIRE/BoTorch) or 'icm' (LevelIcmKernel: a learned
   * full-rank inter-level correlation; needs `levels` and `target`) ['linear-truncated'].
   */
  readonly kernel?: 'linear-truncated' | 'icm';
  /** The fidelity coordinate's value of each level ('icm'). */
  readonly levels?: ArrayLike<number>;
  /** Index of the target level in `levels` ('icm'). */
  readonly target?: number;
  /** An explicit basis function with a Gaussian coefficient added to the kernel (BasisKernel; the mixing-law prior). */
  readonly basis?: BasisFunction;
}

/**
 * BoTorch v0.10.0 SingleTaskMultiFidelityGP as ADMIRE uses it (seed-specs §3.2):
 * ScaleKernel(LinearTruncatedFidelityKernel) with outputscale ~ Gamma(2, 0.15), noise ~
 * Gamma(1.1, 0.05) (≥ 1e-4), constant mean. Without a fidelity column (single-fidelity
 * studies): ScaleKernel(Matérn-5/2 ARD, ℓ ~ Gamma(3, 6)), the same GP class with s fixed at 1.
 * Inputs are taken as given (ADMIRE: raw weights and fidelity value in [0,1]); y is whatever
 * the caller passes (the policy standardizes it, unlike ADMIRE's raw metric).
 */
export function mfGpModelSpec(dim: number, fidelityIndex: number | undefined, biasScale = false, levelNoise = false, icm?: { levels: ArrayLike<number>; target: number }, basis?: BasisFunction): GpModelSpec {
  const base =
    fidelityIndex === undefined
      ? new StationaryArdKernel({ profile: matern52Profile, dim, lengthscalePrior: gammaPrior(3, 6), minLengthscale: 0.025 })
      : icm
        ? new LevelIcmKernel({ dim, fidelityIndex, levels: icm.levels, target: icm.target })
        : new LinearTruncatedFidelityKernel({ dim, fidelityIndex, biasScale, levelNoise });
  const scaled = new ScaleKernel(base, { outputscalePrior: gammaPrior(2, 0.15), initialOutputscale: 1 });
  return {
    kernel: basis ? new BasisKernel(scaled, basis) : scaled,
    noisePrior: gammaPrior(1.1, 0.05),
    minNoise: 1e-4,
    maxNoise: 10,
  };
}

/** MAP fit of the multi-fidelity GP through the exact-GP machinery (fitGpModel; warm start from fit.warmStart). */
export function fitMfGp(data: TrainingData, fidelityIndex: number | undefined, fit: FitOptions, options: MfGpFitOptions = {}, kind = MF_GP_KIND): Promise<FittedGp> {
  const gpOptions = GpOptions.parse({
    preset: 'botorch-legacy',
    restarts: options.restarts ?? 1,
    maxIterations: options.maxIterations ?? 100,
    warmMaxIterations: options.warmMaxIterations ?? 30,
    // Hyperparameter reuse is measured for the single-fidelity GP only (benchmarks/RESULTS.md).
    factorReuse: false,
  });
  const icm = options.kernel === 'icm' && options.levels && options.target !== undefined ? { levels: options.levels, target: options.target } : undefined;
  return fitGpModel(mfGpModelSpec(data.X.cols, fidelityIndex, options.biasScale, options.levelNoise, icm, options.basis), gpOptions, data, fit, kind);
}

/** The multi-fidelity GP as a Surrogate (the fidelity column is fixed at construction). */
export class MfGpSurrogate implements Surrogate {
  readonly kind = MF_GP_KIND;

  constructor(
    private readonly fidelityIndex: number | undefined,
    private readonly options: MfGpFitOptions = {},
  ) {}

  fit(data: TrainingData, options: FitOptions): Promise<FittedGp> {
    return fitMfGp(data, this.fidelityIndex, options, this.options);
  }
}
