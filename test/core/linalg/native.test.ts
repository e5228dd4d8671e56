/**
 * The OpenBLAS/LAPACKE addon (native/linalg) must give the same answers as the pure-JS kernels:
 * every facade function, random SPD matrices n = 10, 200, 700, relative difference ≤ 1e-10
 * (the reference here is the JS path, itself checked against numpy in linalg.test.ts).
 * Skipped with the reason when the addon is not built (node tools/build-native.mjs).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as la from '../../../core/linalg/linalg.js';
import { loadNativeLinalg, nativeLoadError } from '../../../core/linalg/native-binding.js';
import { type Matrix, zeros } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { relDiff, under } from './backend-compare.js';

const native = loadNativeLinalg();

/** SPD matrix with a GP-like spectrum: RBF kernel of n random 4-D points plus 1e-3·I (cond ≈ 1e5–1e6). */
function kernelSpd(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n * 4 }, () => rng.uniform());
  const a = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let d2 = 0;
      for (let t = 0; t < 4; t++) d2 += (x[i * 4 + t] - x[j * 4 + t]) ** 2;
      const v = Math.exp(-d2 / (2 * 0.5 ** 2)) + (i === j ? 1e-3 : 0);
      a.data[i * n + j] = v;
      a.data[j * n + i] = v;
    }
  return a;
}

for (const n of [10, 200, 700]) {
  test(`native and JS agree to 1e-10 on every facade function (n=${n})`, (t) => {
    if (!native) {
      t.skip(`native addon not built: ${nativeLoadError()}`);
      return;
    }
    const a = kernelSpd(n, 40 + n);
    const rng = createRng(n);
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const bm: Matrix = { rows: n, cols: 7, data: Float64Array.from({ length: n * 7 }, () => rng.normal()) };
    const other: Matrix = { rows: 13, cols: n, data: Float64Array.from({ length: 13 * n }, () => rng.normal()) };
    const run = (): Record<string, Float64Array> => {
      const l = la.cholesky(a)!;
      const { L: lj } = la.choleskyWithJitter(a);
      return {
        L: l.data,
        Ljitter: lj.data,
        solveLower: la.solveLower(l, b),
        solveLowerT: la.solveLowerT(l, b),
        cholSolve: la.cholSolve(l, b),
        solveLowerMatrix: la.solveLowerMatrix(l, bm).data,
        cholInverse: la.cholInverse(l).data,
        logDet: Float64Array.of(la.logDetChol(l)),
        matmul: la.matmul(a, bm).data,
        matmulTransB: la.matmulTransB(other, a).data,
      };
    };
    const js = under('js', run);
    if (n < 24) {
      // The facade keeps tiny problems on the JS path (call overhead), so check the raw kernels too.
      const l = under('js', () => la.cholesky(a)!);
      const raw = a.data.slice();
      assert.equal(native.potrf(raw, n), 0);
      assert.ok(relDiff(raw, l.data) <= 1e-10, 'raw potrf');
      const x = b.slice();
      native.trsv(l.data, n, x, false);
      native.trsv(l.data, n, x, true);
      assert.ok(relDiff(x, js.cholSolve) <= 1e-10, 'raw trsv');
      const inv = l.data.slice();
      assert.equal(native.potri(inv, n), 0);
      assert.ok(relDiff(inv, js.cholInverse) <= 1e-10, 'raw potri');
      const xm = bm.data.slice();
      native.trsm(l.data, n, xm, bm.cols);
      assert.ok(relDiff(xm, js.solveLowerMatrix) <= 1e-10, 'raw trsm');
      const c = new Float64Array(13 * n);
      native.gemm(other.data, a.data, c, 13, n, n, true);
      assert.ok(relDiff(c, js.matmulTransB) <= 1e-10, 'raw gemm');
    }
    const nat = under('native', () => {
      assert.equal(la.linalgBackend(), 'native');
      return run();
    });
    for (const key of Object.keys(js)) {
      const d = relDiff(nat[key], js[key]);
      const tol = 1e-10;
      if (process.env.SHOW_DIFF) console.log(n, key, d);
      assert.ok(d <= tol, `${key}: relative difference ${d} > ${tol}`);
    }
  });
}

test('native failure modes match JS: not positive definite → null, NaN → null', (t) => {
  if (!native) {
    t.skip(`native addon not built: ${nativeLoadError()}`);
    return;
  }
  const n = 40; // above the native size threshold
  const a = kernelSpd(n, 5);
  a.data[3 * n + 3] = -1;
  for (const kind of ['js', 'native'] as const) assert.equal(under(kind, () => la.cholesky(a)), null, kind);
  const b = kernelSpd(n, 6);
  b.data[5 * n + 2] = NaN;
  for (const kind of ['js', 'native'] as const) assert.equal(under(kind, () => la.cholesky(b)), null, kind);
});
