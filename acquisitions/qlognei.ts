import { type Matrix, vstack } from '../core/matrix.js';
import { createRng, deriveSeed } from '../core/rng.js';
import { isGaussian, type FittedSurrogate, type Posterior } from '../surrogates/types.js';
import { fatmax, logFatplus, logMeanExp, TAU_MAX, TAU_RELU } from './smooth.js';
import type { Acquisition, AcquisitionContext } from './types.js';

/** Options of qLogNEI; defaults follow BoTorch (τ0 = 1e-6, τ_max = 1e-2) with 128 MC samples. */
export interface QLogNeiOptions {
  /** Number of MC samples S (default 128). */
  readonly samples?: number;
  /** Seed of the fixed base samples (default 0): the same seed gives the same surface. */
  readonly seed?: number;
  readonly tauRelu?: number;
  readonly tauMax?: number;
  /** Keep only baseline points that are the best in at least one joint sample (default true; BoTorch prune_baseline). */
  readonly pruneBaseline?: boolean;
}

/** What qLogNEI needs besides the model: observed points (baseline) and running trials (pending). */
export interface QLogNeiContext {
  /** Observed points (n×d); f*_i is the max of sample i over these rows. */
  readonly baseline: Matrix;
  /** Running trials (p×d): part of the q joint batch, as BoTorch's X_pending. */
  readonly pending?: Matrix;
}

/** A qLogNEI surface prepared for one model and baseline: pruned baseline and cached base samples. */
export interface PreparedQLogNei {
  /** The baseline after pruning (rows of the original baseline). */
  readonly baseline: Matrix;
  /** qLogNEI of the joint batch [pending; batch] (batch: q×d); pending points count as batch members. */
  valueOfBatch(batch: Matrix): number;
  /** q = 1 values: qLogNEI of [pending; x] for every row x of X. */
  values(X: Matrix): Float64Array;
}

/** Batch-aware, noise-aware MC acquisition (Ament et al. 2023, BoTorch logei.py). */
export interface QLogNei extends Acquisition {
  readonly kind: 'qlognei';
  readonly samples: number;
  /** Fixed standard-normal base samples: S×m; column j is the same for every m (seeded per column). */
  baseSamples(m: number): Matrix;
  /** qLogNEI from joint draws Y (S×m): columns [0, nBaseline) are the baseline, the rest the batch. */
  valueFromSamples(Y: Matrix, nBaseline: number): number;
  /** Prune the baseline once and return the deterministic surface for this model. */
  prepare(model: FittedSurrogate, context: QLogNeiContext): PreparedQLogNei;
  /** One-shot qLogNEI of batch (q×d) with the baseline and pending points of context. */
  evaluateBatch(model: FittedSurrogate, batch: Matrix, context: QLogNeiContext): number;
}

