import { zeros, type Matrix } from '../../../core/matrix.js';
import type { Rng } from '../../../core/rng.js';
import type { Kernel } from '../kernel.js';
import type { LogScalePrior } from '../priors.js';
import type { RadialProfile } from './radial-profiles.js';
import { squaredDistancesRow } from './squared-distances.js';
import { nativeAddon } from '../../../core/linalg/linalg.js';

/** n·d from which crossGradientInto calls the addon (below, the N-API call costs more than it saves; same bits either way). */
const NATIVE_MIN_ENTRIES = 256;

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
    this.checkCols(X1);
    this.checkCols(X2);
    const inv = this.inverseLengthscales(theta);
    const A = scaleRows(X1, inv);
    const out = zeros(X1.rows, X2.rows);
    if (X1 === X2) {
      symmetricGram(A, out.data, X1.rows, this.dim, this.profile);
      return out;
    }
    crossGram(A, scaleRows(X2, inv), out.data, X1.rows, X2.rows, this.dim, this.profile);
    return out;
  }

  diag(_theta: Float64Array, X: Matrix): Float64Array {
    return new Float64Array(X.rows).fill(1);
  }

  /** out_k = Σ_ij W_ij k'(r²_ij)·(−2 Δ²_ijk/ℓ_k²), summing each unordered pair once as 2 W_ij (W symmetric). */
  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    this.checkCols(X);
    const d = this.dim;
    const { acc } = gramGradientSums(scaleRows(X, this.inverseLengthscales(theta)), W.data, X.rows, d, this.profile, false);
    for (let k = 0; k < d; k++) out[k] = -2 * acc[k];
  }

  /** gramGradient plus Σ_ij W_ij K_ij = Σ_i W_ii + Σ_{i<j} 2 W_ij k(r²_ij) (k(0) = 1), from the same pass. */
  gramGradientWithWeightedSum(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): number {
    this.checkCols(X);
    const d = this.dim;
    const { acc, weighted } = gramGradientSums(scaleRows(X, this.inverseLengthscales(theta)), W.data, X.rows, d, this.profile, true);
    for (let k = 0; k < d; k++) out[k] = -2 * acc[k];
    return weighted;
  }

  /** k_i = profile(r²_i), dk_ij = k'(r²_i)·2 (x_j − X_ij)/ℓ_j². */
  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    const k = new Float64Array(X.rows);
    const dk = zeros(X.rows, this.dim);
    this.crossGradientInto(theta, x, X, k, dk.data, 1);
    return { k, dk };
  }

  /** crossGradient into k and dk, times `scale` (ScaleKernel's outputscale; 1 is exact). */
  crossGradientInto(theta: Float64Array, x: ArrayLike<number>, X: Matrix, k: Float64Array, D: Float64Array, scale: number): void {
    const d = this.dim;
    const n = X.rows;
    this.checkCols(X);
    const inv = this.inverseLengthscales(theta);
    const slope = new Float64Array(n);
    const Xd = X.data;
    // The addon's loops do the same operations in the same order (native/linalg/linalg.c), faster.
    const xf = x instanceof Float64Array ? x : null;
    const native = xf && n * d >= NATIVE_MIN_ENTRIES ? nativeAddon() : null;
    if (xf && native?.crossSqdist && native.crossGradFill) {
      native.crossSqdist(xf, Xd, inv, k, n, d);
      this.profile.valueAndSlopeInPlace(k, slope, 0, n);
      native.crossGradFill(xf, Xd, inv, slope, scale, k, D, n, d);
      return;
    }
    // Same arithmetic as one profile call per row, in passes: the profile's row loop
    // (valueAndSlopeInPlace, the same formulas as valueAndSlope) keeps calls out of the pair loop.
    // Four rows at a time: independent sums (each in column order) overlap their additions.
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o0 = i * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      let r0 = 0;
      let r1 = 0;
      let r2 = 0;
      let r3 = 0;
      for (let c = 0; c < d; c++) {
        const xc = x[c];
        const ic = inv[c];
        const t0 = (xc - Xd[o0 + c]) * ic;
        const t1 = (xc - Xd[o1 + c]) * ic;
        const t2 = (xc - Xd[o2 + c]) * ic;
        const t3 = (xc - Xd[o3 + c]) * ic;
        r0 += t0 * t0;
        r1 += t1 * t1;
        r2 += t2 * t2;
        r3 += t3 * t3;
      }
      k[i] = r0;
      k[i + 1] = r1;
      k[i + 2] = r2;
      k[i + 3] = r3;
    }
    for (let o = i * d; i < n; i++, o += d) {
      let r2 = 0;
      for (let c = 0; c < d; c++) {
        const t = (x[c] - Xd[o + c]) * inv[c];
        r2 += t * t;
      }
      k[i] = r2;
    }
    this.profile.valueAndSlopeInPlace(k, slope, 0, n);
    for (let i = 0, o = 0; i < n; i++, o += d) {
      const g = 2 * slope[i];
      for (let c = 0; c < d; c++) D[o + c] = g * ((x[c] - Xd[o + c]) * inv[c]) * inv[c] * scale;
      k[i] *= scale;
    }
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

// Hot loops: squared distances for a whole row first, then one profile call per row (the
// profile's own tight loop), so no function call sits inside the pair loop (measured 3× faster
// at n = 2000 than calling the profile per pair).

