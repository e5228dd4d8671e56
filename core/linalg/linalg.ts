/**
 * Float64 dense linear algebra for exact GPs on row-major Matrix values (core/matrix.ts).
 * Three backends with identical semantics: the OpenBLAS/LAPACKE addon (native/linalg, optional,
 * built only where the BLAS headers exist), float64 wasm+SIMD kernels (native/wasm-linalg, a
 * committed build, the default without the addon) and pure-JS kernels (dense-js.ts). Selection:
 * native if built > wasm > js, or forced with BO_LINALG=native|wasm|js (a forced backend that
 * cannot load is an error, never a silent substitute). Small problems always take the JS kernels
 * (SIZE_RULES). No function mutates its inputs; every result is a fresh array.
 */
import { BoError, invalidArgument } from '../errors.js';
import { type Matrix, zeros } from '../matrix.js';
import {
  backwardTInPlace,
  choleskyInPlace,
  cholInverseJs,
  forwardInPlace,
  forwardMatrixInPlace,
  matmulJs,
  matmulTransBJs,
} from './dense-js.js';
import { loadNativeLinalg, nativeLoadError, type NativeLinalg } from './native-binding.js';
import { loadWasmLinalg, wasmLoadError } from './wasm-binding.js';

/** A linear-algebra backend name (health reports it). */
export type LinalgBackend = 'native' | 'wasm' | 'js';

/**
 * The one place that decides when a fast backend is worth its call overhead: below these sizes
 * the JS kernels run instead. n is the matrix order (n×n factor); `vector` covers the O(n²)
 * single-vector solves; `gemm` is the product p·q·r. Native keeps its original N-API threshold.
 * wasm, measured by `npm run bench:linalg -- --small` (benchmarks/RESULTS.md, 2026-12-05): the
 * O(n³) kernels beat JS from n = 16 (potrf 1.1 vs 1.7 µs, trsm with m = 100 19 vs 28 µs, potri
 * and gemm already at n = 8); the two vector solves, with the factor resident in wasm memory
 * (wasm-binding.ts), from n ≈ 32 (1.8 vs 2.3 µs; at 24 they tie).
 */
const SIZE_RULES: Record<'native' | 'wasm', { factor: number; solveMatrix: number; inverse: number; vector: number; gemm: number }> = {
  native: { factor: 24, solveMatrix: 24, inverse: 24, vector: 24, gemm: 24 ** 3 },
  wasm: { factor: 16, solveMatrix: 16, inverse: 16, vector: 32, gemm: 16 ** 3 },
};

let kind: LinalgBackend = 'js';
let fast: NativeLinalg | null = null;

function use(k: LinalgBackend): boolean {
  const impl = k === 'native' ? loadNativeLinalg() : k === 'wasm' ? loadWasmLinalg() : null;
  if (k !== 'js' && !impl) return false;
  kind = k;
  fast = impl;
  return true;
}

/** The backend in use. */
export function linalgBackend(): LinalgBackend {
  return kind;
}

/**
 * Choose the backend: 'auto' = native if built, else wasm, else js. Forcing 'native' or 'wasm'
 * throws FAILED_PRECONDITION when it cannot load (with the loader's reason).
 */
export function setLinalgBackend(k: LinalgBackend | 'auto'): void {
  if (k === 'auto') {
    if (!use('native') && !use('wasm')) use('js');
    return;
  }
  if (k !== 'native' && k !== 'wasm' && k !== 'js') throw invalidArgument(['BO_LINALG'], `unknown linear-algebra backend '${String(k)}' (native, wasm, js or auto)`);
  if (!use(k)) {
    const why = k === 'native' ? `${nativeLoadError()}; build it with: apt-get install -y libopenblas-dev liblapacke-dev && npm run build:native` : wasmLoadError();
    throw new BoError('FAILED_PRECONDITION', `linear-algebra backend '${k}' is not available: ${why}`);
  }
}

