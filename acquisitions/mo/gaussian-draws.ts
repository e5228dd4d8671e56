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
 */
import { choleskyWithJitter, solveLower, solveLowerMatrix } from '../../core/linalg/linalg.js';
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
  const { zH, zx } = base;
  const { L, jitter } = choleskyWithJitter(moments.headCovariance, { initialJitter: 1e-10, maxTries: 6 });
  const head = new Float64Array(S * h);
  for (let i = 0; i < S; i++) {
    for (let j = 0; j < h; j++) {
      let v = moments.headMean[j];
      for (let t = 0; t <= j; t++) v += L.data[j * h + t] * zH[i * h + t];
      head[i * h + j] = v;
    }
  }
  const rootOf = (variance: number, l: Float64Array): { s2: number; lx: number } => {
    let ll = 0;
    for (let j = 0; j < h; j++) ll += l[j] * l[j];
    const s2 = variance + jitter - ll;
    return { s2, lx: Math.sqrt(Math.max(s2, 1e-18)) };
  };
  const fill = (mean: number, l: Float64Array, lx: number, out: Float64Array, at: number): void => {
    for (let i = 0; i < S; i++) {
      let v = mean + lx * zx[i];
      for (let j = 0; j < h; j++) v += l[j] * zH[i * h + j];
      out[at + i] = v;
    }
  };
  const draws: OutcomeDraws = {
    head,
    batch(X: Matrix): Float64Array {
      const b = moments.batch(X);
      const out = new Float64Array(X.rows * S);
      for (let r = 0; r < X.rows; r++) {
        const l = solveLower(L, b.cross.data.slice(r * h, (r + 1) * h));
        fill(b.mean[r], l, rootOf(b.variance[r], l).lx, out, r * S);
      }
      return out;
    },
  };
  const point = moments.point;
  if (point) {
    draws.point = (x: Float64Array): PointDraws => {
      const p = point(x);
      const l = solveLower(L, p.cross);
      const { s2, lx } = rootOf(p.variance, l);
      const xi = new Float64Array(S);
      fill(p.mean, l, lx, xi, 0);
      return {
        xi,
        addGradient(g: Float64Array, grad: Float64Array): void {
          const d = grad.length;
          let gSum = 0;
          let gZx = 0;
          const gZH = new Float64Array(h);
          for (let i = 0; i < S; i++) {
            const gi = g[i];
            if (gi === 0) continue;
            gSum += gi;
            gZx += gi * zx[i];
            for (let j = 0; j < h; j++) gZH[j] += gi * zH[i * h + j];
          }
          const dl = solveLowerMatrix(L, p.dCross);
          for (let t = 0; t < d; t++) {
            let dll = 0;
            let dlz = 0;
            for (let j = 0; j < h; j++) {
              const v = dl.data[j * d + t];
              dll += v * l[j];
              dlz += v * gZH[j];
            }
            const dlx = s2 > 1e-18 ? (p.dVariance[t] - 2 * dll) / (2 * lx) : 0;
            grad[t] += gSum * p.dMean[t] + dlz + dlx * gZx;
          }
        },
      };
    };
  }
  return draws;
}