/** K (n×n) = profile(‖a_i − a_j‖²) for the scaled rows A (n×d): upper triangle, then mirrored. */
function symmetricGram(A: Float64Array, K: Float64Array, n: number, d: number, f: RadialProfile): void {
  // Upper triangle row by row (contiguous writes), then a tiled mirror: writing the lower
  // triangle column-wise in the same pass thrashes the cache for n in the thousands.
  for (let i = 0; i < n; i++) {
    const row = i * n;
    squaredDistancesRow(A, i * d, A, i + 1, n, d, K, row + i + 1);
    f.valueInPlace(K, row + i + 1, row + n);
    K[row + i] = 1;
  }
  mirrorUpper(K, n);
}

/** K (n1×n2) = profile(‖a_i − b_j‖²) for scaled rows A (n1×d), B (n2×d). */
function crossGram(A: Float64Array, B: Float64Array, K: Float64Array, n1: number, n2: number, d: number, f: RadialProfile): void {
  for (let i = 0; i < n1; i++) {
    const row = i * n2;
    squaredDistancesRow(A, i * d, B, 0, n2, d, K, row);
    f.valueInPlace(K, row, row + n2);
  }
}

/**
 * acc_k = Σ_{i<j} 2 W_ij k'(r²_ij) Δ²_ijk over scaled rows A (n×d); with `withSum` also
 * weighted = Σ_ij W_ij k(r²_ij) (W symmetric, k(0) = 1), the values sharing the slopes' exponentials.
 */
function gramGradientSums(A: Float64Array, W: Float64Array, n: number, d: number, f: RadialProfile, withSum: boolean): { acc: Float64Array; weighted: number } {
  const acc = new Float64Array(d);
  const g = new Float64Array(n); // slopes k'(r²_ij) of row i
  const v = withSum ? new Float64Array(n) : g; // values k(r²_ij) of row i
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    squaredDistancesRow(A, i * d, A, i + 1, n, d, v, i + 1);
    if (withSum) f.valueAndSlopeInPlace(v, g, i + 1, n);
    else f.slopeInPlace(g, i + 1, n);
    const row = i * n;
    if (withSum) {
      let s = 0;
      for (let j = i + 1; j < n; j++) s += W[row + j] * v[j];
      weighted += 2 * s + W[row + i];
    }
    for (let j = i + 1; j < n; j++) g[j] = 2 * W[row + j] * g[j];
    accumulatePairTerms(A, g, acc, i, n, d);
  }
  return { acc, weighted };
}

/**
 * acc_k += Σ_{j>i} w_j (a_ik − a_jk)² for row i, each acc_k summed in increasing j exactly as the
 * loop `for j: for k: acc[k] += w_j·t·t` sums it (bit-identical), but with four partial sums held
 * in locals across j instead of a load and store of acc[k] per term.
 */
function accumulatePairTerms(A: Float64Array, w: Float64Array, acc: Float64Array, i: number, n: number, d: number): void {
  const ai = i * d;
  let k = 0;
  for (; k + 4 <= d; k += 4) {
    const x0 = A[ai + k];
    const x1 = A[ai + k + 1];
    const x2 = A[ai + k + 2];
    const x3 = A[ai + k + 3];
    let s0 = acc[k];
    let s1 = acc[k + 1];
    let s2 = acc[k + 2];
    let s3 = acc[k + 3];
    for (let j = i + 1, o = (i + 1) * d + k; j < n; j++, o += d) {
      const wj = w[j];
      const t0 = x0 - A[o];
      const t1 = x1 - A[o + 1];
      const t2 = x2 - A[o + 2];
      const t3 = x3 - A[o + 3];
      s0 += wj * t0 * t0;
      s1 += wj * t1 * t1;
      s2 += wj * t2 * t2;
      s3 += wj * t3 * t3;
    }
    acc[k] = s0;
    acc[k + 1] = s1;
    acc[k + 2] = s2;
    acc[k + 3] = s3;
  }
  for (; k < d; k++) {
    const x0 = A[ai + k];
    let s0 = acc[k];
    for (let j = i + 1, o = (i + 1) * d + k; j < n; j++, o += d) {
      const t0 = x0 - A[o];
      s0 += w[j] * t0 * t0;
    }
    acc[k] = s0;
  }
}

/** Copy the strict upper triangle of the n×n row-major K to the lower one, in cache-sized tiles. */
function mirrorUpper(K: Float64Array, n: number): void {
  const T = 64;
  for (let bi = 0; bi < n; bi += T) {
    for (let bj = bi; bj < n; bj += T) {
      const iEnd = Math.min(bi + T, n);
      const jEnd = Math.min(bj + T, n);
      for (let i = bi; i < iEnd; i++) {
        for (let j = Math.max(bj, i + 1); j < jEnd; j++) K[j * n + i] = K[i * n + j];
      }
    }
  }
}

/** Row-major copy of X with column k multiplied by s_k (X: n×d). */
function scaleRows(X: Matrix, s: Float64Array): Float64Array {
  const d = X.cols;
  const out = new Float64Array(X.data.length);
  for (let i = 0; i < X.rows; i++) for (let k = 0; k < d; k++) out[i * d + k] = X.data[i * d + k] * s[k];
  return out;
}
