import { fromRows, vstack, zeros, type Matrix } from '../../../core/matrix.js';
import { hypervolume } from '../../../core/pareto/hypervolume.js';
import { createRng } from '../../../core/rng.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';
import { fittedGpFromHyperparameters } from '../../../surrogates/gp/fitted-gp.js';
import type { FittedSurrogate } from '../../../surrogates/types.js';

/**
 * Exact GPs at fixed hyperparameters on one shared design (n×d), one per outcome function, as a
 * multi-outcome study fits them: outcome k is f_k(x) + small noise.
 */
export function outcomeGps(n: number, d: number, seed: number, fs: ((x: Float64Array) => number)[]) {
  const rng = createRng(seed);
  const X = zeros(n, d);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  const kernel = resolveModelSpec(GpOptions.parse({ preset: 'botorch-legacy' }), d).kernel;
  const theta = [...Array.from({ length: d }, (_, j) => Math.log(0.35 + 0.05 * j)), Math.log(0.8)];
  const models = fs.map((f) => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = f(X.data.subarray(i * d, (i + 1) * d)) + 0.01 * rng.normal();
    return fittedGpFromHyperparameters({ kernel, theta, noise: 1e-3, mean: 0 }, { X, y });
  });
  return { X, models, rng };
}

/** Two conflicting objectives on [0,1]^d (maximized): closeness to two different corners. */
export const conflicting = [
  (x: Float64Array) => 1 - 2 * x.reduce((s, v) => s + (v - 0.2) ** 2, 0),
  (x: Float64Array) => 1 - 2 * x.reduce((s, v) => s + (v - 0.8) ** 2, 0),
];

/**
 * E[HVI] at x by brute force, independent of the surface under test: N joint draws of [head; x]
 * per model by its posterior's own sample(), the front of each draw's head rows, HVI = HV(front ∪ ξ)
 * − HV(front) by exact hypervolumes (no box decomposition, no smoothing). Mean and standard error.
 */
export function bruteForceEhvi(models: readonly FittedSurrogate[], head: Matrix, x: ArrayLike<number>, ref: number[], N: number, seed: number): { mean: number; se: number } {
  const h = head.rows;
  const at = vstack(head, { rows: 1, cols: x.length, data: Float64Array.from(x) });
  const draws = models.map((m, k) => m.posterior(at).sample(N, createRng(seed + k)));
  let sum = 0;
  let sq = 0;
  for (let t = 0; t < N; t++) {
    const front = fromRows(Array.from({ length: h }, (_, j) => draws.map((D) => D.data[t * (h + 1) + j])));
    const xi = draws.map((D) => D.data[t * (h + 1) + h]);
    const hvi = hypervolume(vstack(front, fromRows([xi])), ref) - hypervolume(front, ref);
    sum += hvi;
    sq += hvi * hvi;
  }
  const mean = sum / N;
  return { mean, se: Math.sqrt(Math.max(sq / N - mean * mean, 0) / N) };
}
