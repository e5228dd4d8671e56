/**
 * The float64 wasm+SIMD kernels (native/wasm-linalg) against two references:
 * 1. the pure-JS path (itself checked against numpy in linalg.test.ts): every facade function on
 *    seeded random SPD matrices, relative difference ≤ 1e-10, sizes on both sides of the 64-wide
 *    blocks (raw kernels below the facade's size rule too);
 * 2. closed forms independent of both: A_ij = min(i, j) + 1 has L = the lower all-ones matrix and
 *    A⁻¹ = tridiag(−1, 2, −1) with a last diagonal entry 1; plus L·Lᵀ = A and solve residuals.
 * The same native addon checks live in native.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import * as la from '../../../core/linalg/linalg.js';
import { loadWasmLinalg, wasmLoadError, wasmMemoryBytes } from '../../../core/linalg/wasm-binding.js';
import { type Matrix, zeros } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { relDiff, under } from './backend-compare.js';

const wasm = loadWasmLinalg();

/** Seeded random SPD A = G Gᵀ/n + 0.1·I with G n×n standard normal. */
function randomSpd(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const g = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += g[i * n + t] * g[j * n + t];
      a.data[i * n + j] = a.data[j * n + i] = s / n + (i === j ? 0.1 : 0);
    }
  return a;
}

for (const n of [7, 63, 64, 65, 200, 333]) {
  test(`wasm and JS agree to 1e-10 on every facade function (n=${n})`, (t) => {
    if (!wasm) return t.skip(`wasm kernels unavailable: ${wasmLoadError()}`);
    const a = randomSpd(n, 70 + n);
    const rng = createRng(n);
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const bm: Matrix = { rows: n, cols: 9, data: Float64Array.from({ length: n * 9 }, () => rng.normal()) };
    const other: Matrix = { rows: 13, cols: n, data: Float64Array.from({ length: 13 * n }, () => rng.normal()) };
    const run = (): Record<string, Float64Array> => {
      const l = la.cholesky(a)!;
      return {
        L: l.data,
        Ljitter: la.choleskyWithJitter(a).L.data,
        solveLower: la.solveLower(l, b),
        solveLowerT: la.solveLowerT(l, b),
        cholSolve: la.cholSolve(l, b),
        solveLowerMatrix: la.solveLowerMatrix(l, bm).data,
        cholInverse: la.cholInverse(l).data,
        matmul: la.matmul(a, bm).data,
        matmulTransB: la.matmulTransB(other, a).data,
        syrk: la.matmulTransB(other, other).data,
        syrkTall: la.matmulTransB(bm, bm).data,
      };
    };
    const js = under('js', run);
    const wa = under('wasm', () => {
      assert.equal(la.linalgBackend(), 'wasm');
      return run();
    });
    for (const key of Object.keys(js)) {
      const d = relDiff(wa[key], js[key]);
      assert.ok(d <= 1e-10, `${key}: relative difference ${d}`);
    }
    // The raw kernels, whatever the facade's size rule picks for this n.
    const raw = a.data.slice();
    assert.equal(wasm.potrf(raw, n), 0);
    assert.ok(relDiff(raw, js.L) <= 1e-10, 'raw potrf');
    const x = b.slice();
    wasm.trsv(js.L, n, x, false);
    assert.ok(relDiff(x, js.solveLower) <= 1e-10, 'raw trsv');
    wasm.trsv(js.L, n, x, true);
    assert.ok(relDiff(x, js.cholSolve) <= 1e-10, 'raw trsv (transposed)');
    const inv = js.L.slice();
    wasm.potri(inv, n);
    assert.ok(relDiff(inv, js.cholInverse) <= 1e-10, 'raw potri');
    const xm = bm.data.slice();
    wasm.trsm(js.L, n, xm, bm.cols);
    assert.ok(relDiff(xm, js.solveLowerMatrix) <= 1e-10, 'raw trsm');
    const c = new Float64Array(n * 9);
    wasm.gemm(a.data, bm.data, c, n, n, 9, false);
    assert.ok(relDiff(c, js.matmul) <= 1e-10, 'raw gemm');
    const g = new Float64Array(n * n);
    wasm.syrk!(bm.data, g, n, 9);
    assert.ok(relDiff(g, js.syrkTall) <= 1e-10, 'raw syrk');
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.equal(g[i * n + j], g[j * n + i], 'syrk is exactly symmetric');
  });
}

test('wasm closed form: A_ij = min(i,j)+1 factors to the all-ones lower L, inverse tridiag(−1, 2, −1)', (t) => {
  if (!wasm) return t.skip(`wasm kernels unavailable: ${wasmLoadError()}`);
  la.setLinalgBackend('wasm');
  try {
    const n = 150; // three 64-wide blocks, the last partial
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = Math.min(i, j) + 1;
    const l = la.cholesky(a)!;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(l.data[i * n + j] - (j <= i ? 1 : 0)) < 1e-12, `L[${i},${j}]`);
    const inv = la.cholInverse(l);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const want = i === j ? (i === n - 1 ? 1 : 2) : Math.abs(i - j) === 1 ? -1 : 0;
        assert.ok(Math.abs(inv.data[i * n + j] - want) < 1e-10, `A⁻¹[${i},${j}] = ${inv.data[i * n + j]}`);
      }
    // A x = b with b = A·1 has x = 1; residuals of the triangular solves.
    const b = Float64Array.from({ length: n }, (_, i) => ((i + 1) * (2 * n - i)) / 2); // Σ_j min(i,j)+1
    const x = la.cholSolve(l, b);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(x[i] - 1) < 1e-9, `x[${i}] = ${x[i]}`);
    const y = la.solveLower(l, b); // L y = b: y_i = b_i − b_{i−1}
    for (let i = 0; i < n; i++) assert.ok(Math.abs(y[i] - (b[i] - (i > 0 ? b[i - 1] : 0))) < 1e-9 * b[n - 1]);
  } finally {
    la.setLinalgBackend('auto');
  }
});

