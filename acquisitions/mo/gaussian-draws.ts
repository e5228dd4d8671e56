/**
 * Fixed-base joint draws of one outcome with a Gaussian or Student-t posterior, from its moments
 * with the head H (outcome-moments.ts, h rows). With L = chol(Σ_HH) and per-sample scales w_i:
 *   head         Y_i = μ_H + w_i L z_iH                                    (S×h, fixed)
 *   candidate    ξ_i(x) = μ(x) + w_i (lᵀ z_iH + l_x z_ix),   l = L⁻¹ c(x),
 *                l_x = √(σ²(x) + jitter − lᵀl)                  (the joint root [[L,0],[lᵀ,l_x]])
 * Gaussian: w_i = 1. Multivariate t with covariance Σ (ν > 2): w_i = √((ν−2)/g_i), g_i ~ χ²_ν one
 * fixed draw per sample shared by all its rows (E[w²] = 1, so Cov = Σ; Kotz & Nadarajah 2004, the
 * t as a normal scale mixture). Since w_i multiplies z, the t's draws are the Gaussian ones on
 * scaled base samples, and so is the gradient (fixed base samples, moments with x-gradients):
 *   Σ_i g_i ∇ξ_i = (Σ_i g_i) ∇μ + (L⁻¹∇c)ᵀ(Σ_i g_i w_i z_iH) + ∇l_x Σ_i g_i w_i z_ix,
 *   ∇l_x = (∇σ² − 2 (L⁻¹∇c)ᵀ l)/(2 l_x)          (as acquisitions/qlognei.ts).
 * When Σ_HH is indefinite beyond jitter 1e-5 relative (round-off at many near-duplicate head
 * points, seen with the STP's NNGP kernel past ~75 observations), L is the pivoted Cholesky root of
 * rank r < h (core/linalg/covariance-root.ts): the head is drawn from the r pivot directions and x
 * is conditioned on the pivot rows only (the others are, to round-off, their linear combinations);
 * l, ∇l then solve with L's triangular pivot block. Base sample of root column t: z at pivot row t.
 */
import { addJointRootGradient } from '../joint-root-gradient.js';
import { atPivotRows, covarianceRoot, pivotRowsOf } from '../../core/linalg/covariance-root.js';
import { solveLower } from '../../core/linalg/linalg.js';
import type { Matrix } from '../../core/matrix.js';
import type { OutcomeDraws, PointDraws } from './outcome-draws.js';
import type { OutcomeMoments } from './outcome-moments.js';

/** Base samples of one outcome: zH S×h (sample i at i·h), zx length S; already scaled by w_i for a t. */
export interface ScaledBase {
  readonly zH: Float64Array;
  readonly zx: Float64Array;
}

/** Draws of one Gaussian (or, with scaled base samples, Student-t) outcome. */
export function gaussianDraws(moments: OutcomeMoments, base: ScaledBase, samples: number): OutcomeDraws {
  const S = samples;
  const h = moments.headMean.length;
  const root = covarianceRoot(moments.headCovariance);
  const { full, block: L, pivots, jitter } = root;
  const r = pivots.length;
  const { zx } = base;
  // zP[i·r + t]: sample i's base sample of root column t (pivot row t's column).
  const zP = root.pivoted ? new Float64Array(S * r) : base.zH;
  if (root.pivoted) for (let i = 0; i < S; i++) for (let t = 0; t < r; t++) zP[i * r + t] = base.zH[i * h + pivots[t]];
  const head = new Float64Array(S * h);
  for (let i = 0; i < S; i++) {
    for (let j = 0; j < h; j++) {
      let v = moments.headMean[j];
      const last = root.pivoted ? r - 1 : j;
      for (let t = 0; t <= last; t++) v += full.data[j * r + t] * zP[i * r + t];
      head[i * h + j] = v;
    }
  }
  const atPivots = (c: Float64Array): Float64Array => atPivotRows(root, c);
  const rootOf = (variance: number, l: Float64Array): { s2: number; lx: number } => {
    let ll = 0;
    for (let t = 0; t < r; t++) ll += l[t] * l[t];
    const s2 = variance + jitter - ll;
    return { s2, lx: Math.sqrt(Math.max(s2, 1e-18)) };
  };
  const fill = (mean: number, l: Float64Array, lx: number, out: Float64Array, at: number): void => {
    for (let i = 0; i < S; i++) {
      let v = mean + lx * zx[i];
      for (let t = 0; t < r; t++) v += l[t] * zP[i * r + t];
      out[at + i] = v;
    }
  };
  const draws: OutcomeDraws = {
    head,
    pivotedRank: root.pivoted ? r : undefined,
    batch(X: Matrix): Float64Array {
      const b = moments.batch(X);
      const out = new Float64Array(X.rows * S);
      for (let q = 0; q < X.rows; q++) {
        const l = solveLower(L, atPivots(b.cross.data.slice(q * h, (q + 1) * h)));
        fill(b.mean[q], l, rootOf(b.variance[q], l).lx, out, q * S);
      }
      return out;
    },
  };
  const point = moments.point;
  if (point) {
    draws.point = (x: Float64Array): PointDraws => {
      const p = point(x);
      const l = solveLower(L, atPivots(p.cross));
      const { s2, lx } = rootOf(p.variance, l);
      const xi = new Float64Array(S);
      fill(p.mean, l, lx, xi, 0);
      return {
        xi,
        addGradient(g: Float64Array, grad: Float64Array): void {
          let gSum = 0;
          let gZx = 0;
          const gZ = new Float64Array(r);
          for (let i = 0; i < S; i++) {
            const gi = g[i];
            if (gi === 0) continue;
            gSum += gi;
            gZx += gi * zx[i];
            for (let t = 0; t < r; t++) gZ[t] += gi * zP[i * r + t];
          }
          const dCross = pivotRowsOf(root, p.dCross);
          addJointRootGradient({ L, dCross, dMean: p.dMean, dVariance: p.dVariance, l, lx, s2, gSum, gZx, gZ }, grad);
        },
      };
    };
  }
  return draws;
}