// BO_LINALG forces a backend for the whole process (benchmarks, debugging, a deployment that
// wants to pin the path); reading the environment is not I/O in the layering sense.
setLinalgBackend((globalThis.process?.env?.BO_LINALG || 'auto') as LinalgBackend | 'auto');

/** The native addon when it is the backend in use (kernels outside this file's BLAS set, e.g. addmmInOrder), else null. */
export function nativeAddon(): NativeLinalg | null {
  return kind === 'native' ? fast : null;
}

/** The fast kernels when the backend has them and the problem is big enough for `rule`. */
function pick(rule: keyof (typeof SIZE_RULES)['wasm'], size: number): NativeLinalg | null {
  return fast && kind !== 'js' && size >= SIZE_RULES[kind][rule] ? fast : null;
}

function square(a: Matrix, what: string): number {
  if (a.rows !== a.cols) throw invalidArgument([what], `expected a square matrix, got ${a.rows}x${a.cols}`);
  return a.rows;
}

function rhs(l: Matrix, b: Float64Array): number {
  const n = square(l, 'L');
  if (b.length !== n) throw invalidArgument(['b'], `length ${b.length} does not match ${n}x${n}`);
  return n;
}

/** Lower L with A = L·Lᵀ (LAPACK dpotrf semantics; only A's lower triangle is read), or null if A is not positive definite. */
export function cholesky(a: Matrix): Matrix | null {
  const n = square(a, 'A');
  const out = a.data.slice();
  const k = pick('factor', n);
  if (k) {
    if (k.potrf(out, n) !== 0) return null;
    // dpotrf does not check for NaN/Inf; a non-finite diagonal of L means the input was not usable.
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i * n + i])) return null;
  } else if (!choleskyInPlace(out, n)) return null;
  return { rows: n, cols: n, data: out };
}

/** Options for choleskyWithJitter. */
export interface JitterOptions {
  /** First relative jitter (default 1e-9). */
  readonly initialJitter?: number;
  /** Jittered attempts after the plain one, each ×10 (default 8: 1e-9 … 1e-2). */
  readonly maxTries?: number;
}

/** Result of choleskyWithJitter. */
export interface JitteredCholesky {
  readonly L: Matrix;
  /** Absolute amount added to the diagonal (relativeJitter·mean(diag A)); 0 when A factored as is. */
  readonly jitter: number;
  /** The relative factor used (0 when A factored as is). */
  readonly relativeJitter: number;
}

/**
 * Cholesky of A, else of A + j·mean(diag A)·I for j = initialJitter·10^t, t = 0…maxTries−1.
 * Throws BoError('FAILED_PRECONDITION') when every attempt fails. Never mutates A.
 */
export function choleskyWithJitter(a: Matrix, opts: JitterOptions = {}): JitteredCholesky {
  const first = cholesky(a);
  if (first) return { L: first, jitter: 0, relativeJitter: 0 };
  const n = a.rows;
  const initial = opts.initialJitter ?? 1e-9;
  const tries = opts.maxTries ?? 8;
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += a.data[i * n + i];
  meanDiag /= Math.max(n, 1);
  const scale = Number.isFinite(meanDiag) && meanDiag > 0 ? meanDiag : 1;
  const work: Matrix = { rows: n, cols: n, data: a.data.slice() };
  let relative = initial;
  for (let t = 0; t < tries; t++, relative *= 10) {
    const add = relative * scale;
    for (let i = 0; i < n; i++) work.data[i * n + i] = a.data[i * n + i] + add;
    const l = cholesky(work);
    if (l) return { L: l, jitter: add, relativeJitter: relative };
  }
  throw new BoError('FAILED_PRECONDITION', `matrix is not positive definite even with relative jitter ${relative / 10} (n=${n})`);
}

