import type { Matrix } from '../../core/matrix.js';
import { cholInverse, cholSolve, choleskyWithJitter } from '../../core/linalg/linalg.js';
import type { TrainingData } from '../types.js';
import type { Kernel } from './kernel.js';
import type { LogScalePrior } from './priors.js';

/**
 * The GP's full hyperparameter vector: v = [θ_kernel (p), ln σ² (noise), c (constant mean)].
 * Indices: kernel 0..p−1, noise p, mean p+1.
 */
export interface GpParameterLayout {
  readonly kernel: Kernel;
  readonly size: number;
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly noiseIndex: number;
  readonly meanIndex: number;
}

/** Bounds of the constant mean (flat prior) in standardized units. */
export const MEAN_BOUND = 10;

/** Layout for a kernel; a fixed noise pins lower = upper = ln σ² (the optimizer then leaves it). */
export function parameterLayout(kernel: Kernel, minNoise: number, maxNoise: number, fixedNoise?: number): GpParameterLayout {
  const p = kernel.size;
  const lower = new Float64Array(p + 2);
  const upper = new Float64Array(p + 2);
  lower.set(kernel.lower);
  upper.set(kernel.upper);
  lower[p] = Math.log(fixedNoise ?? minNoise);
  upper[p] = Math.log(fixedNoise ?? maxNoise);
  lower[p + 1] = -MEAN_BOUND;
  upper[p + 1] = MEAN_BOUND;
  return { kernel, size: p + 2, names: [...kernel.names, 'noise', 'mean'], lower, upper, noiseIndex: p, meanIndex: p + 1 };
}

/** A factorized GP at fixed hyperparameters: K_y + jitter·I = L Lᵀ, α = (K_y + jitter·I)⁻¹ (y − c). */
export interface GpFactor {
  /** Lower Cholesky factor (n×n) of K(X,X) + diag(σ² + yVar) + jitter·I. */
  readonly L: Matrix;
  readonly alpha: Float64Array;
  readonly jitter: number;
  /** log p(y | v) = −½ (y−c)ᵀα − Σ ln L_ii − (n/2) ln 2π. */
  readonly lml: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** K_y = K(X,X) + diag(σ² + yVar_i) for hyperparameters v. */
export function trainingCovariance(layout: GpParameterLayout, v: Float64Array, data: TrainingData): Matrix {
  const p = layout.kernel.size;
  const K = layout.kernel.matrix(v.subarray(0, p), data.X, data.X);
  const n = data.X.rows;
  const noise = Math.exp(v[layout.noiseIndex]);
  for (let i = 0; i < n; i++) K.data[i * n + i] += noise + (data.yVar ? data.yVar[i] : 0);
  return K;
}

/** Factorize K_y (jitter escalation from 1e-8 on failure, as GPyTorch's psd_safe_cholesky in float64). */
export function factorize(layout: GpParameterLayout, v: Float64Array, data: TrainingData): GpFactor {
  const Ky = trainingCovariance(layout, v, data);
  const { L, jitter } = choleskyWithJitter(Ky, { initialJitter: 1e-8, maxTries: 4 });
  const n = data.X.rows;
  const c = v[layout.meanIndex];
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = data.y[i] - c;
  const alpha = cholSolve(L, r);
  let quad = 0;
  let halfLogDet = 0;
  for (let i = 0; i < n; i++) {
    quad += r[i] * alpha[i];
    halfLogDet += Math.log(L.data[i * n + i]);
  }
  return { L, alpha, jitter, lml: -0.5 * quad - halfLogDet - n * HALF_LOG_2PI };
}

/** Noise prior for the layout: ln p(σ²) (no Jacobian, see priors.ts); zero for a fixed noise. */
export interface NoiseModel {
  readonly prior: LogScalePrior;
  readonly fixed: boolean;
}

/** ln p(v) of all hyperpriors (kernel + noise; the constant mean is flat); ADDS its gradient into grad. */
export function logPrior(layout: GpParameterLayout, noise: NoiseModel, v: Float64Array, grad?: Float64Array): number {
  const p = layout.kernel.size;
  let lp = layout.kernel.logPrior(v.subarray(0, p), grad?.subarray(0, p));
  if (!noise.fixed) {
    const np = noise.prior.logDensity(v[layout.noiseIndex]);
    lp += np.value;
    if (grad) grad[layout.noiseIndex] += np.grad;
  }
  return lp;
}

/** W = c·ααᵀ − K_y⁻¹ with its trace and Σα: the matrix every marginal-likelihood gradient contracts. */
export interface LikelihoodWeights {
  readonly W: Matrix;
  readonly trace: number;
  readonly sumAlpha: number;
}

/**
 * Builds W = c·ααᵀ − K_y⁻¹ in place over K_y⁻¹ (one cholInverse). c = 1 for the Gaussian marginal
 * likelihood; the Student-t process uses c = (2α + n)/(2β + q). Shared by the GP, Student-t and
 * deep-kernel gradients.
 */
export function likelihoodWeights(f: GpFactor, c = 1): LikelihoodWeights {
  const n = f.alpha.length;
  const W = cholInverse(f.L);
  const Wd = W.data;
  const a = f.alpha;
  let trace = 0;
  let sumAlpha = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i];
    sumAlpha += ai;
    const row = i * n;
    for (let j = 0; j < n; j++) Wd[row + j] = c * ai * a[j] - Wd[row + j];
    trace += Wd[row + i];
  }
  return { W, trace, sumAlpha };
}

/**
 * log p(y|v) and its analytic gradient (Rasmussen & Williams 2006, eq. 5.9):
 * ∂/∂v_k log p = ½ tr((ααᵀ − K_y⁻¹) ∂K_y/∂v_k) = ½ Σ_ij W_ij ∂K_ij/∂v_k with W = ααᵀ − K_y⁻¹.
 * Noise (v = ln σ²): ∂K_y/∂v = σ² I, so ½ σ² Σ_i W_ii. Mean c: ∂/∂c = 1ᵀα.
 * K_y⁻¹ is formed once per evaluation (cholInverse), then the kernel contracts W.
 * Writes the gradient into grad (overwritten, length layout.size) and returns the factor.
 */
export function logMarginalLikelihoodWithGradient(
  layout: GpParameterLayout,
  v: Float64Array,
  data: TrainingData,
  grad: Float64Array,
): GpFactor {
  const f = factorize(layout, v, data);
  const { W, trace: trW, sumAlpha } = likelihoodWeights(f);
  const p = layout.kernel.size;
  const gk = grad.subarray(0, p);
  layout.kernel.gramGradient(v.subarray(0, p), data.X, W, gk);
  for (let k = 0; k < p; k++) gk[k] *= 0.5;
  grad[layout.noiseIndex] = 0.5 * Math.exp(v[layout.noiseIndex]) * trW;
  grad[layout.meanIndex] = sumAlpha;
  return f;
}
