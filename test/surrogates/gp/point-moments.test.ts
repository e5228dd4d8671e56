import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../core/rng.js';
import { GpSurrogate } from '../../../surrogates/gp/gp-surrogate.js';
import type { FittedGp } from '../../../surrogates/gp/fitted-gp.js';

// Since session 12 the exact GP's per-point moments write k(X, x) and ∂k/∂x into buffers the
// model reuses (FittedGp.crossAtTraining). These tests check that nothing a caller gets back
// aliases them, and that the point path still equals the batch path (an independent computation:
// K(X, X*) by matrix, triangular solves, no gradients) and central finite differences.

async function fitted(n: number, d: number, seed: number): Promise<FittedGp> {
  const rng = createRng(seed);
  const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(5 * X.data[i * d]) + X.data[i * d + 1] ** 2 + 0.01 * rng.normal());
  return new GpSurrogate().fit({ X, y }, { rng: createRng(seed + 1) });
}

test('predictWithGradient: a result is unchanged by the next call (no shared buffers leak out)', async () => {
  const gp = await fitted(30, 4, 3);
  const x1 = Float64Array.of(0.1, 0.2, 0.3, 0.4);
  const x2 = Float64Array.of(0.9, 0.7, 0.5, 0.3);
  const p1 = gp.predictWithGradient(x1);
  const snapshot = { mean: p1.mean, variance: p1.variance, dMean: Float64Array.from(p1.dMean), dVariance: Float64Array.from(p1.dVariance) };
  gp.predictWithGradient(x2);
  assert.deepEqual({ mean: p1.mean, variance: p1.variance, dMean: Float64Array.from(p1.dMean), dVariance: Float64Array.from(p1.dVariance) }, snapshot);
  // And a repeated call gives the same bits.
  const again = gp.predictWithGradient(x1);
  assert.deepEqual(Float64Array.from(again.dMean), snapshot.dMean);
  assert.equal(again.variance, snapshot.variance);
});

test('crossPredictor point(): moments equal the batch path (1e-10), results survive the next call, ∂c/∂x matches finite differences (1e-5)', async () => {
  const d = 5;
  const gp = await fitted(40, d, 11);
  const rng = createRng(12);
  const H = { rows: 6, cols: d, data: Float64Array.from({ length: 6 * d }, () => rng.uniform()) };
  const predictor = gp.crossPredictor(H);
  const xs = [0, 1, 2].map(() => Float64Array.from({ length: d }, () => rng.uniform()));
  const points = xs.map((x) => predictor.point(x));
  const batch = predictor.batch({ rows: 3, cols: d, data: Float64Array.from(xs.flatMap((x) => [...x])) });
  points.forEach((p, r) => {
    assert.ok(Math.abs(p.mean - batch.mean[r]) < 1e-10, `mean ${r}`);
    assert.ok(Math.abs(p.variance - batch.variance[r]) < 1e-10, `variance ${r}`);
    for (let j = 0; j < H.rows; j++) assert.ok(Math.abs(p.cross[j] - batch.cross.data[r * H.rows + j]) < 1e-10, `cross ${r},${j}`);
  });
  // Central differences of the cross covariances c_j(x) (error O(h²) ≈ 1e-8 at h = 1e-4).
  const p = predictor.point(xs[0]);
  const dCross = Float64Array.from(p.dCross.data);
  const h = 1e-4;
  for (let u = 0; u < d; u++) {
    const xp = xs[0].slice();
    const xm = xs[0].slice();
    xp[u] += h;
    xm[u] -= h;
    const cp = Float64Array.from(predictor.point(xp).cross);
    const cm = Float64Array.from(predictor.point(xm).cross);
    for (let j = 0; j < H.rows; j++) {
      const fd = (cp[j] - cm[j]) / (2 * h);
      assert.ok(Math.abs(fd - dCross[j * d + u]) < 1e-5 * Math.max(1, Math.abs(fd)), `∂c_${j}/∂x_${u}: fd ${fd} vs ${dCross[j * d + u]}`);
    }
  }
  // The first point's result was not overwritten by the later calls.
  const first = predictor.point(xs[0]);
  assert.deepEqual(Float64Array.from(first.dCross.data), dCross);
});
