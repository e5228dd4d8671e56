import type { Matrix } from '../../../core/matrix.js';
import type { Rng } from '../../../core/rng.js';
import type { Kernel } from '../kernel.js';

/**
 * k(x, x') = k_a(x, x') + k_b(x, x') (R&W 2006 §4.2.4: a sum of covariances is a covariance; with
 * k_b a degree-2 polynomial kernel it is the GP with a quadratic trend whose coefficients are
 * integrated out, §2.7). θ = [θ_a..., θ_b...]; every derivative is the sum of the parts'.
 */
export class SumKernel implements Kernel {
  readonly name: string;
  readonly dim: number;
  readonly size: number;
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly stationary: boolean;
  readonly trend?: string;
  private readonly p: number;

  constructor(
    readonly a: Kernel,
    readonly b: Kernel,
  ) {
    if (a.dim !== b.dim) throw new RangeError(`SumKernel: parts have dims ${a.dim} and ${b.dim}`);
    const clash = a.names.find((n) => b.names.includes(n));
    // natural() merges the parts' records: a shared name would hide one part in diagnostics.
    if (clash !== undefined) throw new RangeError(`SumKernel: both parts name a hyperparameter '${clash}'`);
    if (a.trend !== undefined && b.trend !== undefined) throw new RangeError('SumKernel: both parts carry a trend');
    this.p = a.size;
    this.name = `${a.name}+${b.name}`;
    this.dim = a.dim;
    this.size = a.size + b.size;
    this.names = [...a.names, ...b.names];
    this.lower = Float64Array.of(...a.lower, ...b.lower);
    this.upper = Float64Array.of(...a.upper, ...b.upper);
    this.stationary = a.stationary && b.stationary;
    const trend = a.trend ?? b.trend;
    if (trend !== undefined) this.trend = trend;
  }

  initialTheta(): Float64Array {
    return Float64Array.of(...this.a.initialTheta(), ...this.b.initialTheta());
  }

  sampleTheta(rng: Rng): Float64Array {
    const ta = this.a.sampleTheta(rng);
    return Float64Array.of(...ta, ...this.b.sampleTheta(rng));
  }

  logPrior(theta: Float64Array, grad?: Float64Array): number {
    const la = this.a.logPrior(this.thetaA(theta), grad?.subarray(0, this.p));
    return la + this.b.logPrior(this.thetaB(theta), grad?.subarray(this.p));
  }

  natural(theta: Float64Array): Record<string, number | number[]> {
    return { ...this.a.natural(this.thetaA(theta)), ...this.b.natural(this.thetaB(theta)) };
  }

  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    const K = this.a.matrix(this.thetaA(theta), X1, X2);
    addInPlace(K.data, this.b.matrix(this.thetaB(theta), X1, X2).data);
    return K;
  }

  diag(theta: Float64Array, X: Matrix): Float64Array {
    const v = this.a.diag(this.thetaA(theta), X);
    addInPlace(v, this.b.diag(this.thetaB(theta), X));
    return v;
  }

  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    this.a.gramGradient(this.thetaA(theta), X, W, out.subarray(0, this.p));
    this.b.gramGradient(this.thetaB(theta), X, W, out.subarray(this.p));
  }

  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    const ra = this.a.crossGradient(this.thetaA(theta), x, X);
    const rb = this.b.crossGradient(this.thetaB(theta), x, X);
    addInPlace(ra.k, rb.k);
    addInPlace(ra.dk.data, rb.dk.data);
    return ra;
  }

  /** The parts' sums times `scale` (Kernel.crossGradientInto); the second part goes through fresh arrays. */
  crossGradientInto(theta: Float64Array, x: ArrayLike<number>, X: Matrix, k: Float64Array, dk: Float64Array, scale: number): void {
    const ta = this.thetaA(theta);
    if (this.a.crossGradientInto) this.a.crossGradientInto(ta, x, X, k, dk, 1);
    else {
      const ra = this.a.crossGradient(ta, x, X);
      k.set(ra.k);
      dk.set(ra.dk.data);
    }
    const rb = this.b.crossGradient(this.thetaB(theta), x, X);
    for (let i = 0; i < k.length; i++) k[i] = (k[i] + rb.k[i]) * scale;
    for (let i = 0; i < dk.length; i++) dk[i] = (dk[i] + rb.dk.data[i]) * scale;
  }

  diagGradient(theta: Float64Array, x: ArrayLike<number>): { value: number; grad: Float64Array } {
    const ra = this.a.diagGradient(this.thetaA(theta), x);
    const rb = this.b.diagGradient(this.thetaB(theta), x);
    addInPlace(ra.grad, rb.grad);
    return { value: ra.value + rb.value, grad: ra.grad };
  }

  private thetaA(theta: Float64Array): Float64Array {
    return theta.subarray(0, this.p);
  }

  private thetaB(theta: Float64Array): Float64Array {
    return theta.subarray(this.p, this.size);
  }
}

function addInPlace(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}
