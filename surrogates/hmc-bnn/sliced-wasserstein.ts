/**
 * Sliced 1-Wasserstein distance between two equal-size samples of R^M (rows of n×M matrices):
 *   SW₁(A, B) = (1/K) Σ_k W₁(A θ_k, B θ_k),  θ_k uniform on the unit sphere S^{M−1},
 * and in one dimension, for equal sample sizes, W₁ = (1/n) Σ_i |a_(i) − b_(i)| (sorted samples:
 * the monotone coupling is optimal on the line). Bonneel, Rabin, Peyré, Pfister (2015), "Sliced and
 * Radon Wasserstein barycenters of measures". Float64, plain loops: M and n are small (≤ a few hundred).
 */
import type { Rng } from '../../core/rng.js';

/** K directions uniform on S^{M−1}, as an M×K row-major matrix (unit columns). */
export function randomDirections(M: number, K: number, rng: Rng): Float64Array {
  const out = new Float64Array(M * K);
  for (let k = 0; k < K; k++) {
    let norm = 0;
    for (let i = 0; i < M; i++) {
      const v = rng.normal();
      out[i * K + k] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < M; i++) out[i * K + k] /= norm;
  }
  return out;
}

/** Projections of the rows of A (n×M) on the K directions, sorted per direction: K×n row-major. */
export function sortedProjections(A: Float64Array, n: number, M: number, dirs: Float64Array, K: number): Float64Array {
  const out = new Float64Array(K * n);
  for (let k = 0; k < K; k++) {
    const col = out.subarray(k * n, (k + 1) * n);
    for (let s = 0; s < n; s++) {
      let acc = 0;
      for (let i = 0; i < M; i++) acc += A[s * M + i] * dirs[i * K + k];
      col[s] = acc;
    }
    col.sort();
  }
  return out;
}

/** SW₁ between the rows of A and B (both n×M) along the given directions (M×K). */
export function slicedWasserstein1(A: Float64Array, B: Float64Array, n: number, M: number, dirs: Float64Array, K: number): number {
  const pa = sortedProjections(A, n, M, dirs, K);
  const pb = sortedProjections(B, n, M, dirs, K);
  let sum = 0;
  for (let i = 0; i < K * n; i++) sum += Math.abs(pa[i] - pb[i]);
  return sum / (K * n);
}

/**
 * For projections P (n×K row-major, unsorted) and sorted reference projections Q (K×n): T with
 * T[s,k] = Q[k, rank of P[s,k] in column k]. Then (1/(nK)) Σ |P − T| = SW₁, and with T held fixed
 * its gradient in P is SW₁'s (the optimal coupling is locally constant in P where there are no ties).
 */
export function couplingTargets(P: ArrayLike<number>, n: number, K: number, Q: Float64Array): Float32Array {
  const T = new Float32Array(n * K);
  const order = new Int32Array(n);
  for (let k = 0; k < K; k++) {
    for (let s = 0; s < n; s++) order[s] = s;
    order.sort((a, b) => P[a * K + k] - P[b * K + k]);
    for (let r = 0; r < n; r++) T[order[r] * K + k] = Q[k * n + r];
  }
  return T;
}
