/**
 * The full-support Riemann ("bar") distribution of PFNs (seed-specs §2.2, "full support" variant
 * of PFNs bar_distribution.py, with the corrected tail moments and EI of §2.2/§2.5):
 * borders b_0 < … < b_B; bucket k (1..B−2) is uniform on [b_k, b_{k+1}) with mass p_k; bucket 0
 * is y = b_1 − H and bucket B−1 is y = b_{B−1} + H, H ~ HalfNormal(s) with
 * s = (edge width)/Φ⁻¹_halfnormal(0.5) = w_edge/0.6744897501960817 (half the tail mass within one
 * bucket width). Everything is float64 and per row (p: length-B probabilities).
 */
import type { Rng } from '../../core/rng.js';
import { erf, erfc, logH, logNormalCdf, normalCdf, normalQuantile } from '../../core/normal.js';

/** Median of HalfNormal(1) = Φ⁻¹(0.75). */
export const HALF_NORMAL_MEDIAN = 0.6744897501960817;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Bucket geometry and per-row algebra of one bar distribution. */
export class BarDistribution {
  /** Number of buckets B. */
  readonly size: number;
  readonly borders: Float64Array;
  readonly widths: Float64Array;
  /** Inner anchors b_L = b_1 and b_R = b_{B−1}, and the tail scales s_L, s_R. */
  readonly left: number;
  readonly right: number;
  readonly sL: number;
  readonly sR: number;
  /** Per-bucket mean and variance (tails: b_R + s√(2/π), s²(1 − 2/π)). */
  readonly bucketMean: Float64Array;
  readonly bucketVar: Float64Array;

  constructor(borders: ArrayLike<number>) {
    const B = borders.length - 1;
    if (B < 3) throw new RangeError(`BarDistribution: need at least 3 buckets, got ${B}`);
    this.size = B;
    this.borders = Float64Array.from(borders);
    this.widths = new Float64Array(B);
    for (let k = 0; k < B; k++) {
      const w = this.borders[k + 1] - this.borders[k];
      if (!(w > 0)) throw new RangeError(`BarDistribution: borders must increase strictly (bucket ${k} has width ${w})`);
      this.widths[k] = w;
    }
    this.left = this.borders[1];
    this.right = this.borders[B - 1];
    this.sL = this.widths[0] / HALF_NORMAL_MEDIAN;
    this.sR = this.widths[B - 1] / HALF_NORMAL_MEDIAN;
    this.bucketMean = new Float64Array(B);
    this.bucketVar = new Float64Array(B);
    for (let k = 1; k < B - 1; k++) {
      this.bucketMean[k] = 0.5 * (this.borders[k] + this.borders[k + 1]);
      this.bucketVar[k] = (this.widths[k] * this.widths[k]) / 12;
    }
    const tailVar = 1 - 2 / Math.PI;
    this.bucketMean[0] = this.left - this.sL * SQRT_2_OVER_PI;
    this.bucketVar[0] = this.sL * this.sL * tailVar;
    this.bucketMean[B - 1] = this.right + this.sR * SQRT_2_OVER_PI;
    this.bucketVar[B - 1] = this.sR * this.sR * tailVar;
  }

  /** A copy with every border mapped by y → shift + scale·y (scale > 0): the same law in other units. */
  affine(shift: number, scale: number): BarDistribution {
    return new BarDistribution(this.borders.map((b) => shift + scale * b));
  }

