/*
 * Float64 dense kernels for the exact GP, compiled to wasm32 + simd128 (f64x2) with no libc
 * (tools/build-wasm.sh). Every matrix is row-major with leading dimension = row length, as in
 * core/matrix.ts. JS owns the memory layout: it places arrays at byte offsets at or above
 * __heap_base, grows memory as needed and passes pointers; nothing here allocates.
 *
 * One register-blocked micro-kernel carries almost all the flops:
 *   gemm_nt: C (m×r) ±= A (m×k) · B (r×k)ᵀ, dot products of contiguous rows, 2×4 blocks of C,
 *   f64x2 accumulators, the contraction cut in KC chunks so the B block stays in L2.
 * Cholesky, triangular solves and the inverse are blocked so that their O(n³) part is this
 * product (LAPACK's dpotrf/dtrsm/dpotri structure, rewritten for row-major lower factors); A·B and
 * L⁻¹B first transpose their row-major operand into scratch (O(n²)) to get that shape. An axpy-form
 * A·B kernel measured 1.3–3 GFLOP/s at n = 500–1000 against 7–12 for this one (strided B columns).
 * wasm simd128 has no FMA, so each step is a mul and an add; rounding therefore differs from the
 * JS kernels only by summation order (checked to 1e-10 relative in test/core/linalg/).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define NB 64   /* block size: a 64-wide panel of the factor; 64×KC doubles stay in L2 */
#define KC 256  /* contraction chunk for gemm_nt: the B block (≤ NB×KC×8 B = 128 KiB) is reused per row pair */

typedef double f64;

static inline f64 hsum(v128_t v) { return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1); }

/* Σ_{t<len} a[t]·b[t] with two f64x2 accumulators. */
static f64 dot(const f64 *a, const f64 *b, int len) {
  v128_t s0 = wasm_f64x2_splat(0), s1 = wasm_f64x2_splat(0);
  int t = 0;
  for (; t + 3 < len; t += 4) {
    s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(wasm_v128_load(a + t), wasm_v128_load(b + t)));
    s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(wasm_v128_load(a + t + 2), wasm_v128_load(b + t + 2)));
  }
  f64 s = hsum(wasm_f64x2_add(s0, s1));
  for (; t < len; t++) s += a[t] * b[t];
  return s;
}

/*
 * C[i][j] = (accumulate ? C[i][j] : 0) + sign·Σ_{t<k} A[i][t]·B[j][t] for i < m, j < r.
 * A rows at stride lda, B rows at stride ldb, C rows at stride ldc.
 */
static void gemm_nt(f64 *c, int ldc, const f64 *a, int lda, const f64 *b, int ldb, int m, int r, int k, f64 sign,
                    int accumulate) {
  if (!accumulate)
    for (int i = 0; i < m; i++)
      for (int j = 0; j < r; j++) c[i * ldc + j] = 0;
  for (int t0 = 0; t0 < k; t0 += KC) {
    const int kc = k - t0 < KC ? k - t0 : KC;
    const int kv = kc & ~1;
    int i = 0;
    for (; i + 1 < m; i += 2) {
      const f64 *a0 = a + i * lda + t0, *a1 = a0 + lda;
      int j = 0;
      for (; j + 3 < r; j += 4) {
        const f64 *b0 = b + j * ldb + t0, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        v128_t s00 = wasm_f64x2_splat(0), s01 = s00, s02 = s00, s03 = s00;
        v128_t s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        for (int t = 0; t < kv; t += 2) {
          v128_t x0 = wasm_v128_load(a0 + t), x1 = wasm_v128_load(a1 + t);
          v128_t y0 = wasm_v128_load(b0 + t), y1 = wasm_v128_load(b1 + t);
          v128_t y2 = wasm_v128_load(b2 + t), y3 = wasm_v128_load(b3 + t);
          s00 = wasm_f64x2_add(s00, wasm_f64x2_mul(x0, y0));
          s01 = wasm_f64x2_add(s01, wasm_f64x2_mul(x0, y1));
          s02 = wasm_f64x2_add(s02, wasm_f64x2_mul(x0, y2));
          s03 = wasm_f64x2_add(s03, wasm_f64x2_mul(x0, y3));
          s10 = wasm_f64x2_add(s10, wasm_f64x2_mul(x1, y0));
          s11 = wasm_f64x2_add(s11, wasm_f64x2_mul(x1, y1));
          s12 = wasm_f64x2_add(s12, wasm_f64x2_mul(x1, y2));
          s13 = wasm_f64x2_add(s13, wasm_f64x2_mul(x1, y3));
        }
        f64 r00 = hsum(s00), r01 = hsum(s01), r02 = hsum(s02), r03 = hsum(s03);
        f64 r10 = hsum(s10), r11 = hsum(s11), r12 = hsum(s12), r13 = hsum(s13);
        if (kv < kc) {
          const f64 u0 = a0[kv], u1 = a1[kv];
          r00 += u0 * b0[kv]; r01 += u0 * b1[kv]; r02 += u0 * b2[kv]; r03 += u0 * b3[kv];
          r10 += u1 * b0[kv]; r11 += u1 * b1[kv]; r12 += u1 * b2[kv]; r13 += u1 * b3[kv];
        }
        f64 *c0 = c + i * ldc + j, *c1 = c0 + ldc;
        c0[0] += sign * r00; c0[1] += sign * r01; c0[2] += sign * r02; c0[3] += sign * r03;
        c1[0] += sign * r10; c1[1] += sign * r11; c1[2] += sign * r12; c1[3] += sign * r13;
      }
      for (; j < r; j++) {
        const f64 *b0 = b + j * ldb + t0;
        c[i * ldc + j] += sign * dot(a0, b0, kc);
        c[(i + 1) * ldc + j] += sign * dot(a1, b0, kc);
      }
    }
    for (; i < m; i++)
      for (int j = 0; j < r; j++) c[i * ldc + j] += sign * dot(a + i * lda + t0, b + j * ldb + t0, kc);
  }
}

