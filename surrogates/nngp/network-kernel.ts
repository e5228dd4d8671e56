/**
 * NNGP and NTK kernels of a fully connected network with L hidden layers (seed-specs.md §4):
 *   K⁰(x,x') = σ_w²·(x·x')/d + σ_b²,  Θ⁰ = K⁰
 *   K^l = σ_w²·T(K^{l−1}) + σ_b²,  Θ^l = K^l + σ_w²·Ṫ(K^{l−1})·Θ^{l−1}
 * The NNGP kernel is K^L, the NTK Θ^L. θ = [ln σ_w², ln σ_b²] when fitted (size 2), or nothing when
 * fixed (size 0; the BNN-BO seed fixes σ_w² = 10, σ_b² = 1.3). Gradients in θ and in x are carried
 * through the recursion in forward mode (tangents), so the GP's fit and the acquisition optimizer
 * work unchanged. Non-stationary: k(x,x) depends on x.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { Kernel } from '../gp/kernel.js';
import { logNormalPrior, type LogScalePrior } from '../gp/priors.js';
import { diagStep, dualStep, type DualStep, type NetworkActivation } from './layer-maps.js';

export interface NetworkKernelOptions {
  readonly kind: 'nngp' | 'ntk';
  readonly activation: NetworkActivation;
  /** Hidden layers L (default 3, as the seed). */
  readonly depth: number;
  readonly dim: number;
  /** Fixed σ_w², σ_b² (not fitted) when given. */
  readonly fixed?: { readonly weightVar: number; readonly biasVar: number };
  /** Starting/prior-centre values when fitted (default the seed's 10 and 1.3). */
  readonly weightVar?: number;
  readonly biasVar?: number;
}

/** Values and tangents of one point's diagonal chain K^l(x,x), Θ^l(x,x), l = 0..L. */
interface DiagChain {
  K: Float64Array;
  tK: Float64Array;
  H: Float64Array;
  tH: Float64Array;
}

export class NetworkKernel implements Kernel {
  readonly name: string;
  readonly dim: number;
  readonly size: number;
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly stationary = false;
  private readonly L: number;
  private readonly priors: LogScalePrior[];
  private readonly centre: [number, number];
  private readonly step: DualStep = { T: 0, Td: 0, dT11: 0, dT12: 0, dT22: 0, dTd11: 0, dTd12: 0, dTd22: 0 };

  constructor(private readonly options: NetworkKernelOptions) {
    this.name = `${options.kind}-${options.activation}-L${options.depth}`;
    this.dim = options.dim;
    this.L = options.depth;
    this.centre = [Math.log(options.weightVar ?? 10), Math.log(options.biasVar ?? 1.3)];
    const fitted = options.fixed === undefined;
    this.size = fitted ? 2 : 0;
    this.names = fitted ? ['weightVar', 'biasVar'] : [];
    this.lower = fitted ? Float64Array.of(Math.log(1e-2), Math.log(1e-4)) : new Float64Array(0);
    this.upper = fitted ? Float64Array.of(Math.log(1e3), Math.log(1e2)) : new Float64Array(0);
    // Weak priors centred (by their mode) on the seed's values: MAP stays near them with little data.
    this.priors = [logNormalPrior(this.centre[0] + 2.25, 1.5), logNormalPrior(this.centre[1] + 2.25, 1.5)];
  }

  private wb(theta: Float64Array): [number, number] {
    if (this.options.fixed) return [this.options.fixed.weightVar, this.options.fixed.biasVar];
    return [Math.exp(theta[0]), Math.exp(theta[1])];
  }

  initialTheta(): Float64Array {
    return this.size === 0 ? new Float64Array(0) : Float64Array.from(this.centre);
  }

  sampleTheta(rng: Rng): Float64Array {
    const t = new Float64Array(this.size);
    for (let k = 0; k < this.size; k++) t[k] = Math.min(this.upper[k], Math.max(this.lower[k], this.centre[k] + 1.0 * rng.normal()));
    return t;
  }

  logPrior(theta: Float64Array, grad?: Float64Array): number {
    let lp = 0;
    for (let k = 0; k < this.size; k++) {
      const r = this.priors[k].logDensity(theta[k]);
      lp += r.value;
      if (grad) grad[k] += r.grad;
    }
    return lp;
  }