  /** Bucket index of y: 0 for y < b_1, B−1 for y ≥ b_{B−1}, else k with b_k ≤ y < b_{k+1}. */
  bucketOf(y: number): number {
    const B = this.size;
    if (y < this.left) return 0;
    if (y >= this.right) return B - 1;
    let lo = 1;
    let hi = B - 1; // borders[lo] <= y < borders[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.borders[mid] <= y) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** log density at y: interior log p_k − log w_k; tails log p + log halfnormal_s(distance). */
  logPdf(p: ArrayLike<number>, y: number): number {
    const k = this.bucketOf(y);
    if (k === 0) return Math.log(p[0]) + logHalfNormalPdf(this.left - y, this.sL);
    if (k === this.size - 1) return Math.log(p[k]) + logHalfNormalPdf(y - this.right, this.sR);
    return Math.log(p[k]) - Math.log(this.widths[k]);
  }

  /** Negative log-likelihood of y (the training loss, in these units). */
  nll(p: ArrayLike<number>, y: number): number {
    return -this.logPdf(p, y);
  }

  /** Mean Σ p_k·m_k. */
  mean(p: ArrayLike<number>): number {
    let m = 0;
    for (let k = 0; k < this.size; k++) m += p[k] * this.bucketMean[k];
    return m;
  }

  /** Variance by the law of total variance Σ p_k·(v_k + (m_k − μ)²): the exact second moment, tails included. */
  variance(p: ArrayLike<number>): number {
    const mu = this.mean(p);
    let v = 0;
    for (let k = 0; k < this.size; k++) {
      const dm = this.bucketMean[k] - mu;
      v += p[k] * (this.bucketVar[k] + dm * dm);
    }
    return v;
  }

  /** CDF P(Y ≤ y). */
  cdf(p: ArrayLike<number>, y: number): number {
    const k = this.bucketOf(y);
    let c = 0;
    for (let j = 0; j < k; j++) c += p[j];
    if (k === 0) return p[0] * erfc((this.left - y) / (this.sL * Math.SQRT2));
    if (k === this.size - 1) return c + p[k] * erf((y - this.right) / (this.sR * Math.SQRT2));
    return c + (p[k] * (y - this.borders[k])) / this.widths[k];
  }

  /** Quantile: the y with cdf(y) = q (0 < q < 1); linear inside buckets, half-normal inverse in the tails. */
  quantile(p: ArrayLike<number>, q: number): number {
    const B = this.size;
    if (q <= p[0]) {
      // p0·2Φ(−u) = q, y = b_L − s·u.
      const u = -normalQuantile(q / (2 * p[0]));
      return this.left - this.sL * Math.max(0, u);
    }
    let c = p[0];
    for (let k = 1; k < B - 1; k++) {
      if (q <= c + p[k]) return this.borders[k] + (p[k] > 0 ? ((q - c) / p[k]) * this.widths[k] : 0);
      c += p[k];
    }
    // Right tail: c + p·(1 − 2Φ(−u)) = q  ⇒  Φ(−u) = (1 − (q − c)/p)/2.
    const pr = p[B - 1];
    const r = pr > 0 ? Math.min(1, Math.max(0, (q - c) / pr)) : 0;
    const u = -normalQuantile((1 - r) / 2);
    return this.right + this.sR * Math.max(0, u);
  }

  /** One draw: bucket by its probability, then uniform inside or b ∓ |N(0, s²)| in a tail. */
  sample(p: ArrayLike<number>, rng: Rng): number {
    const B = this.size;
    let u = rng.uniform();
    let k = 0;
    for (; k < B - 1; k++) {
      if (u < p[k]) break;
      u -= p[k];
    }
    if (k === 0) return this.left - this.sL * Math.abs(rng.normal());
    if (k === B - 1) return this.right + this.sR * Math.abs(rng.normal());
    return this.borders[k] + rng.uniform() * this.widths[k];
  }

  /**
   * Per-bucket expected improvement e_k = E[max(Y − f*, 0) | bucket k] (EI = Σ p_k e_k):
   * interior, c = clamp(f*, l, r): e = ((r − f*)² − (c − f*)²)/(2w)  (= [(r² − c²)/2 − f*(r − c)]/w);
   * right tail, t = f* − b_R: t ≥ 0: E[(H − t)+] = 2s·h(−t/s) with h(z) = φ(z) + zΦ(z); t < 0: −t + s√(2/π);
   * left tail, t = b_L − f*: t ≤ 0: 0; else t·erf(t/(s√2)) − s√(2/π)(1 − e^{−t²/(2s²)}).
   */
  bucketEi(best: number): Float64Array {
    const B = this.size;
    const e = new Float64Array(B);
    for (let k = 1; k < B - 1; k++) {
      const l = this.borders[k];
      const r = this.borders[k + 1];
      if (best >= r) continue;
      const c = Math.max(l, best);
      e[k] = ((r - best) ** 2 - (c - best) ** 2) / (2 * this.widths[k]);
    }
    e[B - 1] = Math.exp(this.logRightTailEi(best));
    const t = this.left - best;
    if (t > 0) {
      const s = this.sL;
      e[0] = t * erf(t / (s * Math.SQRT2)) - s * SQRT_2_OVER_PI * -Math.expm1(-(t * t) / (2 * s * s));
      if (e[0] < 0) e[0] = 0;
    }
    return e;
  }

  /** log e_k (−∞ where e_k = 0); the right tail uses log h, so it never underflows. */
  logBucketEi(best: number): Float64Array {
    const e = this.bucketEi(best);
    const out = e.map((v) => (v > 0 ? Math.log(v) : -Infinity));
    out[this.size - 1] = this.logRightTailEi(best);
    return out;
  }

  private logRightTailEi(best: number): number {
    const t = best - this.right;
    const s = this.sR;
    if (t < 0) return Math.log(-t + s * SQRT_2_OVER_PI);
    return Math.log(2 * s) + logH(-t / s);
  }

  /** Per-bucket P(Y > f* | bucket k) (PI = Σ p_k π_k); tails via the half-normal CDF. */
  bucketPi(best: number): Float64Array {
    return this.logBucketPi(best).map((v) => Math.exp(v));
  }

  /** log π_k (−∞ where π_k = 0). */
  logBucketPi(best: number): Float64Array {
    const B = this.size;
    const out = new Float64Array(B);
    for (let k = 1; k < B - 1; k++) {
      const l = this.borders[k];
      const frac = Math.min(1, Math.max(0, (best - l) / this.widths[k]));
      out[k] = Math.log1p(-frac);
    }
    // Right tail: t = f* − b_R; P(H > t) = 2Φ(−t/s) for t ≥ 0, else 1.
    const tr = best - this.right;
    out[B - 1] = tr <= 0 ? 0 : Math.LN2 + logNormalCdf(-tr / this.sR);
    // Left tail: t = b_L − f*; P(H < t) = 1 − 2Φ(−t/s) for t > 0, else 0.
    const tl = this.left - best;
    out[0] = tl <= 0 ? -Infinity : Math.log(Math.max(0, 1 - 2 * normalCdf(-tl / this.sL)));
    return out;
  }
}

/** log of the HalfNormal(s) density at distance d ≥ 0: log 2 − log s − ½ln(2π) − d²/(2s²). */
export function logHalfNormalPdf(d: number, s: number): number {
  return Math.LN2 - Math.log(s) - LOG_SQRT_2PI - (d * d) / (2 * s * s);
}

/** log Σ_k exp(a_k + b_k), stable (−∞ when every term is −∞). */
export function logDot(logP: ArrayLike<number>, logW: ArrayLike<number>, n: number, offset = 0): number {
  let m = -Infinity;
  for (let k = 0; k < n; k++) m = Math.max(m, logP[offset + k] + logW[k]);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp(logP[offset + k] + logW[k] - m);
  return m + Math.log(s);
}

/** Row-wise softmax of logits (m×B, Float32 or Float64) into probabilities and log-probabilities (float64). */
export function softmaxRows(logits: ArrayLike<number>, m: number, B: number): { probs: Float64Array; logProbs: Float64Array } {
  const probs = new Float64Array(m * B);
  const logProbs = new Float64Array(m * B);
  for (let i = 0; i < m; i++) {
    const o = i * B;
    let mx = -Infinity;
    for (let k = 0; k < B; k++) mx = Math.max(mx, logits[o + k]);
    let s = 0;
    for (let k = 0; k < B; k++) s += Math.exp(logits[o + k] - mx);
    const lse = mx + Math.log(s);
    for (let k = 0; k < B; k++) {
      logProbs[o + k] = logits[o + k] - lse;
      probs[o + k] = Math.exp(logProbs[o + k]);
    }
  }
  return { probs, logProbs };
}
