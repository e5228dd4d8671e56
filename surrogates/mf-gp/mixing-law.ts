/**
 * A data-mixing law fitted on proxy runs (Ye et al. 2024, "Data Mixing Laws", eq. 1 for one
 * validation loss): y(w) ≈ c + k·exp(tᵀw), w the mixture weights (K of them), fitted by
 * regularized least squares
 *   min over (c, k, t) of  (1/n) Σ_i (c + k·e^{tᵀw_i} − y_i)²  +  λ‖t‖²
 * with L-BFGS-B from the ridge-linear start (small t: c + k(1 + tᵀw), so t = b/k with b the
 * ridge slope and k = sd(y)). The ridge λ keeps the K+2 parameters identified with few runs; the
 * law is then a feature (surrogates/mf-gp/basis-kernel.ts), so a poor fit costs only its weight.
 * Shapes: W: n×K (rows on the simplex), y: length n (any units; the caller standardizes).
 */
import { minimizeBounded } from '../../core/optim/lbfgsb.js';
import type { Matrix } from '../../core/matrix.js';

/** A fitted law: value and gradient in w. */
export interface MixingLaw {
  readonly c: number;
  readonly k: number;
  readonly t: Float64Array;
  /** Root mean squared residual on the fitted runs. */
  readonly rmse: number;
  readonly n: number;
}

/** Ridge on t (per unit weight: exp(tᵀw) with |t| ~ 10 already spans e^{±10}). */
export const MIXING_LAW_RIDGE = 1e-3;
/** Bound on |t_j|, |c| and |k| (standardized y). */
const T_BOUND = 30;
const CK_BOUND = 1e3;

/** The law's value at w. */
export function mixingLawValue(law: MixingLaw, w: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < law.t.length; j++) s += law.t[j] * w[j];
  return law.c + law.k * Math.exp(s);
}

/** ∂ value / ∂w_j = k·e^{tᵀw}·t_j. */
export function mixingLawGradient(law: MixingLaw, w: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let j = 0; j < law.t.length; j++) s += law.t[j] * w[j];
  const e = law.k * Math.exp(s);
  return Float64Array.from(law.t, (tj) => e * tj);
}

/** Fit the law; undefined when there are fewer than 3 runs or y is constant (nothing to learn). */
export function fitMixingLaw(W: Matrix, y: ArrayLike<number>, ridge = MIXING_LAW_RIDGE): MixingLaw | undefined {
  const n = W.rows;
  const K = W.cols;
  if (n < 3) return undefined;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] / n;
  let sd = 0;
  for (let i = 0; i < n; i++) sd += (y[i] - mean) ** 2 / n;
  sd = Math.sqrt(sd);
  if (!(sd > 0)) return undefined;
  const b = ridgeSlope(W, y, mean);
  // θ = [c, k, t_1..t_K]; start: k = sd, t = b/sd, c = mean − sd·mean(e^{tᵀw}) ≈ mean − sd.
  const theta0 = new Float64Array(K + 2);
  theta0[1] = sd;
  for (let j = 0; j < K; j++) theta0[2 + j] = Math.max(-T_BOUND, Math.min(T_BOUND, b[j] / sd));
  theta0[0] = mean - sd;
  const lower = Float64Array.from({ length: K + 2 }, (_, i) => (i < 2 ? -CK_BOUND : -T_BOUND));
  const upper = Float64Array.from({ length: K + 2 }, (_, i) => (i < 2 ? CK_BOUND : T_BOUND));
  const objective = (th: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += th[2 + j] * W.data[i * K + j];
      const e = Math.exp(s);
      const r = th[0] + th[1] * e - y[i];
      f += (r * r) / n;
      const g = (2 * r) / n;
      grad[0] += g;
      grad[1] += g * e;
      for (let j = 0; j < K; j++) grad[2 + j] += g * th[1] * e * W.data[i * K + j];
    }
    for (let j = 0; j < K; j++) {
      f += ridge * th[2 + j] ** 2;
      grad[2 + j] += 2 * ridge * th[2 + j];
    }
    return f;
  };
  const r = minimizeBounded(objective, theta0, lower, upper, { maxIterations: 200 });
  const th = Number.isFinite(r.f) ? r.x : theta0;
  const law: MixingLaw = { c: th[0], k: th[1], t: th.slice(2), rmse: 0, n };
  let se = 0;
  for (let i = 0; i < n; i++) se += (mixingLawValue(law, W.data.subarray(i * K, (i + 1) * K)) - y[i]) ** 2;
  return { ...law, rmse: Math.sqrt(se / n) };
}

/** Slope b of the ridge regression y ≈ a + bᵀw (λ = 1e-2, the intercept unpenalized): solves (WcᵀWc + λI) b = Wcᵀ(y − ȳ). */
function ridgeSlope(W: Matrix, y: ArrayLike<number>, mean: number): Float64Array {
  const n = W.rows;
  const K = W.cols;
  const colMean = new Float64Array(K);
  for (let i = 0; i < n; i++) for (let j = 0; j < K; j++) colMean[j] += W.data[i * K + j] / n;
  const A = new Float64Array(K * K);
  const rhs = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < K; j++) {
      const a = W.data[i * K + j] - colMean[j];
      rhs[j] += a * (y[i] - mean);
      for (let l = 0; l < K; l++) A[j * K + l] += a * (W.data[i * K + l] - colMean[l]);
    }
  }
  for (let j = 0; j < K; j++) A[j * K + j] += 1e-2;
  // Gaussian elimination (A is symmetric positive definite).
  for (let c = 0; c < K; c++) {
    for (let r = c + 1; r < K; r++) {
      const f = A[r * K + c] / A[c * K + c];
      for (let l = c; l < K; l++) A[r * K + l] -= f * A[c * K + l];
      rhs[r] -= f * rhs[c];
    }
  }
  const b = new Float64Array(K);
  for (let c = K - 1; c >= 0; c--) {
    let s = rhs[c];
    for (let l = c + 1; l < K; l++) s -= A[c * K + l] * b[l];
    b[c] = s / A[c * K + c];
  }
  return b;
}
