import { zeros, type Matrix } from '../../core/matrix.js';
import { covarianceRoot, squareRoot } from '../../core/linalg/covariance-root.js';
import { matmulTransB } from '../../core/linalg/linalg.js';
import type { Rng } from '../../core/rng.js';
import type { GaussianPosterior } from '../types.js';

/** How a Gaussian posterior computes its second moments (lazily: most acquisitions need only some). */
export interface MvnMoments {
  readonly mean: Float64Array;
  /** Marginal variances (length m). */
  variance(): Float64Array;
  /** Joint covariance (m×m). */
  covariance(): Matrix;
}

/** Floor for variances: rounding can make k(x,x) − kᵀK⁻¹k slightly negative; never return NaN σ. */
export const MIN_VARIANCE = 1e-12;

/**
 * Multivariate normal posterior over m rows, in the caller's standardized units.
 * Draws are mean + L z with L the lower Cholesky factor of the covariance (jitter from 1e-10 on
 * failure, as near-duplicate rows make it singular; the pivoted root when jitter is not enough,
 * core/linalg/covariance-root.ts); L is computed once and cached.
 */
export class MvnPosterior implements GaussianPosterior {
  readonly kind = 'gaussian' as const;
  readonly size: number;
  private varianceCache?: Float64Array;
  private covarianceCache?: Matrix;
  private rootCache?: Matrix;

  constructor(private readonly moments: MvnMoments) {
    this.size = moments.mean.length;
  }

  mean(): Float64Array {
    return this.moments.mean.slice();
  }

  variance(): Float64Array {
    if (!this.varianceCache) {
      const v = this.covarianceCache ? diagonal(this.covarianceCache) : this.moments.variance();
      for (let i = 0; i < v.length; i++) if (!(v[i] >= MIN_VARIANCE)) v[i] = MIN_VARIANCE;
      this.varianceCache = v;
    }
    return this.varianceCache.slice();
  }

  covariance(): Matrix {
    if (!this.covarianceCache) this.covarianceCache = this.moments.covariance();
    const c = this.covarianceCache;
    return { rows: c.rows, cols: c.cols, data: c.data.slice() };
  }

  sample(count: number, rng: Rng): Matrix {
    const base = zeros(count, this.size);
    for (let i = 0; i < base.data.length; i++) base.data[i] = rng.normal();
    return this.sampleFromBase(base);
  }

  /** out = mean + Z Lᵀ for base Z (count×m): row s is one joint draw. */
  sampleFromBase(base: Matrix): Matrix {
    const m = this.size;
    if (base.cols !== m) throw new RangeError(`sampleFromBase: base has ${base.cols} columns, posterior has ${m} rows`);
    const out = matmulTransB(base, this.root());
    const mu = this.moments.mean;
    for (let s = 0; s < base.rows; s++) for (let i = 0; i < m; i++) out.data[s * m + i] += mu[i];
    return out;
  }

  private root(): Matrix {
    if (!this.rootCache) {
      if (!this.covarianceCache) this.covarianceCache = this.moments.covariance();
      this.rootCache = squareRoot(covarianceRoot(this.covarianceCache));
    }
    return this.rootCache;
  }
}

function diagonal(c: Matrix): Float64Array {
  const v = new Float64Array(c.rows);
  for (let i = 0; i < c.rows; i++) v[i] = c.data[i * c.cols + i];
  return v;
}
