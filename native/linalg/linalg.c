/*
 * N-API addon: float64 dense kernels for the exact GP over OpenBLAS (CBLAS) and LAPACKE.
 * Every matrix is row-major (core/matrix.ts). A row-major lower triangle is the same memory as a
 * column-major upper triangle, so LAPACK's column-major 'U' routines work on it with no copy or
 * transpose (the row-major LAPACKE wrappers would transpose the whole matrix on every call).
 * All arguments are validated in JS (core/linalg/linalg.ts); here we only check types/lengths.
 */
#include <node_api.h>
#include <cblas.h>
#include <lapacke.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define CHECK(call)                                                        \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error(env, NULL, "linalg addon: N-API call failed: " #call); \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

/* Float64Array argument -> pointer and element count; throws a TypeError otherwise. */
static bool get_f64(napi_env env, napi_value v, double **data, size_t *len) {
  napi_typedarray_type type;
  void *ptr;
  napi_value buf;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, len, &ptr, &buf, &off) != napi_ok || type != napi_float64_array) {
    napi_throw_type_error(env, NULL, "linalg addon: expected a Float64Array");
    return false;
  }
  *data = (double *)ptr;
  return true;
}

static bool get_int(napi_env env, napi_value v, int *out) {
  int64_t x;
  if (napi_get_value_int64(env, v, &x) != napi_ok || x < 0 || x > 2000000000) {
    napi_throw_type_error(env, NULL, "linalg addon: expected a non-negative integer");
    return false;
  }
  *out = (int)x;
  return true;
}

static bool get_bool(napi_env env, napi_value v, bool *out) {
  if (napi_get_value_bool(env, v, out) != napi_ok) {
    napi_throw_type_error(env, NULL, "linalg addon: expected a boolean");
    return false;
  }
  return true;
}

static bool need(napi_env env, size_t have, size_t want) {
  if (have < want) {
    napi_throw_range_error(env, NULL, "linalg addon: array too short");
    return false;
  }
  return true;
}

static napi_value make_int(napi_env env, int v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

/* potrf(a, n): a <- lower Cholesky factor in place (strict upper zeroed); returns LAPACK info. */
static napi_value potrf(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *a;
  size_t len;
  int n;
  if (argc < 2 || !get_f64(env, argv[0], &a, &len) || !get_int(env, argv[1], &n) || !need(env, len, (size_t)n * n)) return NULL;
  if (n == 0) return make_int(env, 0);
  lapack_int res = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', n, a, n);
  if (res == 0)
    for (int i = 0; i < n; i++) memset(a + (size_t)i * n + i + 1, 0, sizeof(double) * (size_t)(n - 1 - i));
  return make_int(env, (int)res);
}

/* trsv(L, n, b, trans): b <- L^-1 b or L^-T b. */
static napi_value trsv(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *l, *b;
  size_t ll, lb;
  int n;
  bool trans;
  if (argc < 4 || !get_f64(env, argv[0], &l, &ll) || !get_int(env, argv[1], &n) || !get_f64(env, argv[2], &b, &lb) ||
      !get_bool(env, argv[3], &trans) || !need(env, ll, (size_t)n * n) || !need(env, lb, (size_t)n))
    return NULL;
  if (n > 0) cblas_dtrsv(CblasRowMajor, CblasLower, trans ? CblasTrans : CblasNoTrans, CblasNonUnit, n, l, n, b, 1);
  return NULL;
}

/* trsm(L, n, B, m): B (n x m) <- L^-1 B. */
static napi_value trsm(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *l, *b;
  size_t ll, lb;
  int n, m;
  if (argc < 4 || !get_f64(env, argv[0], &l, &ll) || !get_int(env, argv[1], &n) || !get_f64(env, argv[2], &b, &lb) ||
      !get_int(env, argv[3], &m) || !need(env, ll, (size_t)n * n) || !need(env, lb, (size_t)n * m))
    return NULL;
  if (n > 0 && m > 0) cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, m, 1.0, l, n, b, m);
  return NULL;
}

