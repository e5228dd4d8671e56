import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  standardize,
  unstandardize,
  unstandardizeVariance,
  yeoJohnson,
  yeoJohnsonApply,
  yeoJohnsonInverse,
  yeoJohnsonLambda,
  yeoJohnsonLogLikelihood,
  yeoJohnsonTransform,
  yeoJohnsonUnapply,
} from '../../core/standardize.js';

/*
 * Reference numbers (scipy 1.17.1):
 *   import numpy as np; from scipy import stats
 *   rng = np.random.default_rng(0)
 *   A = np.round(rng.lognormal(0, 1, 40), 4); B = np.round(rng.normal(0, 1, 30)**3 * 5 - 2, 4)
 *   stats.yeojohnson_normmax(A) -> LAMBDA_A;  stats.yeojohnson_normmax(B) -> LAMBDA_B
 *   t = stats.yeojohnson(A, LAMBDA_A); (t - t.mean()) / t.std()  -> Z_A (first 5 shown)
 *   np.std(y, ddof=1) for the standardize checks.
 */
const A = [1.134, 0.8762, 1.8973, 1.1106, 0.5853, 1.4356, 3.684, 2.5782, 0.4947, 0.2821, 0.5362, 1.0422, 0.0978, 0.8035, 0.2877, 0.4808, 0.5803, 0.7288, 1.5093, 2.8363, 0.8794, 3.9215, 0.5142, 1.4212, 2.4682, 1.0986, 0.4754, 0.3978, 0.6327, 1.2463, 0.3644, 0.8113, 0.8528, 1.7175, 1.2394, 1.4267, 0.5201, 0.8784, 2.1902, 4.4523];
const LAMBDA_A = -0.9225615595837864;
const Z_A = [0.24016118, -0.13275013, 0.96694215, 0.20993135, -0.69266183];
const B = [-11.9796, 15.3493, 10.1895, 0.3847, -1.9075, -2.1547, 13.4975, 35.6626, 27.2395, 9.3723, -1.7718, -10.8209, -2.0, -0.5854, -12.6926, -1.6916, -1.6028, -0.3139, -10.3015, -3.4486, -2.4157, -10.004, 24.3114, -2.6098, -1.822, -2.0864, 17.8519, 9.5093, -0.7297, -55.4952];
const LAMBDA_B = 1.0176457018214549;
const Z_B = [-0.82652829, 0.93725954, 0.59075353, -0.05726763, -0.20298536];

describe('standardize', () => {
  it('uses the sample std (n-1) like BoTorch Standardize, and round-trips', () => {
    const y = [1, 2, 4, 8];
    const s = standardize(y);
    assert.equal(s.mean, 3.75);
    assert.ok(Math.abs(s.std - Math.sqrt(((2.75 ** 2) + (1.75 ** 2) + (0.25 ** 2) + (4.25 ** 2)) / 3)) < 1e-15);
    let m = 0;
    let v = 0;
    for (const z of s.y) m += z / 4;
    for (const z of s.y) v += (z - m) ** 2 / 3;
    assert.ok(Math.abs(m) < 1e-15 && Math.abs(v - 1) < 1e-14);
    const back = unstandardize(s.y, s);
    y.forEach((yi, i) => assert.ok(Math.abs(back[i] - yi) < 1e-14));
    assert.deepEqual(Array.from(unstandardizeVariance([1, 0.25], s)), [s.std ** 2, 0.25 * s.std ** 2]);
  });
  it('a single point, constant data and empty input get std 1', () => {
    assert.deepEqual(standardize([5]), { y: Float64Array.from([0]), mean: 5, std: 1 });
    const c = standardize([2, 2, 2]);
    assert.equal(c.std, 1);
    assert.deepEqual(Array.from(c.y), [0, 0, 0]);
    assert.deepEqual(standardize([]), { y: new Float64Array(0), mean: 0, std: 1 });
    assert.throws(() => standardize([1, NaN]), RangeError);
  });
});

describe('yeoJohnson', () => {
  it('fits λ like scipy.stats.yeojohnson_normmax to 1e-4 on two data sets', () => {
    const la = yeoJohnsonLambda(A);
    const lb = yeoJohnsonLambda(B);
    assert.ok(Math.abs(la - LAMBDA_A) < 1e-4, `A: λ ${la} vs scipy ${LAMBDA_A}`);
    assert.ok(Math.abs(lb - LAMBDA_B) < 1e-4, `B: λ ${lb} vs scipy ${LAMBDA_B}`);
    // Our optimum is at least as good as scipy's.
    assert.ok(yeoJohnsonLogLikelihood(A, la) >= yeoJohnsonLogLikelihood(A, LAMBDA_A) - 1e-9);
  });
  it('standardizes the transformed values with the population std (sklearn PowerTransformer)', () => {
    for (const [y, z] of [[A, Z_A], [B, Z_B]] as const) {
      const fit = yeoJohnson(y);
      z.forEach((zi, i) => assert.ok(Math.abs(fit.y[i] - zi) < 1e-5, `z ${fit.y[i]} vs ${zi}`));
      const back = yeoJohnsonUnapply(fit.y, fit);
      y.forEach((yi, i) => assert.ok(Math.abs(back[i] - yi) < 1e-9 * (1 + Math.abs(yi))));
      assert.deepEqual(yeoJohnsonApply(y, fit), fit.y);
    }
  });
  it('transform has the closed forms of Yeo & Johnson (2000) and its inverse undoes it', () => {
    const y = [-3, -0.5, 0, 0.5, 3];
    for (const lambda of [-1.5, 0, 0.5, 1, 2, 3.2]) {
      const t = yeoJohnsonTransform(y, lambda);
      y.forEach((x, i) => {
        const want = x >= 0
          ? (lambda === 0 ? Math.log(x + 1) : ((x + 1) ** lambda - 1) / lambda)
          : (lambda === 2 ? -Math.log(1 - x) : -((1 - x) ** (2 - lambda) - 1) / (2 - lambda));
        assert.ok(Math.abs(t[i] - want) < 1e-12 * (1 + Math.abs(want)), `λ ${lambda}, y ${x}`);
      });
      const back = yeoJohnsonInverse(t, lambda);
      y.forEach((x, i) => assert.ok(Math.abs(back[i] - x) < 1e-12));
    }
    // λ = 1 is the identity.
    assert.deepEqual(Array.from(yeoJohnsonTransform(y, 1)), y);
  });
  it('constant or tiny data give λ = 1 and finite output', () => {
    assert.equal(yeoJohnsonLambda([3, 3, 3]), 1);
    assert.equal(yeoJohnsonLambda([3]), 1);
    const fit = yeoJohnson([2, 2]);
    assert.deepEqual(Array.from(fit.y), [0, 0]);
  });
});