test('wasm residuals: L·Lᵀ = A and A·x = b on a seeded n = 257 matrix', (t) => {
  if (!wasm) return t.skip(`wasm kernels unavailable: ${wasmLoadError()}`);
  la.setLinalgBackend('wasm');
  try {
    const n = 257;
    const a = randomSpd(n, 9);
    const l = la.cholesky(a)!;
    const llt = la.matmulTransB(l, l);
    assert.ok(relDiff(llt.data, a.data) < 1e-13, 'L Lᵀ = A');
    const rng = createRng(10);
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const ax = la.matmul(a, { rows: n, cols: 1, data: la.cholSolve(l, b) }).data;
    assert.ok(relDiff(ax, b) < 1e-11, 'A x = b');
  } finally {
    la.setLinalgBackend('auto');
  }
});

test('wasm failure modes match JS: not positive definite → null, NaN → null', (t) => {
  if (!wasm) return t.skip(`wasm kernels unavailable: ${wasmLoadError()}`);
  const n = 80;
  const a = randomSpd(n, 5);
  a.data[70 * n + 70] = -1;
  for (const kind of ['js', 'wasm'] as const) assert.equal(under(kind, () => la.cholesky(a)), null, kind);
  const b = randomSpd(n, 6);
  b.data[75 * n + 2] = NaN;
  for (const kind of ['js', 'wasm'] as const) assert.equal(under(kind, () => la.cholesky(b)), null, kind);
});

test('wasm memory is given back after a large call, and later calls stay correct', (t) => {
  if (!wasm) return t.skip(`wasm kernels unavailable: ${wasmLoadError()}`);
  const n = 40;
  const a = randomSpd(n, 11);
  const l = under('js', () => la.cholesky(a)!);
  const m = 3000;
  const bm = Float64Array.from({ length: n * m }, (_, i) => Math.sin(i));
  // C = A·B with C 1800×5400 (78 MB) needs more than the 64 MiB the instance may keep.
  wasm.gemm(new Float64Array(1800 * 10), new Float64Array(10 * 5400), new Float64Array(1800 * 5400), 1800, 10, 5400, false);
  assert.equal(wasmMemoryBytes(), 0, 'the instance holding 78 MB is dropped after the call');
  const x = bm.slice();
  wasm.trsm(l.data, n, x, m);
  const ref = { rows: n, cols: m, data: bm };
  assert.ok(relDiff(x, under('js', () => la.solveLowerMatrix(l, ref).data)) <= 1e-10);
});

test('BO_LINALG forces a backend; an unavailable or unknown one is an error at import, not a substitute', () => {
  const probe = "import('./core/linalg/linalg.ts').then((m) => console.log('backend=' + m.linalgBackend()))";
  const run = (value: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { env: { ...process.env, BO_LINALG: value }, encoding: 'utf8' });
  assert.match(run('js').stdout, /backend=js/);
  if (wasm) assert.match(run('wasm').stdout, /backend=wasm/);
  const bogus = run('blas');
  assert.notEqual(bogus.status, 0);
  assert.match(bogus.stderr, /unknown linear-algebra backend 'blas'/);
  const native = run('native');
  if (!/backend=native/.test(native.stdout)) {
    assert.notEqual(native.status, 0, 'a forced native backend that is not built must fail');
    assert.match(native.stderr, /backend 'native' is not available/);
  }
});

test('wasm keeps the factor resident across solves, and a changed factor is copied again', (t) => {
  if (!wasm) return t.skip(`wasm kernels unavailable: ${wasmLoadError()}`);
  const n = 90;
  const a = randomSpd(n, 21);
  const l = under('js', () => la.cholesky(a)!);
  const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
  const solve = (f: Float64Array): Float64Array => {
    const x = b.slice();
    wasm.trsv(f, n, x, false);
    wasm.trsv(f, n, x, true);
    return x;
  };
  const ref = under('js', () => la.cholSolve(l, b));
  for (let r = 0; r < 3; r++) assert.ok(relDiff(solve(l.data), ref) <= 1e-10, `repeat ${r}`);
  // Another factor with the same n, then the first again: each answer is its own.
  const l2 = under('js', () => la.cholesky(randomSpd(n, 22))!);
  assert.ok(relDiff(solve(l2.data), under('js', () => la.cholSolve(l2, b))) <= 1e-10, 'second factor');
  assert.ok(relDiff(solve(l.data), ref) <= 1e-10, 'first factor again');
  // Mutating the diagonal (caught by the O(n) spot check) must not reuse the stale copy.
  const scaled = { rows: n, cols: n, data: l.data };
  solve(l.data);
  l.data[5 * n + 5] *= 2;
  assert.ok(relDiff(solve(l.data), under('js', () => la.cholSolve(scaled, b))) <= 1e-10, 'mutated factor');
});
