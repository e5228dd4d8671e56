/** policy/sobol-importance.ts against closed-form Sobol indices of simple functions on the uniform cube. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/rng.js';
import type { Matrix } from '../../core/matrix.js';
import { firstOrderSobol } from '../../policy/sobol-importance.js';

function uniform(n: number, d: number, seed: number): Matrix {
  const rng = createRng(seed);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
}
const rowsOf = (g: (x: Float64Array) => number) => (X: Matrix) => Float64Array.from({ length: X.rows }, (_, i) => g(X.data.subarray(i * X.cols, (i + 1) * X.cols)));

test('an additive linear function: S_i = a_i² / Σ a_j² (closed form for independent uniforms)', () => {
  const a = [1, 2, 0];
  const S = firstOrderSobol(rowsOf((x) => a[0]! * x[0]! + a[1]! * x[1]! + a[2]! * x[2]!), uniform(8192, 3, 1), uniform(8192, 3, 2), [[0], [1], [2]]);
  const total = a.reduce((s, v) => s + v * v, 0);
  // Tolerance 0.03: Monte Carlo error of the Saltelli estimator at N = 8192 is about 0.01 here.
  a.forEach((v, i) => assert.ok(Math.abs(S[i]! - (v * v) / total) < 0.03, `S${i} = ${S[i]}, closed form ${(v * v) / total}`));
});

test('a pure interaction x0·x1 has first-order indices 3/7 each (Var E[f|x_i] = 1/48, Var f = 7/144)', () => {
  const closed = 1 / 48 / (7 / 144);
  const S = firstOrderSobol(rowsOf((x) => x[0]! * x[1]!), uniform(8192, 2, 3), uniform(8192, 2, 4), [[0], [1]]);
  for (const s of S) assert.ok(Math.abs(s - closed) < 0.04, `S = ${s}, closed form ${closed}`);
});

test('a group counts as one parameter, and a constant function has no important parameter', () => {
  const S = firstOrderSobol(rowsOf((x) => x[0]! + x[1]!), uniform(4096, 3, 5), uniform(4096, 3, 6), [[0, 1], [2]]);
  // The group {0,1} carries all the variance, x2 none (up to the estimator's error).
  assert.ok(S[0]! > 0.95 && S[1]! < 0.03, `${S[0]} ${S[1]}`);
  assert.deepEqual([...firstOrderSobol(rowsOf(() => 4), uniform(64, 2, 7), uniform(64, 2, 8), [[0], [1]])], [0, 0]);
});
