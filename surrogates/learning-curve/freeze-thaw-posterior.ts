/**
 * Exact inference in the freeze-thaw GP (Swersky, Snoek & Adams 2014, §3-4) for fixed
 * hyperparameters. Model: curve n's values y_n (T_n steps) = f_n·1 + η_n + ε, with asymptotes
 * f ~ GP(m, K_x) over configurations, η_n ~ GP(0, K_t) (exponential decay) independent per curve,
 * ε ~ N(0, σ²). With K_n = K_t(t_n, t_n) + σ²I the block structure gives, in O(Σ T_n³ + N³):
 *   λ_n = 1ᵀK_n⁻¹1,  γ_n = 1ᵀK_n⁻¹(y_n − m1),  Λ = diag(λ),  S = Λ^½,  B = I + S K_x S,
 *   asymptote posterior f | y ~ N(m + Cγ, C),  C = (K_x⁻¹ + Λ)⁻¹ = K_x − K_x S B⁻¹ S K_x,
 *   log p(y) = −½(Σ r_nᵀK_n⁻¹r_n − γᵀCγ) − ½(Σ log|K_n| + log|B|) − (M/2) log 2π  (Woodbury and
 *   the matrix determinant lemma; M = Σ T_n),
 *   y_n(t*) | y ~ N(μ_n + k*ᵀK_n⁻¹(y_n − μ_n1), (1 − k*ᵀK_n⁻¹1)² C_nn + k(t*,t*) − k*ᵀK_n⁻¹k* + σ²),
 * the last because η_n(t*) depends on the other curves only through f_n.
 */
import { backwardTInPlace, choleskyInPlace, forwardInPlace } from '../../core/linalg/dense-js.js';
import { configKernel, decayKernel, type FreezeThawHyper } from './freeze-thaw-kernels.js';
import type { Curve, CurvePrediction, FittedCurveModel } from './types.js';

const LOG_2PI = Math.log(2 * Math.PI);
/** Relative jitter on K_x's diagonal: duplicate configurations would make it singular. */
export const CONFIG_JITTER = 1e-8;

/** Per-curve factors: L_n, K_n⁻¹1, K_n⁻¹(y_n − m1). */
interface CurveFactor {
  readonly L: Float64Array;
  readonly invOnes: Float64Array;
  readonly invResid: Float64Array;
  readonly lambda: number;
  readonly gamma: number;
  readonly quad: number;
  readonly logDet: number;
}

/** K⁻¹b from a lower Cholesky factor, into a fresh array. */
function cholSolveJs(L: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  forwardInPlace(L, n, x);
  backwardTInPlace(L, n, x);
  return x;
}

/** Factor one curve's K_n = K_t + σ²I; null when it is not positive definite. */
function factorCurve(h: FreezeThawHyper, curve: Curve): CurveFactor | null {
  const t = curve.steps;
  const n = t.length;
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) L[i * n + j] = decayKernel(h, t[i], t[j]);
    L[i * n + i] += h.noise;
  }
  if (!choleskyInPlace(L, n)) return null;
  const resid = Float64Array.from(curve.values, (v) => v - h.mean);
  const invOnes = cholSolveJs(L, n, new Float64Array(n).fill(1));
  const invResid = cholSolveJs(L, n, resid);
  let lambda = 0;
  let gamma = 0;
  let quad = 0;
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    lambda += invOnes[i];
    gamma += invResid[i];
    quad += resid[i] * invResid[i];
    logDet += 2 * Math.log(L[i * n + i]);
  }
  return { L, invOnes, invResid, lambda, gamma, quad, logDet };
}

/** The freeze-thaw GP conditioned on a set of curves, for fixed hyperparameters. */
export class FreezeThawPosterior implements FittedCurveModel {
  /** log p(y | hyperparameters), or -Infinity when a factorization failed. */
  readonly logMarginalLikelihood: number;
  private readonly factors: CurveFactor[];
  /** K_x, S = Λ^½, L_B, K_xγ and Vγ = L_B⁻¹SK_xγ: each asymptote is then O(N²) on demand. */
  private Kx = new Float64Array(0);
  private s = new Float64Array(0);
  private LB = new Float64Array(0);
  private Kg = new Float64Array(0);
  private Vg = new Float64Array(0);
  private readonly asymptotes = new Map<number, CurvePrediction>();

