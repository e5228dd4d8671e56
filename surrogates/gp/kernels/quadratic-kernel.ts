import { zeros, type Matrix } from '../../../core/matrix.js';
import type { Rng } from '../../../core/rng.js';
import type { Kernel } from '../kernel.js';
import { logNormalPrior, type LogScalePrior } from '../priors.js';

/** Hyperpriors of the quadratic trend (natural units; θ holds their logs). */
export interface QuadraticKernelOptions {
  readonly dim: number;
  /** Prior of σ_q² (default LogNormal(0, 1.5): median 1 = the standardized variance, mode ≈ 0.11). */
  readonly variancePrior?: LogScalePrior;
  /** Prior of the offset c (default LogNormal(0, 1)). */
  readonly offsetPrior?: LogScalePrior;
}

/** First start of σ_q²: moderate, so that a warm or cold fit can move it either way (near 0 its log-gradient vanishes). */
const INITIAL_VARIANCE = 0.1;
const INITIAL_OFFSET = 1;
const VARIANCE_BOUNDS = [1e-6, 1e3] as const;
const OFFSET_BOUNDS = [1e-3, 1e2] as const;

/**
 * Degree-2 polynomial kernel on centred, scaled inputs (a quadratic trend with a Gaussian prior on its
 * coefficients: universal kriging, Rasmussen & Williams 2006 §2.7):
 *   k_q(x, x') = σ_q² (c + s·u·u')²,  u = x − ½,  s = 12/d,
 * so under uniform inputs E[s·u·u] = 1 whatever d. Expanding, k_q = φ(x)·φ(x') with
 * φ = σ_q·[c, √(2cs)·u_i, s·u_i², √2·s·u_i u_j (i < j)]: every quadratic in x, cross terms
 * included (a rotated bowl needs them), so the Gram matrix has rank ≤ 1 + d + d(d+1)/2.
 * Non-stationary. θ = [ln σ_q², ln c].
 * With a = c + s·u·u': ∂k/∂ln σ_q² = k, ∂k/∂ln c = 2σ_q² c a, ∂k/∂x = 2σ_q² a s u'.
 */
export class QuadraticKernel implements Kernel {
  readonly name = 'quadratic';
  readonly dim: number;
  readonly size = 2;
  readonly names = ['trendVariance', 'trendOffset'] as const;
  readonly lower = Float64Array.of(Math.log(VARIANCE_BOUNDS[0]), Math.log(OFFSET_BOUNDS[0]));
  readonly upper = Float64Array.of(Math.log(VARIANCE_BOUNDS[1]), Math.log(OFFSET_BOUNDS[1]));
  readonly stationary = false;
  /** The parametric trend this kernel puts in the prior (Kernel.trend). */
  readonly trend = 'quadratic';
  private readonly s: number;
  private readonly variancePrior: LogScalePrior;
  private readonly offsetPrior: LogScalePrior;

  constructor(options: QuadraticKernelOptions) {
    const d = options.dim;
    if (!(Number.isInteger(d) && d >= 1)) throw new RangeError(`QuadraticKernel: dim must be a positive integer, got ${d}`);
    this.dim = d;
    this.s = 12 / d;
    this.variancePrior = options.variancePrior ?? logNormalPrior(0, 1.5);
    this.offsetPrior = options.offsetPrior ?? logNormalPrior(0, 1);
  }

  initialTheta(): Float64Array {
    return this.clip(Float64Array.of(Math.log(INITIAL_VARIANCE), Math.log(INITIAL_OFFSET)));
  }

  sampleTheta(rng: Rng): Float64Array {
    return this.clip(Float64Array.of(this.variancePrior.sampleTheta(rng), this.offsetPrior.sampleTheta(rng)));
  }

  logPrior(theta: Float64Array, grad?: Float64Array): number {
    const v = this.variancePrior.logDensity(theta[0]);
    const c = this.offsetPrior.logDensity(theta[1]);
    if (grad) {
      grad[0] += v.grad;
      grad[1] += c.grad;
    }
    return v.value + c.value;
  }

  natural(theta: Float64Array): Record<string, number | number[]> {
    return { trendVariance: Math.exp(theta[0]), trendOffset: Math.exp(theta[1]) };
  }

