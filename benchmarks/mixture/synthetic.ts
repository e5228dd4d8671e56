/**
 * A synthetic continuous data-mixture problem with a known optimum: a RegMix-style mixing law
 * per model size,
 *   loss_ℓ(w) = c_ℓ + Σ_k b_k e^{σ_ℓ ζ_k} · exp(−t_k w_k),   w ∈ Δ^{K−1},
 * b_k ~ U(0.2, 1), t_k ~ U(2, 8), ζ_k ~ N(0,1) (fixed by the seed), σ = (0.5, 0.25, 0) for the
 * levels small/mid/target and c = (1.5, 0.8, 0) so the levels differ in scale and in optimum.
 * The target loss is convex on the simplex; its minimizer solves the KKT conditions
 * b_k t_k e^{−t_k w_k} = λ on the support: w_k(λ) = max(0, ln(b_k t_k/λ)/t_k), with λ found by
 * bisection so that Σ w_k(λ) = 1 (water filling). Costs: 0.05 / 0.2 / 1.
 */
import { createRng } from '../../core/rng.js';
import { dirichlet } from '../../core/simplex.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';

/** The synthetic problem: space, true loss per level, optimum. Minimize the target loss. */
export interface SyntheticMixture {
  readonly name: string;
  readonly K: number;
  readonly space: SpaceSpec;
  readonly costs: readonly number[];
  readonly target: number;
  /** True (noise-free) loss at level `level` for weights w. */
  loss(w: ArrayLike<number>, level: number): number;
  /** Minimizer of the target loss and its value. */
  readonly optimum: Float64Array;
  readonly bestLoss: number;
  /** Loss of the uniform mixture at the target level. */
  readonly uniformLoss: number;
  /** Median target regret of a uniformly random mixture (Dirichlet(1), 1000 draws): the scale for ε. */
  readonly randomRegret: number;
  /** Weights of a params object (component order). */
  weights(p: Params): Float64Array;
}

const SIGMA = [0.5, 0.25, 0];
const OFFSET = [1.5, 0.8, 0];
const LEVELS = ['small', 'mid', 'target'];

/** Build the synthetic problem for K components and a problem seed. */
export function syntheticMixture(K: number, seed = 0): SyntheticMixture {
  const rng = createRng(seed + 1000 * K);
  const b = Float64Array.from({ length: K }, () => 0.2 + 0.8 * rng.uniform());
  const t = Float64Array.from({ length: K }, () => 2 + 6 * rng.uniform());
  const zeta = Float64Array.from({ length: K }, () => rng.normal());
  const coef = SIGMA.map((s) => Float64Array.from(b, (bk, k) => bk * Math.exp(s * zeta[k])));
  const loss = (w: ArrayLike<number>, level: number): number => {
    let s = OFFSET[level];
    for (let k = 0; k < K; k++) s += coef[level][k] * Math.exp(-t[k] * w[k]);
    return s;
  };
  const at = (lambda: number) => Float64Array.from({ length: K }, (_, k) => Math.max(0, Math.log((b[k] * t[k]) / lambda) / t[k]));
  let lo = 1e-12;
  let hi = Math.max(...Array.from(b, (bk, k) => bk * t[k]));
  for (let it = 0; it < 200; it++) {
    const mid = Math.sqrt(lo * hi);
    if (at(mid).reduce((a, v) => a + v, 0) > 1) lo = mid;
    else hi = mid;
  }
  const optimum = at(Math.sqrt(lo * hi));
  const s = optimum.reduce((a, v) => a + v, 0);
  for (let k = 0; k < K; k++) optimum[k] /= s;
  const components = Array.from({ length: K }, (_, k) => `d${k}`);
  const bestLoss = loss(optimum, 2);
  const regrets = Array.from({ length: 1000 }, () => loss(dirichlet(new Float64Array(K).fill(1), rng), 2) - bestLoss).sort((x, y) => x - y);
  return {
    name: `synthetic-k${K}`,
    K,
    space: {
      mixture: { type: 'simplex', components },
      model: { type: 'fidelity', levels: LEVELS.map((value, k) => ({ value, cost: [0.05, 0.2, 1][k] })), target: 'target' },
    },
    costs: [0.05, 0.2, 1],
    target: 2,
    loss,
    optimum,
    bestLoss,
    uniformLoss: loss(new Float64Array(K).fill(1 / K), 2),
    randomRegret: (regrets[499] + regrets[500]) / 2,
    weights: (p) => Float64Array.from(components, (c) => (p.mixture as Record<string, number>)[c]),
  };
}

/** Level index of a params object of the synthetic space. */
export function syntheticLevel(p: Params): number {
  return LEVELS.indexOf(p.model as string);
}
