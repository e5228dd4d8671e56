import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addProductInOrder, addProductInOrderJs, rowSquaredNorms } from '../../core/accumulate-product.js';
import { nativeAddon } from '../../core/linalg/linalg.js';
import { createRng, type Rng } from '../../core/rng.js';

function random(rng: Rng, length: number): Float64Array {
  // Mixed magnitudes and signs, so that a different summation order would show in the last bits.
  return Float64Array.from({ length }, () => (rng.uniform() - 0.5) * 10 ** Math.floor(6 * rng.uniform() - 3));
}

/** The loop the blocked kernel replaces (FittedGp's crossPredictor before session 12): the reference for bit identity. */
function plainLoop(out: Float64Array, W: Float64Array, D: Float64Array, r: number, n: number, d: number): void {
  for (let j = 0; j < r; j++) for (let i = 0; i < n; i++) for (let u = 0; u < d; u++) out[j * d + u] += W[j * n + i] * D[i * d + u];
}

test('addProductInOrder equals the plain j-i-u loop bit for bit, remainder rows and columns included', () => {
  const rng = createRng(20);
  for (const [r, n, d] of [[1, 1, 1], [2, 3, 4], [3, 7, 5], [16, 200, 20], [5, 40, 3], [4, 9, 9], [0, 4, 4], [3, 0, 2]]) {
    const W = random(rng, r * n);
    const D = random(rng, n * d);
    const start = random(rng, r * d);
    const expected = start.slice();
    plainLoop(expected, W, D, r, n, d);
    const got = start.slice();
    addProductInOrder(got, W, D, r, n, d);
    assert.deepEqual(got, expected, `r=${r} n=${n} d=${d}`);
  }
});

test('a negated W gives the bits of the subtracting loop (s − a·b = s + (−a)·b in IEEE arithmetic)', () => {
  const rng = createRng(21);
  const [r, n, d] = [6, 50, 7];
  const W = random(rng, r * n);
  const D = random(rng, n * d);
  const start = random(rng, r * d);
  const expected = start.slice();
  for (let j = 0; j < r; j++) for (let i = 0; i < n; i++) for (let u = 0; u < d; u++) expected[j * d + u] -= W[j * n + i] * D[i * d + u];
  const got = start.slice();
  addProductInOrder(got, W.map((v) => -v), D, r, n, d);
  assert.deepEqual(got, expected);
});

test('addProductInOrder is the matrix product: against an exact rational sum of small integers', () => {
  // Integers below 2^10 multiply and add exactly in float64, so the result must be exact.
  const rng = createRng(22);
  const [r, n, d] = [3, 11, 6];
  const W = Float64Array.from({ length: r * n }, () => Math.floor(rng.uniform() * 2048) - 1024);
  const D = Float64Array.from({ length: n * d }, () => Math.floor(rng.uniform() * 2048) - 1024);
  const out = new Float64Array(r * d).fill(5);
  addProductInOrder(out, W, D, r, n, d);
  for (let j = 0; j < r; j++)
    for (let u = 0; u < d; u++) {
      let exact = 5n;
      for (let i = 0; i < n; i++) exact += BigInt(W[j * n + i]) * BigInt(D[i * d + u]);
      assert.equal(out[j * d + u], Number(exact));
    }
});

test('rowSquaredNorms equals the one-row loop bit for bit (rows past a multiple of four included)', () => {
  const rng = createRng(23);
  for (const [m, n] of [[1, 5], [4, 3], [7, 200], [13, 1], [0, 4]]) {
    const data = random(rng, m * n);
    const got = rowSquaredNorms({ rows: m, cols: n, data });
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += data[j * n + i] * data[j * n + i];
      assert.equal(got[j], s, `m=${m} n=${n} row ${j}`);
    }
  }
});

test('the native addmmInOrder (when the addon has it) gives the bits of the JS loop', (t) => {
  const kernel = nativeAddon()?.addmmInOrder;
  if (!kernel) {
    t.skip('native linear algebra not in use or built before session 12 (npm run build:native)');
    return;
  }
  const rng = createRng(24);
  for (const [r, n, d] of [[1, 1, 1], [2, 300, 8], [3, 7, 5], [16, 200, 20], [5, 40, 3], [4, 9, 13], [1, 500, 2], [0, 3, 3]]) {
    const W = random(rng, r * n);
    const D = random(rng, n * d);
    const start = random(rng, r * d);
    const expected = start.slice();
    addProductInOrderJs(expected, W, D, r, n, d);
    const got = start.slice();
    kernel(got, W, D, r, n, d);
    assert.deepEqual(got, expected, `r=${r} n=${n} d=${d}`);
  }
});
