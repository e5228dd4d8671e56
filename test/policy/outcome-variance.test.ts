/**
 * The delta-method variances of policy/outcome-variance.ts against central finite differences of
 * the transforms themselves (fitted once on the values, then applied to y ± h with the fit fixed):
 * Var[T(y)] ≈ ((T(y+h) − T(y−h))/2h)²·Var[y], tolerance 1e-6 relative; half-rank (a rank map, no derivative)
 * against the secant through the nearest distinct observations, found by a scan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { standardize, yeoJohnson, yeoJohnsonApply, yeoJohnsonLambda, yeoJohnsonTransform } from '../../core/standardize.js';
import { halfRankLogWarp } from '../../core/output-warp.js';
import { transformedVariances, type ConcreteTransform } from '../../policy/outcome-variance.js';

const VALUES = [-3.2, -0.4, 0.1, 0.7, 1.5, 2.2, 9.8, -1.1];
const VARIANCES = VALUES.map((_, i) => 0.01 * (i + 1));
const H = 1e-5;

/** T fitted on VALUES, as a function of one new value. */
function fixedTransform(kind: ConcreteTransform): (y: number) => number {
  if (kind === 'standardize') {
    const s = standardize(VALUES);
    return (y) => (y - s.mean) / s.std;
  }
  if (kind === 'yeo-johnson') {
    const fit = yeoJohnson(VALUES);
    return (y) => yeoJohnsonApply([y], fit)[0];
  }
  const z0 = standardize(VALUES);
  const lambda = Math.max(1, yeoJohnsonLambda(z0.y));
  const s1 = standardize(yeoJohnsonTransform(z0.y, lambda));
  return (y) => (yeoJohnsonTransform([(y - z0.mean) / z0.std], lambda)[0] - s1.mean) / s1.std;
}

for (const kind of ['standardize', 'yeo-johnson', 'power'] as const) {
  test(`transformed variances match finite differences of the ${kind} transform`, () => {
    const T = fixedTransform(kind);
    const got = transformedVariances(VALUES, VARIANCES, kind);
    VALUES.forEach((y, i) => {
      const slope = (T(y + H) - T(y - H)) / (2 * H);
      const want = slope * slope * VARIANCES[i];
      assert.ok(Math.abs(got[i] - want) <= 1e-6 * Math.max(want, 1e-12), `${kind} [${i}]: ${got[i]} vs ${want}`);
    });
  });
}

test('half-rank variances: the secant of the transformed values between the nearest distinct neighbours', () => {
  // Brute force: the neighbours found by scanning every value (no sorting), the transform taken from core/output-warp.ts.
  const values = [...VALUES, 0.7];
  const variances = values.map((_, i) => 0.02 * (i + 1));
  const z = halfRankLogWarp(values).y;
  const got = transformedVariances(values, variances, 'half-rank');
  values.forEach((y, i) => {
    let lo = -1;
    let hi = -1;
    values.forEach((u, j) => {
      if (u < y && (lo < 0 || u > values[lo])) lo = j;
      if (u > y && (hi < 0 || u < values[hi])) hi = j;
    });
    const a = lo < 0 ? i : lo;
    const b = hi < 0 ? i : hi;
    const slope = (z[b] - z[a]) / (values[b] - values[a]);
    assert.ok(Math.abs(got[i] - slope * slope * variances[i]) <= 1e-12, `[${i}]`);
    assert.ok(slope > 0, 'monotone increasing transform');
  });
});
