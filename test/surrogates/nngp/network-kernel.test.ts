import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { NetworkKernel } from '../../../surrogates/nngp/network-kernel.js';
import { dualStep } from '../../../surrogates/nngp/layer-maps.js';
import { cholesky } from '../../../core/linalg/linalg.js';

const rng = createRng(21);
const d = 3;
const n = 5;
const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };

describe('NNGP/NTK kernels', () => {
  it('hand point: ReLU, L = 1, σ_w² = 1, σ_b² = 0, x = x′ = 1 gives 0.5 (seed-specs §4)', () => {
    const k = new NetworkKernel({ kind: 'nngp', activation: 'relu', depth: 1, dim: 1, fixed: { weightVar: 1, biasVar: 0 } });
    const one = { rows: 1, cols: 1, data: Float64Array.of(1) };
    assert.ok(Math.abs(k.matrix(new Float64Array(0), one, one).data[0] - 0.5) < 1e-15);
    assert.ok(Math.abs(k.diag(new Float64Array(0), one)[0] - 0.5) < 1e-15);
    // NTK at the same point: Θ¹ = K¹ + σ_w²·Ṫ·Θ⁰ = 0.5 + 1·0.5·1 = 1.
    const ntk = new NetworkKernel({ kind: 'ntk', activation: 'relu', depth: 1, dim: 1, fixed: { weightVar: 1, biasVar: 0 } });
    assert.ok(Math.abs(ntk.diag(new Float64Array(0), one)[0] - 1) < 1e-15);
  });

  it('erf diagonal closed form: K¹ = σ_w²·(2/π)·asin(2K⁰/(1+2K⁰)) + σ_b²', () => {
    const k = new NetworkKernel({ kind: 'nngp', activation: 'erf', depth: 1, dim: 2, fixed: { weightVar: 2, biasVar: 0.3 } });
    const x = { rows: 1, cols: 2, data: Float64Array.of(0.4, 0.9) };
    const k0 = (2 * (0.16 + 0.81)) / 2 + 0.3;
    const want = 2 * (2 / Math.PI) * Math.asin((2 * k0) / (1 + 2 * k0)) + 0.3;
    assert.ok(Math.abs(k.diag(new Float64Array(0), x)[0] - want) < 1e-14);
    // The off-diagonal path, evaluated at x' -> x, tends to the diagonal.
    const x2 = { rows: 1, cols: 2, data: Float64Array.of(0.4 + 1e-9, 0.9) };
    assert.ok(Math.abs(k.matrix(new Float64Array(0), x, x2).data[0] - want) < 1e-7);
  });

  it('ReLU dual at nearly equal inputs: T against its expansion at c -> 1, r/2 − rδ/2 + r(2δ)^1.5/(6π) (δ = 1 − c), to the next order', () => {
    // T = (r/2π)(sin θ + (π − θ) cos θ) with θ = acos c; sin θ ≈ θ − θ³/6, cos θ ≈ 1 − θ²/2, θ² ≈ 2δ + δ²/3.
    const out = { T: 0, Td: 0, dT11: 0, dT12: 0, dT22: 0, dTd11: 0, dTd12: 0, dTd22: 0 };
    const r = 3.7;
    for (const delta of [1e-6, 1e-8, 1e-10, 1e-12]) {
      const T = dualStep('relu', r, r * (1 - delta), r, out).T;
      const want = r / 2 - (r * delta) / 2 + (r * (2 * delta) ** 1.5) / (6 * Math.PI);
      assert.ok(Math.abs(T - want) <= r * delta ** 2 + 1e-14 * r, `δ = ${delta}: T ${T}, expansion ${want}`);
      assert.ok(Number.isFinite(out.dTd12) && Number.isFinite(out.dTd11), 'the partials of Ṫ stay finite');
    }
  });

  it('a ReLU NNGP Gram matrix of clustered inputs (1e-4 to 1e-3 apart, where pairs straddle c = 1 − 1e-7) is positive definite to 1e-12 of its scale', () => {
    // Clamping the dual's c at 1 − 1e-7 (before session 22) gave this matrix eigenvalues below −1e-8 of its scale (no factor even at that jitter).
    const k = new NetworkKernel({ kind: 'nngp', activation: 'relu', depth: 3, dim: 2 });
    const base = [[0.9, 0.95], [0.2, 0.4], [0.6, 0.1], [1, 1]];
    const rows: number[][] = [];
    for (const [a, b] of base) for (const gap of [0, 1e-4, 2e-4, 3e-4, 5e-4, 1e-3]) rows.push([a + gap, b - gap / 2]);
    const Xs = { rows: rows.length, cols: 2, data: Float64Array.from(rows.flat()) };
    const K = k.matrix(Float64Array.of(Math.log(5), Math.log(0.1)), Xs, Xs);
    // Exact arithmetic makes K positive semi-definite (the arc-cosine kernel is), with near-zero eigenvalues in each
    // cluster; the factor of K + 1e-12·max diag·I exists iff no eigenvalue is below about −1e-12 of the scale.
    let top = 0;
    for (let i = 0; i < K.rows; i++) top = Math.max(top, K.data[i * K.rows + i]);
    for (let i = 0; i < K.rows; i++) K.data[i * K.rows + i] += 1e-12 * top;
    assert.ok(cholesky(K), 'K + 1e-12·max diag·I is positive definite');
  });

  for (const kind of ['nngp', 'ntk'] as const) {
    for (const activation of ['relu', 'erf'] as const) {
      it(`${kind}/${activation}: θ-gradient (Gram contraction), x-gradients and symmetry match finite differences`, () => {
        const k = new NetworkKernel({ kind, activation, depth: 3, dim: d });
        const theta = Float64Array.of(Math.log(3), Math.log(0.7));
        const Wd = Float64Array.from({ length: n * n }, () => rng.normal());
        const W = { rows: n, cols: n, data: Wd };
        const g = new Float64Array(2);
        k.gramGradient(theta, X, W, g);
        const contract = (t: Float64Array) => {
          const K = k.matrix(t, X, X).data;
          let s = 0;
          for (let i = 0; i < n * n; i++) s += Wd[i] * K[i];
          return s;
        };
        const h = 1e-6;
        for (let q = 0; q < 2; q++) {
          const tp = Float64Array.from(theta);
          const tm = Float64Array.from(theta);
          tp[q] += h;
          tm[q] -= h;
          const fd = (contract(tp) - contract(tm)) / (2 * h);
          assert.ok(Math.abs(g[q] - fd) < 1e-6 * Math.max(1, Math.abs(fd)), `θ${q}: ${g[q]} vs ${fd}`);
        }
        const K = k.matrix(theta, X, X);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(K.data[i * n + j] - K.data[j * n + i]) < 1e-12);
        const x = Float64Array.of(0.21, 0.77, 0.4);
        const { k: kx, dk } = k.crossGradient(theta, x, X);
        const row = k.matrix(theta, { rows: 1, cols: d, data: x }, X).data;
        for (let i = 0; i < n; i++) assert.ok(Math.abs(kx[i] - row[i]) < 1e-12);
        const dg = k.diagGradient(theta, x);
        for (let q = 0; q < d; q++) {
          const xp = Float64Array.from(x);
          const xm = Float64Array.from(x);
          xp[q] += h;
          xm[q] -= h;
          const rp = k.matrix(theta, { rows: 1, cols: d, data: xp }, X).data;
          const rm = k.matrix(theta, { rows: 1, cols: d, data: xm }, X).data;
          for (let i = 0; i < n; i++) {
            const fd = (rp[i] - rm[i]) / (2 * h);
            assert.ok(Math.abs(dk.data[i * d + q] - fd) < 1e-6 * Math.max(1, Math.abs(fd)), `dk[${i},${q}] ${dk.data[i * d + q]} vs ${fd}`);
          }
          const fdd = (k.diag(theta, { rows: 1, cols: d, data: xp })[0] - k.diag(theta, { rows: 1, cols: d, data: xm })[0]) / (2 * h);
          assert.ok(Math.abs(dg.grad[q] - fdd) < 1e-6 * Math.max(1, Math.abs(fdd)), `diag ${dg.grad[q]} vs ${fdd}`);
        }
      });
    }
  }
});
