/**
 * Pure-JS float64 dense kernels on row-major data (the fallback when the OpenBLAS addon is not
 * built). Loop orders keep the innermost loop on contiguous memory: Cholesky–Banachiewicz works
 * on row prefixes, Lᵀ solves and matrix solves are axpy sweeps over rows. Inner dot products are
 * unrolled 4-way (js-ecosystem.md §3: ~1.6 GFLOP/s at n = 2000, ~3× ml-matrix, which was dropped).
 * All functions take flat arrays plus sizes; core/linalg/linalg.ts wraps them in Matrix shapes.
 */

/** Σ_{t<len} a[ai+t]·b[bi+t], 4-way unrolled. */
function dotAt(a: Float64Array, ai: number, b: Float64Array, bi: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += a[ai + t] * b[bi + t];
    s1 += a[ai + t + 1] * b[bi + t + 1];
    s2 += a[ai + t + 2] * b[bi + t + 2];
    s3 += a[ai + t + 3] * b[bi + t + 3];
  }
  for (; t < len; t++) s0 += a[ai + t] * b[bi + t];
  return s0 + s1 + (s2 + s3);
}

/**
 * In-place lower Cholesky of the n×n row-major SPD matrix in `a` (only its lower triangle is read):
 * L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj, L_ii = √(A_ii − Σ_{k<i} L_ik²). Zeroes the strict upper
 * triangle. Returns false (a is then garbage) when a pivot is ≤ 0 or not finite.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      a[ri + j] = (a[ri + j] - dotAt(a, ri, a, rj, j)) / a[rj + j];
    }
    const d = a[ri + i] - dotAt(a, ri, a, ri, i);
    if (!(d > 0) || d === Infinity) return false;
    a[ri + i] = Math.sqrt(d);
    for (let j = i + 1; j < n; j++) a[ri + j] = 0;
  }
  return true;
}

/** Forward substitution in place: b ← L⁻¹b, x_i = (b_i − Σ_{k<i} L_ik x_k) / L_ii. */
export function forwardInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    b[i] = (b[i] - dotAt(l, ri, b, 0, i)) / l[ri + i];
  }
}

/** Back substitution with Lᵀ in place: b ← L⁻ᵀb, by column sweeps over rows of L (contiguous). */
export function backwardTInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = (b[i] /= l[ri + i]);
    if (xi === 0) continue;
    for (let k = 0; k < i; k++) b[k] -= l[ri + k] * xi;
  }
}

/** B ← L⁻¹B for B n×m row-major: X_i· = (B_i· − Σ_{k<i} L_ik X_k·) / L_ii. */
export function forwardMatrixInPlace(l: Float64Array, n: number, b: Float64Array, m: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const bi = i * m;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const bk = k * m;
      for (let j = 0; j < m; j++) b[bi + j] -= lik * b[bk + j];
    }
    const inv = 1 / l[ri + i];
    for (let j = 0; j < m; j++) b[bi + j] *= inv;
  }
}

/**
 * (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ (n×n, symmetric). First V = L⁻¹ (lower) by forward substitution on the
 * identity restricted to the lower triangle, then A⁻¹ = Vᵀ V accumulated as Σ_k v_k v_kᵀ over rows
 * v_k = V_k,0..k (n³/3 + n³/3 flops).
 */
export function cholInverseJs(l: Float64Array, n: number): Float64Array {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const inv = 1 / l[ri + i];
    v[ri + i] = inv;
    // V_ij = −(Σ_{j≤k<i} L_ik V_kj) / L_ii for j < i: axpy over rows k of V.
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) v[ri + j] -= lik * v[rk + j];
    }
    for (let j = 0; j < i; j++) v[ri + j] *= inv;
  }
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const vki = v[rk + i];
      if (vki === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) out[ri + j] += vki * v[rk + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  return out;
}

/** C = A·B for A p×q, B q×r (row-major): i-k-j order so the inner loop is an axpy on rows. */
export function matmulJs(a: Float64Array, b: Float64Array, p: number, q: number, r: number): Float64Array {
  const c = new Float64Array(p * r);
  for (let i = 0; i < p; i++) {
    const ci = i * r;
    for (let k = 0; k < q; k++) {
      const aik = a[i * q + k];
      if (aik === 0) continue;
      const bk = k * r;
      for (let j = 0; j < r; j++) c[ci + j] += aik * b[bk + j];
    }
  }
  return c;
}

/** C = A·Bᵀ for A p×q, B r×q (row-major): every entry a contiguous dot product; A·Aᵀ (b === a) computes the lower triangle and mirrors it. */
export function matmulTransBJs(a: Float64Array, b: Float64Array, p: number, q: number, r: number): Float64Array {
  const c = new Float64Array(p * r);
  if (a === b && p === r) {
    for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) c[i * r + j] = c[j * r + i] = dotAt(a, i * q, a, j * q, q);
    return c;
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < r; j++) c[i * r + j] = dotAt(a, i * q, b, j * q, q);
  return c;
}
