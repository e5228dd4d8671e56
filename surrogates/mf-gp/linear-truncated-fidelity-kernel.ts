import { zeros, type Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { Kernel } from '../gp/kernel.js';
import { gammaPrior, logNormalPrior, type LogScalePrior } from '../gp/priors.js';
import { matern52Profile } from '../gp/kernels/radial-profiles.js';
import { StationaryArdKernel } from '../gp/kernels/stationary-ard.js';

/** Options of the linear truncated fidelity kernel (defaults: BoTorch v0.10.0's priors, seed-specs §3.2). */
export interface LinearTruncatedFidelityOptions {
  /** Input dimension d (mixture coordinates + the fidelity coordinate). */
  readonly dim: number;
  /** Column of the fidelity coordinate s ∈ [0,1] (1 = target level). */
  readonly fidelityIndex: number;
  /** Prior of the unbiased part's lengthscales [Gamma(3, 6)]. */
  readonly unbiasedPrior?: LogScalePrior;
  /** Prior of the biased part's lengthscales [Gamma(6, 2)]. */
  readonly biasedPrior?: LogScalePrior;
  /** Prior of the power p [Gamma(3, 3)]. */
  readonly powerPrior?: LogScalePrior;
  /** Lower bound of every lengthscale [0.025]. */
  readonly minLengthscale?: number;
  /**
   * Learn a variance σ_b² of the biased part (k = k_u + σ_b²·c·k_b) [false: σ_b² = 1, BoTorch].
   * BoTorch's form fixes the low-level correlation by the fidelity values and p alone
   * (ρ² ≤ 1/(1 + c(s,s)) ≈ 0.6 at s = 0.18); σ_b² lets the data say how informative a level is.
   */
  readonly biasScale?: boolean;
  /** Prior of σ_b² [LogNormal(0, 1)]. */
  readonly biasScalePrior?: LogScalePrior;
  /**
   * Add a level-dependent white-noise term τ²(s) = σ_w²(1−s)² on coinciding inputs [false].
   * One homoscedastic noise for all levels makes a cheap level look as reliable as the target
   * (the fit then spends the noise on the low levels' misfit and MF-MES over-queries them);
   * with τ², what the shared structure cannot explain at a low level stays at that level.
   * τ² enters k(x, x) (so the variance of an observation at level s includes it) and K(X, X)
   * where rows coincide exactly; it is 0 at the target s = 1.
   */
  readonly levelNoise?: boolean;
  /** Prior of σ_w² [LogNormal(0, 1)]. */
  readonly levelNoisePrior?: LogScalePrior;
}

/**
 * BoTorch's LinearTruncatedFidelityKernel (one fidelity coordinate), unit scale:
 *   k((w,s),(w',s')) = k_u(w,w') + c(s,s')·k_b(w,w'),  c(s,s') = (1−s)(1−s')(1+s·s')^p,
 * with s clamped to [0,1], k_u and k_b Matérn-5/2 ARD over the m = d−1 non-fidelity columns.
 * At the target s = 1 the biased part vanishes, so the target-level function is k_u alone and
 * lower levels add a correlated bias. Wrap it in a ScaleKernel for the outputscale.
 *
 * Simplex weights: all K weights are kernel inputs with their own lengthscales (as ADMIRE,
 * which feeds raw weights): the K coordinates carry K−1 degrees of freedom, the redundancy only
 * adds one lengthscale per part, and a weight's lengthscale reads directly as its relevance.
 *
 * θ = [ln ℓ_u (m), ln ℓ_b (m), ln p, (ln σ_b²), (ln σ_w²)]; k = k_u + σ_b²·c·k_b (+ τ²(s)·δ). Gradients:
 *   ∂K/∂θ_u = ∂K_u/∂θ_u; ∂K/∂θ_b = σ_b² C ∘ ∂K_b/∂θ_b; ∂K/∂ln p = σ_b² p·ln(1+ss')·c·k_b;
 *   ∂K/∂ln σ_b² = σ_b² c·k_b;
 *   ∂c/∂s = (1−s')(1+ss')^(p−1)·(−(1+ss') + p·s'(1−s)).
 */
export class LinearTruncatedFidelityKernel implements Kernel {
  readonly name = 'linear-truncated-fidelity(matern52)';
  readonly dim: number;
  readonly size: number;
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly stationary = false;
  readonly fidelityIndex: number;
  private readonly m: number;
  private readonly ku: StationaryArdKernel;
  private readonly kb: StationaryArdKernel;
  private readonly powerPrior: LogScalePrior;
  private readonly scalePrior?: LogScalePrior;
  private readonly noisePrior?: LogScalePrior;
  /** Index of ln σ_w² in θ (−1 without levelNoise). */
  private readonly noiseAt: number;

  constructor(options: LinearTruncatedFidelityOptions) {
    const d = options.dim;
    const f = options.fidelityIndex;
    if (!(Number.isInteger(d) && d >= 2)) throw new RangeError(`LinearTruncatedFidelityKernel: dim must be an integer >= 2, got ${d}`);
    if (!(Number.isInteger(f) && f >= 0 && f < d)) throw new RangeError(`LinearTruncatedFidelityKernel: fidelityIndex ${f} outside 0..${d - 1}`);
    this.dim = d;
    this.fidelityIndex = f;
    this.m = d - 1;
    const minLengthscale = options.minLengthscale ?? 0.025;
    this.ku = new StationaryArdKernel({ profile: matern52Profile, dim: this.m, lengthscalePrior: options.unbiasedPrior ?? gammaPrior(3, 6), minLengthscale });
    this.kb = new StationaryArdKernel({ profile: matern52Profile, dim: this.m, lengthscalePrior: options.biasedPrior ?? gammaPrior(6, 2), minLengthscale });
    this.powerPrior = options.powerPrior ?? gammaPrior(3, 3);
    if (options.biasScale) this.scalePrior = options.biasScalePrior ?? logNormalPrior(0, 1);
    if (options.levelNoise) this.noisePrior = options.levelNoisePrior ?? logNormalPrior(0, 1);
    const extra = this.scalePrior ? 1 : 0;
    this.noiseAt = this.noisePrior ? 2 * this.m + 1 + extra : -1;
    const extraNoise = this.noisePrior ? 1 : 0;
    this.size = 2 * this.m + 1 + extra + extraNoise;
    this.names = [
      ...Array.from({ length: this.m }, (_, k) => `unbiased.lengthscale[${k}]`),
      ...Array.from({ length: this.m }, (_, k) => `biased.lengthscale[${k}]`),
      'power',
      ...(extra ? ['biasScale'] : []),
      ...(extraNoise ? ['levelNoise'] : []),
    ];
    const more = [...(extra ? [[Math.log(1e-3), Math.log(1e2)]] : []), ...(extraNoise ? [[Math.log(1e-4), Math.log(1e2)]] : [])];
    this.lower = Float64Array.of(...this.ku.lower, ...this.kb.lower, Math.log(1e-3), ...more.map((b) => b[0]));
    this.upper = Float64Array.of(...this.ku.upper, ...this.kb.upper, Math.log(20), ...more.map((b) => b[1]));
  }

  initialTheta(): Float64Array {
    const scale = this.scalePrior ? [this.scalePrior.modeTheta()] : [];
    const noise = this.noisePrior ? [this.noisePrior.modeTheta()] : [];
    return this.clip(Float64Array.of(...this.ku.initialTheta(), ...this.kb.initialTheta(), this.powerPrior.modeTheta(), ...scale, ...noise));
  }

  sampleTheta(rng: Rng): Float64Array {
    const scale = this.scalePrior ? [this.scalePrior.sampleTheta(rng)] : [];
    const noise = this.noisePrior ? [this.noisePrior.sampleTheta(rng)] : [];
    return this.clip(Float64Array.of(...this.ku.sampleTheta(rng), ...this.kb.sampleTheta(rng), this.powerPrior.sampleTheta(rng), ...scale, ...noise));
  }

  logPrior(theta: Float64Array, grad?: Float64Array): number {
    const m = this.m;
    const lp = this.powerPrior.logDensity(theta[2 * m]);
    if (grad) grad[2 * m] += lp.grad;
    let ls = 0;
    if (this.scalePrior) {
      const q = this.scalePrior.logDensity(theta[2 * m + 1]);
      if (grad) grad[2 * m + 1] += q.grad;
      ls = q.value;
    }
    if (this.noisePrior) {
      const q = this.noisePrior.logDensity(theta[this.noiseAt]);
      if (grad) grad[this.noiseAt] += q.grad;
      ls += q.value;
    }
    return ls + (
      this.ku.logPrior(theta.subarray(0, m), grad?.subarray(0, m)) +
      this.kb.logPrior(theta.subarray(m, 2 * m), grad?.subarray(m, 2 * m)) +
      lp.value
    );
  }

  natural(theta: Float64Array): Record<string, number | number[]> {
    const m = this.m;
    return {
      unbiasedLengthscale: Array.from(theta.subarray(0, m), Math.exp),
      biasedLengthscale: Array.from(theta.subarray(m, 2 * m), Math.exp),
      power: Math.exp(theta[2 * m]),
      ...(this.scalePrior ? { biasScale: Math.exp(theta[2 * m + 1]) } : {}),
      ...(this.noisePrior ? { levelNoise: Math.exp(theta[this.noiseAt]) } : {}),
    };
  }

  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix {
    const sym = X1 === X2;
    const W1 = this.features(X1);
    const W2 = sym ? W1 : this.features(X2);
    const Ku = this.ku.matrix(this.tu(theta), W1, W2);
    const Kb = this.kb.matrix(this.tb(theta), W1, W2);
    const s1 = this.fidelities(X1);
    const s2 = sym ? s1 : this.fidelities(X2);
    const p = Math.exp(theta[2 * this.m]);
    const sb = this.biasVariance(theta);
    const n2 = X2.rows;
    for (let i = 0; i < X1.rows; i++) {
      for (let j = 0; j < n2; j++) Ku.data[i * n2 + j] += sb * bias(s1[i], s2[j], p) * Kb.data[i * n2 + j];
    }
    if (this.noisePrior) {
      const sw = Math.exp(theta[this.noiseAt]);
      for (let i = 0; i < X1.rows; i++) {
        if (s1[i] >= 1) continue;
        for (let j = 0; j < n2; j++) if (sameRow(X1, i, X2, j)) Ku.data[i * n2 + j] += sw * (1 - s1[i]) ** 2;
      }
    }
    return Ku;
  }

  diag(theta: Float64Array, X: Matrix): Float64Array {
    const s = this.fidelities(X);
    const p = Math.exp(theta[2 * this.m]);
    const sb = this.biasVariance(theta);
    const sw = this.noisePrior ? Math.exp(theta[this.noiseAt]) : 0;
    return Float64Array.from(s, (si) => 1 + sb * bias(si, si, p) + sw * (1 - si) ** 2);
  }

  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void {
    const m = this.m;
    const n = X.rows;
    const F = this.features(X);
    const s = this.fidelities(X);
    const p = Math.exp(theta[2 * m]);
    const sb = this.biasVariance(theta);
    this.ku.gramGradient(this.tu(theta), F, W, out.subarray(0, m));
    const WC = zeros(n, n);
    let dPower = 0;
    let dScale = 0;
    const Kb = this.kb.matrix(this.tb(theta), F, F).data;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const c = sb * bias(s[i], s[j], p);
        const w = W.data[i * n + j];
        WC.data[i * n + j] = w * c;
        if (c !== 0) {
          const wck = w * c * Kb[i * n + j];
          dPower += wck * Math.log1p(s[i] * s[j]);
          dScale += wck;
        }
      }
    }
    this.kb.gramGradient(this.tb(theta), F, WC, out.subarray(m, 2 * m));
    out[2 * m] = p * dPower;
    if (this.scalePrior) out[2 * m + 1] = dScale;
    if (this.noisePrior) {
      // ∂K_ij/∂ln σ_w² = σ_w²(1−s_i)² on coinciding rows.
      const sw = Math.exp(theta[this.noiseAt]);
      let g = 0;
      for (let i = 0; i < n; i++) {
        if (s[i] >= 1) continue;
        for (let j = 0; j < n; j++) if (sameRow(X, i, X, j)) g += W.data[i * n + j] * sw * (1 - s[i]) ** 2;
      }
      out[this.noiseAt] = g;
    }
  }

  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix } {
    const m = this.m;
    const d = this.dim;
    const f = this.fidelityIndex;
    const n = X.rows;
    const w = new Float64Array(m);
    for (let c = 0, j = 0; c < d; c++) if (c !== f) w[j++] = x[c];
    const xs = x[f];
    const s = clamp01(xs);
    const inside = xs > 0 && xs < 1; // the clamp's derivative is 0 outside (0,1)
    const F = this.features(X);
    const S = this.fidelities(X);
    const p = Math.exp(theta[2 * m]);
    const sb = this.biasVariance(theta);
    const u = this.ku.crossGradient(this.tu(theta), w, F);
    const b = this.kb.crossGradient(this.tb(theta), w, F);
    const k = new Float64Array(n);
    const dk = zeros(n, d);
    for (let i = 0; i < n; i++) {
      const c = sb * bias(s, S[i], p);
      k[i] = u.k[i] + c * b.k[i];
      for (let col = 0, j = 0; col < d; col++) {
        if (col === f) continue;
        dk.data[i * d + col] = u.dk.data[i * m + j] + c * b.dk.data[i * m + j];
        j++;
      }
      dk.data[i * d + f] = inside ? sb * biasSlope(s, S[i], p) * b.k[i] : 0;
    }
    if (this.noisePrior && s < 1) {
      // The white term on an exact coincidence (its x-derivative is taken as 0).
      const sw = Math.exp(theta[this.noiseAt]);
      for (let i = 0; i < n; i++) {
        let same = true;
        for (let c = 0; c < d && same; c++) same = X.data[i * d + c] === x[c];
        if (same) k[i] += sw * (1 - s) ** 2;
      }
    }
    return { k, dk };
  }

  diagGradient(theta: Float64Array, x: ArrayLike<number>): { value: number; grad: Float64Array } {
    const p = Math.exp(theta[2 * this.m]);
    const sb = this.biasVariance(theta);
    const xs = x[this.fidelityIndex];
    const s = clamp01(xs);
    const grad = new Float64Array(this.dim);
    // d/ds c(s,s) = 2·∂c/∂s evaluated at s' = s (c is symmetric).
    const sw = this.noisePrior ? Math.exp(theta[this.noiseAt]) : 0;
    grad[this.fidelityIndex] = xs > 0 && xs < 1 ? 2 * sb * biasSlope(s, s, p) - 2 * sw * (1 - s) : 0;
    return { value: 1 + sb * bias(s, s, p) + sw * (1 - s) ** 2, grad };
  }

  /** σ_b² (1 without biasScale). */
  private biasVariance(theta: Float64Array): number {
    return this.scalePrior ? Math.exp(theta[2 * this.m + 1]) : 1;
  }

  /** The n×m matrix of non-fidelity columns. */
  private features(X: Matrix): Matrix {
    const d = this.dim;
    if (X.cols !== d) throw new RangeError(`${this.name}: X has ${X.cols} columns, expected ${d}`);
    const m = this.m;
    const f = this.fidelityIndex;
    const out = zeros(X.rows, m);
    for (let i = 0; i < X.rows; i++) {
      for (let c = 0, j = 0; c < d; c++) if (c !== f) out.data[i * m + j++] = X.data[i * d + c];
    }
    return out;
  }

  private fidelities(X: Matrix): Float64Array {
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = clamp01(X.data[i * this.dim + this.fidelityIndex]);
    return out;
  }

  private tu(theta: Float64Array): Float64Array {
    return theta.subarray(0, this.m);
  }

  private tb(theta: Float64Array): Float64Array {
    return theta.subarray(this.m, 2 * this.m);
  }

  private clip(t: Float64Array): Float64Array {
    for (let k = 0; k < t.length; k++) t[k] = Math.min(this.upper[k], Math.max(this.lower[k], t[k]));
    return t;
  }
}

const clamp01 = (v: number): number => (v <= 0 ? 0 : v >= 1 ? 1 : v);

/** Row i of A equals row j of B exactly. */
function sameRow(A: Matrix, i: number, B: Matrix, j: number): boolean {
  const d = A.cols;
  for (let c = 0; c < d; c++) if (A.data[i * d + c] !== B.data[j * d + c]) return false;
  return true;
}

/** c(s,s') = (1−s)(1−s')(1+s·s')^p. */
export function bias(s: number, t: number, p: number): number {
  return (1 - s) * (1 - t) * Math.pow(1 + s * t, p);
}

/** ∂c(s,t)/∂s = (1−t)(1+st)^(p−1)·(−(1+st) + p·t(1−s)). */
function biasSlope(s: number, t: number, p: number): number {
  const a = 1 + s * t;
  return (1 - t) * Math.pow(a, p - 1) * (-a + p * t * (1 - s));
}
