/**
 * Float64 dense linear algebra for exact GPs on row-major Matrix values (core/matrix.ts).
 * Two backends with identical semantics: the OpenBLAS/LAPACKE addon (native/linalg, optional)
 * and pure-JS kernels (dense-js.ts). 'auto' picks native when the addon loads. No function
 * mutates its inputs; every result is a fresh array.
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
import { loadNativeLinalg, type NativeLinalg } from './native-binding.js';

/** Below this size the N-API call overhead outweighs BLAS speed; the JS kernels are used. */
const NATIVE_MIN_N = 24;

let native: NativeLinalg | null = loadNativeLinalg();

/** The backend in use. */
export function linalgBackend(): 'native' | 'js' {
  return native ? 'native' : 'js';
}

/** Choose the backend (tests, benchmarks). 'native' throws FAILED_PRECONDITION when the addon is not built. */
export function setLinalgBackend(kind: 'native' | 'js' | 'auto'): void {
  if (kind === 'js') native = null;
  else {
    native = loadNativeLinalg();
    if (!native && kind === 'native') throw new BoError('FAILED_PRECONDITION', 'native linalg addon is not built (run node tools/build-native.mjs)');
  }
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
  if (native && n >= NATIVE_MIN_N) {
    if (native.potrf(out, n) !== 0) return null;
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
  if (native && n >= NATIVE_MIN_N) native.trsv(l.data, n, x, false);
  else forwardInPlace(l.data, n, x);
  return x;
}

/** x with Lᵀ x = b (L lower triangular). */
export function solveLowerT(l: Matrix, b: Float64Array): Float64Array {
  const n = rhs(l, b);
  const x = b.slice();
  if (native && n >= NATIVE_MIN_N) native.trsv(l.data, n, x, true);
  else backwardTInPlace(l.data, n, x);
  return x;
}

/** (L Lᵀ)⁻¹ b by two triangular solves. */
export function cholSolve(l: Matrix, b: Float64Array): Float64Array {
  const n = rhs(l, b);
  const x = b.slice();
  if (native && n >= NATIVE_MIN_N) {
    native.trsv(l.data, n, x, false);
    native.trsv(l.data, n, x, true);
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
  if (native && n >= NATIVE_MIN_N) native.trsm(l.data, n, x, b.cols);
  else forwardMatrixInPlace(l.data, n, x, b.cols);
  return { rows: n, cols: b.cols, data: x };
}

/** (L Lᵀ)⁻¹ as a full symmetric matrix. */
export function cholInverse(l: Matrix): Matrix {
  const n = square(l, 'L');
  if (native && n >= NATIVE_MIN_N) {
    const out = l.data.slice();
    if (native.potri(out, n) === 0) return { rows: n, cols: n, data: out };
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
  if (native && a.rows * a.cols * b.cols >= NATIVE_MIN_N ** 3) {
    const c = new Float64Array(a.rows * b.cols);
    native.gemm(a.data, b.data, c, a.rows, a.cols, b.cols, false);
    return { rows: a.rows, cols: b.cols, data: c };
  }
  return { rows: a.rows, cols: b.cols, data: matmulJs(a.data, b.data, a.rows, a.cols, b.cols) };
}

/** A·Bᵀ (A p×q, B r×q). */
export function matmulTransB(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.cols) throw invalidArgument(['B'], `matmulTransB: ${a.rows}x${a.cols} · (${b.rows}x${b.cols})ᵀ`);
  if (a.rows === 0 || b.rows === 0) return zeros(a.rows, b.rows);
  if (native && a.rows * a.cols * b.rows >= NATIVE_MIN_N ** 3) {
    const c = new Float64Array(a.rows * b.rows);
    native.gemm(a.data, b.data, c, a.rows, a.cols, b.rows, true);
    return { rows: a.rows, cols: b.rows, data: c };
  }
  return { rows: a.rows, cols: b.rows, data: matmulTransBJs(a.data, b.data, a.rows, a.cols, b.rows) };
}