  /** K_ij = σ_q² (c + s·u_i·u'_j)². */
  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    const a = this.offsets(theta, X1, X2);
    const v = Math.exp(theta[0]);
    for (let i = 0; i < a.data.length; i++) a.data[i] = v * a.data[i] * a.data[i];
    return a;
  }

  diag(theta: Float64Array, X: Matrix): Float64Array {
    this.checkCols(X);
    const v = Math.exp(theta[0]);
    const c = Math.exp(theta[1]);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      const a = c + this.s * centredDot(X.data, i * this.dim, X.data, i * this.dim, this.dim);
      out[i] = v * a * a;
    }
    return out;
  }

  /** out = [Σ W_ij σ_q² a_ij², Σ W_ij 2σ_q² c a_ij]. */
  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    const a = this.offsets(theta, X, X).data;
    const v = Math.exp(theta[0]);
    const c = Math.exp(theta[1]);
    let s2 = 0;
    let s1 = 0;
    for (let i = 0; i < a.length; i++) {
      s2 += W.data[i] * a[i] * a[i];
      s1 += W.data[i] * a[i];
    }
    out[0] = v * s2;
    out[1] = 2 * v * c * s1;
  }

  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    const k = new Float64Array(X.rows);
    const dk = zeros(X.rows, this.dim);
    this.crossGradientInto(theta, x, X, k, dk.data, 1);
    return { k, dk };
  }

  /** k_i = σ_q² a_i², dk_ij = 2σ_q² a_i s (X_ij − ½), each times `scale` last. */
  crossGradientInto(theta: Float64Array, x: ArrayLike<number>, X: Matrix, k: Float64Array, dk: Float64Array, scale: number): void {
    this.checkCols(X);
    const d = this.dim;
    const v = Math.exp(theta[0]);
    const c = Math.exp(theta[1]);
    const u = new Float64Array(d);
    for (let j = 0; j < d; j++) u[j] = x[j] - 0.5;
    for (let i = 0, o = 0; i < X.rows; i++, o += d) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += u[j] * (X.data[o + j] - 0.5);
      const a = c + this.s * dot;
      const g = 2 * v * a * this.s;
      for (let j = 0; j < d; j++) dk[o + j] = g * (X.data[o + j] - 0.5) * scale;
      k[i] = v * a * a * scale;
    }
  }

  /** k(x, x) = σ_q² (c + s|u|²)², ∇ = 4σ_q² (c + s|u|²) s u. */
  diagGradient(theta: Float64Array, x: ArrayLike<number>): { value: number; grad: Float64Array } {
    const d = this.dim;
    const v = Math.exp(theta[0]);
    const c = Math.exp(theta[1]);
    let uu = 0;
    for (let j = 0; j < d; j++) uu += (x[j] - 0.5) * (x[j] - 0.5);
    const a = c + this.s * uu;
    const grad = new Float64Array(d);
    for (let j = 0; j < d; j++) grad[j] = 4 * v * a * this.s * (x[j] - 0.5);
    return { value: v * a * a, grad };
  }

  /** a_ij = c + s·u_i·u'_j for every pair (n1×n2). */
  private offsets(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    this.checkCols(X1);
    this.checkCols(X2);
    const d = this.dim;
    const c = Math.exp(theta[1]);
    const out = zeros(X1.rows, X2.rows);
    for (let i = 0; i < X1.rows; i++) {
      for (let j = 0; j < X2.rows; j++) out.data[i * X2.rows + j] = c + this.s * centredDot(X1.data, i * d, X2.data, j * d, d);
    }
    return out;
  }

  private checkCols(X: Matrix): void {
    if (X.cols !== this.dim) throw new RangeError(`quadratic kernel: X has ${X.cols} columns, expected ${this.dim}`);
  }

  private clip(t: Float64Array): Float64Array {
    for (let k = 0; k < t.length; k++) t[k] = Math.min(this.upper[k], Math.max(this.lower[k], t[k]));
    return t;
  }
}

/** (a_row − ½)·(b_row − ½) over d entries. */
function centredDot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += (a[ao + j] - 0.5) * (b[bo + j] - 0.5);
  return s;
}
