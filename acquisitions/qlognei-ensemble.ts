/**
 * The q = 1 qLogNEI surface of [head; x] on an ensemble posterior (surrogates/ensemble.ts), head =
 * [baseline; pending] fixed, with its analytic x-gradient. Draw i belongs to member
 * s(i) = ⌊i·M/S⌋ and uses base column j at row j, exactly as EnsemblePosterior.sampleFromBase on
 * the stacked rows, so values() equals qlognei's valueOfBatch for one point. The head's draws
 * (hence f*_i and the pending points' log-improvements) do not depend on x; at x
 *   ξ_i = μ_s(x) + √v_s(x)·z_i,   ∇ξ_i = ∇μ_s + z_i/(2√v_s)·∇v_s,
 * chained through log fatplus, fatmax (pending) and logmeanexp (whose gradient is the softmax).
 */
import type { Matrix } from '../core/matrix.js';
import type { EnsemblePosterior, FittedSurrogate } from '../surrogates/types.js';
import { fatmaxWithGradient, logFatplus, logFatplusWithDerivative, logMeanExp } from './smooth.js';

/** What the surface needs from qLogNEI: its fixed base samples and smoothing temperatures. */
export interface EnsembleSurfaceSettings {
  /** S×m fixed standard-normal base samples (columns seeded per column). */
  baseSamples(m: number): Matrix;
  readonly tau0: number;
  readonly tauMax: number;
}

/** values() for rows of X and valueAndGradient() at one x (the model must offer predictEnsembleWithGradient). */
export function ensemblePointSurface(model: FittedSurrogate, headPosterior: EnsemblePosterior, nBaseline: number, settings: EnsembleSurfaceSettings) {
  const h = headPosterior.size;
  const M = headPosterior.members;
  const base = settings.baseSamples(h + 1);
  const S = base.rows;
  const { tau0, tauMax } = settings;
  const headDraws = headPosterior.sampleFromBase(base);
  const member = new Int32Array(S);
  const zx = new Float64Array(S);
  const best = new Float64Array(S).fill(-Infinity);
  const nPend = h - nBaseline;
  const pendL = new Float64Array(S * nPend);
  for (let i = 0; i < S; i++) {
    member[i] = Math.floor((i * M) / S);
    zx[i] = base.data[i * (h + 1) + h];
    for (let j = 0; j < nBaseline; j++) best[i] = Math.max(best[i], headDraws.data[i * h + j]);
    for (let j = 0; j < nPend; j++) pendL[i * nPend + j] = logFatplus(headDraws.data[i * h + nBaseline + j] - best[i], tau0);
  }
  const a = new Float64Array(S);
  const w = new Float64Array(S);
  const lvec = new Float64Array(nPend + 1);
  const lgrad = new Float64Array(nPend + 1);
  const dEll = new Float64Array(1);
  /** qLogNEI from the members' moments at x (length M); fills w = ∂a_i/∂ξ_i when asked. */
  const valueAt = (mu: ArrayLike<number>, v: ArrayLike<number>, wantW: boolean): number => {
    for (let i = 0; i < S; i++) {
      const s = member[i];
      const xi = mu[s] + (v[s] > 0 ? Math.sqrt(v[s]) * zx[i] : 0);
      const ell = wantW ? logFatplusWithDerivative(xi - best[i], tau0, dEll) : logFatplus(xi - best[i], tau0);
      if (nPend === 0) {
        a[i] = ell;
        if (wantW) w[i] = dEll[0];
        continue;
      }
      for (let j = 0; j < nPend; j++) lvec[j] = pendL[i * nPend + j];
      lvec[nPend] = ell;
      a[i] = fatmaxWithGradient(lvec, lgrad, tauMax);
      if (wantW) w[i] = lgrad[nPend] * dEll[0];
    }
    return logMeanExp(a);
  };
  return {
    values(X: Matrix): Float64Array {
      const out = new Float64Array(X.rows);
      const mu = new Float64Array(M);
      const v = new Float64Array(M);
      for (let s0 = 0; s0 < X.rows; s0 += 256) {
        const e = Math.min(X.rows, s0 + 256);
        const p = model.posterior({ rows: e - s0, cols: X.cols, data: X.data.subarray(s0 * X.cols, e * X.cols) }) as EnsemblePosterior;
        const m = e - s0;
        const means = p.memberMeans().data;
        const vars = p.memberVariances().data;
        for (let r = 0; r < m; r++) {
          for (let s = 0; s < M; s++) {
            mu[s] = means[s * m + r];
            v[s] = vars[s * m + r];
          }
          out[s0 + r] = valueAt(mu, v, false);
        }
      }
      return out;
    },
    valueAndGradient(x: Float64Array, grad: Float64Array): number {
      const p = model.predictEnsembleWithGradient!(x);
      const value = valueAt(p.means, p.variances, true);
      const d = grad.length;
      grad.fill(0);
      if (!Number.isFinite(value)) return value;
      const gMean = new Float64Array(M);
      const gSd = new Float64Array(M);
      for (let i = 0; i < S; i++) {
        const g = (Math.exp(a[i] - value) / S) * w[i];
        gMean[member[i]] += g;
        gSd[member[i]] += g * zx[i];
      }
      for (let s = 0; s < M; s++) {
        const sd = Math.sqrt(p.variances[s]);
        const cv = sd > 0 ? gSd[s] / (2 * sd) : 0;
        for (let k = 0; k < d; k++) grad[k] += gMean[s] * p.dMeans.data[s * d + k] + cv * p.dVariances.data[s * d + k];
      }
      return value;
    },
  };
}