/* potri(a, n): a holds L; a <- (L L^T)^-1, full symmetric. Returns LAPACK info. */
static napi_value potri(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *a;
  size_t len;
  int n;
  if (argc < 2 || !get_f64(env, argv[0], &a, &len) || !get_int(env, argv[1], &n) || !need(env, len, (size_t)n * n)) return NULL;
  if (n == 0) return make_int(env, 0);
  lapack_int res = LAPACKE_dpotri_work(LAPACK_COL_MAJOR, 'U', n, a, n);
  if (res == 0)  /* result is in the row-major lower triangle: mirror it up */
    for (int i = 0; i < n; i++)
      for (int j = 0; j < i; j++) a[(size_t)j * n + i] = a[(size_t)i * n + j];
  return make_int(env, (int)res);
}

/* gemm(A, B, C, p, q, r, transB): C (p x r) <- A (p x q) * B (q x r), or A * B^T with B (r x q). */
static napi_value gemm(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *a, *b, *c;
  size_t la, lb, lc;
  int p, q, r;
  bool transB;
  if (argc < 7 || !get_f64(env, argv[0], &a, &la) || !get_f64(env, argv[1], &b, &lb) || !get_f64(env, argv[2], &c, &lc) ||
      !get_int(env, argv[3], &p) || !get_int(env, argv[4], &q) || !get_int(env, argv[5], &r) || !get_bool(env, argv[6], &transB) ||
      !need(env, la, (size_t)p * q) || !need(env, lb, (size_t)q * r) || !need(env, lc, (size_t)p * r))
    return NULL;
  if (p == 0 || r == 0) return NULL;
  if (q == 0) {
    memset(c, 0, sizeof(double) * (size_t)p * r);
    return NULL;
  }
  cblas_dgemm(CblasRowMajor, CblasNoTrans, transB ? CblasTrans : CblasNoTrans, p, r, q, 1.0, a, q, b, transB ? q : r, 0.0, c, r);
  return NULL;
}

/*
 * addmm_inorder(out, W, D, r, n, d): out (r x d) += W (r x n) * D (n x d), row-major, every element
 * summed in increasing i as one multiply and one add per term (no FMA, no reassociation): the
 * bits of core/accumulate-product.ts's JS loop, so the backend cannot change a seeded trace.
 * Vectorized across output columns only (independent sums); AVX when the CPU has it, else plain C.
 * Not BLAS: dgemm sums in its own blocked order.
 */
static void addmm_scalar(double *out, const double *W, const double *D, int r, int n, int d) {
  for (int j = 0; j < r; j++) {
    const double *w = W + (size_t)j * n;
    double *o = out + (size_t)j * d;
    for (int u = 0; u < d; u++) {
      double s = o[u];
      const double *dp = D + u;
      for (int i = 0; i < n; i++, dp += d) s += w[i] * *dp;
      o[u] = s;
    }
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* One or two rows of out, columns [u0, u0 + 4k) in 4-wide registers; the rest in addmm_scalar's order. */
__attribute__((target("avx"))) static void addmm_avx(double *out, const double *W, const double *D, int r, int n, int d) {
  int j = 0;
  for (; j + 2 <= r; j += 2) {
    const double *w0 = W + (size_t)j * n, *w1 = w0 + n;
    double *o0 = out + (size_t)j * d, *o1 = o0 + d;
    int u = 0;
    for (; u + 8 <= d; u += 8) {
      __m256d a0 = _mm256_loadu_pd(o0 + u), a1 = _mm256_loadu_pd(o0 + u + 4);
      __m256d b0 = _mm256_loadu_pd(o1 + u), b1 = _mm256_loadu_pd(o1 + u + 4);
      const double *dp = D + u;
      for (int i = 0; i < n; i++, dp += d) {
        __m256d p = _mm256_broadcast_sd(w0 + i), q = _mm256_broadcast_sd(w1 + i);
        __m256d d0 = _mm256_loadu_pd(dp), d1 = _mm256_loadu_pd(dp + 4);
        a0 = _mm256_add_pd(a0, _mm256_mul_pd(p, d0));
        a1 = _mm256_add_pd(a1, _mm256_mul_pd(p, d1));
        b0 = _mm256_add_pd(b0, _mm256_mul_pd(q, d0));
        b1 = _mm256_add_pd(b1, _mm256_mul_pd(q, d1));
      }
      _mm256_storeu_pd(o0 + u, a0);
      _mm256_storeu_pd(o0 + u + 4, a1);
      _mm256_storeu_pd(o1 + u, b0);
      _mm256_storeu_pd(o1 + u + 4, b1);
    }
    for (; u + 4 <= d; u += 4) {
      __m256d a0 = _mm256_loadu_pd(o0 + u), b0 = _mm256_loadu_pd(o1 + u);
      const double *dp = D + u;
      for (int i = 0; i < n; i++, dp += d) {
        __m256d d0 = _mm256_loadu_pd(dp);
        a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_broadcast_sd(w0 + i), d0));
        b0 = _mm256_add_pd(b0, _mm256_mul_pd(_mm256_broadcast_sd(w1 + i), d0));
      }
      _mm256_storeu_pd(o0 + u, a0);
      _mm256_storeu_pd(o1 + u, b0);
    }
    for (; u < d; u++) {
      double s = o0[u], t = o1[u];
      const double *dp = D + u;
      for (int i = 0; i < n; i++, dp += d) {
        s += w0[i] * *dp;
        t += w1[i] * *dp;
      }
      o0[u] = s;
      o1[u] = t;
    }
  }
  for (; j < r; j++) {
    const double *w0 = W + (size_t)j * n;
    double *o0 = out + (size_t)j * d;
    int u = 0;
    for (; u + 4 <= d; u += 4) {
      __m256d a0 = _mm256_loadu_pd(o0 + u);
      const double *dp = D + u;
      for (int i = 0; i < n; i++, dp += d) a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_broadcast_sd(w0 + i), _mm256_loadu_pd(dp)));
      _mm256_storeu_pd(o0 + u, a0);
    }
    for (; u < d; u++) {
      double s = o0[u];
      const double *dp = D + u;
      for (int i = 0; i < n; i++, dp += d) s += w0[i] * *dp;
      o0[u] = s;
    }
  }
}
#endif

