import { addJointRootGradient } from './joint-root-gradient.js';
import { addProductInOrder } from '../core/accumulate-product.js';
import { atPivotRows, covarianceRoot, pivotRowsOf, squareRoot } from '../core/linalg/covariance-root.js';
import { solveLower } from '../core/linalg/linalg.js';
import { type Matrix, vstack } from '../core/matrix.js';
import { createRng, deriveSeed } from '../core/rng.js';
import { capabilitiesOf, isEnsemble, isGaussian, isStudentT, type CrossPredictor, type FittedSurrogate, type Posterior, type StudentTPosterior } from '../surrogates/types.js';
import { gamma } from '../core/simplex.js';
import { fatmax, fatmaxWithGradient, logFatplus, logFatplusWithDerivative, logMeanExp, TAU_MAX, TAU_RELU } from './smooth.js';
import { prunedBaselineRows, selectRows } from './prune-baseline.js';
import { ensemblePointSurface } from './qlognei-ensemble.js';
import { prepareStackedQLogNei } from './qlognei-stack.js';
import type { Acquisition, AcquisitionContext } from './types.js';

/** Options of qLogNEI; defaults follow BoTorch (τ0 = 1e-6, τ_max = 1e-2) with 128 MC samples. */
export interface QLogNeiOptions {
  /** Number of MC samples S (default 128). */
  readonly samples?: number;
  /** Seed of the fixed base samples (default 0): the same seed gives the same surface. */
  readonly seed?: number;
  readonly tauRelu?: number;
  readonly tauMax?: number;
  /** Keep only baseline points that are the best in at least one joint sample (default true; BoTorch prune_baseline; marginal screen first, see prune-baseline.ts). */
  readonly pruneBaseline?: boolean;
  /**
   * A Student-t posterior with a crossPredictor gets the analytic surface: draw i is the Gaussian
   * draw on base samples scaled by r_i = √((ν−2)/g_i), g_i ~ χ²_ν fixed by the seed (a t draw
   * μ + r_i·L_Σ z_i with Σ the t's covariance). Off by default, so a plain 'stp' study with qlognei
   * keeps its stored traces; surrogate 'auto' with combine 'stack' turns it on for its t members.
   */
  readonly studentTJoint?: boolean;
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
  /**
   * q = 1 value at x with its analytic x-gradient (written into grad); present when the model
   * declares a crossPredictor capability (exact GPs) or predictEnsembleWithGradient (ensemble posteriors,
   * qlognei-ensemble.ts). Same fixed-base-sample surface as values().
   */
  valueAndGradient?(x: Float64Array, grad: Float64Array): number;
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
  const studentTJoint = options.studentTJoint ?? false;
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

  /** χ²_ν per draw for studentTJoint (fixed by the seed and ν, so every surface of this acquisition shares them). */
  const chiSquares = (df: number): Float64Array => {
    const rng = createRng(deriveSeed(seed, 0x5747, Math.round(df * 1e6)));
    return Float64Array.from({ length: S }, () => 2 * gamma(df / 2, rng));
  };

  /** Joint t draws μ + r_i·L_Σ z_i on the fixed base samples (the surface's draws; Σ the t's covariance). */
  function studentTDraws(posterior: StudentTPosterior): Matrix {
    const m = posterior.size;
    const root = covarianceRoot(posterior.covariance());
    const L = squareRoot(root);
    const Z = baseSamples(m);
    const chi2 = chiSquares(posterior.df);
    const mu = posterior.mean();
    const out = new Float64Array(S * m);
    for (let i = 0; i < S; i++) {
      const r = Math.sqrt((posterior.df - 2) / chi2[i]);
      for (let j = 0; j < m; j++) {
        let v = 0;
        const last = root.pivoted ? m - 1 : j;
        for (let k = 0; k <= last; k++) v += L.data[j * m + k] * Z.data[i * m + k];
        out[i * m + j] = mu[j] + r * v;
      }
    }
    return { rows: S, cols: m, data: out };
  }

  function draws(posterior: Posterior): Matrix {
    // Ensembles: joint draws per member (surrogates/ensemble.ts: members share the S draws evenly) on the same fixed base samples.
    if (isGaussian(posterior) || isEnsemble(posterior)) return posterior.sampleFromBase(baseSamples(posterior.size));
    if (studentTJoint && isStudentT(posterior)) return studentTDraws(posterior);
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
    return selectRows(baseline, prunedBaselineRows(model, baseline, draws));
  }