  constructor(
    readonly hyper: FreezeThawHyper,
    readonly curves: readonly Curve[],
  ) {
    const N = curves.length;
    const factors: CurveFactor[] = [];
    this.factors = factors;
    for (const c of curves) {
      const f = factorCurve(hyper, c);
      if (!f) {
        factors.length = 0;
        this.logMarginalLikelihood = -Infinity;
        return;
      }
      factors.push(f);
    }
    const Kx = new Float64Array(N * N);
    for (let i = 0; i < N; i++) for (let j = 0; j <= i; j++) Kx[i * N + j] = Kx[j * N + i] = configKernel(hyper, curves[i].x, curves[j].x);
    for (let i = 0; i < N; i++) Kx[i * N + i] *= 1 + CONFIG_JITTER;
    const s = Float64Array.from(factors, (f) => Math.sqrt(f.lambda));
    const gamma = Float64Array.from(factors, (f) => f.gamma);
    // B = I + S K_x S, factored.
    const LB = new Float64Array(N * N);
    for (let i = 0; i < N; i++) for (let j = 0; j <= i; j++) LB[i * N + j] = s[i] * Kx[i * N + j] * s[j] + (i === j ? 1 : 0);
    if (!choleskyInPlace(LB, N)) {
      factors.length = 0;
      this.logMarginalLikelihood = -Infinity;
      return;
    }
    const Kg = new Float64Array(N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) Kg[i] += Kx[i * N + j] * gamma[j];
    // Vγ = L_B⁻¹ S K_x γ, so γᵀCγ = γᵀK_xγ − ‖Vγ‖².
    const Vg = Float64Array.from(Kg, (v, i) => s[i] * v);
    forwardInPlace(LB, N, Vg);
    [this.Kx, this.s, this.LB, this.Kg, this.Vg] = [Kx, s, LB, Kg, Vg];
    let gCg = 0;
    for (let i = 0; i < N; i++) gCg += gamma[i] * Kg[i] - Vg[i] * Vg[i];
    let quad = 0;
    let logDet = 0;
    let M = 0;
    for (const f of factors) {
      quad += f.quad;
      logDet += f.logDet;
      M += f.invOnes.length;
    }
    for (let i = 0; i < N; i++) logDet += 2 * Math.log(LB[i * N + i]);
    this.logMarginalLikelihood = -0.5 * (quad - gCg) - 0.5 * logDet - 0.5 * M * LOG_2PI;
  }

  /**
   * Posterior mean and variance of curve `index`'s asymptote f_n: with v = L_B⁻¹ S K_x[:, n] (column
   * n of V), mean m + (K_xγ)_n − vᵀ(Vγ) and variance K_x[n,n] − ‖v‖², O(N²) each, memoized.
   */
  asymptote(index: number): CurvePrediction {
    if (this.factors.length === 0) throw new RangeError('freeze-thaw: the fit failed (a factorization was not positive definite)');
    const known = this.asymptotes.get(index);
    if (known) return known;
    const N = this.curves.length;
    const v = Float64Array.from(this.s, (si, i) => si * this.Kx[i * N + index]);
    forwardInPlace(this.LB, N, v);
    let vtvg = 0;
    let vtv = 0;
    for (let k = 0; k < N; k++) {
      vtvg += v[k] * this.Vg[k];
      vtv += v[k] * v[k];
    }
    const a = { mean: this.hyper.mean + this.Kg[index] - vtvg, variance: Math.max(this.Kx[index * N + index] - vtv, 0) };
    this.asymptotes.set(index, a);
    return a;
  }

  /** Predictive of curve `index`'s observed value at `step` (noise included); see the header's formula. */
  predict(index: number, step: number): CurvePrediction {
    const f = this.factors[index];
    if (!f) throw new RangeError(`freeze-thaw: no curve ${index} (or the fit failed)`);
    const h = this.hyper;
    const t = this.curves[index].steps;
    const n = t.length;
    const kStar = Float64Array.from(t, (ti) => decayKernel(h, step, ti));
    const { mean: mu, variance: muVar } = this.asymptote(index);
    let a = 0;
    let fit = 0;
    for (let i = 0; i < n; i++) {
      a += kStar[i] * f.invOnes[i];
      fit += kStar[i] * (f.invResid[i] + (h.mean - mu) * f.invOnes[i]);
    }
    const w = Float64Array.from(kStar);
    forwardInPlace(f.L, n, w);
    let explained = 0;
    for (let i = 0; i < n; i++) explained += w[i] * w[i];
    const own = Math.max(decayKernel(h, step, step) - explained, 0);
    return { mean: mu + fit, variance: (1 - a) ** 2 * muVar + own + h.noise };
  }
}
