/**
 * heavyTailRatio = sd (n − 1) / (1.4826·MAD). Reference numbers (numpy 2.4 / scipy 1.17):
 *   import numpy as np; from scipy import stats
 *   v = np.array([-1e4,-3000.,-800.,-120.,-40.,-9.,-2.,-0.5,-0.1])
 *   mad = np.median(np.abs(v - np.median(v)))          # 39.9
 *   v.std(ddof=1) / (1.4826 * mad)                      # 56.0553350310464
 *   v.std(ddof=1) / stats.median_abs_deviation(v, scale='normal')   # 56.0552511521251 (1.482602...)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { heavyTailRatio } from '../../core/standardize.js';

test('heavyTailRatio: hand-computed value, scale/shift invariance, ≈ 1 on Gaussian samples', () => {
  const v = [-1e4, -3000, -800, -120, -40, -9, -2, -0.5, -0.1];
  const ref = 56.0553350310464;
  assert.ok(Math.abs(heavyTailRatio(v) - ref) < 1e-12 * ref, `${heavyTailRatio(v)} vs ${ref}`);
  assert.ok(ref > 50);
  assert.ok(Math.abs(heavyTailRatio(v.map((x) => 3 * x - 7)) - ref) < 1e-9 * ref);
  // Gaussian: sd/MAD → 1; with n = 2000 its sampling sd is ≈ 0.02 (allow 0.1).
  const rng = createRng(3);
  const g = Array.from({ length: 2000 }, () => rng.normal());
  assert.ok(Math.abs(heavyTailRatio(g) - 1) < 0.1, `${heavyTailRatio(g)}`);
  // Edge cases: too few points, constant data, a majority of ties.
  assert.equal(heavyTailRatio([1, 2]), 1);
  assert.equal(heavyTailRatio([4, 4, 4, 4]), 1);
  assert.equal(heavyTailRatio([4, 4, 4, 9]), Infinity);
});