/* out (c×r) ← inᵀ for in r×c (row-major), in 32×32 tiles so both sides stay in cache. */
static void transpose(f64 *out, const f64 *in, int r, int c) {
  for (int i0 = 0; i0 < r; i0 += 32)
    for (int j0 = 0; j0 < c; j0 += 32) {
      const int i1 = r - i0 < 32 ? r : i0 + 32, j1 = c - j0 < 32 ? c : j0 + 32;
      for (int i = i0; i < i1; i++)
        for (int j = j0; j < j1; j++) out[j * r + i] = in[i * c + j];
    }
}

/** C (p×r) ← A (p×q) · B (q×r) (B transposed into work, r×q, first), or A · Bᵀ with B r×q when transB. */
EXPORT(gemm) void gemm(f64 *c, const f64 *a, const f64 *b, int p, int q, int r, int transB, f64 *work) {
  if (!transB) {
    transpose(work, b, q, r);
    b = work;
  }
  gemm_nt(c, r, a, q, b, q, p, r, q, 1.0, 0);
}

/*
 * C (p×p) ← A·Aᵀ for A p×q (SYRK): gemm_nt on the 64×64 block pairs I ≥ J only, then the lower
 * triangle mirrored up, p²q flops instead of 2p²q. Used for posterior covariances K** − VᵀV.
 */
EXPORT(syrk) void syrk(f64 *c, const f64 *a, int p, int q) {
  for (int i0 = 0; i0 < p; i0 += NB) {
    const int ib = p - i0 < NB ? p - i0 : NB;
    for (int j0 = 0; j0 <= i0; j0 += NB) {
      const int jb = p - j0 < NB ? p - j0 : NB;
      gemm_nt(c + i0 * p + j0, p, a + i0 * q, q, a + j0 * q, q, ib, jb, q, 1.0, 0);
    }
  }
  for (int i = 0; i < p; i++)
    for (int j = 0; j < i; j++) c[j * p + i] = c[i * p + j];
}

/*
 * In-place lower Cholesky of the n×n SPD matrix a (only the lower triangle is read); strict upper
 * triangle zeroed. Left-looking by 64-column panels J = [j0, j0+jb):
 *   1. A[j0:n, J] −= L[j0:n, 0:j0] · L[J, 0:j0]ᵀ                    (gemm_nt, ~all n³/3 flops)
 *   2. factor the diagonal block: L_ij = (A_ij − Σ_{j0≤t<j} L_it L_jt) / L_jj, L_jj = √(…)
 *   3. rows below: the same formula for i ≥ j0+jb (a small triangular solve per row).
 * Returns 0, or k+1 when the k-th pivot is ≤ 0 or not finite (LAPACK info convention).
 */
EXPORT(potrf) int potrf(f64 *a, int n) {
  for (int j0 = 0; j0 < n; j0 += NB) {
    const int jb = n - j0 < NB ? n - j0 : NB;
    if (j0 > 0) gemm_nt(a + j0 * n + j0, n, a + j0 * n, n, a + j0 * n, n, n - j0, jb, j0, -1.0, 1);
    for (int j = j0; j < j0 + jb; j++) {
      const f64 *lj = a + j * n + j0;
      const f64 d = a[j * n + j] - dot(lj, lj, j - j0);
      if (!(d > 0) || d - d != 0) return j + 1;
      const f64 ljj = __builtin_sqrt(d);
      a[j * n + j] = ljj;
      const f64 inv = 1.0 / ljj;
      for (int i = j + 1; i < n; i++) {
        f64 *li = a + i * n + j0;
        li[j - j0] = (li[j - j0] - dot(li, lj, j - j0)) * inv;
      }
    }
  }
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) a[i * n + j] = 0;
  return 0;
}

