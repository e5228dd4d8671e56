/**
 * extendCholesky against independent references: a fresh Cholesky of the whole bordered matrix
 * (each backend's own potrf) and the reconstruction L'L'ᵀ = A'. Sizes pass the wasm/native size
 * rules, so the fast kernels run where they are available.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Matrix } from '../../../core/matrix.js';
import * as la from '../../../core/linalg/linalg.js';
import { extendCholesky } from '../../../core/linalg/cholesky-extend.js';
import { createRng } from '../../../core/rng.js';
import { relDiff, under } from './backend-compare.js';

/** A random SPD matrix G Gᵀ/m + I (N×N), seeded. */
function spd(N: number, seed: number): Matrix {
  const rng = createRng(seed);
  const m = N + 3;
  const G = { rows: N, cols: m, data: Float64Array.from({ length: N * m }, () => rng.normal()) };
  const A = la.matmulTransB(G, G);
  for (let i = 0; i < A.data.length; i++) A.data[i] /= m;
  for (let i = 0; i < N; i++) A.data[i * N + i] += 1;
  return A;
}

/** The blocks of A (N×N) at row/column n: A11 (n×n), A12 (n×k), A22 (k×k). */
function blocks(A: Matrix, n: number): { A11: Matrix; A12: Matrix; A22: Matrix } {
  const N = A.rows;
  const k = N - n;
  const pick = (r0: number, rows: number, c0: number, cols: number): Matrix => {
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) out.set(A.data.subarray((r0 + i) * N + c0, (r0 + i) * N + c0 + cols), i * cols);
    return { rows, cols, data: out };
  };
  return { A11: pick(0, n, 0, n), A12: pick(0, n, n, k), A22: pick(n, k, n, k) };
}

const backends: la.LinalgBackend[] = ['js', 'wasm', ...(tryBackend('native') ? (['native'] as const) : [])];

function tryBackend(kind: la.LinalgBackend): boolean {
  try {
    under(kind, () => undefined);
    return true;
  } catch {
    return false;
  }
}

for (const backend of backends) {
  for (const [n, k] of [[120, 1], [120, 7], [64, 64]] as const) {
    test(`${backend}: extending the factor of the leading ${n}×${n} block by ${k} rows equals a fresh Cholesky to 1e-10`, () => {
      under(backend, () => {
        const A = spd(n + k, n * 31 + k);
        const { A11, A12, A22 } = blocks(A, n);
        const L = la.cholesky(A11)!;
        const ext = extendCholesky(L, A12, A22);
        assert.ok(ext, 'positive definite input must extend');
        const fresh = la.cholesky(A)!;
        assert.ok(relDiff(ext.data, fresh.data) < 1e-10, `relative difference ${relDiff(ext.data, fresh.data)}`);
        // Independent of any factorization routine: L'L'ᵀ reproduces A.
        assert.ok(relDiff(la.matmulTransB(ext, ext).data, A.data) < 1e-12);
        // The upper triangle stays exactly zero.
        for (let i = 0; i < n + k; i++) for (let j = i + 1; j < n + k; j++) assert.equal(ext.data[i * (n + k) + j], 0);
      });
    });
  }
}

test('extendCholesky returns null when the bordered matrix is not positive definite (a repeated row without noise)', () => {
  const A = spd(40, 5);
  const { A11 } = blocks(A, 39);
  // Border with a copy of row 0: the Schur complement is exactly A00 − A00 = 0.
  const K = { rows: 39, cols: 1, data: Float64Array.from({ length: 39 }, (_, i) => A11.data[i * 39]) };
  const S = { rows: 1, cols: 1, data: Float64Array.of(A11.data[0] - 1e-6) };
  assert.equal(extendCholesky(la.cholesky(A11)!, K, S), null);
});

test('extendCholesky with no new rows returns the factor itself; mismatched shapes are INVALID_ARGUMENT', () => {
  const A = spd(10, 2);
  const L = la.cholesky(A)!;
  assert.equal(extendCholesky(L, { rows: 10, cols: 0, data: new Float64Array(0) }, { rows: 0, cols: 0, data: new Float64Array(0) }), L);
  assert.throws(() => extendCholesky(L, { rows: 9, cols: 1, data: new Float64Array(9) }, { rows: 1, cols: 1, data: Float64Array.of(1) }), /K is 9x1/);
});
