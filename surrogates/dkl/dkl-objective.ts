/**
 * The DKL training objective and its gradient:
 *   J(w, v) = log p(y | F = φ_w(X), v) + ln p(v) − ½λ‖w‖²,
 * v = [θ_kernel, ln σ², c] of an exact GP on the features (gp-likelihood.ts layout).
 * GP half, float64 (R&W 2006 eq. 5.9): W = ααᵀ − K_y⁻¹, ∂J/∂v_k = ½ Σ_ij W_ij ∂K_ij/∂v_k.
 * Feature gradient G = ∂ log p/∂F (n×k): K_ij = k(F_i, F_j) depends on F_i through both K_ij and
 * K_ji, so with W symmetric G_i = Σ_j W_ij ∂₁k(F_i, F_j) (the j = i term vanishes for a
 * stationary kernel). Network half: ∂J/∂w = VJP(G) − λw. The kernel is ScaleKernel(stationary ARD);
 * kernelGradients fuses its hyperparameter gradient and G in one pass over the pairs.
 */
import type { Matrix } from '../../core/matrix.js';
import { solveLowerMatrix } from '../../core/linalg/linalg.js';
import { factorize, likelihoodWeights, logPrior, parameterLayout, type GpFactor, type GpParameterLayout, type NoiseModel } from '../gp/gp-likelihood.js';
import { GpOptions, resolveModelSpec, type GpModelSpec } from '../gp/gp-options.js';
import { radialProfile, type RadialProfile } from '../gp/kernels/radial-profiles.js';
import type { TrainingData } from '../types.js';
import type { DklOptions } from './dkl-options.js';
import { forwardBatch, type ForwardCache, type NetworkLayout, type NetworkShape } from './feature-network.js';

/** Everything fixed during a fit: the network shape and the GP layout on its features. */
export interface DklModel {
  readonly shape: NetworkShape;
  readonly net: NetworkLayout;
  readonly gp: GpParameterLayout;
  readonly noise: NoiseModel;
  readonly weightDecay: number;
  /** Radial profile of the base kernel (the fused gradient pass needs it). */
  readonly profile: RadialProfile;
  /** The GP family on the features (kernel, noise prior and bounds) and its options, for the hyperparameter initialization. */
  readonly spec: GpModelSpec;
  readonly gpOptions: GpOptions;
}

/** The vector-Jacobian product w ↦ ∂/∂w Σ F⊙G at a cached forward pass (tfjs or float64 JS). */
export type Pullback = (w: Float64Array, cache: ForwardCache, G: Matrix) => Float64Array;

/** Builds the model: the paper's priors (BoTorch-legacy preset) with an outputscale, on k features. */
export function dklModel(shape: NetworkShape, net: NetworkLayout, options: DklOptions): DklModel {
  const gpOptions = GpOptions.parse({ preset: 'botorch-legacy', kernel: options.kernel, outputscale: true, minNoise: options.minNoise, restarts: 0, maxIterations: 60 });
  const spec = resolveModelSpec(gpOptions, net.featureDim);
  return {
    shape,
    net,
    gp: parameterLayout(spec.kernel, spec.minNoise, spec.maxNoise),
    noise: { prior: spec.noisePrior, fixed: false },
    weightDecay: options.weightDecay,
    profile: radialProfile(options.kernel),
    spec,
    gpOptions,
  };
}

/** Objective value, its parts, and gradients in w and v. */
export interface DklEvaluation {
  readonly value: number;
  readonly lml: number;
  readonly gradW: Float64Array;
  readonly gradV: Float64Array;
  /** The features and the GP factor at (w, v), for held-out scoring. */
  readonly F: Matrix;
  readonly factor: GpFactor;
}

function featureData(F: Matrix, data: TrainingData): TrainingData {
  return { X: F, y: data.y, ...(data.yVar ? { yVar: data.yVar } : {}) };
}

function weightPenalty(model: DklModel, w: Float64Array): number {
  if (model.weightDecay === 0) return 0;
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * w[i];
  return -0.5 * model.weightDecay * s;
}

/** J(w, v) only (float64 throughout); NaN when the covariance cannot be factorized. */
export function objectiveValue(model: DklModel, w: Float64Array, v: Float64Array, data: TrainingData): number {
  const cache = forwardBatch(model.shape, model.net, w, data.X);
  try {
    const f = factorize(model.gp, v, featureData(cache.F, data));
    return f.lml + logPrior(model.gp, model.noise, v) + weightPenalty(model, w);
  } catch {
    return NaN;
  }
}

