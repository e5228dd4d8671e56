/**
 * Smooth log hypervolume improvement over a box decomposition (Ament et al. 2023, §4 and App. B,
 * BoTorch qLogNEHVI): HVI(y) = Σ_b Π_k [min(y_k, u_bk) − l_bk]_+ becomes
 *   log HVI(y) ≈ logsumexp_b Σ_k log fatplus_τ0( fatmin_τmax(y_k, u_bk) − l_bk ),
 * with fatplus the fat-tailed softplus (smooth.ts logFatplus) and fatmin(a, b) = −fatmax(−a, −b);
 * for u_bk = +∞ the min is y_k itself. Never −∞, so the optimizer has a gradient far from any
 * improvement.
 *
 * Cost: the boxes of a decomposition share their sides (grid coordinates of the front), so the
 * per-side factor log fatplus(fatmin(y_k, u) − l) is computed once per DISTINCT (l, u) of
 * outcome k and each box only adds m cached numbers and takes one exp. This is exact (the same
 * numbers in a different order of work) and removes the transcendental functions from the
 * per-box loop, which dominated 3-objective asks (benchmarks/mo/ask-time.ts).
 */
import type { BoxDecomposition } from '../../core/pareto/box-decomposition.js';
import { logFatplusWithDerivative, TAU_MAX, TAU_RELU } from '../smooth.js';

/** Temperatures of the smoothing (BoTorch defaults). */
export interface LogHviTemperatures {
  readonly tauRelu?: number;
  readonly tauMax?: number;
}

/** Distinct (lower, upper) sides of each outcome and, per box and outcome, the index of its side. */
interface SideTable {
  /** Outcome k's sides are entries [start[k], start[k+1]) of lower/upper. */
  readonly start: Int32Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** count×m: the global side index of box b in outcome k. */
  readonly side: Int32Array;
}

function sideTable(boxes: BoxDecomposition): SideTable {
  const { m, count } = boxes;
  const start = new Int32Array(m + 1);
  const lower: number[] = [];
  const upper: number[] = [];
  const side = new Int32Array(count * m);
  for (let k = 0; k < m; k++) {
    start[k] = lower.length;
    const seen = new Map<number, Map<number, number>>();
    for (let b = 0; b < count; b++) {
      const l = boxes.lower[b * m + k];
      const u = boxes.upper[b * m + k];
      let byUpper = seen.get(l);
      if (!byUpper) seen.set(l, (byUpper = new Map()));
      let s = byUpper.get(u);
      if (s === undefined) {
        s = lower.length;
        byUpper.set(u, s);
        lower.push(l);
        upper.push(u);
      }
      side[b * m + k] = s;
    }
  }
  start[m] = lower.length;
  return { start, lower: Float64Array.from(lower), upper: Float64Array.from(upper), side };
}

/**
 * fatmin_τ(y, u) = −fatmax_τ(−y, −u) and its derivative in y (smooth.ts fatmax for two entries:
 * with M = max(−y, −u) and v = |y − u|/τ, fatmax = M + τ log(1 + pareto(v)), pareto(v) = 2/(2 + 2v + v²)).
 */
function fatminWithDerivative(y: number, u: number, tau: number, out: Float64Array): number {
  const v = Math.abs(y - u) / tau;
  const q = 2 + 2 * v + v * v;
  const p = 2 / q;
  const s = 1 + p;
  const dp = (-2 * (2 + 2 * v)) / (q * q); // pareto'(v)
  // ∂fatmin/∂y = ∂F/∂(−y) with F = fatmax(−y, −u).
  if (y <= u) {
    // −y is the max, v = (u − y)/τ: ∂F/∂(−y) = 1 + pareto'(v)/s.
    out[0] = 1 + dp / s;
    return y - tau * Math.log(s);
  }
  // −u is the max, v = (y − u)/τ: ∂F/∂(−y) = −pareto'(v)/s.
  out[0] = -dp / s;
  return u - tau * Math.log(s);
}

/**
 * A log-HVI function for one decomposition: value at y (the first m entries of y) and, when grad
 * is given, ∂/∂y_k added into grad[k] (not zeroed). Buffers are reused: not reentrant.
 */
export function logHviOf(boxes: BoxDecomposition, temps: LogHviTemperatures = {}): (y: ArrayLike<number>, grad?: Float64Array) => number {
  const tau0 = temps.tauRelu ?? TAU_RELU;
  const tauMax = temps.tauMax ?? TAU_MAX;
  const { m, count } = boxes;
  const table = sideTable(boxes);
  const sides = table.lower.length;
  const sideValue = new Float64Array(sides);
  const sideDeriv = new Float64Array(sides); // ∂ sideValue / ∂y_k
  const sideWeight = new Float64Array(sides); // Σ of softmax weights of the boxes using the side
  const terms = new Float64Array(count);
  const dMin = new Float64Array(1);
  const dEll = new Float64Array(1);
  return (y, grad) => {
    for (let k = 0; k < m; k++) {
      for (let s = table.start[k]; s < table.start[k + 1]; s++) {
        const u = table.upper[s];
        let v = y[k];
        let dv = 1;
        if (u !== Infinity) {
          v = fatminWithDerivative(y[k], u, tauMax, dMin);
          dv = dMin[0];
        }
        sideValue[s] = logFatplusWithDerivative(v - table.lower[s], tau0, dEll);
        sideDeriv[s] = dEll[0] * dv;
      }
    }
    const side = table.side;
    let best = -Infinity;
    for (let b = 0; b < count; b++) {
      let t = 0;
      for (let k = 0; k < m; k++) t += sideValue[side[b * m + k]];
      terms[b] = t;
      if (t > best) best = t;
    }
    let sum = 0;
    for (let b = 0; b < count; b++) sum += Math.exp(terms[b] - best);
    const value = best + Math.log(sum);
    if (grad) {
      sideWeight.fill(0);
      for (let b = 0; b < count; b++) {
        const w = Math.exp(terms[b] - value);
        for (let k = 0; k < m; k++) sideWeight[side[b * m + k]] += w;
      }
      for (let k = 0; k < m; k++) {
        let g = 0;
        for (let s = table.start[k]; s < table.start[k + 1]; s++) g += sideWeight[s] * sideDeriv[s];
        grad[k] += g;
      }
    }
    return value;
  };
}
