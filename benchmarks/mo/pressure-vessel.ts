/**
 * Pressure vessel design (Sandgren 1990; the formulation of Kannan & Kramer 1994 that the
 * constrained-optimization literature uses): a cylinder of length L capped by two hemispheres of
 * inner radius R, shell thickness Ts, head thickness Th (inches). Minimize material, forming and
 * welding cost
 *   f = 0.6224 Ts R L + 1.7781 Th R² + 3.1661 Ts² L + 19.84 Ts² R
 * subject to (c ≤ 0 feasible)
 *   c0 = 0.0193 R − Ts            (shell thickness for the pressure, ASME code)
 *   c1 = 0.00954 R − Th           (head thickness)
 *   c2 = 1 296 000 − π R² L − (4/3) π R³   (volume of at least 1 296 000 in³)
 *   c3 = L − 240                  (length; never active under L ≤ 200)
 * on Ts, Th ∈ [0.0625, 6.1875] (1 to 99 plates of 1/16 in), R, L ∈ [10, 200].
 *
 * Ts and Th are CONTINUOUS here (the original restricts them to multiples of 0.0625): the
 * service's search space is continuous and so is the problem's optimum, with c0, c1, c2 active
 * and L at its bound 200: cost 5885.33 at (0.7781686, 0.3846492, 40.3196187, 200), the continuous
 * value quoted in the literature (recomputed here in closed form by `continuousOptimum`, and by a
 * brute-force scan in test/benchmarks/pressure-vessel.test.ts). The
 * discrete version's optimum, proved global by Yang, Huyck, Karamanoglu & Khan (2013,
 * arXiv:1403.7793), is 6059.714335 at (0.8125, 0.4375, 42.0984456, 176.6365958); it is larger,
 * as the continuous relaxation must be at most it.
 */
import type { MoProblem } from './types.js';

/** The minimum volume, in³. */
const VOLUME = 1_296_000;

/** Cost of the vessel at x = (Ts, Th, R, L). */
export function pressureVesselCost(x: ArrayLike<number>): number {
  const [ts, th, r, l] = [x[0], x[1], x[2], x[3]];
  return 0.6224 * ts * r * l + 1.7781 * th * r * r + 3.1661 * ts * ts * l + 19.84 * ts * ts * r;
}

/** The four constraints at x (feasible where every one is ≤ 0). */
export function pressureVesselConstraints(x: ArrayLike<number>): number[] {
  const [ts, th, r, l] = [x[0], x[1], x[2], x[3]];
  return [0.0193 * r - ts, 0.00954 * r - th, VOLUME - Math.PI * r * r * l - (4 / 3) * Math.PI * r ** 3, l - 240];
}

/**
 * The continuous optimum in closed form: the cost grows with Ts and Th, so c0 and c1 are active
 * (Ts = 0.0193 R, Th = 0.00954 R); it grows with L, so c2 is active, L = (V − 4/3 π R³)/(π R²),
 * until L reaches its bound 200 — there R solves π R² 200 + 4/3 π R³ = V (bisection; the left side
 * increases in R). Returns x and the cost.
 */
export function continuousOptimum(): { x: number[]; cost: number } {
  const volume = (r: number): number => Math.PI * r * r * 200 + (4 / 3) * Math.PI * r ** 3;
  let lo = 10;
  let hi = 200;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (volume(mid) < VOLUME) lo = mid;
    else hi = mid;
  }
  const r = hi;
  const x = [0.0193 * r, 0.00954 * r, r, 200];
  return { x, cost: pressureVesselCost(x) };
}

/** The most the cost reaches on the box (every variable at its upper bound; the cost is monotone), about 7.7e5. */
const MAX_COST = pressureVesselCost([6.1875, 6.1875, 200, 200]);

/** The "hypervolume" reference: the cost's maximum rounded up to 1e5 (8e5). */
const REF = Math.ceil(MAX_COST / 1e5) * 1e5;

/**
 * The benchmark problem: one objective with four outcome constraints. Its "hypervolume" is
 * ref − best feasible cost, ref = 8e5 above the cost anywhere on the box, so the log hypervolume
 * regret is log10(best feasible − 5885.33).
 */
export const pressureVessel: MoProblem = {
  name: 'pressure-vessel',
  dim: 4,
  lower: [0.0625, 0.0625, 10, 10],
  upper: [6.1875, 6.1875, 200, 200],
  objectives: 1,
  constraints: 4,
  ref: [REF],
  maxHv: { value: REF - continuousOptimum().cost, source: 'closed form: ref − continuous optimum 5885.33 (c0, c1, c2 active, L = 200)' },
  f: (x) => [pressureVesselCost(x)],
  c: pressureVesselConstraints,
};
