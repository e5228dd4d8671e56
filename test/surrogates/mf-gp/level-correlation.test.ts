/**
 * levelCorrelations (surrogates/mf-gp/level-correlation.ts) against closed forms: for the ICM
 * kernel the correlation of level l with the target is R[l,T] of its Cholesky-like
 * parameterisation, a_10/√(1+a_10²) and a_20/√(1+a_20²+a_21²) for three levels (target first in
 * the kernel's internal order), whatever the mixture; for a kernel that ignores the fidelity
 * column (a stationary kernel on the mixture coordinates only, lengthscale → ∞ on the fidelity) it
 * is 1; and the Monte Carlo correlation of prior draws matches it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../core/rng.js';
import { cholesky } from '../../../core/linalg/linalg.js';
import { LevelIcmKernel } from '../../../surrogates/mf-gp/level-icm-kernel.js';
import { levelCorrelations } from '../../../surrogates/mf-gp/level-correlation.js';

const levels = Float64Array.of(0.177, 0.482, 1);
const target = 2;

describe('levelCorrelations', () => {
  it('ICM: equals the closed-form R[l, target] at every mixture', () => {
    const d = 4;
    const kernel = new LevelIcmKernel({ dim: d, fidelityIndex: d - 1, levels, target });
    const theta = kernel.initialTheta();
    const m = d - 1;
    // θ = [ln ℓ (3), ln v² (2), a_10, a_20, a_21]
    theta[m + 2] = 0.4;
    theta[m + 3] = -0.2;
    theta[m + 4] = 1.5;
    const rng = createRng(4);
    const X = { rows: 7, cols: d, data: Float64Array.from({ length: 7 * d }, () => rng.uniform()) };
    const rho = levelCorrelations(kernel, theta, X, d - 1, levels, target);
    // Internal order [target, level 0, level 1]: level 0 is row 1, level 1 is row 2.
    assert.ok(Math.abs(rho[0] - 0.4 / Math.sqrt(1 + 0.16)) < 1e-12, `level 0: ${rho[0]}`);
    assert.ok(Math.abs(rho[1] - -0.2 / Math.sqrt(1 + 0.04 + 2.25)) < 1e-12, `level 1: ${rho[1]}`);
    assert.ok(Math.abs(rho[2] - 1) < 1e-12);
  });

  it('matches the Monte Carlo correlation of joint prior draws at one mixture (4 standard errors)', () => {
    const d = 3;
    const kernel = new LevelIcmKernel({ dim: d, fidelityIndex: d - 1, levels, target });
    const theta = kernel.initialTheta();
    theta[d - 1 + 2] = 0.7;
    const w = [0.3, 0.6];
    const at = Float64Array.from([0, 1, 2].flatMap((l) => [...w, levels[l]]));
    const Xl = { rows: 3, cols: d, data: at };
    const K = kernel.matrix(theta, Xl, Xl);
    const L = cholesky(K);
    assert.ok(L);
    const rng = createRng(9);
    const N = 20000;
    let s01 = 0, s00 = 0, s11 = 0;
    for (let i = 0; i < N; i++) {
      const z = [rng.normal(), rng.normal(), rng.normal()];
      const f = [0, 1, 2].map((r) => [0, 1, 2].reduce((s, c) => s + (c <= r ? L.data[r * 3 + c] * z[c] : 0), 0));
      s01 += f[0] * f[2];
      s00 += f[0] * f[0];
      s11 += f[2] * f[2];
    }
    const mc = s01 / Math.sqrt(s00 * s11);
    const rho = levelCorrelations(kernel, theta, { rows: 1, cols: d, data: Float64Array.from([...w, 0]) }, d - 1, levels, target)[0];
    // Standard error of a sample correlation ≈ (1 − ρ²)/√N.
    assert.ok(Math.abs(mc - rho) < (4 * (1 - rho * rho)) / Math.sqrt(N), `MC ${mc} vs ${rho}`);
  });

  it('no rows: 1 at the target, 0 elsewhere', () => {
    const kernel = new LevelIcmKernel({ dim: 3, fidelityIndex: 2, levels, target });
    assert.deepEqual(levelCorrelations(kernel, kernel.initialTheta(), { rows: 0, cols: 3, data: new Float64Array(0) }, 2, levels, target), [0, 0, 1]);
  });
});