static napi_value addmm_inorder(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *out, *w, *dm;
  size_t lo, lw, ld;
  int r, n, d;
  if (argc < 6 || !get_f64(env, argv[0], &out, &lo) || !get_f64(env, argv[1], &w, &lw) || !get_f64(env, argv[2], &dm, &ld) ||
      !get_int(env, argv[3], &r) || !get_int(env, argv[4], &n) || !get_int(env, argv[5], &d) ||
      !need(env, lo, (size_t)r * d) || !need(env, lw, (size_t)r * n) || !need(env, ld, (size_t)n * d))
    return NULL;
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports("avx")) {
    addmm_avx(out, w, dm, r, n, d);
    return NULL;
  }
#endif
  addmm_scalar(out, w, dm, r, n, d);
  return NULL;
}

/*
 * Stationary-kernel cross moments at one point x against the rows of X (n x d), the arithmetic of
 * surrogates/gp/kernels/stationary-ard.ts crossGradientInto (the profile k(r2), with its exp, stays in JS):
 * cross_sqdist: out[i] = sum_c ((x_c - X_ic) * inv_c)^2, summed in increasing c;
 * cross_grad_fill: D[i,c] = ((2 slope_i * ((x_c - X_ic) * inv_c)) * inv_c) * scale, k[i] *= scale.
 * One multiply or add at a time in the JS order (no FMA), so both backends give the same bits.
 */
static void cross_sqdist_c(const double *x, const double *X, const double *inv, double *out, int n, int d) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const double *a = X + (size_t)i * d, *b = a + d, *c2 = b + d, *e = c2 + d;
    double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (int c = 0; c < d; c++) {
      const double xc = x[c], ic = inv[c];
      const double t0 = (xc - a[c]) * ic, t1 = (xc - b[c]) * ic, t2 = (xc - c2[c]) * ic, t3 = (xc - e[c]) * ic;
      r0 += t0 * t0;
      r1 += t1 * t1;
      r2 += t2 * t2;
      r3 += t3 * t3;
    }
    out[i] = r0;
    out[i + 1] = r1;
    out[i + 2] = r2;
    out[i + 3] = r3;
  }
  for (; i < n; i++) {
    const double *a = X + (size_t)i * d;
    double r = 0;
    for (int c = 0; c < d; c++) {
      const double t = (x[c] - a[c]) * inv[c];
      r += t * t;
    }
    out[i] = r;
  }
}

