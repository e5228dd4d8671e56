/*
 * In-order accumulations for the GP's hot loops (session 12): the same floating-point operations in
 * the same order as the plain loops they replaced, so seeded runs keep their traces bit for bit.
 */
import type { Matrix } from './matrix.js';
import { nativeAddon } from './linalg/linalg.js';

/**
 * Below this many terms (r·n·d) the JS loop runs: the N-API call costs about what a few hundred
 * terms do. Either path gives the same bits, so the threshold only moves time.
 */
const NATIVE_MIN_TERMS = 1024;

/**
 * out (r×d) += W (r×n) · D (n×d), row-major, with every output element summed in increasing i:
 *   out[j,u] ← (((out[j,u] + W[j,0]·D[0,u]) + W[j,1]·D[1,u]) + …) + W[j,n−1]·D[n−1,u].
 * That is the rounding of the plain loop `for j, for i, for u: out[j,u] += W[j,i]·D[i,u]`, so callers
 * that used such a loop get bit-identical results (a subtraction s − a·b is s + (−a)·b exactly in
 * IEEE arithmetic, so a negated W gives the same bits as the subtracting loop).
 *
 * Why not the plain loop: with d ≈ 20 the plain loop loads and stores out[j,u] for every term and
 * ran at about 3 ns per term in V8; here the partial sums of a 2×4 block stay in locals across i
 * (measured 3-4× faster at r = 16, n = 200, d = 20; benchmarks/RESULTS.md session 12). With the
 * native backend the addon's addmmInOrder (native/linalg/linalg.c) runs the same sums four columns
 * per AVX register. A BLAS gemm would be faster still, but sums in another order, which changes
 * results in the last bits and with them a seeded run's trajectory.
 */
export function addProductInOrder(out: Float64Array, W: Float64Array, D: Float64Array, r: number, n: number, d: number): void {
  const native = r * n * d >= NATIVE_MIN_TERMS ? nativeAddon()?.addmmInOrder : undefined;
  if (native) native(out, W, D, r, n, d);
  else addProductInOrderJs(out, W, D, r, n, d);
}

/** addProductInOrder in JS (the reference the native kernel must match bit for bit). */
export function addProductInOrderJs(out: Float64Array, W: Float64Array, D: Float64Array, r: number, n: number, d: number): void {
  let j = 0;
  for (; j + 2 <= r; j += 2) {
    const w0 = j * n;
    const w1 = w0 + n;
    const o0 = j * d;
    const o1 = o0 + d;
    let u = 0;
    for (; u + 4 <= d; u += 4) {
      let s0 = out[o0 + u];
      let s1 = out[o0 + u + 1];
      let s2 = out[o0 + u + 2];
      let s3 = out[o0 + u + 3];
      let t0 = out[o1 + u];
      let t1 = out[o1 + u + 1];
      let t2 = out[o1 + u + 2];
      let t3 = out[o1 + u + 3];
      for (let i = 0, o = u; i < n; i++, o += d) {
        const p = W[w0 + i];
        const q = W[w1 + i];
        const d0 = D[o];
        const d1 = D[o + 1];
        const d2 = D[o + 2];
        const d3 = D[o + 3];
        s0 += p * d0;
        s1 += p * d1;
        s2 += p * d2;
        s3 += p * d3;
        t0 += q * d0;
        t1 += q * d1;
        t2 += q * d2;
        t3 += q * d3;
      }
      out[o0 + u] = s0;
      out[o0 + u + 1] = s1;
      out[o0 + u + 2] = s2;
      out[o0 + u + 3] = s3;
      out[o1 + u] = t0;
      out[o1 + u + 1] = t1;
      out[o1 + u + 2] = t2;
      out[o1 + u + 3] = t3;
    }
    for (; u < d; u++) {
      let s = out[o0 + u];
      let t = out[o1 + u];
      for (let i = 0, o = u; i < n; i++, o += d) {
        s += W[w0 + i] * D[o];
        t += W[w1 + i] * D[o];
      }
      out[o0 + u] = s;
      out[o1 + u] = t;
    }
  }
  for (; j < r; j++) {
    const w0 = j * n;
    const o0 = j * d;
    let u = 0;
    for (; u + 4 <= d; u += 4) {
      let s0 = out[o0 + u];
      let s1 = out[o0 + u + 1];
      let s2 = out[o0 + u + 2];
      let s3 = out[o0 + u + 3];
      for (let i = 0, o = u; i < n; i++, o += d) {
        const p = W[w0 + i];
        s0 += p * D[o];
        s1 += p * D[o + 1];
        s2 += p * D[o + 2];
        s3 += p * D[o + 3];
      }
      out[o0 + u] = s0;
      out[o0 + u + 1] = s1;
      out[o0 + u + 2] = s2;
      out[o0 + u + 3] = s3;
    }
    for (; u < d; u++) {
      let s = out[o0 + u];
      for (let i = 0, o = u; i < n; i++, o += d) s += W[w0 + i] * D[o];
      out[o0 + u] = s;
    }
  }
}

/**
 * Σ_i V_ji² for every row j of V (m×n), each sum in increasing i (the bits of the one-row loop);
 * four rows at a time so that their chains of additions overlap.
 */
export function rowSquaredNorms(V: Matrix): Float64Array {
  const { rows: m, cols: n, data } = V;
  const out = new Float64Array(m);
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    const o0 = j * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const v0 = data[o0 + i];
      const v1 = data[o1 + i];
      const v2 = data[o2 + i];
      const v3 = data[o3 + i];
      s0 += v0 * v0;
      s1 += v1 * v1;
      s2 += v2 * v2;
      s3 += v3 * v3;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < m; j++) {
    let s = 0;
    for (let i = 0, o = j * n; i < n; i++) s += data[o + i] * data[o + i];
    out[j] = s;
  }
  return out;
}
