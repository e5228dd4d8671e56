import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows, type Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { SpaceSpec } from '../../protocol/space.js';
import { createAcquisition } from '../../acquisitions/registry.js';
import { suggestBatch } from '../../acquisitions/optimize-batch.js';
import { buildMomentObjective } from '../../acquisitions/optimize.js';
import type { MomentAcquisition } from '../../acquisitions/types.js';
import type { FittedSurrogate } from '../../surrogates/types.js';
import { tinyGp } from './fakes.js';

const floats = (d: number): SpaceSpec => Object.fromEntries(Array.from({ length: d }, (_, j) => [`x${j}`, { type: 'float', low: 0, high: 1 }]));

/** n Sobol points of a smooth test function, standardized: a tiny exact GP stands in for surrogates/gp. */
function problem(d: number, n: number, seed: number) {
  const space = createSearchSpace(floats(d));
  const X = space.sample(n, createRng(seed));
  const f = (x: Float64Array) => Math.sin(5 * x[0]) + Math.cos(3 * x[1]) - x.reduce((s, v) => s + (v - 0.5) ** 2, 0);
  const yRaw = Float64Array.from({ length: n }, (_, i) => f(X.data.subarray(i * d, (i + 1) * d)));
  const mean = yRaw.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(yRaw.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const y = yRaw.map((v) => (v - mean) / sd);
  return { space, X, y, best: Math.max(...y), model: tinyGp(X, y, 0.25, 1e-4) };
}

function minPairDistance(P: Matrix, Q: Matrix = P): number {
  let m = Infinity;
  for (let i = 0; i < P.rows; i++) {
    for (let j = 0; j < Q.rows; j++) {
      if (P === Q && i === j) continue;
      let t = 0;
      for (let k = 0; k < P.cols; k++) t = Math.max(t, Math.abs(P.data[i * P.cols + k] - Q.data[j * Q.cols + k]));
      m = Math.min(m, t);
    }
  }
  return m;
}

test('log-ei, q = 3, kriging believer: distinct valid points away from the data', () => {
  const { space, X, best, model } = problem(2, 12, 1);
  const acq = createAcquisition('log-ei');
  const r = suggestBatch(model, acq, space, { best, rng: createRng(2) }, { q: 3, rng: createRng(3), observed: X });
  assert.equal(r.points.rows, 3);
  assert.ok(r.diagnostics.fantasies);
  assert.ok(r.values.every(Number.isFinite));
  assert.ok(minPairDistance(r.points) > 1e-3, `picks too close: ${minPairDistance(r.points)}`);
  assert.ok(minPairDistance(r.points, X) > 1e-6);
  for (let i = 0; i < 3; i++) {
    const x = r.points.data.slice(i * 2, i * 2 + 2);
    assert.deepEqual(Array.from(space.project(x)), Array.from(x));
  }
});

test('pending points: the next suggestion moves away from a running trial', () => {
  const { space, X, best, model } = problem(2, 12, 1);
  const acq = createAcquisition('log-ei');
  const ctx = { best, rng: createRng(2) };
  const first = suggestBatch(model, acq, space, ctx, { q: 1, rng: createRng(3), observed: X });
  const next = suggestBatch(model, acq, space, ctx, { q: 1, rng: createRng(3), observed: X, pending: first.points });
  assert.ok(minPairDistance(next.points, first.points) > 1e-2, `${minPairDistance(next.points, first.points)}`);
  // Without condition() the picks are still distinct (avoid list), and diagnostics say no fantasies were used.
  const { condition: _c, ...rest } = model;
  const plain = rest as FittedSurrogate;
  const r = suggestBatch(plain, acq, space, ctx, { q: 2, rng: createRng(3), observed: X, pending: first.points });
  assert.equal(r.diagnostics.fantasies, false);
  assert.ok(minPairDistance(r.points, first.points) > 1e-6 && minPairDistance(r.points) > 1e-6);
});

test('thompson, q = 3: distinct pool points, deterministic for a seed', () => {
  const { space, X, best, model } = problem(2, 12, 4);
  const acq = createAcquisition('thompson');
  const run = () => suggestBatch(model, acq, space, { best, rng: createRng(1) }, { q: 3, rng: createRng(5), observed: X, thompsonPool: 256 });
  const a = run();
  assert.ok(minPairDistance(a.points) > 0);
  assert.deepEqual(Array.from(a.points.data), Array.from(run().points.data));
  assert.equal(a.diagnostics.mode, 'thompson');
  // With a pending trial: the model is conditioned on it (fantasy) and it is never returned.
  const pending = fromRows([Array.from(a.points.data.subarray(0, 2))]);
  const b = suggestBatch(model, acq, space, { best, rng: createRng(1) }, { q: 2, rng: createRng(5), observed: X, pending, thompsonPool: 256 });
  assert.ok(b.diagnostics.fantasies);
  assert.ok(minPairDistance(b.points, pending) > 0);
});

test('qlognei, q = 2 with a pending point at n = 100, d = 6: finite, distinct, timed', () => {
  const { space, X, model } = problem(6, 100, 7);
  const acq = createAcquisition('qlognei', { mcSamples: 128, seed: 1 });
  const pending = fromRows([[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]]);
  const t = performance.now();
  const r = suggestBatch(model, acq, space, { best: 0, rng: createRng(1) }, { q: 2, rng: createRng(8), observed: X, pending, deadline: Date.now() + 15000 });
  const ms = performance.now() - t;
  console.log(`# qlognei q=2 n=100 d=6: ${ms.toFixed(0)} ms, ${r.diagnostics.evaluations} row evaluations, stopped=${r.diagnostics.stopped}`);
  assert.ok(r.values.every(Number.isFinite));
  assert.ok(minPairDistance(r.points) > 1e-6 && minPairDistance(r.points, pending) > 1e-6 && minPairDistance(r.points, X) > 1e-6);
  // The first pick is at least as good as the best raw Sobol point (the optimizer never loses ground).
  assert.ok(r.diagnostics.perPoint[0].starts >= 1);
});

test('buildMomentObjective: analytic x-gradient (chain rule via predictWithGradient) matches finite differences', () => {
  const { best, model } = problem(3, 15, 11);
  for (const kind of ['log-ei', 'log-pi', 'ucb', 'posterior-mean'] as const) {
    const acq = createAcquisition(kind).acquisition as MomentAcquisition;
    const obj = buildMomentObjective(model, acq, { best, rng: createRng(1) });
    const x = Float64Array.from([0.31, 0.62, 0.45]);
    const g = new Float64Array(3);
    const v = obj.valueAndGradient!(x, g);
    assert.ok(Math.abs(v - obj.values(fromRows([x]))[0]) < 1e-10);
    for (let j = 0; j < 3; j++) {
      const h = 1e-6;
      const xp = x.slice();
      const xm = x.slice();
      xp[j] += h;
      xm[j] -= h;
      const fd = (obj.values(fromRows([xp]))[0] - obj.values(fromRows([xm]))[0]) / (2 * h);
      assert.ok(Math.abs(fd - g[j]) <= 1e-5 * Math.max(1, Math.abs(fd)), `${kind} ∂/∂x${j}: ${g[j]} vs ${fd}`);
    }
  }
});

test('kriging believer raises the incumbent to the fantasized means (regression: same point picked q times)', () => {
  const { space, X, best, model } = problem(2, 12, 1);
  const inner = createAcquisition('log-ei').acquisition as MomentAcquisition;
  const seen = new Set<number>();
  const spy: MomentAcquisition = {
    kind: 'log-ei',
    fromMoments: (m, v, c) => (seen.add(c.best), inner.fromMoments(m, v, c)),
    evaluate: (p, c) => (seen.add(c.best), inner.evaluate(p, c)),
  };
  const r = suggestBatch(model, { mode: 'moment', acquisition: spy }, space, { best, rng: createRng(2) }, { q: 2, rng: createRng(3), observed: X, fantasy: 'believer' });
  const fantasy = model.posterior(fromRows([Array.from(r.points.data.subarray(0, 2))])).mean()[0];
  assert.ok(seen.has(best));
  assert.ok(fantasy > best, `setup: the first pick's mean ${fantasy} should beat f* = ${best}`);
  assert.ok(seen.has(fantasy));
});

test('pessimistic fantasies (the default) spread a batch: no two picks within 0.05 of each other on a confident model', async () => {
  // Regression: with kriging-believer fantasies, 4 parallel Branin workers got three picks within
  // 0.003 of one boundary point. The constant liar at the lowest observed mean repels them.
  const { createSearchSpace } = await import('../../core/search-space.js');
  const { GpSurrogate } = await import('../../surrogates/gp/gp-surrogate.js');
  const { createAcquisition } = await import('../../acquisitions/registry.js');
  const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });
  const rng = createRng(11);
  const n = 25;
  const X = { rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, () => rng.uniform()) };
  // A smooth bowl with its maximum on the boundary a = 1, so the model is confident there.
  const y = Float64Array.from({ length: n }, (_, i) => X.data[2 * i] * 2 - (X.data[2 * i + 1] - 0.3) ** 2);
  const mu = y.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(y.reduce((s, v) => s + (v - mu) ** 2, 0) / (n - 1));
  const ys = y.map((v) => (v - mu) / sd);
  const model = await new GpSurrogate({ preset: 'botorch' }).fit({ X, y: ys }, { rng: createRng(1) });
  const best = Math.max(...ys);
  const r = suggestBatch(model, createAcquisition('log-ei'), space, { best, rng: createRng(2) }, { q: 4, rng: createRng(3), observed: X });
  const P = r.points;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < i; j++) {
      const dist = Math.hypot(P.data[2 * i] - P.data[2 * j], P.data[2 * i + 1] - P.data[2 * j + 1]);
      assert.ok(dist > 0.05, `picks ${i} and ${j} are ${dist} apart`);
    }
});
