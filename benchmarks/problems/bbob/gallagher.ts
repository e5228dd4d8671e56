/**
 * bbob f21 and f22, Gallagher's Gaussian peaks (101 and 21 peaks; Hansen et al. 2009, RR-6829,
 * functions 21-22), generated as COCO's f_gallagher.c does:
 * f = T_osz(10 − max_i w_i exp(−(1/2d)(Rx − y_i)ᵀ C_i (Rx − y_i)))² + f_pen(x) + f_opt,
 * w_1 = 10, w_i = 1.1 + 8(i−2)/(n−2); C_i = diagonal permuted scales α_i^(j/(d−1) − 1/2), the α_i
 * a permutation of 1000^(k/(n−2)) (α_1 = 1000, or √1000 with 101 peaks); peak centres uniform
 * in [−c, c]^d (the global one shrunk by 0.8), R = rotation(seed).
 */
import type { BbobBuilder } from './instance.js';
import { instanceSeed } from './instance.js';
import { legacyFopt, legacyRotation, legacyUniform } from './legacy-rng.js';
import { boundaryPenalty, multiply, oscillateValue } from './transforms.js';

/** Indices of `values` in ascending order of value (ties keep index order; COCO's qsort may differ on exact ties, which have probability ~0). */
function argsort(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

function gallagher(fid: 21 | 22, peaks: 101 | 21): BbobBuilder {
  return (d, instance) => {
    const seed = instanceSeed(fid, instance);
    const [b, c, firstCondition] = peaks === 101 ? [10, 5, Math.sqrt(1000)] : [9.8, 4.9, 1000];
    const R = legacyRotation(d, seed);
    const order = argsort(legacyUniform(peaks - 1, seed));
    const conditions = [firstCondition, ...order.map((k) => Math.pow(1000, k / (peaks - 2)))];
    const weights = Array.from({ length: peaks }, (_, i) => (i === 0 ? 10 : 1.1 + ((i - 1) / (peaks - 2)) * (9.1 - 1.1)));
    const scales = conditions.map((alpha, i) => {
      const perm = argsort(legacyUniform(d, seed + 1000 * i));
      return Float64Array.from(perm, (k) => Math.pow(alpha, k / (d - 1) - 0.5));
    });
    const u = legacyUniform(d * peaks, seed);
    const xopt = Float64Array.from({ length: d }, (_, i) => 0.8 * (b * u[i] - c));
    // Peak centres in the rotated frame: y_j = R·(b·u_j − c), the global peak's times 0.8.
    const centres = Array.from({ length: peaks }, (_, j) => {
      const y = multiply(R, Float64Array.from({ length: d }, (_, k) => b * u[j * d + k] - c));
      return j === 0 ? y.map((v) => 0.8 * v) : y;
    });
    const fopt = legacyFopt(fid, instance);
    return {
      xopt,
      fopt,
      f: (x) => {
        const rx = multiply(R, x);
        let best = 0;
        for (let i = 0; i < peaks; i++) {
          let q = 0;
          for (let j = 0; j < d; j++) {
            const t = rx[j] - centres[i][j];
            q += scales[i][j] * t * t;
          }
          best = Math.max(best, weights[i] * Math.exp((-0.5 / d) * q));
        }
        const v = oscillateValue(10 - best);
        return v * v + boundaryPenalty(x) + fopt;
      },
    };
  };
}

/** f21 Gallagher 101 peaks. */
export const gallagher101 = gallagher(21, 101);
/** f22 Gallagher 21 peaks. */
export const gallagher21 = gallagher(22, 21);
