import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { empiricalNngp, empiricalNtk } from '../../../benchmarks/nngp/wide-network.js';
import { createRng } from '../../../core/rng.js';
import { NetworkKernel } from '../../../surrogates/nngp/network-kernel.js';

// Four inputs in [0,1]^3; σ_w² = 2, σ_b² = 0.5. The full-size check (width 2000, 2000 networks)
// is benchmarks/nngp/monte-carlo.ts; this CI version uses smaller widths and counts.
const X = [
  [0.1, 0.5, 0.9],
  [0.8, 0.2, 0.4],
  [0.3, 0.3, 0.3],
  [0.95, 0.7, 0.05],
];
const Xm = { rows: 4, cols: 3, data: Float64Array.from(X.flat()) };
const wVar = 2;
const bVar = 0.5;

describe('NNGP and NTK against wide random networks (Monte Carlo)', () => {
  for (const act of ['relu', 'erf'] as const) {
    for (const depth of [1, 3]) {
      it(`NNGP ${act}, depth ${depth}: empirical output covariance of 4000 width-1000 networks within 4 standard errors`, () => {
        const M = 4000;
        const emp = empiricalNngp(X, act, depth, 1000, M, wVar, bVar, createRng(100 + depth));
        const K = new NetworkKernel({ kind: 'nngp', activation: act, depth, dim: 3, fixed: { weightVar: wVar, biasVar: bVar } }).matrix(new Float64Array(0), Xm, Xm).data;
        for (let i = 0; i < 4; i++)
          for (let j = 0; j < 4; j++) {
            // Var of the sample second moment of a bivariate normal: (K_ii K_jj + K_ij²)/M.
            const se = Math.sqrt((K[i * 4 + i] * K[j * 4 + j] + K[i * 4 + j] ** 2) / M);
            assert.ok(Math.abs(emp[i * 4 + j] - K[i * 4 + j]) < 4 * se, `(${i},${j}) ${emp[i * 4 + j]} vs ${K[i * 4 + j]} (se ${se})`);
          }
      });
      it(`NTK ${act}, depth ${depth}: mean empirical gradient inner product of 8 width-512 networks within 4 standard errors`, () => {
        const K = 8;
        const nets = empiricalNtk(X, act, depth, 512, K, wVar, bVar, createRng(200 + depth));
        const T = new NetworkKernel({ kind: 'ntk', activation: act, depth, dim: 3, fixed: { weightVar: wVar, biasVar: bVar } }).matrix(new Float64Array(0), Xm, Xm).data;
        for (let e = 0; e < 16; e++) {
          const vals = nets.map((m) => m[e]);
          const mean = vals.reduce((a, b) => a + b, 0) / K;
          const se = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (K - 1) / K);
          // The empirical NTK fluctuates per network (O(1/√width)); its mean over networks has an
          // O(depth/width) finite-width bias, allowed for with 1% of the diagonal scale.
          const scale = Math.sqrt(T[(e >> 2) * 5] * T[(e & 3) * 5]);
          assert.ok(Math.abs(mean - T[e]) < 4 * se + 0.01 * scale, `entry ${e}: ${mean} vs ${T[e]} (se ${se})`);
        }
      });
    }
  }
});
