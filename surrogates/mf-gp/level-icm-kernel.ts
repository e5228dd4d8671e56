import { zeros, type Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { Kernel } from '../gp/kernel.js';
import { gammaPrior, logNormalPrior, type LogScalePrior } from '../gp/priors.js';
import { matern52Profile } from '../gp/kernels/radial-profiles.js';
import { StationaryArdKernel } from '../gp/kernels/stationary-ard.js';

/** Options of the level ICM kernel. */
export interface LevelIcmOptions {
  /** Input dimension d (mixture coordinates + the fidelity coordinate). */
  readonly dim: number;
  /** Column of the fidelity coordinate; its value identifies the level (nearest of `levels`). */
  readonly fidelityIndex: number;
  /** The fidelity coordinate's value of each level (ascending or not); `target` indexes it. */
  readonly levels: ArrayLike<number>;
  readonly target: number;
  /** Prior of the mixture lengthscales [Gamma(3, 6)]. */
  readonly lengthscalePrior?: LogScalePrior;
  /** Prior of each non-target level's variance v_l² [LogNormal(0, 0.5)]. */
  readonly variancePrior?: LogScalePrior;
  /** Mean and sd of the Normal prior of the correlation parameters a_lj [1, 1.5]. */
  readonly correlationPrior?: { readonly mean: number; readonly sd: number };
  /** Lower bound of every lengthscale [0.025]. */
  readonly minLengthscale?: number;
}

/**
 * Intrinsic coregionalization over discrete fidelity levels (Bonilla et al. 2008; the multi-task
 * kernel of BoTorch's MultiTaskGP), unit scale at the target:
 *   k((w,l),(w',l')) = B[l,l']·k_w(w,w'),  B = D R D,  D = diag(v_l) with v_target = 1,
 * k_w Matérn-5/2 ARD over the m = d−1 non-fidelity columns, R a full-rank correlation matrix.
 * R is parameterised in the levels' order with the target first: row r of the unnormalised
 * lower-triangular factor is a_r = [a_r0, …, a_r,r−1, 1], C_r = a_r/‖a_r‖, R = C Cᵀ, so any
 * correlation in (−1, 1) is reachable and R stays positive definite. Unlike the linear truncated
 * fidelity kernel, how much a level says about the target (R[l, target]) is learned from data:
 * a weakly correlated level is down-weighted instead of forcing its misfit into the noise.
 * θ = [ln ℓ (m), ln v_l² (L−1 non-target levels), a (L(L−1)/2)]. Gradients: ∂K/∂θ_ℓ = B∘∂K_w/∂θ_ℓ;
 * for the level parameters, Σ W∘∂K = Σ_ab ∂B_ab/∂θ · S_ab with S_ab = Σ_{i∈a,j∈b} W_ij K_w,ij,
 * where ∂B/∂θ (an L×L function of a few numbers) is taken by central differences (error ~1e-10).
 * The level of a row is piecewise constant in its fidelity coordinate: ∂k/∂s = 0.
 */
export class LevelIcmKernel implements Kernel {
  readonly name = 'level-icm(matern52)';
  readonly dim: number;
  readonly size: number;
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly stationary = false;
  private readonly m: number;
  private readonly L: number;
  private readonly kw: StationaryArdKernel;
  private readonly f: number;
  private readonly levels: Float64Array;
  /** Internal order: position 0 = target, then the other levels in their order. */
  private readonly order: number[];
  private readonly variancePrior: LogScalePrior;
  private readonly corr: { mean: number; sd: number };

  constructor(options: LevelIcmOptions) {
    const d = options.dim;
    this.dim = d;
    this.f = options.fidelityIndex;
    this.m = d - 1;
    this.levels = Float64Array.from(options.levels);
    this.L = this.levels.length;
    const t = options.target;
    this.order = [t, ...Array.from({ length: this.L }, (_, k) => k).filter((k) => k !== t)];
    this.kw = new StationaryArdKernel({ profile: matern52Profile, dim: this.m, lengthscalePrior: options.lengthscalePrior ?? gammaPrior(3, 6), minLengthscale: options.minLengthscale ?? 0.025 });
    this.variancePrior = options.variancePrior ?? logNormalPrior(0, 0.5);
    this.corr = { mean: options.correlationPrior?.mean ?? 1, sd: options.correlationPrior?.sd ?? 1.5 };
    const nv = this.L - 1;
    const na = (this.L * (this.L - 1)) / 2;
    this.size = this.m + nv + na;
    this.names = [
      ...Array.from({ length: this.m }, (_, k) => `lengthscale[${k}]`),
      ...Array.from({ length: nv }, (_, k) => `levelVariance[${this.order[k + 1]}]`),
      ...Array.from({ length: na }, (_, k) => `levelCorrelation[${k}]`),
    ];
    this.lower = Float64Array.of(...this.kw.lower, ...new Array(nv).fill(Math.log(1e-3)), ...new Array(na).fill(-20));
    this.upper = Float64Array.of(...this.kw.upper, ...new Array(nv).fill(Math.log(1e2)), ...new Array(na).fill(20));
  }

  initialTheta(): Float64Array {
    const nv = this.L - 1;
    const na = (this.L * (this.L - 1)) / 2;
    return this.clip(Float64Array.of(...this.kw.initialTheta(), ...new Array(nv).fill(this.variancePrior.modeTheta()), ...new Array(na).fill(this.corr.mean)));
  }

  sampleTheta(rng: Rng): Float64Array {
    const nv = this.L - 1;
    const na = (this.L * (this.L - 1)) / 2;
    const v = Array.from({ length: nv }, () => this.variancePrior.sampleTheta(rng));
    const a = Array.from({ length: na }, () => this.corr.mean + this.corr.sd * rng.normal());
    return this.clip(Float64Array.of(...this.kw.sampleTheta(rng), ...v, ...a));
  }

  logPrior(theta: Float64Array, grad?: Float64Array): number {
    const m = this.m;
    let lp = this.kw.logPrior(theta.subarray(0, m), grad?.subarray(0, m));
    for (let k = m; k < m + this.L - 1; k++) {
      const q = this.variancePrior.logDensity(theta[k]);
      lp += q.value;
      if (grad) grad[k] += q.grad;
    }
    const { mean, sd } = this.corr;
    for (let k = m + this.L - 1; k < this.size; k++) {
      const z = (theta[k] - mean) / sd;
      lp += -0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
      if (grad) grad[k] += -z / sd;
    }
    return lp;
  }

  natural(theta: Float64Array): Record<string, number | number[]> {
    const B = this.coregion(theta);
    const t = this.order[0];
    return {
      lengthscale: Array.from(theta.subarray(0, this.m), Math.exp),
      levelVariance: Array.from({ length: this.L }, (_, k) => B[k * this.L + k]),
      correlationWithTarget: Array.from({ length: this.L }, (_, k) => B[k * this.L + t] / Math.sqrt(B[k * this.L + k] * B[t * this.L + t])),
    };
  }

  /** B (L×L, row-major, in the levels' own indexing) at θ. */
  coregion(theta: ArrayLike<number>): Float64Array {
    const L = this.L;
    const m = this.m;
    const C = new Float64Array(L * L);
    let a = m + L - 1;
    for (let r = 0; r < L; r++) {
      let norm = 1;
      for (let j = 0; j < r; j++) norm += theta[a + j] ** 2;
      norm = Math.sqrt(norm);
      for (let j = 0; j < r; j++) C[r * L + j] = theta[a + j] / norm;
      C[r * L + r] = 1 / norm;
      a += r;
    }
    const v = new Float64Array(L);
    v[0] = 1;
    for (let r = 1; r < L; r++) v[r] = Math.exp(0.5 * theta[m + r - 1]);
    const B = new Float64Array(L * L);
    for (let r = 0; r < L; r++) {
      for (let c = 0; c < L; c++) {
        let s = 0;
        for (let j = 0; j <= Math.min(r, c); j++) s += C[r * L + j] * C[c * L + j];
        B[this.order[r] * L + this.order[c]] = v[r] * v[c] * s;
      }
    }
    return B;
  }

  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    const sym = X1 === X2;
    const F1 = this.features(X1);
    const F2 = sym ? F1 : this.features(X2);
    const K = this.kw.matrix(theta.subarray(0, this.m), F1, F2);
    const B = this.coregion(theta);
    const l1 = this.levelsOf(X1);
    const l2 = sym ? l1 : this.levelsOf(X2);
    const n2 = X2.rows;
    for (let i = 0; i < X1.rows; i++) for (let j = 0; j < n2; j++) K.data[i * n2 + j] *= B[l1[i] * this.L + l2[j]];
    return K;
  }

  diag(theta: Float64Array, X: Matrix): Float64Array {
    const B = this.coregion(theta);
    return Float64Array.from(this.levelsOf(X), (l) => B[l * this.L + l]);
  }

  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    const m = this.m;
    const n = X.rows;
    const L = this.L;
    const F = this.features(X);
    const lv = this.levelsOf(X);
    const B = this.coregion(theta);
    const Kw = this.kw.matrix(theta.subarray(0, m), F, F).data;
    const WB = zeros(n, n);
    const S = new Float64Array(L * L);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const w = W.data[i * n + j];
        WB.data[i * n + j] = w * B[lv[i] * L + lv[j]];
        S[lv[i] * L + lv[j]] += w * Kw[i * n + j];
      }
    }
    this.kw.gramGradient(theta.subarray(0, m), F, WB, out.subarray(0, m));
    const t = Float64Array.from(theta);
    const h = 1e-6;
    for (let k = m; k < this.size; k++) {
      t[k] = theta[k] + h;
      const Bp = this.coregion(t);
      t[k] = theta[k] - h;
      const Bm = this.coregion(t);
      t[k] = theta[k];
      let g = 0;
      for (let q = 0; q < L * L; q++) g += ((Bp[q] - Bm[q]) / (2 * h)) * S[q];
      out[k] = g;
    }
  }

  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    const m = this.m;
    const d = this.dim;
    const n = X.rows;
    const w = new Float64Array(m);
    for (let c = 0, j = 0; c < d; c++) if (c !== this.f) w[j++] = x[c];
    const lx = this.levelOf(x[this.f]);
    const B = this.coregion(theta);
    const lv = this.levelsOf(X);
    const g = this.kw.crossGradient(theta.subarray(0, m), w, this.features(X));
    const k = new Float64Array(n);
    const dk = zeros(n, d);
    for (let i = 0; i < n; i++) {
      const b = B[lx * this.L + lv[i]];
      k[i] = b * g.k[i];
      for (let c = 0, j = 0; c < d; c++) {
        if (c === this.f) continue;
        dk.data[i * d + c] = b * g.dk.data[i * m + j];
        j++;
      }
    }
    return { k, dk };
  }

  diagGradient(theta: Float64Array, x: ArrayLike<number>): { value: number; grad: Float64Array } {
    const B = this.coregion(theta);
    const l = this.levelOf(x[this.f]);
    return { value: B[l * this.L + l], grad: new Float64Array(this.dim) };
  }

  /** The level whose fidelity value is nearest to s. */
  levelOf(s: number): number {
    let best = 0;
    for (let k = 1; k < this.L; k++) if (Math.abs(this.levels[k] - s) < Math.abs(this.levels[best] - s)) best = k;
    return best;
  }

  private levelsOf(X: Matrix): Int32Array {
    const out = new Int32Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = this.levelOf(X.data[i * this.dim + this.f]);
    return out;
  }

  /** The n×m matrix of non-fidelity columns. */
  private features(X: Matrix): Matrix {
    const d = this.dim;
    if (X.cols !== d) throw new RangeError(`${this.name}: X has ${X.cols} columns, expected ${d}`);
    const m = this.m;
    const out = zeros(X.rows, m);
    for (let i = 0; i < X.rows; i++) for (let c = 0, j = 0; c < d; c++) if (c !== this.f) out.data[i * m + j++] = X.data[i * d + c];
    return out;
  }

  private clip(t: Float64Array): Float64Array {
    for (let k = 0; k < t.length; k++) t[k] = Math.min(this.upper[k], Math.max(this.lower[k], t[k]));
    return t;
  }
}
