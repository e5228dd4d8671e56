import type { Matrix } from '../../../core/matrix.js';
import type { Rng } from '../../../core/rng.js';
import type { Kernel } from '../kernel.js';
import type { LogScalePrior } from '../priors.js';

/** Options of an outputscale wrapper; bounds are on the natural outputscale. */
export interface ScaleKernelOptions {
  readonly outputscalePrior: LogScalePrior;
  readonly minOutputscale?: number;
  readonly maxOutputscale?: number;
  /** First start of the outputscale (default: the prior mode). */
  readonly initialOutputscale?: number;
}

/**
 * k(x, x') = s · k_base(x, x') (GPyTorch ScaleKernel). θ = [θ_base..., ln s].
 * ∂K/∂θ_base = s ∂K_base/∂θ_base; ∂K/∂ln s = K.
 */
export class ScaleKernel implements Kernel {
  readonly name: string;
  readonly dim: number;
  readonly size: number;
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly stationary: boolean;
  readonly trend?: string;
  private readonly p: number;
  /** Present when the base kernel has it (Kernel.crossGradientInto): the outputscale is passed down as its scale. */
  readonly crossGradientInto?: (theta: Float64Array, x: ArrayLike<number>, X: Matrix, k: Float64Array, dk: Float64Array, scale: number) => void;

  constructor(
    readonly base: Kernel,
    private readonly options: ScaleKernelOptions,
  ) {
    this.p = base.size;
    this.name = `scale(${base.name})`;
    this.dim = base.dim;
    this.size = base.size + 1;
    this.names = [...base.names, 'outputscale'];
    this.stationary = base.stationary;
    if (base.trend !== undefined) this.trend = base.trend;
    this.lower = Float64Array.of(...base.lower, Math.log(options.minOutputscale ?? 1e-3));
    this.upper = Float64Array.of(...base.upper, Math.log(options.maxOutputscale ?? 1e3));
    // Not through a nested ScaleKernel: s_outer·s_inner would round differently from scaling twice.
    const into = base instanceof ScaleKernel ? undefined : base.crossGradientInto?.bind(base);
    if (into) this.crossGradientInto = (theta, x, X, k, dk, scale) => into(theta.subarray(0, this.p), x, X, k, dk, scale * Math.exp(theta[this.p]));
  }

  initialTheta(): Float64Array {
    const t = new Float64Array(this.size);
    t.set(this.base.initialTheta());
    const s0 = this.options.initialOutputscale;
    t[this.p] = this.clipS(s0 !== undefined ? Math.log(s0) : this.options.outputscalePrior.modeTheta());
    return t;
  }

  sampleTheta(rng: Rng): Float64Array {
    const t = new Float64Array(this.size);
    t.set(this.base.sampleTheta(rng));
    t[this.p] = this.clipS(this.options.outputscalePrior.sampleTheta(rng));
    return t;
  }

  logPrior(theta: Float64Array, grad?: Float64Array): number {
    const lp = this.options.outputscalePrior.logDensity(theta[this.p]);
    if (grad) grad[this.p] += lp.grad;
    return this.base.logPrior(theta.subarray(0, this.p), grad?.subarray(0, this.p)) + lp.value;
  }

  natural(theta: Float64Array): Record<string, number | number[]> {
    return { ...this.base.natural(theta.subarray(0, this.p)), outputscale: Math.exp(theta[this.p]) };
  }

  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    const K = this.base.matrix(theta.subarray(0, this.p), X1, X2);
    scaleInPlace(K.data, Math.exp(theta[this.p]));
    return K;
  }

  diag(theta: Float64Array, X: Matrix): Float64Array {
    const v = this.base.diag(theta.subarray(0, this.p), X);
    scaleInPlace(v, Math.exp(theta[this.p]));
    return v;
  }

  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    const tb = theta.subarray(0, this.p);
    const s = Math.exp(theta[this.p]);
    const ob = out.subarray(0, this.p);
    let acc = 0; // Σ_ij W_ij K_base,ij, since ∂K/∂ln s = s·K_base
    if (this.base.gramGradientWithWeightedSum) acc = this.base.gramGradientWithWeightedSum(tb, X, W, ob);
    else {
      this.base.gramGradient(tb, X, W, ob);
      const Kb = this.base.matrix(tb, X, X).data;
      for (let i = 0; i < Kb.length; i++) acc += W.data[i] * Kb[i];
    }
    scaleInPlace(ob, s);
    out[this.p] = s * acc;
  }

  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    if (this.crossGradientInto) {
      const k = new Float64Array(X.rows);
      const dk = { rows: X.rows, cols: this.dim, data: new Float64Array(X.rows * this.dim) };
      this.crossGradientInto(theta, x, X, k, dk.data, 1);
      return { k, dk };
    }
    const r = this.base.crossGradient(theta.subarray(0, this.p), x, X);
    const s = Math.exp(theta[this.p]);
    scaleInPlace(r.k, s);
    scaleInPlace(r.dk.data, s);
    return r;
  }

  diagGradient(theta: Float64Array, x: ArrayLike<number>): { value: number; grad: Float64Array } {
    const r = this.base.diagGradient(theta.subarray(0, this.p), x);
    const s = Math.exp(theta[this.p]);
    scaleInPlace(r.grad, s);
    return { value: s * r.value, grad: r.grad };
  }

  private clipS(t: number): number {
    return Math.min(this.upper[this.p], Math.max(this.lower[this.p], t));
  }
}

function scaleInPlace(a: Float64Array, s: number): void {
  for (let i = 0; i < a.length; i++) a[i] *= s;
}
