/**
 * Scale-adapted stochastic-gradient HMC (Chen, Fox & Guestrin 2014, eq. 15; the preconditioner of
 * Springenberg, Klein, Falkner & Hutter 2016, "Bayesian optimization with robust Bayesian neural
 * networks", §3). For U(θ) = −log p(θ | D) with a minibatch estimate ∇Ũ, per coordinate i:
 *   v_i ← v_i − ε²·m_i·∇Ũ_i − α·v_i + N(0, 2·α·ε²·m_i),   θ_i ← θ_i + v_i,
 * where α is the friction ("momentum decay") and m_i = 1/√V̂_i is a diagonal inverse mass from a
 * running average V̂_i of ∇Ũ_i² (the gradient-noise estimate B̂ is taken as 0, as both papers do).
 * V̂ adapts during burn-in only (an exponential average with time constant τ that shortens to the
 * observed gradients, Springenberg et al.'s adaptive window), then stays fixed so the kept states
 * come from one fixed sampler. Every `thin`-th state after burn-in is kept. Seeded.
 */
import type { Rng } from '../../core/rng.js';

/** ∇Ũ(θ) for the chain's state, written into grad (a minibatch estimate of the full-data gradient). */
export type StochasticGradient = (theta: Float64Array, grad: Float64Array) => void;

/** Sampler settings. */
export interface SghmcOptions {
  /** ε: the step is ε²·m_i in θ units per unit of scaled gradient. */
  readonly stepSize: number;
  /** α ∈ (0, 1): friction per step. */
  readonly friction: number;
  readonly burnIn: number;
  readonly samples: number;
  readonly thin: number;
  readonly rng: Rng;
  /** A previous run's V̂ (length D): burn-in then starts from it instead of from the first gradient. */
  readonly squaredGradient?: Float64Array;
  readonly signal?: AbortSignal;
  readonly deadline?: number;
}

/** Kept states (rows of samples×D), the final state and V̂ for a warm start. */
export interface SghmcResult {
  readonly kept: Float64Array[];
  readonly last: Float64Array;
  readonly squaredGradient: Float64Array;
  readonly steps: number;
  readonly stoppedEarly: boolean;
}

/** One SGHMC chain from theta0. */
export function runSghmc(gradU: StochasticGradient, theta0: Float64Array, o: SghmcOptions): SghmcResult {
  const D = theta0.length;
  const theta = theta0.slice();
  const v = new Float64Array(D);
  const g = new Float64Array(D);
  const vHat = o.squaredGradient ? o.squaredGradient.slice() : new Float64Array(D);
  const gBar = new Float64Array(D);
  const tau = new Float64Array(D).fill(1);
  const eps2 = o.stepSize * o.stepSize;
  const kept: Float64Array[] = [];
  const total = o.burnIn + o.samples * o.thin;
  let started = o.squaredGradient !== undefined;
  let step = 0;
  for (; step < total; step++) {
    if (o.signal?.aborted || (o.deadline !== undefined && step % 64 === 0 && Date.now() > o.deadline)) break;
    gradU(theta, g);
    const burning = step < o.burnIn;
    if (!started) {
      for (let i = 0; i < D; i++) {
        vHat[i] = g[i] * g[i];
        gBar[i] = g[i];
      }
      started = true;
    } else if (burning) {
      // Adaptive window: τ shrinks when the squared mean gradient is large relative to V̂.
      for (let i = 0; i < D; i++) {
        const r = 1 / (tau[i] + 1);
        gBar[i] += r * (g[i] - gBar[i]);
        vHat[i] += r * (g[i] * g[i] - vHat[i]);
        tau[i] = Math.max(1, tau[i] * (1 - (gBar[i] * gBar[i]) / Math.max(vHat[i], 1e-300)) + 1);
      }
    }
    for (let i = 0; i < D; i++) {
      if (!Number.isFinite(g[i])) continue;
      const m = 1 / Math.sqrt(vHat[i] + 1e-16);
      const noiseSd = Math.sqrt(2 * o.friction * eps2 * m);
      v[i] += -eps2 * m * g[i] - o.friction * v[i] + noiseSd * o.rng.normal();
      theta[i] += v[i];
    }
    if (!burning && (step - o.burnIn + 1) % o.thin === 0) kept.push(theta.slice());
  }
  return { kept, last: theta, squaredGradient: vHat, steps: step, stoppedEarly: step < total };
}
