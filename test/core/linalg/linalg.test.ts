/**
 * core/linalg facade on both backends ('js' always; 'auto' = native when the addon is built).
 * Reference numbers from numpy 2.4 / scipy 1.17:
 *
 *   import numpy as np, scipy.linalg as sl
 *   def kmat(n):
 *       i = np.arange(n, dtype=float)
 *       X = np.stack([(i * 0.6180339887) % 1, (i * 0.7548776662) % 1], axis=1)
 *       d2 = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
 *       return np.exp(-d2 / (2 * 0.3 ** 2)) + 1e-3 * np.eye(n)
 *   for n in [1, 2, 5, 50, 300]:
 *       A = kmat(n); b = np.sin(np.arange(n) + 1.0); L = np.linalg.cholesky(A)
 *       y = sl.solve_triangular(L, b, lower=True); z = sl.solve_triangular(L, b, lower=True, trans='T')
 *       print(n, 2*np.log(np.diag(L)).sum(), L[n-1,0], L[n-1,n-1], y[-1], z[0],
 *             np.linalg.norm(np.linalg.solve(A, b)), np.trace(np.linalg.inv(A)))
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cholesky,
  choleskyWithJitter,
  cholInverse,
  cholSolve,
  linalgBackend,
  logDetChol,
  matmul,
  matmulTransB,
  setLinalgBackend,
  solveLower,
  solveLowerMatrix,
  solveLowerT,
} from '../../../core/linalg/linalg.js';
import { BoError } from '../../../core/errors.js';
import { type Matrix, fromRows, zeros } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';

const NUMPY = [
  { n: 1, logdet: 0.0009995003330835312, lLast0: 1.000499875062461, lLastLast: 1.000499875062461, fwdLast: 0.8410505646043821, bwdFirst: 0.8410505646043821, solveNorm: 0.8406303544534431, invTrace: 0.9990009990009991 },
  { n: 2, logdet: 0.001973520541631643, lLast0: 0.005050275212273901, lLastLast: 1.0004871287129486, fwdLast: 0.9046092288776066, bwdFirst: 0.836462891516872, solveNorm: 1.2314739554354324, invTrace: 1.9980529079903233 },
  { n: 5, logdet: -0.3968291330039881, lLast0: 0.2890901908539627, lLastLast: 0.894833134839937, fwdLast: -1.009112123891237, bwdFirst: 1.0953578097287646, solveNorm: 2.0854795218101327, invTrace: 5.85869944497394 },
  { n: 50, logdet: -213.5422247064328, lLast0: 0.002790314032853721, lLastLast: 0.07658527292289248, fwdLast: 15.926178995796278, bwdFirst: 1.4846639910721542, solveNorm: 4139.1652832520995, invTrace: 24464.08893368044 },
  { n: 300, logdet: -1853.6642444313445, lLast0: 0.001883067443907797, lLastLast: 0.03326705369221809, fwdLast: -31.527077595585766, bwdFirst: 9.218687866380513, solveNorm: 12141.4038863266, invTrace: 260116.93491310326 },
];

function kmat(n: number): Matrix {
  const x = Array.from({ length: n }, (_, i) => [(i * 0.6180339887) % 1, (i * 0.7548776662) % 1]);
  const a = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const d2 = (x[i][0] - x[j][0]) ** 2 + (x[i][1] - x[j][1]) ** 2;
      a.data[i * n + j] = Math.exp(-d2 / (2 * 0.3 ** 2)) + (i === j ? 1e-3 : 0);
    }
  return a;
}

/** Random SPD A = G Gᵀ/n + I/2 with G n×n standard normal (seeded). */
function randomSpd(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const g = zeros(n, n);
  for (let i = 0; i < n * n; i++) g.data[i] = rng.normal();
  const a = matmulTransB(g, g);
  for (let i = 0; i < n * n; i++) a.data[i] /= n;
  for (let i = 0; i < n; i++) a.data[i * n + i] += 0.5;
  return a;
}

