import { invalidArgument } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { cholesky, matmulTransB, solveLowerMatrix } from './linalg.js';

/**
 * The Cholesky factor of a bordered matrix from the factor of its leading block (block Cholesky,
 * Golub & Van Loan 2013, §4.2.9): for
 *   A' = [[A, K], [Kᵀ, S]] with A = L Lᵀ (n×n), K n×k, S k×k,
 *   L' = [[L, 0], [Bᵀ, C]] with B = L⁻¹ K (n×k) and C Cᵀ = S − BᵀB (the Schur complement).
 * Cost O(n²k + nk² + k³) instead of the O((n+k)³/3) of refactoring A'. Only S's lower triangle
 * is read. Returns null when the Schur complement is not positive definite (A' is not). Pure.
 */
export function extendCholesky(L: Matrix, K: Matrix, S: Matrix): Matrix | null {
  const n = L.rows;
  const k = S.rows;
  if (L.cols !== n) throw invalidArgument(['L'], `extendCholesky: L is ${L.rows}x${L.cols}`);
  if (K.rows !== n || K.cols !== k) throw invalidArgument(['K'], `extendCholesky: K is ${K.rows}x${K.cols}, expected ${n}x${k}`);
  if (S.cols !== k) throw invalidArgument(['S'], `extendCholesky: S is ${S.rows}x${S.cols}`);
  if (k === 0) return L;
  const Bt = transpose(solveLowerMatrix(L, K)); // k×n
  const BtB = matmulTransB(Bt, Bt);
  const schur: Matrix = { rows: k, cols: k, data: S.data.slice() };
  for (let i = 0; i < schur.data.length; i++) schur.data[i] -= BtB.data[i];
  const C = cholesky(schur);
  if (!C) return null;
  const N = n + k;
  const out = new Float64Array(N * N);
  for (let i = 0; i < n; i++) out.set(L.data.subarray(i * n, i * n + i + 1), i * N);
  for (let j = 0; j < k; j++) {
    out.set(Bt.data.subarray(j * n, (j + 1) * n), (n + j) * N);
    out.set(C.data.subarray(j * k, j * k + j + 1), (n + j) * N + n);
  }
  return { rows: N, cols: N, data: out };
}

/** Aᵀ as a fresh row-major matrix. */
export function transpose(A: Matrix): Matrix {
  const out = { rows: A.cols, cols: A.rows, data: new Float64Array(A.data.length) };
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out.data[j * A.rows + i] = A.data[i * A.cols + j];
  return out;
}
