/**
 * The MC surface shared by the multi-outcome acquisitions (qLogNEHVI, qNParEGO, constrained
 * qLogNEI): M outcomes, one independent model each, S fixed base samples. With H the head
 * (baseline + pending, h rows) and, per outcome k, L_k = chol(Σ_HH,k):
 *   head draws   Y_ik = μ_H,k + L_k z_iH,k                       (S×h per outcome, fixed)
 *   candidate    ξ_ik(x) = μ_k(x) + l_kᵀ z_iH,k + l_x,k z_ix,k     l_k = L_k⁻¹ c_k(x),
 *                l_x,k = √(σ²_k(x) + jitter − l_kᵀl_k)            (the joint root [[L,0],[lᵀ,l_x]])
 *   value        V(x) = log (1/S) Σ_i exp(a_i(ξ_i(x)))              a_i: the acquisition's log score
 * Gradient (fixed base samples, exact GPs): with G_ik = softmax(a)_i ∂a_i/∂ξ_ik,
 *   ∇V = Σ_k [ (Σ_i G_ik) ∇μ_k + (L_k⁻¹∇c_k)ᵀ(Σ_i G_ik z_iH,k) + ∇l_x,k Σ_i G_ik z_ix,k ],
 *   ∇l_x = (∇σ² − 2 (L⁻¹∇c)ᵀ l)/(2 l_x)   (as acquisitions/qlognei.ts, one outcome at a time).
 * Base samples of outcome k, column j: createRng(deriveSeed(seed, k, j)), so outcomes are
 * independent and the surface is deterministic.
 */
import { choleskyWithJitter, solveLower, solveLowerMatrix } from '../../core/linalg/linalg.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import type { FittedSurrogate } from '../../surrogates/types.js';
import { logMeanExp } from '../smooth.js';
import { outcomeMoments, type OutcomeMoments } from './outcome-moments.js';

/** Head draws of every outcome: sample i's head is the h×M block at i·h·M (row j = head point j). */
export interface HeadDraws {
  readonly samples: number;
  readonly h: number;
  readonly outcomes: number;
  readonly data: Float64Array;
}

/** A per-sample log score a_i(ξ_i), ξ_i the M outcomes of the candidate in sample i; writes ∂a_i/∂ξ_i into grad when given. */
export type SampleScore = (i: number, xi: Float64Array, grad?: Float64Array) => number;

/** The deterministic surface the acquisition optimizer maximizes (acquisitions/optimize.ts AcquisitionObjective). */
export interface SampleSurface {
  readonly draws: HeadDraws;
  values(X: Matrix): Float64Array;
  /** Present when every outcome model has analytic x-gradients. */
  valueAndGradient?(x: Float64Array, grad: Float64Array): number;
}

interface Outcome {
  readonly moments: OutcomeMoments;
  readonly L: Matrix;
  readonly jitter: number;
  /** S×h base samples of the head and S of the candidate. */
  readonly zH: Float64Array;
  readonly zx: Float64Array;
}

function baseColumn(seed: number, k: number, j: number, S: number): Float64Array {
  const rng = createRng(deriveSeed(seed, k, j));
  const c = new Float64Array(S);
  for (let i = 0; i < S; i++) c[i] = rng.normal();
  return c;
}

