/**
 * Log marginal likelihood of the Student-t process (scale mixture of GPs with σ_v² ~ InvGamma(α, β);
 * seed-specs.md §6) and its gradient. With K̃_y = K̃ + σ_n²I (unit scale), r = y − c,
 * a = K̃_y⁻¹r, q = rᵀa, ν = 2α + n:
 *   log p(y) = lnΓ(α + n/2) − lnΓ(α) − (n/2)·ln(2πβ) − ½ln|K̃_y| − (α + n/2)·ln(1 + q/(2β))
 *   ∂/∂θ_k = ½ tr((c_s·aaᵀ − K̃_y⁻¹) ∂K̃_y/∂θ_k), c_s = ν/(2β + q)
 *   ∂/∂c = c_s·Σa,  ∂/∂ln α = α[ψ(α + n/2) − ψ(α) − ln(1 + q/(2β))],  ∂/∂ln β = −n/2 + (α + n/2)·q/(2β + q)
 * v = [θ_kernel (p), ln σ_n², c, ln α, ln β]: the GP layout's vector plus two entries.
 */
import { factorize, likelihoodWeights, type GpFactor, type GpParameterLayout } from '../gp/gp-likelihood.js';
import { logGamma } from '../gp/priors.js';
import type { TrainingData } from '../types.js';
import { digamma } from './special.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface StpEvaluation {
  readonly lml: number;
  readonly factor: GpFactor;
  /** q = rᵀK̃_y⁻¹r. */
  readonly quad: number;
}

/** log p(y | v) and (when grad is given) its gradient in v (length layout.size + 2). */
export function stpLogMarginal(layout: GpParameterLayout, v: Float64Array, data: TrainingData, grad?: Float64Array): StpEvaluation {
  const p = layout.kernel.size;
  const gpPart = v.subarray(0, layout.size);
  const alpha = Math.exp(v[layout.size]);
  const beta = Math.exp(v[layout.size + 1]);
  const factor = factorize(layout, gpPart, data);
  const n = data.X.rows;
  const a = factor.alpha;
  let q = 0;
  let sumA = 0;
  const c = v[layout.meanIndex];
  for (let i = 0; i < n; i++) {
    q += (data.y[i] - c) * a[i];
    sumA += a[i];
  }
  // factor.lml = −½q − ½ln|K̃_y| − (n/2)ln 2π, so ½ln|K̃_y| follows without another pass over L.
  const halfLogDet = -factor.lml - 0.5 * q - n * HALF_LOG_2PI;
  const lml = logGamma(alpha + n / 2) - logGamma(alpha) - (n / 2) * Math.log(2 * Math.PI * beta) - halfLogDet - (alpha + n / 2) * Math.log1p(q / (2 * beta));
  if (grad) {
    const cs = (2 * alpha + n) / (2 * beta + q);
    const { W, trace: trW } = likelihoodWeights(factor, cs);
    const gk = grad.subarray(0, p);
    layout.kernel.gramGradient(v.subarray(0, p), data.X, W, gk);
    for (let k = 0; k < p; k++) gk[k] *= 0.5;
    grad[layout.noiseIndex] = 0.5 * Math.exp(v[layout.noiseIndex]) * trW;
    grad[layout.meanIndex] = cs * sumA;
    grad[layout.size] = alpha * (digamma(alpha + n / 2) - digamma(alpha) - Math.log1p(q / (2 * beta)));
    grad[layout.size + 1] = -n / 2 + ((alpha + n / 2) * q) / (2 * beta + q);
  }
  return { lml, factor, quad: q };
}
