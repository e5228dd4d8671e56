/**
 * Observation noise for the bbob variants. Regret is always measured on the noise-free value;
 * the noise only changes what the optimizer observes. Levels are relative to the instance's
 * scale s (noiseScale: the median of f − f_opt over 256 uniform points of the box, a fixed
 * seeded sample), because bbob values span many orders of magnitude across functions.
 *
 * - gauss-low, gauss-high: additive N(0, (0.01·s)²) and N(0, (0.1·s)²).
 * - cauchy: heavy-tailed outliers as COCO's bbob-noisy "Cauchy noise" (Hansen et al. 2009,
 *   RR-6869): with probability 0.05 an additive 0.01·s·N1/|N2| (a Cauchy draw), else none.
 * - mult: COCO's multiplicative Gaussian noise f_GN with β = 1 (its "severe" level):
 *   f_opt + (f − f_opt)·exp(N(0, 1)).
 */
import type { Rng } from '../../../core/rng.js';
import { createRng, deriveSeed } from '../../../core/rng.js';
import type { BbobInstance } from './instance.js';

/** Noise model names ('none' = noiseless). */
export const BBOB_NOISE = ['none', 'gauss-low', 'gauss-high', 'cauchy', 'mult'] as const;
export type BbobNoise = (typeof BBOB_NOISE)[number];

/** Whether `s` names a noise model. */
export function isBbobNoise(s: string): s is BbobNoise {
  return (BBOB_NOISE as readonly string[]).includes(s);
}

/** Median of f − f_opt over 256 points uniform in [-5, 5]^d (seeded by the instance), at least 1e-12. */
export function noiseScale(inst: BbobInstance, d: number, seed: number): number {
  const rng = createRng(deriveSeed(seed, 0x5ca1e));
  const x = new Float64Array(d);
  const values: number[] = [];
  for (let n = 0; n < 256; n++) {
    for (let i = 0; i < d; i++) x[i] = -5 + 10 * rng.uniform();
    values.push(inst.f(x) - inst.fopt);
  }
  values.sort((a, b) => a - b);
  return Math.max(1e-12, 0.5 * (values[127] + values[128]));
}

/** The observation model: noisy value from the clean one, drawing from `rng`; null for 'none'. */
export function observationModel(noise: BbobNoise, scale: number, fopt: number): ((clean: number, rng: Rng) => number) | null {
  switch (noise) {
    case 'none':
      return null;
    case 'gauss-low':
      return (clean, rng) => clean + 0.01 * scale * rng.normal();
    case 'gauss-high':
      return (clean, rng) => clean + 0.1 * scale * rng.normal();
    case 'cauchy':
      return (clean, rng) => {
        const outlier = rng.uniform() < 0.05;
        const n1 = rng.normal();
        const n2 = rng.normal();
        return outlier ? clean + (0.01 * scale * n1) / (Math.abs(n2) + 1e-199) : clean;
      };
    case 'mult':
      return (clean, rng) => fopt + (clean - fopt) * Math.exp(rng.normal());
  }
}
