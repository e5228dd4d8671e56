/**
 * The stop margin of the sequential cheap design (policy/proxy-design-sequence.ts, option
 * `proxyStopMargin`): how many posterior standard deviations the proxy law's top target row leads
 * the runner-up by, z = (φ(t₁) − φ(t₂)) / sd(φ(t₁) − φ(t₂)). A top row that repeats over one batch
 * can still be a coin flip between two near-equal mixtures: on regmix-pile the session-10 design
 * stopped on the runner-up 1B row on 11 of 40 selection seeds, and each such stop costs at least one
 * extra target run (benchmarks/RESULTS.md 2026-12-06, session 10). Requiring z ≥ m as well asks the
 * law to be sure of its order before the design hands over to the target level.
 */
import type { Matrix } from '../core/matrix.js';
import type { ProxyMean } from './proxy-mean.js';

/** The top row's lead over the runner-up in φ's units, its posterior sd and their ratio. */
export interface TopMargin {
  readonly gap: number;
  readonly sd: number;
  /** gap / sd; +∞ when the law is certain of a positive gap (sd 0). */
  readonly z: number;
}

/** The margin of pool row `first` over `second` under the fitted law (undefined when the law has no posterior). */
export function topMargin(proxy: ProxyMean, pool: Matrix, first: number, second: number): TopMargin | undefined {
  if (!proxy.gapSd) return undefined;
  const d = pool.cols;
  const row = (r: number) => pool.data.subarray(r * d, (r + 1) * d);
  const gap = proxy.basis.value(row(first)) - proxy.basis.value(row(second));
  const sd = proxy.gapSd(row(first), row(second));
  return { gap, sd, z: sd > 0 ? gap / sd : gap > 0 ? Infinity : 0 };
}
