/**
 * The two model steps of L-BFGS-B (Byrd, Lu, Nocedal, Zhu 1995, SIAM J. Sci. Comput. 16(5)):
 * the generalized Cauchy point (§4, Algorithm CP) and the direct primal subspace minimization
 * (§5.1) with the projection refinement of L-BFGS-B 3.0 (Morales & Nocedal 2011).
 * Model at x: m(z) = f + gᵀ(z − x) + ½(z − x)ᵀB(z − x), B = θI − W M Wᵀ (see lbfgsb-compact.ts).
 */
import { type CompactMemory, luFactor, luSolve } from './lbfgsb-compact.js';
import { addProductInOrder } from '../accumulate-product.js';

const EPS = 2.220446049250313e-16;

/** Variable status after the Cauchy step (Fortran `iwhere`). ≤ 0 means free in the subspace step. */
const Where = { Unbounded: -1, ZeroGradient: -3, Free: 0, AtLower: 1, AtUpper: 2, Fixed: 3 } as const;

/** Scratch buffers for one minimizer run (allocated once). */
export class StepWork {
  readonly xcp: Float64Array;
  readonly xp: Float64Array;
  readonly d: Float64Array;
  readonly tb: Float64Array;
  readonly r: Float64Array;
  readonly heap: Int32Array;
  readonly free: Int32Array;
  readonly where: Int8Array;
  readonly c: Float64Array;
  readonly p: Float64Array;
  readonly v: Float64Array;
  readonly wbp: Float64Array;
  readonly a: Float64Array;
  readonly piv: Int32Array;
  /** Rows of W at the free variables (nf×2k) and −Wᵀ/θ (2k×nf): the subspace step's update as one in-order product. */
  readonly wFree: Float64Array;
  readonly wFreeT: Float64Array;

  constructor(n: number, m: number) {
    this.xcp = new Float64Array(n);
    this.xp = new Float64Array(n);
    this.d = new Float64Array(n);
    this.tb = new Float64Array(n);
    this.r = new Float64Array(n);
    this.heap = new Int32Array(n);
    this.free = new Int32Array(n);
    this.where = new Int8Array(n);
    this.c = new Float64Array(2 * m);
    this.p = new Float64Array(2 * m);
    this.v = new Float64Array(2 * m);
    this.wbp = new Float64Array(2 * m);
    this.a = new Float64Array(4 * m * m);
    this.piv = new Int32Array(2 * m);
    this.wFree = new Float64Array(2 * m * n);
    this.wFreeT = new Float64Array(2 * m * n);
  }
}

function dot(a: Float64Array, b: Float64Array, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[i] * b[i];
  return s;
}

/** Binary min-heap of indices keyed by tb (breakpoints are consumed in increasing order). */
function siftDown(heap: Int32Array, key: Float64Array, size: number, at: number): void {
  let i = at;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    const c = r < size && key[heap[r]] < key[heap[l]] ? r : l;
    if (key[heap[c]] >= key[heap[i]]) return;
    const t = heap[i];
    heap[i] = heap[c];
    heap[c] = t;
    i = c;
  }
}

/**
 * Generalized Cauchy point: first local minimizer of m along the projected steepest-descent path
 * x(t) = P(x − t g). Writes w.xcp, w.c = Wᵀ(xcp − x) and w.where. Returns false when the model
 * curvature f'' is not positive (a broken memory; the caller restarts it).
 */
