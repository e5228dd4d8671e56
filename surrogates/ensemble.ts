/**
 * The ensemble posterior (BoTorch's EnsemblePosterior): M equally weighted members, member s a
 * Gaussian N(μ_s(x), v_s(x)) at every row, independent across rows given the member (v_s = 0: a
 * function draw, e.g. one HMC network). Members are a batch dimension: acquisitions evaluate per
 * member and average in the acquisition's own space (acquisitions/ensemble-combine.ts), never on a
 * moment-matched Gaussian. mean()/variance() are the mixture's moments (law of total variance).
 */
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { Posterior } from './types.js';

/** An ensemble posterior over m rows with M members. */
export interface EnsemblePosterior extends Posterior {
  readonly kind: 'ensemble';
  /** Number of members M. */
  readonly members: number;
  /**
   * Member weights (length M, summing to 1) of a weighted mixture (surrogate 'auto' with combine
   * 'stack': surrogates/auto/stacked-posterior.ts); absent: the members are equally weighted.
   */
  readonly weights?: Float64Array;
  /** Per-member Student-t degrees of freedom (member s's marginal is t with memberDf[s] > 2 and variance v_s; Infinity: Gaussian); absent: all Gaussian. */
  readonly memberDf?: Float64Array;
  /** M×m member means μ_s(x_j). */
  memberMeans(): Matrix;
  /** M×m member variances v_s(x_j) ≥ 0 (0 for a function draw). */
  memberVariances(): Matrix;
  /**
   * Joint draws from fixed standard-normal base samples z (count×m): draw i uses member
   * s = ⌊i·M/count⌋, ξ_ij = μ_s(x_j) + √v_s(x_j)·z_ij, so members share the draws evenly (every
   * member count/M draws when count ≥ M; evenly spaced members when count < M) and MC
   * acquisitions are deterministic surfaces.
   */
  sampleFromBase(base: Matrix): Matrix;
}

/** Members' moments at one point with their x-gradients (FittedSurrogate.predictEnsembleWithGradient). */
export interface EnsemblePointPrediction {
  /** Length M. */
  readonly means: Float64Array;
  readonly variances: Float64Array;
  /** M×d: row s is ∂μ_s/∂x. */
  readonly dMeans: Matrix;
  /** M×d: row s is ∂v_s/∂x. */
  readonly dVariances: Matrix;
  /** As EnsemblePosterior.weights (absent: equal). */
  readonly weights?: Float64Array;
  /** As EnsemblePosterior.memberDf (absent: all Gaussian). */
  readonly memberDf?: Float64Array;
}

/** True for an ensemble posterior. */
export function isEnsemble(p: Posterior): p is EnsemblePosterior {
  return p.kind === 'ensemble';
}

/** An ensemble posterior from member means and variances (both M×m). */
export class GaussianEnsemblePosterior implements EnsemblePosterior {
  readonly kind = 'ensemble' as const;
  readonly size: number;
  readonly members: number;

  constructor(
    private readonly means: Matrix,
    private readonly variances: Matrix,
  ) {
    if (means.rows !== variances.rows || means.cols !== variances.cols) throw new RangeError('ensemble posterior: means and variances must have the same shape');
    if (means.rows < 1) throw new RangeError('ensemble posterior: at least one member');
    this.members = means.rows;
    this.size = means.cols;
  }

  memberMeans(): Matrix {
    return this.means;
  }

  memberVariances(): Matrix {
    return this.variances;
  }

  mean(): Float64Array {
    const { rows: M, cols: m, data } = this.means;
    const out = new Float64Array(m);
    for (let s = 0; s < M; s++) for (let j = 0; j < m; j++) out[j] += data[s * m + j] / M;
    return out;
  }

  /** Var = E_s[v_s] + Var_s[μ_s]. */
  variance(): Float64Array {
    const { rows: M, cols: m, data } = this.means;
    const mu = this.mean();
    const out = new Float64Array(m);
    for (let s = 0; s < M; s++) {
      for (let j = 0; j < m; j++) out[j] += (this.variances.data[s * m + j] + (data[s * m + j] - mu[j]) ** 2) / M;
    }
    return out;
  }

  sample(count: number, rng: Rng): Matrix {
    const m = this.size;
    const out = new Float64Array(count * m);
    for (let c = 0; c < count; c++) {
      const s = rng.int(this.members);
      for (let j = 0; j < m; j++) {
        const v = this.variances.data[s * m + j];
        out[c * m + j] = this.means.data[s * m + j] + (v > 0 ? Math.sqrt(v) * rng.normal() : 0);
      }
    }
    return { rows: count, cols: m, data: out };
  }

  sampleFromBase(base: Matrix): Matrix {
    const m = this.size;
    if (base.cols < m) throw new RangeError(`ensemble posterior: base samples have ${base.cols} columns, need ${m}`);
    const out = new Float64Array(base.rows * m);
    for (let i = 0; i < base.rows; i++) {
      const s = Math.floor((i * this.members) / base.rows);
      for (let j = 0; j < m; j++) {
        const v = this.variances.data[s * m + j];
        out[i * m + j] = this.means.data[s * m + j] + (v > 0 ? Math.sqrt(v) * base.data[i * base.cols + j] : 0);
      }
    }
    return { rows: base.rows, cols: m, data: out };
  }
}