/** b ← L⁻¹b: x_i = (b_i − L_i,0:i · x_0:i) / L_ii. */
EXPORT(trsv_lower) void trsv_lower(const f64 *l, int n, f64 *b) {
  for (int i = 0; i < n; i++) b[i] = (b[i] - dot(l + i * n, b, i)) / l[i * n + i];
}

/** b ← L⁻ᵀb: x_i = b_i / L_ii, then b_0:i −= x_i · L_i,0:i (axpy over contiguous rows). */
EXPORT(trsv_lower_t) void trsv_lower_t(const f64 *l, int n, f64 *b) {
  for (int i = n - 1; i >= 0; i--) {
    const f64 *li = l + i * n;
    const f64 xi = (b[i] /= li[i]);
    const v128_t xv = wasm_f64x2_splat(xi);
    int k = 0;
    for (; k + 1 < i; k += 2) wasm_v128_store(b + k, wasm_f64x2_sub(wasm_v128_load(b + k), wasm_f64x2_mul(xv, wasm_v128_load(li + k))));
    for (; k < i; k++) b[k] -= xi * li[k];
  }
}

/*
 * Rows of xt (m×n) are right-hand sides; each becomes x with L x = row. Dot form per 64-wide
 * block I of unknowns: xt[:, I] −= xt[:, 0:i0] · L[I, 0:i0]ᵀ (gemm_nt), then
 * x_i = (x_i − Σ_{i0≤t<i} x_t L_it) / L_ii inside the block.  */
static void trsm_rows(const f64 *l, int n, f64 *xt, int m) {
  for (int i0 = 0; i0 < n; i0 += NB) {
    const int ib = n - i0 < NB ? n - i0 : NB;
    if (i0 > 0) gemm_nt(xt + i0, n, xt, n, l + i0 * n, n, m, ib, i0, -1.0, 1);
    for (int s = 0; s < m; s++) {
      f64 *x = xt + s * n;
      for (int i = i0; i < i0 + ib; i++) x[i] = (x[i] - dot(x + i0, l + i * n + i0, i - i0)) / l[i * n + i];
    }
  }
}

/** B (n×m) ← L⁻¹B: transposed into work (m×n) so every RHS is a contiguous row, solved, transposed back. */
EXPORT(trsm_lower) void trsm_lower(const f64 *l, int n, f64 *b, int m, f64 *work) {
  transpose(work, b, n, m);
  trsm_rows(l, n, work, m);
  transpose(b, work, m, n);
}

/*
 * out (n×n) ← (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹, full symmetric; work is n×n scratch. 2n³/3 flops:
 *   1. U = L⁻ᵀ (upper, row-major) in out: row j of U solves L x = e_j, so x_i = 0 for i < j. The
 *      dot form of trsm_rows, restricted to that structure: for column block I only rows j < i0+ib
 *      are nonzero, and the update of row block J runs over t ≥ j0.
 *   2. (UUᵀ)_ij = Σ_{t ≥ max(i,j)} U_it U_jt = ((L Lᵀ)⁻¹)_ij, a dot product of contiguous rows:
 *      gemm_nt for block pairs I ≥ J with t from i0, into work's lower triangle, then mirrored into out.
 */
EXPORT(potri) void potri(const f64 *l, int n, f64 *out, f64 *work) {
  f64 *u = out;
  for (int i = 0; i < n * n; i++) u[i] = 0;
  for (int i = 0; i < n; i++) u[i * n + i] = 1;
  for (int i0 = 0; i0 < n; i0 += NB) {
    const int ib = n - i0 < NB ? n - i0 : NB;
    for (int j0 = 0; j0 < i0; j0 += NB) {
      const int jb = i0 - j0 < NB ? i0 - j0 : NB;
      /* U[J, I] −= U[J, j0:i0] · L[I, j0:i0]ᵀ */
      gemm_nt(u + j0 * n + i0, n, u + j0 * n + j0, n, l + i0 * n + j0, n, jb, ib, i0 - j0, -1.0, 1);
    }
    for (int j = 0; j < i0 + ib; j++) {
      f64 *x = u + j * n;
      for (int i = i0; i < i0 + ib; i++) x[i] = (x[i] - dot(x + i0, l + i * n + i0, i - i0)) / l[i * n + i];
    }
  }
  for (int i0 = 0; i0 < n; i0 += NB) {
    const int ib = n - i0 < NB ? n - i0 : NB;
    for (int j0 = 0; j0 <= i0; j0 += NB) {
      const int jb = n - j0 < NB ? n - j0 : NB;
      gemm_nt(work + i0 * n + j0, n, u + i0 * n + i0, n, u + j0 * n + i0, n, ib, jb, n - i0, 1.0, 0);
    }
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j <= i; j++) out[i * n + j] = out[j * n + i] = work[i * n + j];
}