export function cauchyPoint(x: Float64Array, g: Float64Array, lo: Float64Array, hi: Float64Array, mem: CompactMemory, w: StepWork): boolean {
  const n = x.length;
  const k = mem.col;
  const p2 = 2 * k;
  const th = mem.theta;
  const { xcp, d, c, p, v, wbp, tb, heap, where } = w;
  xcp.set(x);
  c.fill(0, 0, p2);
  p.fill(0, 0, p2);
  let f1 = 0;
  let nbreak = 0;
  let nmoveFree = 0;
  let bnded = true;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const l = lo[i];
    const u = hi[i];
    d[i] = 0;
    if (l === u) {
      where[i] = Where.Fixed;
      continue;
    }
    const hasL = l > -Infinity;
    const hasU = u < Infinity;
    if (!hasL && !hasU) where[i] = Where.Unbounded;
    else if (hasL && x[i] - l <= 0) where[i] = gi >= 0 ? Where.AtLower : Where.Free;
    else if (hasU && u - x[i] <= 0) where[i] = gi <= 0 ? Where.AtUpper : Where.Free;
    else where[i] = gi === 0 ? Where.ZeroGradient : Where.Free;
    if (where[i] !== Where.Free && where[i] !== Where.Unbounded) continue;
    d[i] = -gi;
    f1 -= gi * gi;
    if (k > 0) {
      mem.wRow(i, wbp);
      for (let j = 0; j < p2; j++) p[j] -= gi * wbp[j];
    }
    if (hasL && gi > 0) {
      tb[i] = (x[i] - l) / gi;
      heap[nbreak++] = i;
    } else if (hasU && gi < 0) {
      tb[i] = (u - x[i]) / -gi;
      heap[nbreak++] = i;
    } else {
      nmoveFree++;
      if (gi !== 0) bnded = false;
    }
  }
  if (nbreak === 0 && nmoveFree === 0) return true; // d = 0: x is its own Cauchy point.

  // f' = gᵀd = −dᵀd, f'' = dᵀBd = −θ f' − pᵀMp with p = Wᵀd.
  let f2 = -th * f1;
  if (k > 0) {
    mem.mulM(p, v);
    f2 -= dot(v, p, p2);
  }
  if (!(f2 > 0) || !Number.isFinite(f2)) return false;
  const f2org = f2;
  let dtm = -f1 / f2;
  let tsum = 0;
  for (let i = (nbreak >> 1) - 1; i >= 0; i--) siftDown(heap, tb, nbreak, i);
  let size = nbreak;
  let tj = 0;
  let allFixed = false;
  while (size > 0) {
    const ibp = heap[0];
    const tj0 = tj;
    tj = tb[ibp];
    const dt = tj - tj0;
    if (dtm < dt) break; // the minimizer lies inside this segment
    heap[0] = heap[--size];
    siftDown(heap, tb, size, 0);
    tsum += dt;
    const dibp = d[ibp];
    d[ibp] = 0;
    let zibp: number;
    if (dibp > 0) {
      zibp = hi[ibp] - x[ibp];
      xcp[ibp] = hi[ibp];
      where[ibp] = Where.AtUpper;
    } else {
      zibp = lo[ibp] - x[ibp];
      xcp[ibp] = lo[ibp];
      where[ibp] = Where.AtLower;
    }
    if (size === 0 && nbreak === n) {
      dtm = dt; // every variable hit a bound: xcp is a vertex
      allFixed = true;
      break;
    }
    // Derivatives on the next segment (paper eqs. 4.9–4.10, with g_b = −dibp).
    const dibp2 = dibp * dibp;
    f1 += dt * f2 + dibp2 - th * dibp * zibp;
    f2 -= th * dibp2;
    if (k > 0) {
      for (let j = 0; j < p2; j++) c[j] += dt * p[j];
      mem.wRow(ibp, wbp);
      mem.mulM(wbp, v);
      const wmc = dot(c, v, p2);
      const wmp = dot(p, v, p2);
      const wmw = dot(wbp, v, p2);
      for (let j = 0; j < p2; j++) p[j] -= dibp * wbp[j];
      f1 += dibp * wmc;
      f2 += 2 * dibp * wmp - dibp2 * wmw;
    }
    f2 = Math.max(EPS * f2org, f2);
    if (size > 0) dtm = -f1 / f2;
    else dtm = bnded ? 0 : -f1 / f2;
  }
  if (!allFixed) {
    if (dtm <= 0) dtm = 0;
    tsum += dtm;
    for (let i = 0; i < n; i++) if (d[i] !== 0) xcp[i] = x[i] + tsum * d[i];
  }
  for (let j = 0; j < p2; j++) c[j] += dtm * p[j];
  return true;
}

/**
 * Subspace minimization over the variables left free at the Cauchy point: minimize m on
 * {z : z_i = xcp_i for active i}, ignoring bounds, by d̂ = −B̂⁻¹ r̂ with
 *   r̂ = Zᵀ(g + θ(xcp − x) − W M c),  B̂⁻¹ = I/θ + U (K − UᵀU/θ)⁻¹ Uᵀ / θ²,  U = ZᵀW
 * (Sherman–Morrison–Woodbury), then pull the point back into the box. Result in w.xcp.
 * Returns false when the small system is singular (caller restarts the memory).
 */
