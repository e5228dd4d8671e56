import { zeros, type Matrix } from '../../../core/matrix.js';
import type { Rng } from '../../../core/rng.js';
import type { Kernel } from '../kernel.js';
import type { LogScalePrior } from '../priors.js';
import type { RadialProfile } from './radial-profiles.js';

/** Options of a stationary ARD kernel. Bounds are on the natural lengthscale. */
export interface StationaryArdOptions {
  readonly profile: RadialProfile;
  readonly dim: number;
  readonly lengthscalePrior: LogScalePrior;
  /** Lower bound of every lengthscale (BoTorch: 0.025). */
  readonly minLengthscale: number;
  /** Upper bound of every lengthscale (the optimizer needs a box; default 1e3). */
  readonly maxLengthscale?: number;
}

/**
 * Stationary ARD kernel k(x, x') = profile(r²), r² = Σ_k (x_k − x'_k)²/ℓ_k², unit variance.
 * θ_k = ln ℓ_k (k = 0..d−1). ∂r²/∂θ_k = −2 (x_k − x'_k)²/ℓ_k²; ∂r²/∂x_k = 2 (x_k − x'_k)/ℓ_k².
 */
export class StationaryArdKernel implements Kernel {
  readonly name: string;
  readonly dim: number;
  readonly size: number;
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly stationary = true;
  private readonly profile: RadialProfile;
  private readonly prior: LogScalePrior;

  constructor(options: StationaryArdOptions) {
    const d = options.dim;
    if (!(Number.isInteger(d) && d >= 1)) throw new RangeError(`StationaryArdKernel: dim must be a positive integer, got ${d}`);
    this.profile = options.profile;
    this.prior = options.lengthscalePrior;
    this.name = options.profile.name;
    this.dim = d;
    this.size = d;
    this.names = Array.from({ length: d }, (_, k) => `lengthscale[${k}]`);
    this.lower = new Float64Array(d).fill(Math.log(options.minLengthscale));
    this.upper = new Float64Array(d).fill(Math.log(options.maxLengthscale ?? 1e3));
  }

  initialTheta(): Float64Array {
    const t = this.prior.modeTheta();
    return this.clip(new Float64Array(this.dim).fill(t));
  }

  /**
   * Prior draws capped at e³ ≈ 20× the prior mode (for BoTorch's LogNormal(·, √3) that is the
   * median): far above it the data hardly inform ℓ, so such starts would spend a restart on a
   * flat, ill-conditioned region.
   */
  sampleTheta(rng: Rng): Float64Array {
    const cap = Math.min(this.upper[0], this.prior.modeTheta() + 3);
    const out = new Float64Array(this.dim);
    for (let k = 0; k < this.dim; k++) out[k] = Math.min(this.prior.sampleTheta(rng), cap);
    return this.clip(out);
  }

  logPrior(theta: Float64Array, grad?: Float64Array): number {
    let s = 0;
    for (let k = 0; k < this.dim; k++) {
      const p = this.prior.logDensity(theta[k]);
      s += p.value;
      if (grad) grad[k] += p.grad;
    }
    return s;
  }

  natural(theta: Float64Array): Record<string, number | number[]> {
    return { lengthscale: Array.from(theta.subarray(0, this.dim), Math.exp) };
  }