static void cross_grad_fill_c(const double *x, const double *X, const double *inv, const double *slope, double scale, double *k, double *D, int n, int d) {
  for (int i = 0; i < n; i++) {
    const double g = 2 * slope[i];
    const double *a = X + (size_t)i * d;
    double *o = D + (size_t)i * d;
    for (int c = 0; c < d; c++) o[c] = ((g * ((x[c] - a[c]) * inv[c])) * inv[c]) * scale;
    k[i] *= scale;
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx"))) static void cross_grad_fill_avx(const double *x, const double *X, const double *inv, const double *slope, double scale, double *k, double *D, int n, int d) {
  const __m256d sc = _mm256_set1_pd(scale);
  for (int i = 0; i < n; i++) {
    const double g = 2 * slope[i];
    const __m256d gv = _mm256_set1_pd(g);
    const double *a = X + (size_t)i * d;
    double *o = D + (size_t)i * d;
    int c = 0;
    for (; c + 4 <= d; c += 4) {
      const __m256d ic = _mm256_loadu_pd(inv + c);
      const __m256d t = _mm256_mul_pd(_mm256_sub_pd(_mm256_loadu_pd(x + c), _mm256_loadu_pd(a + c)), ic);
      _mm256_storeu_pd(o + c, _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(gv, t), ic), sc));
    }
    for (; c < d; c++) o[c] = ((g * ((x[c] - a[c]) * inv[c])) * inv[c]) * scale;
    k[i] *= scale;
  }
}
#endif

/* crossSqdist(x, X, inv, out, n, d). */
static napi_value cross_sqdist(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *x, *X, *inv, *out;
  size_t lx, lX, li, lo;
  int n, d;
  if (argc < 6 || !get_f64(env, argv[0], &x, &lx) || !get_f64(env, argv[1], &X, &lX) || !get_f64(env, argv[2], &inv, &li) ||
      !get_f64(env, argv[3], &out, &lo) || !get_int(env, argv[4], &n) || !get_int(env, argv[5], &d) ||
      !need(env, lx, (size_t)d) || !need(env, lX, (size_t)n * d) || !need(env, li, (size_t)d) || !need(env, lo, (size_t)n))
    return NULL;
  cross_sqdist_c(x, X, inv, out, n, d);
  return NULL;
}

/* crossGradFill(x, X, inv, slope, scale, k, D, n, d). */
static napi_value cross_grad_fill(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *x, *X, *inv, *slope, *k, *D, scale;
  size_t lx, lX, li, ls, lk, lD;
  int n, d;
  if (argc < 9 || !get_f64(env, argv[0], &x, &lx) || !get_f64(env, argv[1], &X, &lX) || !get_f64(env, argv[2], &inv, &li) ||
      !get_f64(env, argv[3], &slope, &ls) || napi_get_value_double(env, argv[4], &scale) != napi_ok || !get_f64(env, argv[5], &k, &lk) ||
      !get_f64(env, argv[6], &D, &lD) || !get_int(env, argv[7], &n) || !get_int(env, argv[8], &d) || !need(env, lx, (size_t)d) ||
      !need(env, lX, (size_t)n * d) || !need(env, li, (size_t)d) || !need(env, ls, (size_t)n) || !need(env, lk, (size_t)n) || !need(env, lD, (size_t)n * d))
    return NULL;
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports("avx")) {
    cross_grad_fill_avx(x, X, inv, slope, scale, k, D, n, d);
    return NULL;
  }
#endif
  cross_grad_fill_c(x, X, inv, slope, scale, k, D, n, d);
  return NULL;
}

/* config(): OpenBLAS core name and thread count. */
extern char *openblas_get_corename(void);
extern int openblas_get_num_threads(void);
static napi_value config(napi_env env, napi_callback_info info) {
  (void)info;
  char buf[128];
  snprintf(buf, sizeof buf, "OpenBLAS core=%s threads=%d", openblas_get_corename(), openblas_get_num_threads());
  napi_value out;
  CHECK(napi_create_string_utf8(env, buf, NAPI_AUTO_LENGTH, &out));
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"potrf", NULL, potrf, NULL, NULL, NULL, napi_enumerable, NULL},
      {"trsv", NULL, trsv, NULL, NULL, NULL, napi_enumerable, NULL},
      {"trsm", NULL, trsm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"potri", NULL, potri, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gemm", NULL, gemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"addmmInOrder", NULL, addmm_inorder, NULL, NULL, NULL, napi_enumerable, NULL},
      {"crossSqdist", NULL, cross_sqdist, NULL, NULL, NULL, napi_enumerable, NULL},
      {"crossGradFill", NULL, cross_grad_fill, NULL, NULL, NULL, napi_enumerable, NULL},
      {"config", NULL, config, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