export function subspaceMin(x: Float64Array, g: Float64Array, lo: Float64Array, hi: Float64Array, mem: CompactMemory, w: StepWork): boolean {
  const n = x.length;
  const k = mem.col;
  const p2 = 2 * k;
  const th = mem.theta;
  const { xcp, xp, r, free, where, c, v, wbp, a, piv } = w;
  let nf = 0;
  for (let i = 0; i < n; i++) if (where[i] <= 0) free[nf++] = i;
  if (nf === 0 || k === 0) return true;

  mem.mulM(c, v);
  const z2 = w.p; // reuse: p is not needed after the Cauchy step
  z2.fill(0, 0, p2);
  a.set(mem.K.subarray(0, p2 * p2));
  const { wFree, wFreeT } = w;
  for (let f = 0; f < nf; f++) {
    const i = free[f];
    const ri = g[i] + th * (xcp[i] - x[i]) - mem.wRowDot(i, v);
    r[f] = ri;
    mem.wRow(i, wbp);
    for (let s = 0; s < p2; s++) {
      const ws = wbp[s];
      z2[s] += ws * ri;
      wFree[f * p2 + s] = ws;
      wFreeT[s * nf + f] = -(ws / th);
    }
  }
  // a ← K − Σ_f (w_f/θ) w_fᵀ, each entry summed over f in order (a − (w_s/θ)·w_t is a + (−w_s/θ)·w_t
  // exactly); only the lower half is kept, the upper one mirrored from it below.
  addProductInOrder(a, wFreeT, wFree, p2, nf, p2);
  for (let s = 0; s < p2; s++) for (let t = 0; t < s; t++) a[t * p2 + s] = a[s * p2 + t];
  if (!luFactor(a, p2, piv)) return false;
  luSolve(a, p2, piv, z2);
  const ith = 1 / th;
  for (let f = 0; f < nf; f++) r[f] = -ith * r[f] - ith * ith * mem.wRowDot(free[f], z2); // r ← d̂
  for (let f = 0; f < nf; f++) if (!Number.isFinite(r[f])) return false;

  // L-BFGS-B 3.0: try the projected Newton point; keep it if it is a descent direction from x.
  xp.set(xcp);
  let clipped = false;
  for (let f = 0; f < nf; f++) {
    const i = free[f];
    const t = xcp[i] + r[f];
    const zi = t < lo[i] ? lo[i] : t > hi[i] ? hi[i] : t;
    if (zi !== t || zi === lo[i] || zi === hi[i]) clipped = true;
    xcp[i] = zi;
  }
  if (!clipped) return true;
  let ddp = 0;
  for (let i = 0; i < n; i++) ddp += (xcp[i] - x[i]) * g[i];
  if (ddp <= 0) return true;

  // Otherwise truncate the step at the first bound: z = xcp + α d̂, α = max{α ≤ 1 : z feasible}.
  xcp.set(xp);
  let alpha = 1;
  let ibd = -1;
  for (let f = 0; f < nf; f++) {
    const i = free[f];
    const dk = r[f];
    let t1 = alpha;
    if (dk < 0 && lo[i] > -Infinity) {
      const t2 = lo[i] - xcp[i];
      if (t2 >= 0) t1 = 0;
      else if (dk * alpha < t2) t1 = t2 / dk;
    } else if (dk > 0 && hi[i] < Infinity) {
      const t2 = hi[i] - xcp[i];
      if (t2 <= 0) t1 = 0;
      else if (dk * alpha > t2) t1 = t2 / dk;
    }
    if (t1 < alpha) {
      alpha = t1;
      ibd = f;
    }
  }
  if (alpha < 1 && ibd >= 0) {
    const i = free[ibd];
    xcp[i] = r[ibd] > 0 ? hi[i] : lo[i];
    r[ibd] = 0;
  }
  for (let f = 0; f < nf; f++) xcp[free[f]] += alpha * r[f];
  return true;
}
