/**
 * The posterior of a weighted mixture of fitted models (surrogate 'auto' with combine 'stack'):
 * p(f | D) = Σ_k w_k p_k(f | D), as an ensemble posterior (surrogates/ensemble.ts) whose member k is
 * model k's marginal at each row, with `weights` and, for a Student-t model, its degrees of freedom
 * (`memberDf`): moment acquisitions evaluate each member in its own law and combine by weight
 * (acquisitions/ensemble-combine.ts). Unlike an HMC ensemble, a member here is a whole posterior
 * with correlated rows, so joint draws are drawn from each member's own joint law: draw i belongs
 * to member k on the k-th block of stratumSizes(w, count) rows (stratified by weight) and is that
 * member's joint draw on its base row (Student-t members: with χ²_ν fixed by `seed`).
 * mean()/variance() are the mixture's (law of total variance).
 */
import { choleskyWithJitter } from '../../core/linalg/linalg.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng, deriveSeed, type Rng } from '../../core/rng.js';
import { gamma } from '../../core/simplex.js';
import { stratumSizes } from '../../core/stratum-sizes.js';
import type { EnsemblePosterior } from '../ensemble.js';
import { isGaussian, isStudentT, type Posterior } from '../types.js';

/** Seed of the per-draw χ²_ν of Student-t members in sampleFromBase (fixed: the draws are a deterministic surface). */
const T_SCALE_SEED = 0x57ac;

export class StackedPosterior implements EnsemblePosterior {
  readonly kind = 'ensemble' as const;
  readonly size: number;
  readonly members: number;
  readonly memberDf: Float64Array;

  constructor(
    private readonly parts: readonly Posterior[],
    readonly weights: Float64Array,
  ) {
    if (parts.length !== weights.length || parts.length < 1) throw new RangeError('stacked posterior: one weight per member, at least one member');
    this.members = parts.length;
    this.size = parts[0].size;
    this.memberDf = Float64Array.from(parts, (p) => (isStudentT(p) ? p.df : Infinity));
  }

  private stackRows(f: (p: Posterior) => Float64Array): Matrix {
    const m = this.size;
    const data = new Float64Array(this.members * m);
    this.parts.forEach((p, k) => data.set(f(p), k * m));
    return { rows: this.members, cols: m, data };
  }

  memberMeans(): Matrix {
    return this.stackRows((p) => p.mean());
  }

  memberVariances(): Matrix {
    return this.stackRows((p) => p.variance());
  }

  mean(): Float64Array {
    const out = new Float64Array(this.size);
    this.parts.forEach((p, k) => p.mean().forEach((v, j) => (out[j] += this.weights[k] * v)));
    return out;
  }

  /** Σ_k w_k (v_k + μ_k²) − μ². */
  variance(): Float64Array {
    const mu = this.mean();
    const out = new Float64Array(this.size);
    this.parts.forEach((p, k) => {
      const m = p.mean();
      p.variance().forEach((v, j) => (out[j] += this.weights[k] * (v + (m[j] - mu[j]) ** 2)));
    });
    return out;
  }

  /** Exact mixture draws: each draw's member by its weight (rng), then that member's joint draw. */
  sample(count: number, rng: Rng): Matrix {
    const m = this.size;
    const member = Int32Array.from({ length: count }, () => {
      let u = rng.uniform();
      for (let k = 0; k < this.members - 1; k++) {
        if (u < this.weights[k]) return k;
        u -= this.weights[k];
      }
      return this.members - 1;
    });
    const out = new Float64Array(count * m);
    this.parts.forEach((p, k) => {
      const rows = [...member.keys()].filter((i) => member[i] === k);
      if (rows.length === 0) return;
      const z = { rows: rows.length, cols: m, data: Float64Array.from({ length: rows.length * m }, () => rng.normal()) };
      const draws = memberDraws(p, z, k, rng);
      rows.forEach((i, r) => out.set(draws.data.subarray(r * m, (r + 1) * m), i * m));
    });
    return { rows: count, cols: m, data: out };
  }

  sampleFromBase(base: Matrix): Matrix {
    const m = this.size;
    if (base.cols < m) throw new RangeError(`stacked posterior: base samples have ${base.cols} columns, need ${m}`);
    const sizes = stratumSizes(this.weights, base.rows);
    const out = new Float64Array(base.rows * m);
    let start = 0;
    this.parts.forEach((p, k) => {
      const rows = sizes[k];
      const sub = new Float64Array(rows * m);
      for (let i = 0; i < rows; i++) sub.set(base.data.subarray((start + i) * base.cols, (start + i) * base.cols + m), i * m);
      const z = { rows, cols: m, data: sub };
      out.set(memberDraws(p, z, k).data, start * m);
      start += rows;
    });
    return { rows: base.rows, cols: m, data: out };
  }
}

/** Member k's joint draws on base rows z: Gaussian via its own root; Student-t as μ + √((ν−2)/g)·(Gaussian draw − μ) with the t's covariance (g from scaleRng, else fixed by k). */
function memberDraws(p: Posterior, z: Matrix, k: number, scaleRng?: Rng): Matrix {
  if (isGaussian(p)) return p.sampleFromBase(z);
  if (isStudentT(p)) {
    const mu = p.mean();
    const cov = p.covariance();
    const gauss = gaussianFromCovariance(mu, cov, z);
    const rng = scaleRng ?? createRng(deriveSeed(T_SCALE_SEED, k));
    for (let i = 0; i < z.rows; i++) {
      const r = Math.sqrt((p.df - 2) / (2 * gamma(p.df / 2, rng)));
      for (let j = 0; j < z.cols; j++) gauss.data[i * z.cols + j] = mu[j] + r * (gauss.data[i * z.cols + j] - mu[j]);
    }
    return gauss;
  }
  throw new RangeError(`stacked posterior: a '${p.kind}' member has no joint draws from base samples`);
}

/** μ + L z for L the lower Cholesky root of cov (core/linalg, jitter from 1e-10 as qLogNEI's surface). */
function gaussianFromCovariance(mu: Float64Array, cov: Matrix, z: Matrix): Matrix {
  const m = mu.length;
  const { L } = choleskyWithJitter(cov, { initialJitter: 1e-10, maxTries: 6 });
  const out = new Float64Array(z.rows * m);
  for (let i = 0; i < z.rows; i++) {
    for (let j = 0; j < m; j++) {
      let v = mu[j];
      for (let c = 0; c <= j; c++) v += L.data[j * m + c] * z.data[i * m + c];
      out[i * m + j] = v;
    }
  }
  return { rows: z.rows, cols: m, data: out };
}
