/**
 * The delta-method variances of policy/outcome-variance.ts against central finite differences of
 * the transforms themselves (fitted once on the values, then applied to y ± h with the fit fixed):
 * Var[T(y)] ≈ ((T(y+h) − T(y−h))/2h)²·Var[y], tolerance 1e-6 relative.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { standardize, yeoJohnson, yeoJohnsonApply, yeoJohnsonLambda, yeoJohnsonTransform } from '../../core/standardize.js';
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