/** Create qLogNEI: per sample i, f*_i = max over baseline of the joint draw; ℓ_ij = log fatplus_τ0(ξ_ij − f*_i); fatmax over j; logmeanexp over i. */
export function createQLogNei(options: QLogNeiOptions = {}): QLogNei {
  const S = options.samples ?? 128;
  const seed = options.seed ?? 0;
  const tau0 = options.tauRelu ?? TAU_RELU;
  const tauMax = options.tauMax ?? TAU_MAX;
  const prune = options.pruneBaseline ?? true;
  if (!(S >= 1 && Number.isInteger(S))) throw new RangeError(`qlognei: samples must be a positive integer, got ${S}`);
  const columns: Float64Array[] = [];

  function column(j: number): Float64Array {
    while (columns.length <= j) {
      const rng = createRng(deriveSeed(seed, columns.length));
      const c = new Float64Array(S);
      for (let i = 0; i < S; i++) c[i] = rng.normal();
      columns.push(c);
    }
    return columns[j];
  }

  function baseSamples(m: number): Matrix {
    const data = new Float64Array(S * m);
    for (let j = 0; j < m; j++) {
      const c = column(j);
      for (let i = 0; i < S; i++) data[i * m + j] = c[i];
    }
    return { rows: S, cols: m, data };
  }

  function draws(posterior: Posterior): Matrix {
    if (isGaussian(posterior)) return posterior.sampleFromBase(baseSamples(posterior.size));
    return posterior.sample(S, createRng(seed)); // deterministic for a deterministic sampler
  }

  function valueFromSamples(Y: Matrix, nBaseline: number, fallbackBest = -Infinity): number {
    const m = Y.cols;
    const q = m - nBaseline;
    if (q < 1) throw new RangeError('qlognei: empty batch');
    const perSample = new Float64Array(Y.rows);
    const l = new Float64Array(q);
    for (let i = 0; i < Y.rows; i++) {
      const off = i * m;
      let best = nBaseline > 0 ? -Infinity : fallbackBest;
      for (let k = 0; k < nBaseline; k++) if (Y.data[off + k] > best) best = Y.data[off + k];
      for (let j = 0; j < q; j++) l[j] = logFatplus(Y.data[off + nBaseline + j] - best, tau0);
      perSample[i] = fatmax(l, tauMax);
    }
    return logMeanExp(perSample);
  }

  function pruneBaseline(model: FittedSurrogate, baseline: Matrix): Matrix {
    if (!prune || baseline.rows <= 1) return baseline;
    const Y = draws(model.posterior(baseline));
    const keep = new Uint8Array(baseline.rows);
    for (let i = 0; i < Y.rows; i++) {
      let arg = 0;
      for (let k = 1; k < Y.cols; k++) if (Y.data[i * Y.cols + k] > Y.data[i * Y.cols + arg]) arg = k;
      keep[arg] = 1;
    }
    const rows: number[] = [];
    keep.forEach((v, k) => v && rows.push(k));
    const d = baseline.cols;
    const data = new Float64Array(rows.length * d);
    rows.forEach((k, r) => data.set(baseline.data.subarray(k * d, (k + 1) * d), r * d));
    return { rows: rows.length, cols: d, data };
  }

  function prepare(model: FittedSurrogate, context: QLogNeiContext): PreparedQLogNei {
    if (context.baseline.rows === 0) throw new RangeError('qlognei: the baseline (observed points) is empty');
    const baseline = pruneBaseline(model, context.baseline);
    const head = context.pending && context.pending.rows > 0 ? vstack(baseline, context.pending) : baseline;
    const valueOfBatch = (batch: Matrix): number => {
      const Y = draws(model.posterior(vstack(head, batch)));
      return valueFromSamples(Y, baseline.rows);
    };
    return {
      baseline,
      valueOfBatch,
      values(X: Matrix): Float64Array {
        const out = new Float64Array(X.rows);
        for (let r = 0; r < X.rows; r++) {
          out[r] = valueOfBatch({ rows: 1, cols: X.cols, data: X.data.subarray(r * X.cols, (r + 1) * X.cols) });
        }
        return out;
      },
    };
  }

  return {
    kind: 'qlognei',
    samples: S,
    baseSamples,
    valueFromSamples: (Y, nBaseline) => valueFromSamples(Y, nBaseline),
    prepare,
    evaluateBatch: (model, batch, context) => prepare(model, context).valueOfBatch(batch),
    /**
     * Acquisition seam (no baseline available): per row, MC LogEI against context.best,
     * log mean_i fatplus(μ + σ·z_i − f*), with z the fixed base column 0.
     */
    evaluate(posterior: Posterior, context: AcquisitionContext): Float64Array {
      const mu = posterior.mean();
      const v = posterior.variance();
      const z = column(0);
      const out = new Float64Array(posterior.size);
      const l = new Float64Array(S);
      for (let r = 0; r < out.length; r++) {
        const sd = Math.sqrt(Math.max(v[r], 0));
        for (let i = 0; i < S; i++) l[i] = logFatplus(mu[r] + sd * z[i] - context.best, tau0);
        out[r] = logMeanExp(l);
      }
      return out;
    },
  };
}
