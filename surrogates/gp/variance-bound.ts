import type { Matrix } from '../../core/matrix.js';
import type { Kernel } from './kernel.js';

/** Neighbours a local bound conditions on: K³/3 flops per point, tight enough to screen noisy data. */
export const BOUND_NEIGHBOURS = 16;

/**
 * Upper bounds on the latent posterior variances at m points, O(n·m + m·K³) given Kxs.
 * Conditioning a Gaussian on fewer observations never lowers its variance, so conditioning x on
 * only its K training points with the largest |k(x, x_j)| (the set N):
 *   σ²(x) ≤ k(x,x) − k_Nᵀ (K_y)_NN⁻¹ k_N,
 * where (K_y)_NN is a principal block of K_y = L Lᵀ (noise, yVar and jitter included): off the
 * diagonal the kernel, on it ‖L_j‖². Shapes: train n×d, Xs m×d, Kxs = K(train, Xs) n×m, L n×n.
 */
export function localVarianceBounds(kernel: Kernel, theta: Float64Array, train: Matrix, L: Matrix, Xs: Matrix, Kxs: Matrix, K = BOUND_NEIGHBOURS): Float64Array {
  const n = train.rows;
  const m = Xs.rows;
  const d = train.cols;
  const kk = Math.min(K, n);
  const kyDiag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c <= i; c++) s += L.data[i * n + c] * L.data[i * n + c];
    kyDiag[i] = s;
  }
  const out = kernel.diag(theta, Xs);
  const idx = new Int32Array(kk);
  const val = new Float64Array(kk);
  const sub = { rows: kk, cols: d, data: new Float64Array(kk * d) };
  const C = new Float64Array(kk * kk);
  const v = new Float64Array(kk);
  for (let j = 0; j < m; j++) {
    // Top-kk training rows by |k(x_i, x)|, kept sorted (descending) by insertion.
    let size = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(Kxs.data[i * m + j]);
      if (size === kk && a <= Math.abs(val[kk - 1])) continue;
      let p = size < kk ? size++ : kk - 1;
      while (p > 0 && Math.abs(val[p - 1]) < a) {
        val[p] = val[p - 1];
        idx[p] = idx[p - 1];
        p--;
      }
      val[p] = Kxs.data[i * m + j];
      idx[p] = i;
    }
    for (let a = 0; a < kk; a++) sub.data.set(train.data.subarray(idx[a] * d, (idx[a] + 1) * d), a * d);
    const Kn = kernel.matrix(theta, sub, sub);
    for (let a = 0; a < kk; a++) Kn.data[a * kk + a] = kyDiag[idx[a]];
    // Cholesky of (K_y)_NN and v = L_N⁻¹ k_N; the bound is k(x,x) − vᵀv.
    let ok = true;
    let reduce = 0;
    for (let a = 0; a < kk && ok; a++) {
      for (let b = 0; b <= a; b++) {
        let s = Kn.data[a * kk + b];
        for (let c = 0; c < b; c++) s -= C[a * kk + c] * C[b * kk + c];
        if (a === b) {
          if (!(s > 0)) ok = false;
          C[a * kk + a] = Math.sqrt(s);
        } else C[a * kk + b] = s / C[b * kk + b];
      }
      let s = val[a];
      for (let c = 0; c < a; c++) s -= C[a * kk + c] * v[c];
      v[a] = s / C[a * kk + a];
      reduce += v[a] * v[a];
    }
    // Rounding-broken block: fall back to the one nearest neighbour (K = 1), always valid.
    if (!ok) reduce = (val[0] * val[0]) / kyDiag[idx[0]];
    out[j] -= reduce;
  }
  return out;
}
