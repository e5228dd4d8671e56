/**
 * The multi-objective problems of issue 24, as BoTorch defines them
 * (botorch/test_functions/multi_objective.py): BraninCurrin, DTLZ2, ZDT1/ZDT2, VehicleSafety,
 * and the constrained C2-DTLZ2 and constrained Branin (Gardner et al. 2014, a single objective
 * with a disk constraint), and the pressure vessel design (mo/pressure-vessel.ts). Max hypervolumes: closed forms where the front is known
 * analytically, else BoTorch's published values or dense sampling of the optimal set (tests
 * check them against each other, mo/dense-front.ts).
 */
import { branin } from '../problems/branin.js';
import { denseMaxHv } from './dense-front.js';
import { pressureVessel } from './pressure-vessel.js';
import { weldedBeam } from './welded-beam.js';
import { unitBox, type MoProblem } from './types.js';

/** Currin (1991) exponential function on [0,1]^2 (BoTorch's BraninCurrin second objective). */
function currin(x0: number, x1: number): number {
  const factor = 1 - Math.exp(-1 / (2 * x1));
  return (factor * (2300 * x0 ** 3 + 1900 * x0 ** 2 + 2092 * x0 + 60)) / (100 * x0 ** 3 + 500 * x0 ** 2 + 4 * x0 + 20);
}

/** BraninCurrin (Belakaria et al. 2019; BoTorch): [Branin(15x0 − 5, 15x1), Currin(x)], ref (18, 6). */
export const braninCurrin: MoProblem = {
  name: 'branin-currin',
  dim: 2,
  ...unitBox(2),
  objectives: 2,
  constraints: 0,
  ref: [18, 6],
  // test/benchmarks/mo-problems.test.ts checks it against a dense grid (1001² points: within 0.5% below).
  maxHv: { value: 59.36011874867746, source: 'published: BoTorch BraninCurrin._max_hv' },
  f: (x) => [branin.f([15 * x[0] - 5, 15 * x[1]]), currin(x[0], Math.max(x[1], 1e-12))],
};

/**
 * DTLZ2 (Deb et al. 2002): g = Σ_{i≥m−1} (x_i − 0.5)², f_k = (1 + g) Π_{j<m−1−k} cos(x_j π/2) ·
 * (k > 0 ? sin(x_{m−1−k} π/2) : 1). The front is the unit sphere's positive orthant, so with
 * ref = 1.1^m the max hypervolume is 1.1^m − V_m/2^m, V_m the unit ball's volume (π for m=2, 4π/3 for m=3,
 * π²/2 for m=4).
 */
export function dtlz2(dim: number, m: number): MoProblem {
  const ball = m === 2 ? Math.PI : m === 3 ? (4 * Math.PI) / 3 : m === 4 ? Math.PI ** 2 / 2 : NaN;
  return {
    name: `dtlz2-d${dim}-m${m}`,
    dim,
    ...unitBox(dim),
    objectives: m,
    constraints: 0,
    ref: new Array<number>(m).fill(1.1),
    maxHv: { value: 1.1 ** m - ball / 2 ** m, source: 'closed form: 1.1^m − (unit-ball volume)/2^m' },
    f: (x) => dtlz2Values(x, m),
    optimalSet: dtlz2OptimalSet(dim, m),
  };
}

/** DTLZ2's Pareto-optimal set: position variables free, distance variables at 0.5 (g = 0). */
function dtlz2OptimalSet(dim: number, m: number): MoProblem['optimalSet'] {
  return { dim: m - 1, map: (u) => Array.from({ length: dim }, (_, i) => (i < m - 1 ? u[i] : 0.5)) };
}

function dtlz2Values(x: ArrayLike<number>, m: number): number[] {
  let g = 0;
  for (let i = m - 1; i < x.length; i++) g += (x[i] - 0.5) ** 2;
  const out: number[] = [];
  for (let k = 0; k < m; k++) {
    let v = 1 + g;
    for (let j = 0; j < m - 1 - k; j++) v *= Math.cos((x[j] * Math.PI) / 2);
    if (k > 0) v *= Math.sin((x[m - 1 - k] * Math.PI) / 2);
    out.push(v);
  }
  return out;
}

/**
 * ZDT1 / ZDT2 (Zitzler et al. 2000): f1 = x0, g = 1 + 9/(d−1) Σ_{i≥1} x_i, f2 = g (1 − √(f1/g))
 * (ZDT1) or g (1 − (f1/g)²) (ZDT2); front g = 1. With ref (11, 11):
 * HV = 11·11 − ∫_0^1 f2*(f1) df1 − 0 = 121 − 1/3 (ZDT1, ∫(1 − √t) = 1/3) or 121 − 2/3 (ZDT2).
 */
export function zdt(kind: 1 | 2, dim: number): MoProblem {
  return {
    name: `zdt${kind}-d${dim}`,
    dim,
    ...unitBox(dim),
    objectives: 2,
    constraints: 0,
    ref: [11, 11],
    maxHv: { value: 121 - (kind === 1 ? 1 / 3 : 2 / 3), source: 'closed form: 121 − ∫ front' },
    f: (x) => {
      let s = 0;
      for (let i = 1; i < dim; i++) s += x[i];
      const g = 1 + (9 * s) / (dim - 1);
      const r = x[0] / g;
      return [x[0], g * (1 - (kind === 1 ? Math.sqrt(r) : r * r))];
    },
  };
}