  /** K(X1, X2) = profile(r²) for every pair; symmetric fast path when X1 === X2. */
  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    const d = this.dim;
    this.checkCols(X1);
    this.checkCols(X2);
    const inv = this.inverseLengthscales(theta);
    const A = scaleRows(X1, inv);
    const out = zeros(X1.rows, X2.rows);
    const K = out.data;
    const f = this.profile;
    if (X1 === X2) {
      const n = X1.rows;
      for (let i = 0; i < n; i++) {
        K[i * n + i] = 1;
        const ai = i * d;
        for (let j = i + 1; j < n; j++) {
          const aj = j * d;
          let r2 = 0;
          for (let k = 0; k < d; k++) {
            const t = A[ai + k] - A[aj + k];
            r2 += t * t;
          }
          const v = f.value(r2);
          K[i * n + j] = v;
          K[j * n + i] = v;
        }
      }
      return out;
    }
    const B = scaleRows(X2, inv);
    const n2 = X2.rows;
    for (let i = 0; i < X1.rows; i++) {
      const ai = i * d;
      for (let j = 0; j < n2; j++) {
        const bj = j * d;
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const t = A[ai + k] - B[bj + k];
          r2 += t * t;
        }
        K[i * n2 + j] = f.value(r2);
      }
    }
    return out;
  }

  diag(_theta: Float64Array, X: Matrix): Float64Array {
    return new Float64Array(X.rows).fill(1);
  }

  /** out_k = Σ_ij W_ij k'(r²_ij)·(−2 Δ²_ijk/ℓ_k²), summing each unordered pair once with W_ij + W_ji. */
  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    const d = this.dim;
    const n = X.rows;
    this.checkCols(X);
    const A = scaleRows(X, this.inverseLengthscales(theta));
    const Wd = W.data;
    out.fill(0, 0, d);
    const acc = new Float64Array(d);
    const diff = new Float64Array(d);
    const f = this.profile;
    for (let i = 0; i < n; i++) {
      const ai = i * d;
      for (let j = i + 1; j < n; j++) {
        const aj = j * d;
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const t = A[ai + k] - A[aj + k];
          diff[k] = t * t;
          r2 += t * t;
        }
        const w = (Wd[i * n + j] + Wd[j * n + i]) * f.slope(r2);
        for (let k = 0; k < d; k++) acc[k] += w * diff[k];
      }
    }
    for (let k = 0; k < d; k++) out[k] = -2 * acc[k];
  }

  /** k_i = profile(r²_i), dk_ij = k'(r²_i)·2 (x_j − X_ij)/ℓ_j². */
  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    const d = this.dim;
    const n = X.rows;
    this.checkCols(X);
    const inv = this.inverseLengthscales(theta);
    const k = new Float64Array(n);
    const dk = zeros(n, d);
    const D = dk.data;
    const Xd = X.data;
    const diff = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      for (let c = 0; c < d; c++) {
        const t = (x[c] - Xd[i * d + c]) * inv[c];
        diff[c] = t;
        r2 += t * t;
      }
      const vs = this.profile.valueAndSlope(r2);
      k[i] = vs.value;
      for (let c = 0; c < d; c++) D[i * d + c] = 2 * vs.slope * diff[c] * inv[c];
    }
    return { k, dk };
  }

  diagGradient(_theta: Float64Array, _x: ArrayLike<number>): { value: number; grad: Float64Array } {
    return { value: 1, grad: new Float64Array(this.dim) };
  }

  private inverseLengthscales(theta: Float64Array): Float64Array {
    const inv = new Float64Array(this.dim);
    for (let k = 0; k < this.dim; k++) inv[k] = Math.exp(-theta[k]);
    return inv;
  }

  private clip(t: Float64Array): Float64Array {
    for (let k = 0; k < t.length; k++) t[k] = Math.min(this.upper[k], Math.max(this.lower[k], t[k]));
    return t;
  }

  private checkCols(X: Matrix): void {
    if (X.cols !== this.dim) throw new RangeError(`${this.name} kernel: X has ${X.cols} columns, expected ${this.dim}`);
  }
}

/** Row-major copy of X with column k multiplied by s_k (X: n×d). */
function scaleRows(X: Matrix, s: Float64Array): Float64Array {
  const d = X.cols;
  const out = new Float64Array(X.data.length);
  for (let i = 0; i < X.rows; i++) for (let k = 0; k < d; k++) out[i * d + k] = X.data[i * d + k] * s[k];
  return out;
}
