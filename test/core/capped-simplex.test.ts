import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { projectToCappedSimplex } from '../../core/capped-simplex.js';
import { createRng } from '../../core/rng.js';
import { projectToSimplex } from '../../core/simplex.js';
import { dykstra } from './dykstra.js';

function randomBounds(k: number, rng: ReturnType<typeof createRng>): { lo: number[]; hi: number[] } {
  for (;;) {
    const lo = Array.from({ length: k }, () => (rng.uniform() < 0.5 ? 0 : 0.3 * rng.uniform() / k));
    const hi = lo.map((l) => (rng.uniform() < 0.3 ? 1 : l + (2.5 * rng.uniform()) / k));
    const sLo = lo.reduce((s, t) => s + t, 0);
    const sHi = hi.reduce((s, t) => s + t, 0);
    if (sLo <= 1 && sHi >= 1) return { lo, hi };
  }
}

describe('projectToCappedSimplex', () => {
  it('matches Dykstra alternating projections on 120 random instances, K = 2..12 (1e-7)', () => {
    const rng = createRng(11);
    for (let r = 0; r < 120; r++) {
      const k = 2 + (r % 11);
      const { lo, hi } = randomBounds(k, rng);
      const v = Array.from({ length: k }, () => 2 * rng.normal() / k);
      const w = projectToCappedSimplex(v, lo, hi);
      const ref = dykstra(v, lo, hi);
      for (let i = 0; i < k; i++) assert.ok(Math.abs(w[i] - ref[i]) < 1e-7, `instance ${r}, i ${i}: ${w[i]} vs Dykstra ${ref[i]}`);
      assert.ok(Math.abs(w.reduce((s, t) => s + t, 0) - 1) < 1e-12);
      for (let i = 0; i < k; i++) assert.ok(w[i] >= lo[i] && w[i] <= hi[i], `instance ${r}: bounds`);
    }
  });
  it('is the plain simplex projection (Duchi et al.) with lo = 0, hi = 1', () => {
    const rng = createRng(12);
    for (let r = 0; r < 50; r++) {
      const v = Array.from({ length: 7 }, () => rng.normal());
      const w = projectToCappedSimplex(v, new Array(7).fill(0), new Array(7).fill(1));
      const ref = projectToSimplex(v);
      for (let i = 0; i < 7; i++) assert.ok(Math.abs(w[i] - ref[i]) < 1e-12);
    }
  });
  it('returns a feasible point unchanged and the forced point when Σhi = 1', () => {
    const w = projectToCappedSimplex([0.2, 0.3, 0.5], [0.1, 0.1, 0.1], [0.6, 0.6, 0.6]);
    assert.deepEqual(Array.from(w).map((t) => Math.round(t * 1e12) / 1e12), [0.2, 0.3, 0.5]);
    assert.deepEqual(Array.from(projectToCappedSimplex([5, -3, 0], [0, 0, 0], [0.5, 0.25, 0.25])), [0.5, 0.25, 0.25]);
  });
  it('refuses infeasible bounds', () => {
    assert.throws(() => projectToCappedSimplex([0.5, 0.5], [0.6, 0.6], [1, 1]), /infeasible/);
    assert.throws(() => projectToCappedSimplex([0.5, 0.5], [0, 0], [0.4, 0.4]), /infeasible/);
  });
});