/** x with L x = b (L lower triangular). */
export function solveLower(l: Matrix, b: Float64Array): Float64Array {
  const n = rhs(l, b);
  const x = b.slice();
  const k = pick('vector', n);
  if (k) k.trsv(l.data, n, x, false);
  else forwardInPlace(l.data, n, x);
  return x;
}

/** x with Lᵀ x = b (L lower triangular). */
export function solveLowerT(l: Matrix, b: Float64Array): Float64Array {
  const n = rhs(l, b);
  const x = b.slice();
  const k = pick('vector', n);
  if (k) k.trsv(l.data, n, x, true);
  else backwardTInPlace(l.data, n, x);
  return x;
}

/** (L Lᵀ)⁻¹ b by two triangular solves. */
export function cholSolve(l: Matrix, b: Float64Array): Float64Array {
  const n = rhs(l, b);
  const x = b.slice();
  const k = pick('vector', n);
  if (k) {
    k.trsv(l.data, n, x, false);
    k.trsv(l.data, n, x, true);
  } else {
    forwardInPlace(l.data, n, x);
    backwardTInPlace(l.data, n, x);
  }
  return x;
}

/** X with L X = B (B n×m). */
export function solveLowerMatrix(l: Matrix, b: Matrix): Matrix {
  const n = square(l, 'L');
  if (b.rows !== n) throw invalidArgument(['B'], `${b.rows} rows do not match ${n}x${n}`);
  const x = b.data.slice();
  const k = pick('solveMatrix', n);
  if (k) k.trsm(l.data, n, x, b.cols);
  else forwardMatrixInPlace(l.data, n, x, b.cols);
  return { rows: n, cols: b.cols, data: x };
}

/** (L Lᵀ)⁻¹ as a full symmetric matrix. */
export function cholInverse(l: Matrix): Matrix {
  const n = square(l, 'L');
  const k = pick('inverse', n);
  if (k) {
    const out = l.data.slice();
    if (k.potri(out, n) === 0) return { rows: n, cols: n, data: out };
  }
  return { rows: n, cols: n, data: cholInverseJs(l.data, n) };
}

/** log|A| = 2 Σ log L_ii for A = L Lᵀ. */
export function logDetChol(l: Matrix): number {
  const n = square(l, 'L');
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l.data[i * n + i]);
  return 2 * s;
}

/** A·B (A p×q, B q×r). */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw invalidArgument(['B'], `matmul: ${a.rows}x${a.cols} · ${b.rows}x${b.cols}`);
  if (a.rows === 0 || b.cols === 0) return zeros(a.rows, b.cols);
  const k = pick('gemm', a.rows * a.cols * b.cols);
  if (k) {
    const c = new Float64Array(a.rows * b.cols);
    k.gemm(a.data, b.data, c, a.rows, a.cols, b.cols, false);
    return { rows: a.rows, cols: b.cols, data: c };
  }
  return { rows: a.rows, cols: b.cols, data: matmulJs(a.data, b.data, a.rows, a.cols, b.cols) };
}

/** A·Bᵀ (A p×q, B r×q); A·Aᵀ when b is a (the same object) computes one triangle and mirrors it (exactly symmetric). */
export function matmulTransB(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.cols) throw invalidArgument(['B'], `matmulTransB: ${a.rows}x${a.cols} · (${b.rows}x${b.cols})ᵀ`);
  if (a.rows === 0 || b.rows === 0) return zeros(a.rows, b.rows);
  const k = pick('gemm', a.rows * a.cols * b.rows);
  if (k) {
    const c = new Float64Array(a.rows * b.rows);
    if (a === b && k.syrk) {
      k.syrk(a.data, c, a.rows, a.cols);
      return { rows: a.rows, cols: a.rows, data: c };
    }
    k.gemm(a.data, b.data, c, a.rows, a.cols, b.rows, true);
    return { rows: a.rows, cols: b.rows, data: c };
  }
  return { rows: a.rows, cols: b.rows, data: matmulTransBJs(a.data, b.data, a.rows, a.cols, b.rows) };
}
