import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { logH } from '../../core/normal.js';
import { createQLogNei } from '../../acquisitions/qlognei.js';
import { createThompson } from '../../acquisitions/thompson.js';
import { fatmax, logFatplus, logMeanExp } from '../../acquisitions/smooth.js';
import { fakeGaussian, independentModel, tinyGp } from './fakes.js';

// independentModel: a row [m, v] has posterior mean m and variance v, rows independent.
const model = independentModel();
const baseline = fromRows([[0, 0]]); // f* = 0 exactly in every sample

/*
 * Closed form (scipy 1.17.1): mean −0.5, sd 1: EI = 0.19779655740130603, log EI = −1.6205162643873199,
 * sd(I)/EI = 2.0877; mean 0.3, sd 0.8: log EI = −0.7106290924013958, sd(I)/EI = 1.1505
 * (E[I²] = (μ²+σ²)Φ(z) + μσφ(z)). With S = 65536 samples the MC standard error of log EI is
 * 2.0877/256 = 0.0082 and 1.1505/256 = 0.0045; we allow 4 standard errors.
 */
test('qLogNEI, q = 1, one zero-variance baseline point, many samples → log EI', () => {
  const q = createQLogNei({ samples: 65536, seed: 3 });
  for (const [mu, sd, ref, se] of [
    [-0.5, 1, -1.6205162643873199, 0.0082],
    [0.3, 0.8, -0.7106290924013958, 0.0045],
  ]) {
    const v = q.evaluateBatch(model, fromRows([[mu, sd * sd]]), { baseline });
    assert.ok(Math.abs(v - ref) < 4 * se, `μ=${mu}: ${v} vs ${ref}`);
    assert.ok(Math.abs(ref - (logH(mu / sd) + Math.log(sd))) < 1e-14);
  }
});

test('qLogNEI is deterministic given its base samples and changes with the seed', () => {
  const a = createQLogNei({ samples: 64, seed: 1 });
  const b = createQLogNei({ samples: 64, seed: 1 });
  const c = createQLogNei({ samples: 64, seed: 2 });
  const X = fromRows([[0.2, 0.5]]);
  const va = a.evaluateBatch(model, X, { baseline });
  assert.equal(va, a.evaluateBatch(model, X, { baseline }));
  assert.equal(va, b.evaluateBatch(model, X, { baseline }));
  assert.notEqual(va, c.evaluateBatch(model, X, { baseline }));
  // Base-sample columns do not depend on the batch size.
  const m3 = a.baseSamples(3);
  const m5 = a.baseSamples(5);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 3; j++) assert.equal(m3.data[i * 3 + j], m5.data[i * 5 + j]);
});

test('qLogNEI of a batch dominates each of its points; pending points join the joint batch', () => {
  const q = createQLogNei({ samples: 256, seed: 5 });
  const a = [0.1, 0.3];
  const b = [-0.2, 1.5];
  const vab = q.evaluateBatch(model, fromRows([a, b]), { baseline });
  const va = q.evaluateBatch(model, fromRows([a]), { baseline });
  const vb = q.evaluateBatch(model, fromRows([b]), { baseline });
  assert.ok(vab >= Math.max(va, vb) - 1e-12, `${vab} vs ${va}, ${vb}`);
  // pending = [a], batch = [b] is the joint batch [a; b]
  assert.equal(q.evaluateBatch(model, fromRows([b]), { baseline, pending: fromRows([a]) }), vab);
});

test('qLogNEI with a noisy correlated baseline: finite, pruned baseline, larger for better points', () => {
  const X = fromRows([[0.1, 0.1], [0.5, 0.5], [0.9, 0.2], [0.3, 0.8]]);
  const gp = tinyGp(X, Float64Array.from([0.0, 1.0, -0.5, 0.2]), 0.3, 1e-4);
  const q = createQLogNei({ samples: 128, seed: 0 });
  const prep = q.prepare(gp, { baseline: X });
  assert.ok(prep.baseline.rows >= 1 && prep.baseline.rows <= 4);
  const v = prep.values(fromRows([[0.5, 0.55], [0.95, 0.95], [0.9, 0.2]]));
  assert.ok(v.every(Number.isFinite));
  assert.ok(v[0] > v[2], `near the best point beats an observed poor point: ${v[0]} vs ${v[2]}`);
});

test('smooth helpers: fatmax of one element is exact, logFatplus ≈ log relu, logMeanExp', () => {
  assert.equal(fatmax([1.5]), 1.5);
  assert.ok(fatmax([1, 1]) > 1 && fatmax([1, 1]) <= 1 + 1e-2 * Math.log(2) + 1e-15);
  assert.ok(Math.abs(logFatplus(0.3) - Math.log(0.3)) < 1e-9);
  assert.ok(Number.isFinite(logFatplus(-1e3)) && logFatplus(-1e3) < -30);
  assert.ok(Math.abs(logMeanExp([Math.log(1), Math.log(3)]) - Math.log(2)) < 1e-15);
});

test('Thompson: one joint draw = mean + L·z for given base samples; argmax differs across draws', () => {
  const post = fakeGaussian([0, 1], [1, 0.5, 0.5, 1]);
  const th = createThompson();
  const z = fromRows([[0.3, -1.2]]);
  const v = th.evaluate(post, { best: 0, rng: createRng(1), baseSamples: z });
  const l21 = 0.5;
  const l22 = Math.sqrt(1 - 0.25);
  assert.ok(Math.abs(v[0] - 0.3) < 1e-15 && Math.abs(v[1] - (1 + l21 * 0.3 + l22 * -1.2)) < 1e-14);
  // Without base samples the draws follow ctx.rng: P(argmax = row 0) = Φ(−1) = 0.1587 for this pair.
  const rng = createRng(7);
  let wins = 0;
  const N = 4000;
  for (let i = 0; i < N; i++) {
    const d = th.evaluate(post, { best: 0, rng });
    if (d[0] > d[1]) wins++;
  }
  // sd = sqrt(0.1587·0.8413/4000) = 0.0058; 4 sd tolerance
  assert.ok(Math.abs(wins / N - 0.15865525393145707) < 0.024, `${wins / N}`);
});
