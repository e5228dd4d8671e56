import assert from 'node:assert/strict';
import { test } from 'node:test';
import { standardize } from '../../core/standardize.js';
import { transformOutcomes } from '../../policy/bo-policy.js';

/*
 * Reference (scipy 1.17):
 *   import numpy as np; from scipy import stats
 *   v = np.array([-1e4,-3000.,-800.,-120.,-40.,-9.,-2.,-0.5,-0.1])
 *   z0 = (v - v.mean())/v.std(ddof=1); lam = max(1.0, stats.yeojohnson(z0)[1])
 *   t = stats.yeojohnson(z0, lmbda=lam); z = (t - t.mean())/t.std(ddof=1)
 *   -> lam 4.083465552542171, z below
 *   w = -v[::-1]: stats.yeojohnson(standardized w)[1] = -2.0834655883483135 (< 1, so clamped to 1)
 */
const V = [-1e4, -3000, -800, -120, -40, -9, -2, -0.5, -0.1];
const Z = [-1.8175412944, -1.4715430704, -0.4338171883, 0.4641140875, 0.5995784034, 0.6539661303, 0.6663962456, 0.6690670248, 0.6697796613];

test("'power': z-score, Yeo-Johnson with λ = max(1, λ_ML), z-score (matches scipy)", () => {
  const out = transformOutcomes(V, 'power');
  assert.ok(Math.abs((out.lambda ?? NaN) - 4.083465552542171) < 1e-6, `lambda ${out.lambda}`);
  out.y.forEach((v, i) => assert.ok(Math.abs(v - Z[i]) < 1e-6, `${i}: ${v} vs ${Z[i]}`));
});

test("'power' leaves a long tail on the good side alone (λ clamped to 1 = plain z-score) and is scale invariant", () => {
  const W = V.map((v) => -v).reverse();
  const out = transformOutcomes(W, 'power');
  assert.equal(out.lambda, 1);
  const ref = standardize(W).y;
  out.y.forEach((v, i) => assert.ok(Math.abs(v - ref[i]) < 1e-12));
  const scaled = transformOutcomes(V.map((v) => 1e-3 * v + 5), 'power');
  scaled.y.forEach((v, i) => assert.ok(Math.abs(v - Z[i]) < 1e-6));
});

test("'standardize' is the z-score; transforms are monotone (the argmax is kept)", () => {
  assert.deepEqual(transformOutcomes(V, 'standardize').y, standardize(V).y);
  for (const kind of ['power', 'yeo-johnson', 'standardize'] as const) {
    const y = transformOutcomes(V, kind).y;
    for (let i = 1; i < y.length; i++) assert.ok(y[i] > y[i - 1], kind);
  }
});
