/**
 * Smooth log hypervolume improvement over a box decomposition (Ament et al. 2023, §4 and App. B,
 * BoTorch qLogNEHVI): HVI(y) = Σ_b Π_k [min(y_k, u_bk) − l_bk]_+ becomes
 *   log HVI(y) ≈ logsumexp_b Σ_k log fatplus_τ0( fatmin_τmax(y_k, u_bk) − l_bk ),
 * with fatplus the fat-tailed softplus (smooth.ts logFatplus) and fatmin(a, b) = −fatmax(−a, −b);
 * for u_bk = +∞ the min is y_k itself. Never −∞, so the optimizer has a gradient far from any
 * improvement.
 */
import type { BoxDecomposition } from '../../core/pareto/box-decomposition.js';
import { fatmaxWithGradient, logFatplusWithDerivative, TAU_MAX, TAU_RELU } from '../smooth.js';

/** Temperatures of the smoothing (BoTorch defaults). */
export interface LogHviTemperatures {
  readonly tauRelu?: number;
  readonly tauMax?: number;
}

/**
 * A log-HVI function for one decomposition: value at y (the first m entries of y) and, when grad
 * is given, ∂/∂y_k added into grad[k] (not zeroed). Buffers are reused: not reentrant.
 */
export function logHviOf(boxes: BoxDecomposition, temps: LogHviTemperatures = {}): (y: ArrayLike<number>, grad?: Float64Array) => number {
  const tau0 = temps.tauRelu ?? TAU_RELU;
  const tauMax = temps.tauMax ?? TAU_MAX;
  const { m, count, lower, upper } = boxes;
  const terms = new Float64Array(count);
  const dTerm = new Float64Array(count * m); // ∂ terms_b / ∂y_k
  const pair = new Float64Array(2);
  const pairGrad = new Float64Array(2);
  const dEll = new Float64Array(1);
  return (y, grad) => {
    let best = -Infinity;
    for (let b = 0; b < count; b++) {
      let t = 0;
      for (let k = 0; k < m; k++) {
        const u = upper[b * m + k];
        let v = y[k];
        let dv = 1;
        if (u !== Infinity) {
          pair[0] = -y[k];
          pair[1] = -u;
          v = -fatmaxWithGradient(pair, pairGrad, tauMax);
          dv = pairGrad[0];
        }
        t += logFatplusWithDerivative(v - lower[b * m + k], tau0, dEll);
        dTerm[b * m + k] = dEll[0] * dv;
      }
      terms[b] = t;
      if (t > best) best = t;
    }
    let sum = 0;
    for (let b = 0; b < count; b++) sum += Math.exp(terms[b] - best);
    const value = best + Math.log(sum);
    if (grad) {
      for (let b = 0; b < count; b++) {
        const w = Math.exp(terms[b] - value);
        for (let k = 0; k < m; k++) grad[k] += w * dTerm[b * m + k];
      }
    }
    return value;
  };
}
