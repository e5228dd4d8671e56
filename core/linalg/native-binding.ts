/**
 * Typed view of the optional OpenBLAS/LAPACKE N-API addon (native/linalg). Loading it needs file
 * I/O (/proc/cpuinfo, the .node file), which core/ may not do, so the work is done by
 * native/linalg/loader.cjs, reached through createRequire. Absent or broken addon → null, and
 * core/linalg falls back to the pure-JS kernels.
 */
import { createRequire } from 'node:module';

/** Raw kernels of native/linalg/linalg.c; every array is row-major and written in place. */
export interface NativeLinalg {
  /** a (n×n) ← lower Cholesky factor, strict upper triangle zeroed; returns LAPACK info (0 = ok). */
  potrf(a: Float64Array, n: number): number;
  /** b ← L⁻¹b (trans = false) or L⁻ᵀb (trans = true). */
  trsv(l: Float64Array, n: number, b: Float64Array, trans: boolean): void;
  /** B (n×m) ← L⁻¹B. */
  trsm(l: Float64Array, n: number, b: Float64Array, m: number): void;
  /** a (holding L) ← (L Lᵀ)⁻¹, full symmetric; returns LAPACK info. */
  potri(a: Float64Array, n: number): number;
  /** c (p×r) ← A·B (transB = false, B q×r) or A·Bᵀ (transB = true, B r×q). */
  gemm(a: Float64Array, b: Float64Array, c: Float64Array, p: number, q: number, r: number, transB: boolean): void;
  /** c (p×p) ← A·Aᵀ for A p×q, computing one triangle (optional: the wasm kernels have it, the addon uses gemm). */
  syrk?(a: Float64Array, c: Float64Array, p: number, q: number): void;
  /**
   * out (r×d) += W (r×n)·D (n×d), each element summed in increasing i with one multiply and one add per
   * term: the bits of core/accumulate-product.ts's JS loop (optional: addons built before session 12 lack it).
   */
  addmmInOrder?(out: Float64Array, W: Float64Array, D: Float64Array, r: number, n: number, d: number): void;
  /** out[i] = Σ_c ((x_c − X_ic)·inv_c)², summed in increasing c (stationary kernels' r² at one point; optional, session 12). */
  crossSqdist?(x: Float64Array, X: Float64Array, inv: Float64Array, out: Float64Array, n: number, d: number): void;
  /** D[i,c] = ((2·slope_i·((x_c − X_ic)·inv_c))·inv_c)·scale and k_i ← k_i·scale (stationary kernels' ∂k/∂x; optional, session 12). */
  crossGradFill?(x: Float64Array, X: Float64Array, inv: Float64Array, slope: Float64Array, scale: number, k: Float64Array, D: Float64Array, n: number, d: number): void;
  /** Which OpenBLAS core and thread count are active (for benchmarks and diagnostics). */
  config(): string;
}

let cached: NativeLinalg | null | undefined;
let loadError = '';

/** The addon, or null when it is not built or fails to load (reason in nativeLoadError()). */
export function loadNativeLinalg(): NativeLinalg | null {
  if (cached !== undefined) return cached;
  try {
    const require = createRequire(import.meta.url);
    const loader = require('../../native/linalg/loader.cjs') as { load(): NativeLinalg | null; error(): string };
    cached = loader.load();
    if (!cached) loadError = loader.error();
  } catch (err) {
    cached = null;
    loadError = err instanceof Error ? err.message : String(err);
  }
  return cached;
}

/** Why loadNativeLinalg() returned null ('' when it loaded). */
export function nativeLoadError(): string {
  return loadError;
}
