/**
 * Output warping as Google Vizier's GP-bandit does it (Song et al. 2022, "Open Source Vizier";
 * the default warper pipeline: half-rank, then log): values are maximized (larger = better).
 * - Half-rank warp: values below the median are replaced by Gaussian quantiles of their dense rank,
 *   centred on the median and scaled by the good half's spread, so a few very bad values stop
 *   setting the model's scale while their order is kept; values at or above the median are kept.
 * - Log warp: w = 0.5 − log1p((max − v)/(max − min)·(c − 1))/log c, c = 1.5: maps [min, max] onto
 *   [−0.5, 0.5], concave, c times steeper at the top than at the bottom (stretches the good end).
 * Both are strictly increasing in v, so the argmax and every comparison between observations are kept.
 */
import { normalQuantile } from './normal.js';
import { standardize, type Standardized } from './standardize.js';

/** Vizier's LogWarperComponent offset. */
export const LOG_WARP_OFFSET = 1.5;

/** What the half-rank warp used; shown in an ask's diagnostics. */
export interface HalfRankStats {
  /** The median of the values (numpy's: the mean of the two middle values for even n). */
  readonly median: number;
  /** sqrt(mean over distinct values u ≥ median of (u − median)²): the scale of the warped bad half. */
  readonly goodHalfSd: number;
  /** How many values were below the median (replaced). */
  readonly warped: number;
}

function checkFinite(y: ArrayLike<number>, who: string): void {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new RangeError(`${who}: y[${i}] is ${y[i]}`);
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

/** First index i with sorted[i] >= v (sorted ascending, v <= its last element). */
function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Half-rank warp of maximized values y (length n). With U the distinct values ascending, m the median,
 * k = #{u ∈ U: u < m} and D = k + ½·[m ∈ U]: a value v < m of dense rank r (its 1-based index in U)
 * becomes m + σ·Φ⁻¹(½·(r − ½)/D), σ the good half's spread (HalfRankStats.goodHalfSd; if it is 0, the
 * same root mean square over all of U). r ≤ k < D + ½ keeps the quantile below ½, so warped values stay
 * below m and in their order. Fewer than 2 values are returned unchanged.
 */
export function halfRankWarp(y: ArrayLike<number>): { y: Float64Array; stats: HalfRankStats } {
  checkFinite(y, 'halfRankWarp');
  const out = Float64Array.from(y);
  const n = out.length;
  if (n < 2) return { y: out, stats: { median: n === 1 ? out[0] : 0, goodHalfSd: 0, warped: 0 } };
  const sorted = Array.from(out).sort((a, b) => a - b);
  const m = median(sorted);
  const unique = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  const k = lowerBound(unique, m);
  const denominator = k + (unique[k] === m ? 0.5 : 0);
  const rms = (values: readonly number[]): number => Math.sqrt(values.reduce((s, u) => s + (u - m) ** 2, 0) / values.length);
  let sd = rms(unique.slice(k));
  if (!(sd > 0)) sd = rms(unique);
  let warped = 0;
  for (let i = 0; i < n; i++) {
    if (!(out[i] < m)) continue;
    const rank = lowerBound(unique, out[i]) + 1;
    out[i] = m + sd * normalQuantile((0.5 * (rank - 0.5)) / denominator);
    warped++;
  }
  return { y: out, stats: { median: m, goodHalfSd: sd, warped } };
}

/** Vizier's log warp of y onto [−0.5, 0.5] (see the file comment); constant y maps to 0.5. */
export function logWarp(y: ArrayLike<number>, offset = LOG_WARP_OFFSET): { y: Float64Array; min: number; max: number } {
  checkFinite(y, 'logWarp');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < y.length; i++) {
    min = Math.min(min, y[i]);
    max = Math.max(max, y[i]);
  }
  const range = max - min;
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = range > 0 ? 0.5 - Math.log1p(((max - y[i]) / range) * (offset - 1)) / Math.log(offset) : 0.5;
  return { y: out, min, max };
}

/** Inverse of logWarp for a range [min, max] > 0: v = max − (max − min)·(c^(½ − w) − 1)/(c − 1). */
export function logWarpInverse(w: ArrayLike<number>, range: { min: number; max: number }, offset = LOG_WARP_OFFSET): Float64Array {
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = range.max - ((range.max - range.min) * (Math.pow(offset, 0.5 - w[i]) - 1)) / (offset - 1);
  return out;
}

/** The 'half-rank' outcome transform: half-rank warp, log warp, z-score (mean/std are the z-score's). */
export function halfRankLogWarp(y: ArrayLike<number>): Standardized & { halfRank: HalfRankStats } {
  const ranked = halfRankWarp(y);
  return { ...standardize(logWarp(ranked.y).y), halfRank: ranked.stats };
}
