/**
 * The 'auto' outcome transform: 'power' exactly when heavyTailRatio(y) > HEAVY_TAIL_RATIO, else the
 * plain z-score; monotone either way (the argmax is kept).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { heavyTailRatio, standardize } from '../../core/standardize.js';
import { HEAVY_TAIL_RATIO, transformOutcomes } from '../../policy/bo-policy.js';

test("'auto' = 'power' on a heavy bad tail (Rosenbrock-like), = z-score on Gaussian-like values", () => {
  // Maximized values with a few huge losses: sd/MAD = 56 (test/core/heavy-tail.test.ts).
  const heavy = [-1e4, -3000, -800, -120, -40, -9, -2, -0.5, -0.1];
  assert.ok(heavyTailRatio(heavy) > HEAVY_TAIL_RATIO);
  const a = transformOutcomes(heavy, 'auto');
  assert.deepEqual(a, transformOutcomes(heavy, 'power'));
  assert.ok((a.lambda ?? 1) > 1);
  const rng = createRng(9);
  const mild = Array.from({ length: 60 }, () => rng.normal() * 3 + 10);
  assert.ok(heavyTailRatio(mild) < 2);
  const b = transformOutcomes(mild, 'auto');
  assert.deepEqual(b.y, standardize(mild).y);
  assert.equal(b.lambda, undefined);
  for (const y of [a.y, b.y]) {
    const src = y === a.y ? heavy : mild;
    const order = Array.from(src.keys()).sort((i, j) => src[i] - src[j]);
    for (let k = 1; k < order.length; k++) assert.ok(y[order[k]] >= y[order[k - 1]]);
  }
});
