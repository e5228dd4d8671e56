/**
 * BarPosterior over m independent rows (surrogates/types.ts): bucket probabilities from the PFN's
 * logits (softmax in float64) and the closed forms of bar-distribution.ts. Rows are independent
 * (queries never attend to each other), so a "joint" draw is one independent draw per column.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { BarPosterior } from '../types.js';
import { logDot, softmaxRows, type BarDistribution } from './bar-distribution.js';

/** A bar posterior built from m×B logits. */
export class PfnBarPosterior implements BarPosterior {
  readonly kind = 'bar' as const;
  readonly size: number;
  readonly borders: Float64Array;
  private readonly probs: Float64Array;
  private readonly logProbs: Float64Array;

  constructor(
    /** The distribution in the surrogate's y units. */
    readonly dist: BarDistribution,
    logits: ArrayLike<number>,
    m: number,
  ) {
    this.size = m;
    this.borders = dist.borders.slice();
    const s = softmaxRows(logits, m, dist.size);
    this.probs = s.probs;
    this.logProbs = s.logProbs;
  }

  private row(i: number): Float64Array {
    const B = this.dist.size;
    return this.probs.subarray(i * B, (i + 1) * B);
  }

  private map(f: (p: Float64Array, i: number) => number): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = f(this.row(i), i);
    return out;
  }

  probabilities(): Matrix {
    return { rows: this.size, cols: this.dist.size, data: this.probs.slice() };
  }

  mean(): Float64Array {
    return this.map((p) => this.dist.mean(p));
  }

  variance(): Float64Array {
    return this.map((p) => this.dist.variance(p));
  }

  /** Per-row NLL of targets (one per row). */
  nll(y: ArrayLike<number>): Float64Array {
    return this.map((p, i) => this.dist.nll(p, y[i]));
  }

  /** count×m independent draws (no cross-row correlation: see the class comment). */
  sample(count: number, rng: Rng): Matrix {
    const m = this.size;
    const data = new Float64Array(count * m);
    for (let c = 0; c < count; c++) for (let i = 0; i < m; i++) data[c * m + i] = this.dist.sample(this.row(i), rng);
    return { rows: count, cols: m, data };
  }

  expectedImprovement(best: number): Float64Array {
    const e = this.dist.bucketEi(best);
    return this.map((p) => {
      let s = 0;
      for (let k = 0; k < e.length; k++) s += p[k] * e[k];
      return s;
    });
  }

  logExpectedImprovement(best: number): Float64Array {
    const le = this.dist.logBucketEi(best);
    const B = this.dist.size;
    return this.map((_, i) => logDot(this.logProbs, le, B, i * B));
  }

  probabilityOfImprovement(best: number): Float64Array {
    return this.logProbabilityOfImprovement(best).map((v) => Math.exp(v));
  }

  logProbabilityOfImprovement(best: number): Float64Array {
    const lp = this.dist.logBucketPi(best);
    const B = this.dist.size;
    return this.map((_, i) => logDot(this.logProbs, lp, B, i * B));
  }

  quantile(q: number): Float64Array {
    if (!(q > 0 && q < 1)) throw new RangeError(`quantile: q must be in (0, 1), got ${q}`);
    return this.map((p) => this.dist.quantile(p, q));
  }
}
