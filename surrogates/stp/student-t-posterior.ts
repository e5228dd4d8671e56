/**
 * Multivariate Student-t posterior MVT_ν(μ, s·Σ̃) (seed-specs.md §6): the Gaussian posterior of the
 * unit-scale kernel (mean μ, covariance Σ̃) with its covariance scaled by s and heavier tails.
 * Marginal variance ν/(ν−2)·s·Σ̃_jj. A joint draw is μ + √(s·ν/g)·(draw of N(0, Σ̃)), g ~ χ²_ν
 * (one g per joint draw: that shared scale is what makes the process Student-t, not independent t's).
 */
import { zeros, type Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { sampleGamma } from '../gp/priors.js';
import type { GaussianPosterior, StudentTPosterior } from '../types.js';

/** The 'stp' surrogate's posterior: a unit-scale Gaussian posterior, ν and s. */
export class MvtPosterior implements StudentTPosterior {
  readonly kind = 'student-t' as const;
  readonly size: number;

  constructor(
    private readonly unit: GaussianPosterior,
    /** Degrees of freedom ν = 2α + n. */
    readonly df: number,
    /** Scale factor s = (2β + yᵀK̃_y⁻¹y)/(2α + n). */
    readonly scaleFactor: number,
  ) {
    this.size = unit.size;
  }

  mean(): Float64Array {
    return this.unit.mean();
  }

  /** Squared scale of each marginal t (not its variance): s·Σ̃_jj. */
  scale2(): Float64Array {
    const v = this.unit.variance();
    for (let j = 0; j < v.length; j++) v[j] *= this.scaleFactor;
    return v;
  }

  /** The t's covariance ν/(ν−2)·s·Σ̃ (StudentTPosterior); needs ν > 2. */
  covariance(): Matrix {
    if (!(this.df > 2)) throw new RangeError(`student-t posterior: covariance needs ν > 2, got ${this.df}`);
    const c = this.unit.covariance();
    const f = (this.df / (this.df - 2)) * this.scaleFactor;
    const data = Float64Array.from(c.data, (v) => v * f);
    return { rows: c.rows, cols: c.cols, data };
  }

  variance(): Float64Array {
    const v = this.scale2();
    const f = this.df > 2 ? this.df / (this.df - 2) : Number.POSITIVE_INFINITY;
    for (let j = 0; j < v.length; j++) v[j] *= f;
    return v;
  }

  sample(count: number, rng: Rng): Matrix {
    const base = zeros(count, this.size);
    for (let i = 0; i < base.data.length; i++) base.data[i] = rng.normal();
    const chi2 = new Float64Array(count);
    for (let c = 0; c < count; c++) chi2[c] = 2 * sampleGamma(this.df / 2, rng);
    return this.sampleFromBase(base, chi2);
  }

  /** Draws from fixed base samples: standard normals (count×m) and one χ²_ν value per draw. */
  sampleFromBase(base: Matrix, chi2: Float64Array): Matrix {
    const g = this.unit.sampleFromBase(base);
    const mu = this.unit.mean();
    const m = this.size;
    for (let c = 0; c < base.rows; c++) {
      const f = Math.sqrt((this.scaleFactor * this.df) / chi2[c]);
      for (let j = 0; j < m; j++) g.data[c * m + j] = mu[j] + f * (g.data[c * m + j] - mu[j]);
    }
    return g;
  }
}