/** J(w, v) with ∂J/∂w (through `pull`) and ∂J/∂v; null when the covariance cannot be factorized. */
export function evaluateObjective(model: DklModel, w: Float64Array, v: Float64Array, data: TrainingData, pull: Pullback): DklEvaluation | null {
  const cache = forwardBatch(model.shape, model.net, w, data.X);
  const F = cache.F;
  const n = F.rows;
  const k = F.cols;
  const layout = model.gp;
  let f;
  try {
    f = factorize(layout, v, featureData(F, data));
  } catch {
    return null;
  }
  if (!Number.isFinite(f.lml)) return null;
  // W = ααᵀ − K_y⁻¹ (symmetric), built in place over K_y⁻¹.
  const { W, trace: trW, sumAlpha } = likelihoodWeights(f);
  const gradV = new Float64Array(layout.size);
  const G = kernelGradients(model.profile, v, F, W, gradV);
  gradV[layout.noiseIndex] = 0.5 * Math.exp(v[layout.noiseIndex]) * trW;
  gradV[layout.meanIndex] = sumAlpha;
  const prior = logPrior(layout, model.noise, v, gradV);
  const gradW = pull(w, cache, G);
  if (model.weightDecay > 0) for (let t = 0; t < w.length; t++) gradW[t] -= model.weightDecay * w[t];
  return { value: f.lml + prior + weightPenalty(model, w), lml: f.lml, gradW, gradV, F, factor: f };
}

/**
 * One pass over the pairs i < j of ScaleKernel(stationary ARD) on F (θ = [ln ℓ_1..ℓ_k, ln s]),
 * with Δ = F_i − F_j, r² = Σ_c Δ_c²/ℓ_c², K_ij = s·f(r²), W symmetric:
 *   ∂J/∂ln ℓ_c = Σ_{i<j} W_ij s f'(r²)(−2Δ_c²/ℓ_c²);  ∂J/∂ln s = Σ_{i<j} W_ij K_ij + ½ Σ_i W_ii s;
 *   G_i += W_ij s f'(r²)·2Δ/ℓ², G_j −= the same  (G = ∂ log p/∂F, n×k).
 * Writes the kernel part of gradV (entries 0..k) and returns G. Same numbers as the Kernel
 * interface's gramGradient/crossGradient, without the n per-row allocations.
 */
function kernelGradients(profile: RadialProfile, v: Float64Array, F: Matrix, W: Matrix, gradV: Float64Array): Matrix {
  const n = F.rows;
  const k = F.cols;
  const Fd = F.data;
  const Wd = W.data;
  const inv2 = new Float64Array(k);
  for (let c = 0; c < k; c++) inv2[c] = Math.exp(-2 * v[c]);
  const s = Math.exp(v[k]);
  const G = new Float64Array(n * k);
  const gl = new Float64Array(k);
  const diff = new Float64Array(k);
  let gs = 0;
  for (let i = 0; i < n; i++) {
    gs += 0.5 * Wd[i * n + i];
    const fi = i * k;
    for (let j = i + 1; j < n; j++) {
      const fj = j * k;
      let r2 = 0;
      for (let c = 0; c < k; c++) {
        const t = Fd[fi + c] - Fd[fj + c];
        diff[c] = t;
        r2 += t * t * inv2[c];
      }
      const wij = Wd[i * n + j];
      const vs = profile.valueAndSlope(r2);
      gs += wij * vs.value;
      const a = wij * vs.slope;
      for (let c = 0; c < k; c++) {
        const t = diff[c] * inv2[c];
        gl[c] -= 2 * a * diff[c] * t;
        const gc = 2 * a * t;
        G[fi + c] += gc;
        G[fj + c] -= gc;
      }
    }
  }
  for (let c = 0; c < k; c++) gradV[c] = s * gl[c];
  gradV[k] = s * gs;
  for (let t = 0; t < G.length; t++) G[t] *= s;
  return { rows: n, cols: k, data: G };
}

/**
 * Mean log predictive density of held-out rows (Xv, yv) under the GP at (w, v) on the training
 * features: μ = c + K(F, Fv)ᵀα, s² = k(x,x) − ‖L⁻¹K(F, Fv)‖² + σ²; mean of log N(yv | μ, s²).
 */
export function heldOutLogDensity(model: DklModel, w: Float64Array, v: Float64Array, e: DklEvaluation, Xv: Matrix, yv: Float64Array): number {
  const Fv = forwardBatch(model.shape, model.net, w, Xv).F;
  const p = model.gp.kernel.size;
  const theta = v.subarray(0, p);
  const Ks = model.gp.kernel.matrix(theta, e.F, Fv); // n×m
  const V = solveLowerMatrix(e.factor.L, Ks);
  const kss = model.gp.kernel.diag(theta, Fv);
  const noise = Math.exp(v[model.gp.noiseIndex]);
  const c = v[model.gp.meanIndex];
  const n = e.F.rows;
  const m = Fv.rows;
  let total = 0;
  for (let j = 0; j < m; j++) {
    let mu = c;
    let q = 0;
    for (let i = 0; i < n; i++) {
      mu += Ks.data[i * m + j] * e.factor.alpha[i];
      q += V.data[i * m + j] * V.data[i * m + j];
    }
    const s2 = Math.max(kss[j] - q, 1e-12) + noise;
    total += -0.5 * Math.log(2 * Math.PI * s2) - (0.5 * (yv[j] - mu) ** 2) / s2;
  }
  return total / m;
}