  natural(theta: Float64Array): Record<string, number | number[]> {
    const [w, b] = this.wb(theta);
    return { weightVar: w, biasVar: b, depth: this.L };
  }

  /**
   * Diagonal chain of one point with m tangents. tk0: tangent of K⁰(x,x) (length m).
   * hyper: tangents are the directions (ln σ_w², ln σ_b²), which also enter each layer explicitly.
   */
  private diagChain(w: number, b: number, k0: number, tk0: Float64Array, hyper: boolean): DiagChain {
    const m = tk0.length;
    const L = this.L;
    const K = new Float64Array(L + 1);
    const H = new Float64Array(L + 1);
    const tK = new Float64Array((L + 1) * m);
    const tH = new Float64Array((L + 1) * m);
    K[0] = k0;
    H[0] = k0;
    tK.set(tk0, 0);
    tH.set(tk0, 0);
    for (let l = 1; l <= L; l++) {
      const s = diagStep(this.options.activation, K[l - 1]);
      K[l] = w * s.T + b;
      H[l] = K[l] + w * s.Td * H[l - 1];
      for (let j = 0; j < m; j++) {
        const tPrev = tK[(l - 1) * m + j];
        let tk = w * s.dT * tPrev;
        let th = w * s.dTd * tPrev * H[l - 1] + w * s.Td * tH[(l - 1) * m + j];
        if (hyper && j === 0) {
          tk += w * s.T;
          th += w * s.Td * H[l - 1];
        }
        if (hyper && j === 1) tk += b;
        tK[l * m + j] = tk;
        tH[l * m + j] = tk + th;
      }
    }
    return { K, tK, H, tH };
  }

  /**
   * Pair chain K^l(x,x'), Θ^l(x,x') from layer-0 value k0 and tangent tk0; the diagonal chains of
   * both points supply K11, K22 and their tangents. Writes the final value and tangent (NNGP or NTK).
   */
  private pairChain(w: number, b: number, d1: DiagChain, d2: DiagChain, k0: number, tk0: Float64Array, hyper: boolean, tOut: Float64Array): number {
    const m = tk0.length;
    const ntk = this.options.kind === 'ntk';
    let k = k0;
    let h = k0;
    const tk = tOut; // reused as the running K tangent
    tk.set(tk0);
    const th = m > 0 ? Float64Array.from(tk0) : tk0;
    for (let l = 1; l <= this.L; l++) {
      const k11 = d1.K[l - 1];
      const k22 = d2.K[l - 1];
      const s = dualStep(this.options.activation, k11, k, k22, this.step);
      const kNew = w * s.T + b;
      const hNew = kNew + w * s.Td * h;
      for (let j = 0; j < m; j++) {
        const t11 = d1.tK[(l - 1) * m + j];
        const t22 = d2.tK[(l - 1) * m + j];
        const t12 = tk[j];
        let dk = w * (s.dT11 * t11 + s.dT12 * t12 + s.dT22 * t22);
        let dh = 0;
        if (ntk) dh = w * (s.dTd11 * t11 + s.dTd12 * t12 + s.dTd22 * t22) * h + w * s.Td * th[j];
        if (hyper && j === 0) {
          dk += w * s.T;
          if (ntk) dh += w * s.Td * h;
        }
        if (hyper && j === 1) dk += b;
        tk[j] = dk;
        if (ntk) th[j] = dk + dh;
      }
      k = kNew;
      h = hNew;
    }
    if (ntk) {
      for (let j = 0; j < m; j++) tOut[j] = th[j];
      return h;
    }
    return k;
  }

  private dot(a: Float64Array, ai: number, b: ArrayLike<number>, bi: number): number {
    let s = 0;
    for (let k = 0; k < this.dim; k++) s += a[ai + k] * b[bi + k];
    return s;
  }