/** VehicleSafety (Tanabe & Ishibuchi 2020's RE3-5-4, as BoTorch): x in [1,3]^5, 3 objectives, ref (1864.72022, 11.81993945, 0.2903999384). */
export const vehicleSafety: MoProblem = {
  name: 'vehicle-safety',
  dim: 5,
  lower: new Array<number>(5).fill(1),
  upper: new Array<number>(5).fill(3),
  objectives: 3,
  constraints: 0,
  ref: [1864.72022, 11.81993945, 0.2903999384],
  // A dense estimate (mo/dense-front.ts) reaches 234.3 of it, a lower bound; the test checks the order.
  maxHv: { value: 246.81607081187002, source: 'published: BoTorch VehicleSafety._max_hv' },
  f: (x) => {
    const [x1, x2, x3, x4, x5] = [x[0], x[1], x[2], x[3], x[4]];
    const f1 = 1640.2823 + 2.3573285 * x1 + 2.3220035 * x2 + 4.5688768 * x3 + 7.7213633 * x4 + 4.4559504 * x5;
    const f2 = 6.5856 + 1.15 * x1 - 1.0427 * x2 + 0.9738 * x3 + 0.8364 * x4 - 0.3695 * x1 * x4 + 0.0861 * x1 * x5 + 0.3628 * x2 * x4 - 0.1106 * x1 * x1 - 0.3437 * x3 * x3 + 0.1764 * x4 * x4;
    const f3 = -0.0551 + 0.0181 * x1 + 0.1024 * x2 + 0.0421 * x3 - 0.0073 * x1 * x2 + 0.024 * x2 * x3 - 0.0118 * x2 * x4 - 0.0204 * x3 * x4 - 0.008 * x3 * x5 - 0.0241 * x2 * x2 + 0.0109 * x4 * x4;
    return [f1, f2, f3];
  },
};

/**
 * C2-DTLZ2 (Deb & Jain 2014) as BoTorch's C2DTLZ2 defines it (r = 0.2, its r² bookkeeping kept):
 * DTLZ2 with c(x) = min( min_i [(f_i − 1)² + Σ_{j≠i} (f_j² − r²)], Σ_i ((f_i − 1/√m)² − r²) ) ≤ 0,
 * ref 1.1^m. Max hypervolume: dense sampling of the feasible Pareto-optimal set (mo/dense-front.ts,
 * computed on first use); for m = 2 it is 0.39987, above BoTorch's NSGA-II approximation 0.39964
 * (tested).
 */
export function c2dtlz2(dim: number, m: number): MoProblem {
  const r = 0.2;
  let maxHv: MoProblem['maxHv'] | undefined;
  const p: MoProblem = {
    name: `c2dtlz2-d${dim}-m${m}`,
    dim,
    ...unitBox(dim),
    objectives: m,
    constraints: 1,
    ref: new Array<number>(m).fill(1.1),
    get maxHv() {
      maxHv ??= denseMaxHv(p);
      return maxHv;
    },
    f: (x) => dtlz2Values(x, m),
    optimalSet: dtlz2OptimalSet(dim, m),
    c: (x) => {
      const f = dtlz2Values(x, m);
      let best = Infinity;
      for (let i = 0; i < m; i++) {
        let v = (f[i] - 1) ** 2;
        for (let j = 0; j < m; j++) if (j !== i) v += f[j] ** 2 - r * r;
        best = Math.min(best, v);
      }
      const centre = f.reduce((s, v) => s + (v - 1 / Math.sqrt(m)) ** 2 - r * r, 0);
      return [Math.min(best, centre)];
    },
  };
  return p;
}

/**
 * Constrained Branin (Gardner et al. 2014, BoTorch's constrained BO tutorial): minimize Branin on
 * [−5,10]×[0,15] s.t. (x1 − 2.5)² + (x2 − 7.5)² ≤ 50. The minimizer (π, 2.275) lies inside the
 * disk (distance² 27.7), so the constrained optimum is Branin's 0.397887; "hypervolume" of one
 * objective with ref 310 (above Branin's max on the box, 308.13) is ref − best feasible.
 */
export const constrainedBranin: MoProblem = {
  name: 'constrained-branin',
  dim: 2,
  lower: [-5, 0],
  upper: [10, 15],
  objectives: 1,
  constraints: 1,
  ref: [310],
  maxHv: { value: 310 - branin.optimum, source: 'closed form: ref − Branin optimum (feasible)' },
  f: (x) => [branin.f(x)],
  c: (x) => [(x[0] - 2.5) ** 2 + (x[1] - 7.5) ** 2 - 50],
};

/** Every problem by name. */
export const MO_PROBLEMS: readonly MoProblem[] = [braninCurrin, dtlz2(6, 2), dtlz2(6, 3), dtlz2(6, 4), zdt(1, 10), zdt(2, 10), vehicleSafety, c2dtlz2(6, 2), constrainedBranin, pressureVessel, weldedBeam];

/** Look a problem up by name. */
export function getMoProblem(name: string): MoProblem {
  const p = MO_PROBLEMS.find((q) => q.name === name);
  if (!p) throw new Error(`unknown problem '${name}'; known: ${MO_PROBLEMS.map((q) => q.name).join(', ')}`);
  return p;
}
