/**
 * Welded beam design (Ragsdell & Phillips 1976), in the single-objective form of Coello (2000) and
 * Cagnina, Esquivel & Coello (2008) that BoTorch's WeldedBeamSO uses: a beam of width t and
 * thickness b welded onto a support with a weld of thickness h and length l (inches), carrying
 * P = 6000 lb at L = 14 in. Minimize the fabrication cost
 *   f = 1.10471 h² l + 0.04811 t b (14 + l)
 * subject to (c ≤ 0 feasible)
 *   c0 = τ/τ_max − 1        shear stress in the weld, τ_max = 13 600 psi
 *   c1 = σ/σ_max − 1        bending stress in the beam, σ = 6PL/(b t²), σ_max = 30 000 psi
 *   c2 = h − b              the weld is no thicker than the beam
 *   c3 = 0.10471 h² + 0.04811 t b (14 + l) − 5
 *   c4 = δ/δ_max − 1        end deflection δ = 4PL³/(E t³ b), δ_max = 0.25 in
 *   c5 = 1 − P_c/P          buckling load P_c = 4.013 E √(t² b⁶/36)/L² · (1 − t/(2L)·√(E/(4G)))
 * with τ = √(τ'² + 2τ'τ'' l/(2R) + τ''²), τ' = P/(√2 h l), τ'' = M R/J, M = P (L + l/2),
 * R = √(l²/4 + ((h + t)/2)²), J = 2 √2 h l (l²/12 + ((h + t)/2)²), E = 30e6, G = 12e6 psi,
 * on h ∈ [0.125, 10], l, t, b ∈ [0.1, 10] (BoTorch's bounds; the literature's g5 = 0.125 − h ≤ 0 is
 * the lower bound of h). The stress, deflection and buckling constraints are written as ratios to
 * their limits (the same feasible set as the raw differences, on a scale the models can learn).
 *
 * Published optimum: f* = 1.724852 at (h, l, t, b) ≈ (0.205730, 3.470489, 9.036624, 0.205730)
 * (Coello & Montes 2002), to more digits f* = 1.7248523726 at (0.205729631527588, 3.47048892954990,
 * 9.03662399165770, 0.205729643343445) (Cagnina et al. 2008), with c0, c1, c2 and c5 active;
 * test/benchmarks/welded-beam.test.ts checks it and a random scan around it.
 */
import type { MoProblem } from './types.js';

const P = 6000;
const L = 14;
const E = 30e6;
const G = 12e6;
const TAU_MAX = 13600;
const SIGMA_MAX = 30000;
const DELTA_MAX = 0.25;

/** Fabrication cost at x = (h, l, t, b). */
export function weldedBeamCost(x: ArrayLike<number>): number {
  const [h, l, t, b] = [x[0], x[1], x[2], x[3]];
  return 1.10471 * h * h * l + 0.04811 * t * b * (14 + l);
}

/** The six constraints at x (feasible where every one is ≤ 0); see the file comment. */
export function weldedBeamConstraints(x: ArrayLike<number>): number[] {
  const [h, l, t, b] = [x[0], x[1], x[2], x[3]];
  const tau1 = P / (Math.SQRT2 * h * l);
  const M = P * (L + l / 2);
  const R = Math.sqrt((l * l) / 4 + ((h + t) / 2) ** 2);
  const J = 2 * Math.SQRT2 * h * l * ((l * l) / 12 + ((h + t) / 2) ** 2);
  const tau2 = (M * R) / J;
  const tau = Math.sqrt(tau1 * tau1 + (2 * tau1 * tau2 * l) / (2 * R) + tau2 * tau2);
  const sigma = (6 * P * L) / (b * t * t);
  const delta = (4 * P * L ** 3) / (E * t ** 3 * b);
  const pc = ((4.013 * E * Math.sqrt((t * t * b ** 6) / 36)) / (L * L)) * (1 - (t / (2 * L)) * Math.sqrt(E / (4 * G)));
  return [tau / TAU_MAX - 1, sigma / SIGMA_MAX - 1, h - b, 0.10471 * h * h + 0.04811 * t * b * (14 + l) - 5, delta / DELTA_MAX - 1, 1 - pc / P];
}

/** The published optimum (Cagnina et al. 2008's digits) and its cost. */
export const WELDED_BEAM_OPTIMUM = { x: [0.205729631527588, 3.4704889295499, 9.0366239916577, 0.205729643343445], cost: 1.7248523725928164 } as const;

/** The "hypervolume" reference: above the cost anywhere on the box (its maximum, at the upper corner, is 1220.2). */
const REF = 1300;

/**
 * The benchmark problem: one objective with six outcome constraints; its "hypervolume" is
 * REF − best feasible cost, so the log hypervolume regret is log10(best feasible − 1.7248524).
 */
export const weldedBeam: MoProblem = {
  name: 'welded-beam',
  dim: 4,
  lower: [0.125, 0.1, 0.1, 0.1],
  upper: [10, 10, 10, 10],
  objectives: 1,
  constraints: 6,
  ref: [REF],
  maxHv: { value: REF - WELDED_BEAM_OPTIMUM.cost, source: 'published: ref − 1.7248524 (Coello & Montes 2002; Cagnina et al. 2008)' },
  f: (x) => [weldedBeamCost(x)],
  c: weldedBeamConstraints,
};
