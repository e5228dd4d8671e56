/**
 * A kernel plus one explicit basis function with a Gaussian coefficient (Rasmussen & Williams
 * 2006, §2.7): f(x) = g(x) + β·φ(x), g ~ GP(0, k_base), β ~ N(0, s_β), so
 *   k(x, x') = k_base(x, x') + s_β·φ(x)·φ(x'),  θ = [θ_base..., ln s_β].
 * With φ a data-mixing law fitted on proxy runs (mixing-law.ts), the GP's mean follows the law
 * by the coefficient β the data support (the posterior of β), at every level alike; s_β is a
 * hyperparameter fitted by marginal likelihood, so a law that does not describe the data is
 * switched off by the data (s_β → its lower bound). φ: R^d → R with its x-gradient.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { Kernel } from '../gp/kernel.js';
import { logNormalPrior, type LogScalePrior } from '../gp/priors.js';

/** A basis function on encoded rows and its gradient. */
export interface BasisFunction {
  value(x: ArrayLike<number>): number;
  gradient(x: ArrayLike<number>): Float64Array;
}

/** Prior of s_β (standardized y: a law that explains the data has |β| ≈ 1). */
const BASIS_SCALE_PRIOR: LogScalePrior = logNormalPrior(0, 1.5);

/** k_base + s_β·φφᵀ (see the file comment). */
export class BasisKernel implements Kernel {
  readonly name: string;
  readonly dim: number;
  readonly size: number;
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly stationary = false;
  private readonly p: number;

  constructor(
    readonly base: Kernel,
    readonly basis: BasisFunction,
  ) {
    this.p = base.size;
    this.name = `basis(${base.name})`;
    this.dim = base.dim;
    this.size = base.size + 1;
    this.names = [...base.names, 'basisScale'];
    this.lower = Float64Array.of(...base.lower, Math.log(1e-4));
    this.upper = Float64Array.of(...base.upper, Math.log(1e2));
  }

  initialTheta(): Float64Array {
    return Float64Array.of(...this.base.initialTheta(), BASIS_SCALE_PRIOR.modeTheta());
  }

  sampleTheta(rng: Rng): Float64Array {
    const t = Float64Array.of(...this.base.sampleTheta(rng), BASIS_SCALE_PRIOR.sampleTheta(rng));
    t[this.p] = Math.min(this.upper[this.p], Math.max(this.lower[this.p], t[this.p]));
    return t;
  }

  logPrior(theta: Float64Array, grad?: Float64Array): number {
    const lp = BASIS_SCALE_PRIOR.logDensity(theta[this.p]);
    if (grad) grad[this.p] += lp.grad;
    return this.base.logPrior(theta.subarray(0, this.p), grad?.subarray(0, this.p)) + lp.value;
  }

  natural(theta: Float64Array): Record<string, number | number[]> {
    return { ...this.base.natural(theta.subarray(0, this.p)), basisScale: Math.exp(theta[this.p]) };
  }

  private phi(X: Matrix): Float64Array {
    return Float64Array.from({ length: X.rows }, (_, i) => this.basis.value(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  }

  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    const K = this.base.matrix(theta.subarray(0, this.p), X1, X2);
    const s = Math.exp(theta[this.p]);
    const a = this.phi(X1);
    const b = X2 === X1 ? a : this.phi(X2);
    for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) K.data[i * b.length + j] += s * a[i] * b[j];
    return K;
  }

  diag(theta: Float64Array, X: Matrix): Float64Array {
    const v = this.base.diag(theta.subarray(0, this.p), X);
    const s = Math.exp(theta[this.p]);
    const a = this.phi(X);
    for (let i = 0; i < v.length; i++) v[i] += s * a[i] * a[i];
    return v;
  }

  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    this.base.gramGradient(theta.subarray(0, this.p), X, W, out.subarray(0, this.p));
    // ∂K/∂ln s_β = s_β·φφᵀ, so Σ W_ij ∂K_ij = s_β·φᵀWφ.
    const a = this.phi(X);
    const n = a.length;
    let q = 0;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let j = 0; j < n; j++) r += W.data[i * n + j] * a[j];
      q += a[i] * r;
    }
    out[this.p] = Math.exp(theta[this.p]) * q;
  }

  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    const r = this.base.crossGradient(theta.subarray(0, this.p), x, X);
    const s = Math.exp(theta[this.p]);
    const fx = this.basis.value(x);
    const gx = this.basis.gradient(x);
    const a = this.phi(X);
    const d = X.cols;
    for (let i = 0; i < X.rows; i++) {
      r.k[i] += s * fx * a[i];
      for (let j = 0; j < d; j++) r.dk.data[i * d + j] += s * gx[j] * a[i];
    }
    return r;
  }

  diagGradient(theta: Float64Array, x: ArrayLike<number>): { value: number; grad: Float64Array } {
    const r = this.base.diagGradient(theta.subarray(0, this.p), x);
    const s = Math.exp(theta[this.p]);
    const fx = this.basis.value(x);
    const gx = this.basis.gradient(x);
    const grad = Float64Array.from(r.grad, (g, j) => g + 2 * s * fx * gx[j]);
    return { value: r.value + s * fx * fx, grad };
  }
}