  private chainsOf(w: number, b: number, X: Matrix, hyper: boolean): DiagChain[] {
    const d = this.dim;
    const m = hyper ? this.size : 0;
    const out: DiagChain[] = [];
    for (let i = 0; i < X.rows; i++) {
      const dd = this.dot(X.data, i * d, X.data, i * d) / d;
      const tk0 = new Float64Array(m);
      if (m === 2) {
        tk0[0] = w * dd;
        tk0[1] = b;
      }
      out.push(this.diagChain(w, b, w * dd + b, tk0, hyper));
    }
    return out;
  }

  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    const [w, b] = this.wb(theta);
    const d = this.dim;
    const c1 = this.chainsOf(w, b, X1, false);
    const same = X1 === X2;
    const c2 = same ? c1 : this.chainsOf(w, b, X2, false);
    const out = new Float64Array(X1.rows * X2.rows);
    const none = new Float64Array(0);
    const ntk = this.options.kind === 'ntk';
    for (let i = 0; i < X1.rows; i++) {
      for (let j = same ? i : 0; j < X2.rows; j++) {
        let v: number;
        if (same && i === j) v = ntk ? c1[i].H[this.L] : c1[i].K[this.L];
        else v = this.pairChain(w, b, c1[i], c2[j], (w * this.dot(X1.data, i * d, X2.data, j * d)) / d + b, none, false, none);
        out[i * X2.rows + j] = v;
        if (same) out[j * X2.rows + i] = v;
      }
    }
    return { rows: X1.rows, cols: X2.rows, data: out };
  }

  diag(theta: Float64Array, X: Matrix): Float64Array {
    const [w, b] = this.wb(theta);
    const ntk = this.options.kind === 'ntk';
    return Float64Array.from(this.chainsOf(w, b, X, false), (c) => (ntk ? c.H[this.L] : c.K[this.L]));
  }

  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    out.fill(0);
    if (this.size === 0) return;
    const [w, b] = this.wb(theta);
    const d = this.dim;
    const n = X.rows;
    const chains = this.chainsOf(w, b, X, true);
    const ntk = this.options.kind === 'ntk';
    const t = new Float64Array(2);
    const tk0 = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      const Wii = W.data[i * n + i];
      const ci = chains[i];
      const tdiag = ntk ? ci.tH : ci.tK;
      out[0] += Wii * tdiag[this.L * 2];
      out[1] += Wii * tdiag[this.L * 2 + 1];
      for (let j = i + 1; j < n; j++) {
        const wij = W.data[i * n + j] + W.data[j * n + i];
        if (wij === 0) continue;
        const dd = this.dot(X.data, i * d, X.data, j * d) / d;
        tk0[0] = w * dd;
        tk0[1] = b;
        this.pairChain(w, b, ci, chains[j], w * dd + b, tk0, true, t);
        out[0] += wij * t[0];
        out[1] += wij * t[1];
      }
    }
  }

  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    const [w, b] = this.wb(theta);
    const d = this.dim;
    const n = X.rows;
    const xv = Float64Array.from(x);
    const dxx = this.dot(xv, 0, xv, 0) / d;
    const tk0x = new Float64Array(d);
    for (let k = 0; k < d; k++) tk0x[k] = (2 * w * xv[k]) / d;
    const cx = this.diagChain(w, b, w * dxx + b, tk0x, false);
    const k = new Float64Array(n);
    const dk = new Float64Array(n * d);
    const zero = new Float64Array(d);
    const t = new Float64Array(d);
    const tk0 = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const di = this.dot(X.data, i * d, X.data, i * d) / d;
      const ci = this.diagChain(w, b, w * di + b, zero, false);
      for (let q = 0; q < d; q++) tk0[q] = (w * X.data[i * d + q]) / d;
      k[i] = this.pairChain(w, b, cx, ci, (w * this.dot(xv, 0, X.data, i * d)) / d + b, tk0, false, t);
      dk.set(t, i * d);
    }
    return { k, dk: { rows: n, cols: d, data: dk } };
  }

  diagGradient(theta: Float64Array, x: ArrayLike<number>): { value: number; grad: Float64Array } {
    const [w, b] = this.wb(theta);
    const d = this.dim;
    const xv = Float64Array.from(x);
    const tk0 = new Float64Array(d);
    for (let k = 0; k < d; k++) tk0[k] = (2 * w * xv[k]) / d;
    const c = this.diagChain(w, b, (w * this.dot(xv, 0, xv, 0)) / d + b, tk0, false);
    const ntk = this.options.kind === 'ntk';
    const src = ntk ? c.tH : c.tK;
    return { value: ntk ? c.H[this.L] : c.K[this.L], grad: src.slice(this.L * d, (this.L + 1) * d) };
  }
}