/** Build the surface: `models[k]` is outcome k's fitted model, `head` the fixed rows, `makeScore` sees the head draws once. */
export function buildSampleSurface(models: readonly FittedSurrogate[], head: Matrix, samples: number, seed: number, makeScore: (draws: HeadDraws) => SampleScore): SampleSurface {
  const S = samples;
  const h = head.rows;
  const M = models.length;
  if (h === 0) throw new RangeError('multi-outcome surface: the head (observed points) is empty');
  const outcomes: Outcome[] = models.map((model, k) => {
    const moments = outcomeMoments(model, head);
    const { L, jitter } = choleskyWithJitter(moments.headCovariance, { initialJitter: 1e-10, maxTries: 6 });
    const zH = new Float64Array(S * h);
    for (let j = 0; j < h; j++) {
      const c = baseColumn(seed, k, j, S);
      for (let i = 0; i < S; i++) zH[i * h + j] = c[i];
    }
    return { moments, L, jitter, zH, zx: baseColumn(seed, k, h, S) };
  });
  const drawData = new Float64Array(S * h * M);
  outcomes.forEach((o, k) => {
    for (let i = 0; i < S; i++) {
      for (let j = 0; j < h; j++) {
        let v = o.moments.headMean[j];
        for (let t = 0; t <= j; t++) v += o.L.data[j * h + t] * o.zH[i * h + t];
        drawData[(i * h + j) * M + k] = v;
      }
    }
  });
  const draws: HeadDraws = { samples: S, h, outcomes: M, data: drawData };
  const score = makeScore(draws);

  const a = new Float64Array(S);
  const xiAll = new Float64Array(S * M);
  const G = new Float64Array(S * M);
  const xi = new Float64Array(M);
  const gi = new Float64Array(M);

  /** Fill xiAll from each outcome's (mean, l, l_x) and score every sample; G gets ∂a_i/∂ξ_ik when asked. */
  const evaluate = (mean: Float64Array, ls: Float64Array[], lx: Float64Array, wantGrad: boolean): number => {
    for (let k = 0; k < M; k++) {
      const { zH, zx } = outcomes[k];
      const l = ls[k];
      for (let i = 0; i < S; i++) {
        let v = mean[k] + lx[k] * zx[i];
        for (let j = 0; j < h; j++) v += l[j] * zH[i * h + j];
        xiAll[i * M + k] = v;
      }
    }
    for (let i = 0; i < S; i++) {
      for (let k = 0; k < M; k++) xi[k] = xiAll[i * M + k];
      a[i] = score(i, xi, wantGrad ? gi : undefined);
      if (wantGrad) for (let k = 0; k < M; k++) G[i * M + k] = gi[k];
    }
    return logMeanExp(a);
  };
  const rootOf = (o: Outcome, variance: number, l: Float64Array): { s2: number; lx: number } => {
    let ll = 0;
    for (let j = 0; j < h; j++) ll += l[j] * l[j];
    const s2 = variance + o.jitter - ll;
    return { s2, lx: Math.sqrt(Math.max(s2, 1e-18)) };
  };

  const surface: SampleSurface = {
    draws,
    values(X: Matrix): Float64Array {
      const out = new Float64Array(X.rows);
      const mean = new Float64Array(M);
      const lx = new Float64Array(M);
      for (let s0 = 0; s0 < X.rows; s0 += 256) {
        const e = Math.min(X.rows, s0 + 256);
        const part = { rows: e - s0, cols: X.cols, data: X.data.subarray(s0 * X.cols, e * X.cols) };
        const batches = outcomes.map((o) => o.moments.batch(part));
        for (let r = 0; r < e - s0; r++) {
          const ls = outcomes.map((o, k) => {
            const l = solveLower(o.L, batches[k].cross.data.slice(r * h, (r + 1) * h));
            mean[k] = batches[k].mean[r];
            lx[k] = rootOf(o, batches[k].variance[r], l).lx;
            return l;
          });
          out[s0 + r] = evaluate(mean, ls, lx, false);
        }
      }
      return out;
    },
  };
  if (outcomes.every((o) => o.moments.point !== undefined)) {
    surface.valueAndGradient = (x: Float64Array, grad: Float64Array): number => {
      const d = grad.length;
      const mean = new Float64Array(M);
      const lx = new Float64Array(M);
      const s2s = new Float64Array(M);
      const points = outcomes.map((o) => o.moments.point!(x));
      const ls = outcomes.map((o, k) => {
        const l = solveLower(o.L, points[k].cross);
        const root = rootOf(o, points[k].variance, l);
        mean[k] = points[k].mean;
        lx[k] = root.lx;
        s2s[k] = root.s2;
        return l;
      });
      const value = evaluate(mean, ls, lx, true);
      grad.fill(0);
      if (!Number.isFinite(value)) return value;
      for (let k = 0; k < M; k++) {
        const { zH, zx, L } = outcomes[k];
        const p = points[k];
        let gSum = 0;
        let gZx = 0;
        const gZH = new Float64Array(h);
        for (let i = 0; i < S; i++) {
          const g = (Math.exp(a[i] - value) / S) * G[i * M + k];
          if (g === 0) continue;
          gSum += g;
          gZx += g * zx[i];
          for (let j = 0; j < h; j++) gZH[j] += g * zH[i * h + j];
        }
        const dl = solveLowerMatrix(L, p.dCross);
        for (let t = 0; t < d; t++) {
          let dll = 0;
          let dlz = 0;
          for (let j = 0; j < h; j++) {
            const v = dl.data[j * d + t];
            dll += v * ls[k][j];
            dlz += v * gZH[j];
          }
          const dlx = s2s[k] > 1e-18 ? (p.dVariance[t] - 2 * dll) / (2 * lx[k]) : 0;
          grad[t] += gSum * p.dMean[t] + dlz + dlx * gZx;
        }
      }
      return value;
    };
  }
  return surface;
}