const close = (a: number, b: number, rel: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`);
const maxAbs = (v: Float64Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

for (const backend of ['js', 'wasm', 'auto'] as const) {
  test(`[${backend}] Cholesky, solves, inverse and log-det match numpy/scipy`, () => {
    setLinalgBackend(backend);
    for (const ref of NUMPY) {
      const { n } = ref;
      const a = kmat(n);
      const before = a.data.slice();
      const l = cholesky(a);
      assert.ok(l, `n=${n} must factor`);
      assert.deepEqual(a.data, before, 'cholesky must not mutate A');
      const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      // cond(A) ≈ 3e5 at n = 300, so derived numbers agree to ~1e-10 relative, not 1e-16.
      close(logDetChol(l), ref.logdet, 1e-10, `logdet n=${n}`);
      close(l.data[(n - 1) * n], ref.lLast0, 1e-9, `L[n-1,0] n=${n}`);
      close(l.data[n * n - 1], ref.lLastLast, 1e-9, `L[n-1,n-1] n=${n}`);
      close(solveLower(l, b)[n - 1], ref.fwdLast, 1e-9, `forward n=${n}`);
      close(solveLowerT(l, b)[0], ref.bwdFirst, 1e-9, `backward n=${n}`);
      const x = cholSolve(l, b);
      close(Math.hypot(...x), ref.solveNorm, 1e-9, `solve n=${n}`);
      const inv = cholInverse(l);
      let tr = 0;
      for (let i = 0; i < n; i++) tr += inv.data[i * n + i];
      close(tr, ref.invTrace, 1e-9, `inverse trace n=${n}`);
    }
    setLinalgBackend('auto');
  });

  test(`[${backend}] residuals on seeded random SPD matrices`, () => {
    setLinalgBackend(backend);
    for (const n of [1, 2, 5, 50, 300]) {
      const a = randomSpd(n, 1000 + n);
      const l = cholesky(a)!;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(l.data[i * n + j], 0, 'strict upper triangle is zero');
      const llt = matmulTransB(l, l);
      const scale = maxAbs(a.data);
      let err = 0;
      for (let t = 0; t < n * n; t++) err = Math.max(err, Math.abs(llt.data[t] - a.data[t]));
      assert.ok(err <= 1e-13 * scale * Math.max(1, n / 50), `L Lᵀ = A (n=${n}): max error ${err}`);
      const rng = createRng(7 + n);
      const b = Float64Array.from({ length: n }, () => rng.normal());
      const x = cholSolve(l, b);
      const ax = matmul(a, { rows: n, cols: 1, data: x }).data;
      for (let i = 0; i < n; i++) assert.ok(Math.abs(ax[i] - b[i]) < 1e-11 * Math.max(1, maxAbs(b)), `A x = b (n=${n})`);
      const y = solveLower(l, b);
      const ly = matmul(l, { rows: n, cols: 1, data: y }).data;
      for (let i = 0; i < n; i++) assert.ok(Math.abs(ly[i] - b[i]) < 1e-12, 'L y = b');
      const z = solveLowerT(l, b);
      const ltz = matmul({ rows: 1, cols: n, data: z }, l).data; // zᵀ L = (Lᵀ z)ᵀ
      for (let i = 0; i < n; i++) assert.ok(Math.abs(ltz[i] - b[i]) < 1e-12, 'Lᵀ z = b');
      // Matrix right-hand side: column j of X solves L x = B[:, j].
      const m = 3;
      const bm = zeros(n, m);
      for (let t = 0; t < n * m; t++) bm.data[t] = rng.normal();
      const xm = solveLowerMatrix(l, bm);
      for (let j = 0; j < m; j++) {
        const col = Float64Array.from({ length: n }, (_, i) => bm.data[i * m + j]);
        const xj = solveLower(l, col);
        for (let i = 0; i < n; i++) assert.ok(Math.abs(xm.data[i * m + j] - xj[i]) <= 1e-12 * Math.max(1, Math.abs(xj[i])), 'solveLowerMatrix column');
      }
      const ainv = cholInverse(l);
      const eye = matmul(ainv, a);
      let eyeErr = 0;
      let asym = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          eyeErr = Math.max(eyeErr, Math.abs(eye.data[i * n + j] - (i === j ? 1 : 0)));
          asym = Math.max(asym, Math.abs(ainv.data[i * n + j] - ainv.data[j * n + i]));
        }
      assert.ok(eyeErr < 1e-11, `A⁻¹A = I (n=${n}): max error ${eyeErr}`);
      assert.equal(asym, 0, 'inverse is exactly symmetric');
    }
    setLinalgBackend('auto');
  });
}

test('matmul and matmulTransB against a naive triple loop (non-square)', () => {
  const rng = createRng(3);
  const mk = (r: number, c: number): Matrix => ({ rows: r, cols: c, data: Float64Array.from({ length: r * c }, () => rng.normal()) });
  for (const backend of ['js', 'wasm', 'auto'] as const) {
    setLinalgBackend(backend);
    for (const [p, q, r] of [[1, 1, 1], [3, 5, 2], [40, 30, 50], [67, 33, 71]]) {
      const a = mk(p, q);
      const b = mk(q, r);
      const c = matmul(a, b);
      const bt = zeros(r, q);
      for (let i = 0; i < q; i++) for (let j = 0; j < r; j++) bt.data[j * q + i] = b.data[i * r + j];
      const c2 = matmulTransB(a, bt);
      for (let i = 0; i < p; i++)
        for (let j = 0; j < r; j++) {
          let s = 0;
          for (let k = 0; k < q; k++) s += a.data[i * q + k] * b.data[k * r + j];
          assert.ok(Math.abs(c.data[i * r + j] - s) < 1e-12 && Math.abs(c2.data[i * r + j] - s) < 1e-12);
        }
    }
  }
  setLinalgBackend('auto');
  assert.throws(() => matmul(zeros(2, 3), zeros(2, 3)), BoError);
});

test('jitter escalation: repeated rows (rank deficient) need jitter; A is not mutated', () => {
  // Kernel matrix of 6 points where points 1 and 4 coincide: exactly singular.
  const pts = [0.1, 0.5, 0.9, 0.3, 0.5, 0.7];
  const n = pts.length;
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = Math.exp(-((pts[i] - pts[j]) ** 2) / 0.5);
  const before = a.data.slice();
  assert.equal(cholesky(a), null, 'the singular matrix must not factor as is');
  const { L, jitter, relativeJitter } = choleskyWithJitter(a);
  assert.ok(relativeJitter >= 1e-9 && relativeJitter <= 1e-2, `relative jitter ${relativeJitter}`);
  close(jitter, relativeJitter * 1, 1e-15, 'mean diag is 1, so absolute = relative');
  assert.deepEqual(a.data, before);
  const llt = matmulTransB(L, L);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(llt.data[i * n + j] - (a.data[i * n + j] + (i === j ? jitter : 0))) < 1e-14);
});

test('jitter escalation picks the first sufficient step and gives up with FAILED_PRECONDITION', () => {
  // diag(1, 1, −5e-6): mean diag ≈ 0.6667; j·0.6667 must exceed 5e-6, so 1e-6 fails and 1e-5 works.
  const a = fromRows([[1, 0, 0], [0, 1, 0], [0, 0, -5e-6]]);
  const r = choleskyWithJitter(a);
  close(r.relativeJitter, 1e-5, 1e-12, 'relative jitter');
  close(r.jitter, 1e-5 * (2 - 5e-6) / 3, 1e-12, 'absolute jitter');
  assert.ok(r.L.data[8] > 0);
  const indefinite = fromRows([[1, 2], [2, 1]]); // eigenvalues −1 and 3
  assert.throws(() => choleskyWithJitter(indefinite), (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION');
  assert.throws(() => choleskyWithJitter(indefinite, { maxTries: 2 }), BoError);
  const withNaN = fromRows([[1, NaN], [NaN, 1]]);
  assert.equal(cholesky(withNaN), null);
  assert.throws(() => choleskyWithJitter(withNaN), BoError);
  assert.equal(choleskyWithJitter(fromRows([[4]])).jitter, 0);
});

test('backend selection', () => {
  setLinalgBackend('js');
  assert.equal(linalgBackend(), 'js');
  setLinalgBackend('wasm');
  assert.equal(linalgBackend(), 'wasm');
  setLinalgBackend('auto');
  assert.ok(linalgBackend() === 'wasm' || linalgBackend() === 'native', 'auto prefers native, then the committed wasm build');
  assert.throws(() => setLinalgBackend('blas' as 'js'), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT');
  setLinalgBackend('auto');
});
