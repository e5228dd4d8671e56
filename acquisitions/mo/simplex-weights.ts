/**
 * Scalarization weights of qNParEGO: a point drawn uniformly from the probability simplex, i.e.
 * Dirichlet(1, ..., 1), as m standard exponentials divided by their sum (Knowles 2006; BoTorch's
 * sample_simplex draws the same distribution by sorted uniforms).
 */
import type { Rng } from '../../core/rng.js';

/** One weight vector uniform on the (m−1)-simplex. */
export function dirichletWeights(m: number, rng: Rng): Float64Array {
  const w = Float64Array.from({ length: m }, () => -Math.log(1 - rng.uniform()));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}
