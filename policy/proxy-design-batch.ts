/**
 * Which cheap rows the sequential design asks next (policy/proxy-design-sequence.ts) when the proxy
 * law is the GP: the rows whose result would most reduce the posterior variance of φ(t₁) − φ(t₂),
 * the gap between the law's top two target rows, i.e. the question the next checkpoint asks
 * ("is t₁ still first?"). For a Gaussian posterior, observing y(x) = f(x) + ε reduces that variance by
 *   ρ(x) = Cov(f(t₁) − f(t₂), y(x))² / Var(y(x)),
 * read off one joint posterior covariance over [t₁, t₂, candidates] (noise on the diagonal). Random
 * cheap rows spread over the whole simplex; on regmix-pile the GP law confused the two best 1B
 * mixtures until ~176 random 1M runs (benchmarks/mixture/proxy-law-top.ts, seeds 100–114).
 * The linear law has no such covariance here: its batches stay random (the fixed design's rows).
 */
import type { Matrix } from '../core/matrix.js';
import type { ProxyMean } from './proxy-mean.js';

/** ρ(x) for each candidate row (pool indices), from the law's covariance at [t₁, t₂, candidates]. */
export function gapVarianceReduction(proxy: ProxyMean, pool: Matrix, first: number, second: number, candidates: readonly number[]): Float64Array {
  if (!proxy.covariance) throw new TypeError('gapVarianceReduction: the proxy law has no covariance (only the GP law has one)');
  const d = pool.cols;
  const row = (r: number) => pool.data.subarray(r * d, (r + 1) * d);
  const C = proxy.covariance([row(first), row(second), ...candidates.map(row)]);
  const m = C.rows;
  return Float64Array.from(candidates, (_, j) => {
    const x = j + 2;
    const cov = C.data[x] - C.data[m + x];
    const v = C.data[x * m + x];
    return v > 0 ? (cov * cov) / v : 0;
  });
}

/** The candidates ordered by ρ, largest first (lower pool index on a tie). */
export function targetedOrder(proxy: ProxyMean, pool: Matrix, first: number, second: number, candidates: readonly number[]): number[] {
  const rho = gapVarianceReduction(proxy, pool, first, second, candidates);
  return candidates.map((r, j) => ({ r, s: rho[j] })).sort((a, b) => b.s - a.s || a.r - b.r).map((e) => e.r);
}
