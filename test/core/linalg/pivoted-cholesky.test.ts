/**
 * core/linalg/pivoted-cholesky.ts against brute force: L Lᵀ rebuilds a rank-5 PSD matrix to
 * round-off with r = 5 and a lower-triangular pivot block; on a matrix made indefinite by −δ·I
 * (where a plain Cholesky fails even with jitter 1e-5 relative) it stops at the positive part and
 * L Lᵀ differs from A by O(δ): the residual is the Schur complement of the −δ·I perturbation
 * through a well-conditioned pivot block, so a few δ (5δ asserted; an unpivoted root would fail).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choleskyWithJitter } from '../../../core/linalg/linalg.js';
import { pivotedCholesky } from '../../../core/linalg/pivoted-cholesky.js';
import type { Matrix } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';

function lowRank(h: number, rank: number, seed: number): Matrix {
  const rng = createRng(seed);
  const B = Float64Array.from({ length: h * rank }, () => rng.normal());
  const A = new Float64Array(h * h);
  for (let i = 0; i < h; i++) for (let j = 0; j < h; j++) for (let t = 0; t < rank; t++) A[i * h + j] += B[i * rank + t] * B[j * rank + t];
  return { rows: h, cols: h, data: A };
}

function maxError(a: Matrix, L: Matrix): number {
  const h = a.rows;
  const r = L.cols;
  let worst = 0;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < h; j++) {
      let v = 0;
      for (let t = 0; t < r; t++) v += L.data[i * r + t] * L.data[j * r + t];
      worst = Math.max(worst, Math.abs(v - a.data[i * h + j]));
    }
  }
  return worst;
}

test('pivoted Cholesky of a rank-5 PSD matrix: rank 5, L Lᵀ = A to round-off, triangular pivot block', () => {
  const A = lowRank(12, 5, 3);
  const { L, pivots } = pivotedCholesky(A);
  assert.equal(pivots.length, 5);
  assert.ok(maxError(A, L) < 1e-10, `reconstruction error ${maxError(A, L)}`);
  const r = L.cols;
  for (let t = 0; t < r; t++) for (let u = t + 1; u < r; u++) assert.equal(L.data[pivots[t] * r + u], 0, 'pivot block is lower-triangular');
});

test('pivoted Cholesky of a slightly indefinite matrix (where jittered Cholesky fails): L Lᵀ within a few δ of A', () => {
  const h = 10;
  const A = lowRank(h, 4, 8);
  let maxDiag = 0;
  for (let i = 0; i < h; i++) maxDiag = Math.max(maxDiag, A.data[i * h + i]);
  const delta = 1e-4 * maxDiag;
  for (let i = 0; i < h; i++) A.data[i * h + i] -= delta;
  assert.throws(() => choleskyWithJitter(A, { initialJitter: 1e-10, maxTries: 6 }), /not positive definite/);
  const { L, pivots } = pivotedCholesky(A);
  assert.ok(pivots.length <= 4, `rank ${pivots.length}`);
  assert.ok(maxError(A, L) <= 5 * delta, `error ${maxError(A, L)} vs 5δ = ${5 * delta}`);
});
