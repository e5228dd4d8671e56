/** Gamma draws, in core so that acquisitions (fixed χ² base draws of Student-t surfaces) and surrogates (priors) share one sampler. */
import type { Rng } from './rng.js';

/** Gamma(α, 1) draw (Marsaglia & Tsang 2000; α < 1 via the U^(1/α) boost). */
export function sampleGamma(alpha: number, rng: Rng): number {
  if (alpha < 1) return sampleGamma(alpha + 1, rng) * Math.pow(rng.uniform() || Number.MIN_VALUE, 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
