import { makeObjective } from './gp-fit.js';
import { parameterLayout, type NoiseModel } from './gp-likelihood.js';
import type { GpModelSpec } from './gp-options.js';
import type { FittedGp } from './fitted-gp.js';

/** A fitted GP's Laplace log evidence and its parts (nats). */
export interface LaplaceEvidence {
  /** ln p(y | hyperprior) ≈ ln p(y|θ*) + ln p(θ*) + ½ bᵀH⁻¹b + (k/2) ln 2π − ½ ln det H (b: the Jacobian's gradient). NaN when H is not positive definite. */
  readonly logEvidence: number;
  /** ln p(y|θ*) at the fit's hyperparameters. */
  readonly logMarginalLikelihood: number;
  /** ln p(θ*) of the log-parameters (the priors' density with the Jacobian of v = e^θ; the mean's flat prior as 0). */
  readonly logPriorDensity: number;
  /** Hyperparameters integrated over: those off their bounds (one at a bound, e.g. the noise floor, is held fixed). */
  readonly free: number;
}

/**
 * Laplace approximation of the evidence of a fitted GP under the hyperprior of `spec` (the spec it was fitted
 * with): a Gaussian around the MAP point θ* in the optimizer's coordinates (log scales, the mean as is), whose
 * precision H is the Hessian of −ln p(y, θ), by central differences of the analytic gradient (2k likelihood
 * evaluations). The priors of gp-likelihood.ts are densities of the natural values (the MAP convention); the
 * integral over θ needs ln p(e^θ) + θ, so the Jacobian is added here. Parameters at a bound of the box are not
 * integrated (held at the bound): there the posterior is not Gaussian in θ. The flat prior of the constant
 * mean is improper; it contributes its curvature but no density, so evidences of two specs compare only when
 * both have it, as every GP preset does.
 */
export function laplaceLogEvidence(spec: GpModelSpec, fitted: FittedGp, step = 1e-4): LaplaceEvidence {
  const layout = parameterLayout(spec.kernel, spec.minNoise, spec.maxNoise, spec.fixedNoise);
  if (layout.size !== fitted.params.length) throw new RangeError(`laplaceLogEvidence: spec has ${layout.size} parameters, the fit ${fitted.params.length}`);
  const noise: NoiseModel = { prior: spec.noisePrior, fixed: spec.fixedNoise !== undefined };
  const data = fitted.data;
  const n = data.y.length;
  const objective = makeObjective(layout, noise, data);
  const v = Float64Array.from(fitted.params);
  const g = new Float64Array(layout.size);
  const f = objective(v, g);
  const logJoint = -n * f;
  // Which parameters are integrated: not fixed, not within a step of a bound.
  const free: number[] = [];
  for (let i = 0; i < layout.size; i++) {
    if (i === layout.noiseIndex && noise.fixed) continue;
    if (v[i] - layout.lower[i] <= 2 * step || layout.upper[i] - v[i] <= 2 * step) continue;
    free.push(i);
  }
  // Jacobian of the log-parameters (every kernel parameter and the noise; not the mean).
  let jacobian = 0;
  for (let i = 0; i < layout.size; i++) if (i !== layout.meanIndex && !(i === layout.noiseIndex && noise.fixed)) jacobian += v[i];
  const k = free.length;
  const H = new Float64Array(k * k);
  const gPlus = new Float64Array(layout.size);
  const gMinus = new Float64Array(layout.size);
  for (let a = 0; a < k; a++) {
    const i = free[a];
    const vp = v.slice();
    const vm = v.slice();
    vp[i] += step;
    vm[i] -= step;
    objective(vp, gPlus);
    objective(vm, gMinus);
    for (let b = 0; b < k; b++) H[a * k + b] = (n * (gPlus[free[b]] - gMinus[free[b]])) / (2 * step);
  }
  // Symmetrize (central differences are not exactly symmetric), then ln det by Cholesky.
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) H[a * k + b] = H[b * k + a] = 0.5 * (H[a * k + b] + H[b * k + a]);
  // The integrand in θ carries the Jacobian, whose gradient (1 on each log-scale parameter) moves its mode off
  // the MAP point: integrating the expansion joint − ½δᵀHδ + bᵀδ exactly adds ½ bᵀH⁻¹b.
  const b = free.map((i) => (i === layout.meanIndex ? 0 : 1));
  const chol = choleskySolveQuadratic(H, k, b);
  const lml = fitted.factor.lml;
  const logPriorDensity = logJoint - lml + jacobian;
  return {
    logEvidence: logJoint + jacobian + 0.5 * chol.quadratic + 0.5 * k * Math.log(2 * Math.PI) - 0.5 * chol.logDet,
    logMarginalLikelihood: lml,
    logPriorDensity,
    free: k,
  };
}

/** ln det A and bᵀA⁻¹b of a symmetric positive definite k × k matrix (row-major) by Cholesky; NaN for both if A is not positive definite. */
function choleskySolveQuadratic(A: Float64Array, k: number, b: readonly number[]): { logDet: number; quadratic: number } {
  const L = new Float64Array(k * k);
  let logDet = 0;
  for (let j = 0; j < k; j++) {
    let s = A[j * k + j];
    for (let m = 0; m < j; m++) s -= L[j * k + m] * L[j * k + m];
    if (!(s > 0)) return { logDet: Number.NaN, quadratic: Number.NaN };
    const ljj = Math.sqrt(s);
    L[j * k + j] = ljj;
    logDet += 2 * Math.log(ljj);
    for (let i = j + 1; i < k; i++) {
      let t = A[i * k + j];
      for (let m = 0; m < j; m++) t -= L[i * k + m] * L[j * k + m];
      L[i * k + j] = t / ljj;
    }
  }
  // bᵀA⁻¹b = ‖L⁻¹b‖² by forward substitution.
  const z = new Float64Array(k);
  let quadratic = 0;
  for (let i = 0; i < k; i++) {
    let t = b[i];
    for (let m = 0; m < i; m++) t -= L[i * k + m] * z[m];
    z[i] = t / L[i * k + i];
    quadratic += z[i] * z[i];
  }
  return { logDet, quadratic };
}
