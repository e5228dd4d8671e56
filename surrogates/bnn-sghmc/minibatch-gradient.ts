/**
 * The HMC-BNN's log posterior (hmc-bnn/log-posterior-f64.ts: same priors, same Gaussian likelihood,
 * same sampled or fixed noise) as a minibatch estimate of ∇U = −∇log p for SGHMC:
 *   ∇Ũ = −[(n/b)·(∇log p_b − ∇log prior) + ∇log prior],
 * where log p_b is the log posterior on a minibatch of b rows (its likelihood, including the
 * −(b/2)·s noise term, scaled to n rows) and log prior its θ-only part. Minibatches walk through a
 * fresh seeded permutation each epoch; with b ≥ n the gradient is exact.
 */
import type { Rng } from '../../core/rng.js';
import { F64LogPosterior } from '../hmc-bnn/log-posterior-f64.js';
import type { LogPosteriorSpec } from '../hmc-bnn/log-posterior.js';
import type { StochasticGradient } from './sghmc.js';

/** ∂ log prior/∂θ (weights, biases, and s = log σ² when sampled), added into out. */
export function addPriorGradient(spec: LogPosteriorSpec, theta: Float64Array, out: Float64Array, sign: number): void {
  spec.slots.forEach((s, l) => {
    const p = spec.priors[l];
    for (let k = 0; k < s.fanIn * s.fanOut; k++) out[s.wOffset + k] -= (sign * theta[s.wOffset + k]) / p.weightVar;
    for (let k = 0; k < s.fanOut; k++) out[s.bOffset + k] -= (sign * theta[s.bOffset + k]) / p.biasVar;
  });
  if (spec.noise.kind === 'sampled') {
    const sd = spec.noise.priorSd ?? 1;
    out[spec.paramCount] -= (sign * (theta[spec.paramCount] - (spec.noise.priorMean ?? -3))) / (sd * sd);
  }
}

/** ∇Ũ over minibatches of b rows of (X: n×d scaled inputs, y). */
export function minibatchGradient(spec: LogPosteriorSpec, X: Float64Array, y: Float64Array, batchSize: number, rng: Rng): StochasticGradient {
  const n = y.length;
  const d = spec.shape.inputDim;
  if (batchSize >= n) {
    const full = new F64LogPosterior(spec, X, y);
    return (theta, grad) => {
      full.logDensity(theta, 1, grad);
      for (let i = 0; i < grad.length; i++) grad[i] = -grad[i];
    };
  }
  const b = batchSize;
  const order = Array.from({ length: n }, (_, i) => i);
  let next = n;
  const Xb = new Float64Array(b * d);
  const yb = new Float64Array(b);
  const scale = n / b;
  return (theta, grad) => {
    for (let r = 0; r < b; r++) {
      if (next >= n) {
        // Fisher–Yates with the fit's rng: a new epoch.
        for (let i = n - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        next = 0;
      }
      const i = order[next++];
      Xb.set(X.subarray(i * d, (i + 1) * d), r * d);
      yb[r] = y[i];
    }
    new F64LogPosterior(spec, Xb, yb).logDensity(theta, 1, grad);
    // grad = ∇log p_b; remove the prior, scale the likelihood to n rows, add the prior back, negate.
    addPriorGradient(spec, theta, grad, -1);
    for (let i = 0; i < grad.length; i++) grad[i] *= scale;
    addPriorGradient(spec, theta, grad, 1);
    for (let i = 0; i < grad.length; i++) grad[i] = -grad[i];
  };
}