  function prepare(model: FittedSurrogate, context: QLogNeiContext): PreparedQLogNei {
    if (context.baseline.rows === 0) throw new RangeError('qlognei: the baseline (observed points) is empty');
    // A weighted mixture (surrogate 'auto', combine 'stack'): each member on its weight's share of the draws (qlognei-stack.ts).
    const stack = capabilitiesOf(model).stack;
    if (stack) return prepareStackedQLogNei(stack, context, S, (k, samples) => createQLogNei({ ...options, samples, studentTJoint: true }).prepare(stack.members[k], context));
    const baseline = pruneBaseline(model, context.baseline);
    const head = context.pending && context.pending.rows > 0 ? vstack(baseline, context.pending) : baseline;
    const valueOfBatch = (batch: Matrix): number => {
      const Y = draws(model.posterior(vstack(head, batch)));
      return valueFromSamples(Y, baseline.rows);
    };
    const headPosterior = model.posterior(head);
    if (model.predictEnsembleWithGradient && isEnsemble(headPosterior)) {
      const surface = ensemblePointSurface(model, headPosterior, baseline.rows, { baseSamples, tau0, tauMax });
      return { baseline, valueOfBatch, values: surface.values, valueAndGradient: surface.valueAndGradient };
    }
    const cross = capabilitiesOf(model).crossPredictor;
    if (studentTJoint && cross && isStudentT(headPosterior)) {
      const scales = Float64Array.from(chiSquares(headPosterior.df), (g) => Math.sqrt((headPosterior.df - 2) / g));
      const point = pointSurface(cross, head, headPosterior.mean(), headPosterior.covariance(), baseline.rows, scales);
      return { baseline, valueOfBatch, values: point.values, valueAndGradient: point.valueAndGradient };
    }
    if (cross && isGaussian(headPosterior)) {
      const point = pointSurface(cross, head, headPosterior.mean(), headPosterior.covariance(), baseline.rows);
      return {
        baseline,
        valueOfBatch,
        values: point.values,
        valueAndGradient: point.valueAndGradient,
      };
    }
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

  /**
   * q = 1 surface of [head; x] with head = [baseline; pending] fixed. The joint root is
   * [[L_H, 0], [lᵀ, l_x]] with L_H = chol(Σ_HH) (as MvnPosterior: jitter from 1e-10 on failure),
   * l = L_H⁻¹ c(x), l_x = √(Σ_xx + jitter − lᵀl); so the head's draws (and f*_i) do not depend on x
   * and sample i at x is ξ_i = μ(x) + lᵀ z_iH + l_x z_ix with the same base columns as draws().
   * Gradient (fixed base samples): ∇ξ_i = ∇μ + (L_H⁻¹∇c)ᵀ z_iH + ∇l_x z_ix,
   * ∇l_x = (∇Σ_xx − 2 (L_H⁻¹∇c)ᵀ l)/(2 l_x), chained through logmeanexp, fatmax and log fatplus.
   * `scales` (a Student-t posterior, studentTJoint): row i of the base samples times r_i, so every
   * formula above holds with z_i replaced by r_i·z_i.
   */
  function pointSurface(crossPredictor: (H: Matrix) => CrossPredictor, head: Matrix, muH: Float64Array, covH: Matrix, nBaseline: number, scales?: Float64Array) {
    const h = head.rows;
    // L: the root's triangular block at its pivot rows (all rows unless Σ_HH needed the pivoted root, covariance-root.ts).
    const root = covarianceRoot(covH);
    const { full, block: L, pivots, jitter } = root;
    const r = pivots.length;
    const atPivots = (c: Float64Array): Float64Array => atPivotRows(root, c);
    const Z = baseSamples(h + 1); // S×(h+1): columns 0..h−1 the head, h the new point
    if (scales) for (let i = 0; i < S; i++) for (let j = 0; j <= h; j++) Z.data[i * (h + 1) + j] *= scales[i];
    const predict = crossPredictor(head);
    const nPend = h - nBaseline;
    // Head draws, f*_i and the pending points' log-improvements: fixed for the surface.
    const best = new Float64Array(S).fill(-Infinity);
    const pendL = new Float64Array(S * nPend);
    // zH[i·r + t]: sample i's base sample of root column t (pivot row t's column; row t's when not pivoted).
    const zH = new Float64Array(S * r);
    const zx = new Float64Array(S);
    for (let i = 0; i < S; i++) {
      for (let t = 0; t < r; t++) zH[i * r + t] = Z.data[i * (h + 1) + pivots[t]];
      zx[i] = Z.data[i * (h + 1) + h];
      const yi = new Float64Array(h);
      for (let j = 0; j < h; j++) {
        let v = muH[j];
        const last = root.pivoted ? r - 1 : j;
        for (let k = 0; k <= last; k++) v += full.data[j * r + k] * zH[i * r + k];
        yi[j] = v;
      }
      for (let j = 0; j < nBaseline; j++) if (yi[j] > best[i]) best[i] = yi[j];
      for (let j = 0; j < nPend; j++) pendL[i * nPend + j] = logFatplus(yi[nBaseline + j] - best[i], tau0);
    }
    const a = new Float64Array(S);
    const w = new Float64Array(S); // ∂a_i/∂ξ_i
    const lvec = new Float64Array(nPend + 1);
    const lgrad = new Float64Array(nPend + 1);
    const dEll = new Float64Array(1);
    const gs = new Float64Array(S);
    /** Value from x's mean, variance and l = L_H⁻¹ c(x); fills w when asked. */
    const xs = new Float64Array(S);
    const fromMoments = (mean: number, lx: number, l: Float64Array, wantW: boolean): number => {
      sampleValues(mean, lx, l, zx, zH, S, r, xs);
      for (let i = 0; i < S; i++) {
        const xi = xs[i];
        const ell = wantW ? logFatplusWithDerivative(xi - best[i], tau0, dEll) : logFatplus(xi - best[i], tau0);
        if (nPend === 0) {
          a[i] = ell;
          if (wantW) w[i] = dEll[0];
        } else {
          for (let j = 0; j < nPend; j++) lvec[j] = pendL[i * nPend + j];
          lvec[nPend] = ell;
          a[i] = fatmaxWithGradient(lvec, lgrad, tauMax);
          if (wantW) w[i] = lgrad[nPend] * dEll[0];
        }
      }
      return logMeanExp(a);
    };
    const rootOf = (variance: number, l: Float64Array): { s2: number; lx: number } => {
      let ll = 0;
      for (let t = 0; t < r; t++) ll += l[t] * l[t];
      const s2 = variance + jitter - ll;
      return { s2, lx: Math.sqrt(Math.max(s2, 1e-18)) };
    };
    return {
      values(X: Matrix): Float64Array {
        const out = new Float64Array(X.rows);
        for (let s0 = 0; s0 < X.rows; s0 += 256) {
          const e = Math.min(X.rows, s0 + 256);
          const part = predict.batch({ rows: e - s0, cols: X.cols, data: X.data.subarray(s0 * X.cols, e * X.cols) });
          for (let k = 0; k < e - s0; k++) {
            const l = solveLower(L, atPivots(part.cross.data.slice(k * h, (k + 1) * h)));
            out[s0 + k] = fromMoments(part.mean[k], rootOf(part.variance[k], l).lx, l, false);
          }
        }
        return out;
      },
      valueAndGradient(x: Float64Array, grad: Float64Array): number {
        const p = predict.point(x);
        const l = solveLower(L, atPivots(p.cross));
        const { s2, lx } = rootOf(p.variance, l);
        const value = fromMoments(p.mean, lx, l, true);
        // g_i = ∂V/∂ξ_i = softmax(a)_i · w_i (logmeanexp's gradient is the softmax).
        let gSum = 0;
        let gZx = 0;
        const gZH = new Float64Array(r);
        for (let i = 0; i < S; i++) {
          const g = Number.isFinite(value) ? (Math.exp(a[i] - value) / S) * w[i] : 0;
          gs[i] = g;
          gSum += g;
          gZx += g * zx[i];
        }
        addProductInOrder(gZH, gs, zH, 1, S, r); // gZH_t = Σ_i g_i z_it, in sample order
        grad.fill(0);
        const dCross = pivotRowsOf(root, p.dCross);
        addJointRootGradient({ L, dCross, dMean: p.dMean, dVariance: p.dVariance, l, lx, s2, gSum, gZx, gZ: gZH }, grad);
        return value;
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

/**
 * xs_i = (μ + l_x·zx_i) + Σ_j l_j·zH_ij for the S samples, each sum in increasing j (the bits of
 * the one-sample loop `xi += l[j] * zH[i*h + j]`); four samples at a time, so that four
 * independent chains of additions overlap instead of one waiting on the adder.
 */
function sampleValues(mean: number, lx: number, l: Float64Array, zx: Float64Array, zH: Float64Array, S: number, h: number, xs: Float64Array): void {
  let i = 0;
  for (; i + 4 <= S; i += 4) {
    const o0 = i * h;
    const o1 = o0 + h;
    const o2 = o1 + h;
    const o3 = o2 + h;
    let x0 = mean + lx * zx[i];
    let x1 = mean + lx * zx[i + 1];
    let x2 = mean + lx * zx[i + 2];
    let x3 = mean + lx * zx[i + 3];
    for (let j = 0; j < h; j++) {
      const lj = l[j];
      x0 += lj * zH[o0 + j];
      x1 += lj * zH[o1 + j];
      x2 += lj * zH[o2 + j];
      x3 += lj * zH[o3 + j];
    }
    xs[i] = x0;
    xs[i + 1] = x1;
    xs[i + 2] = x2;
    xs[i + 3] = x3;
  }
  for (; i < S; i++) {
    let xi = mean + lx * zx[i];
    for (let j = 0; j < h; j++) xi += l[j] * zH[i * h + j];
    xs[i] = xi;
  }
}
