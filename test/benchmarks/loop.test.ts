import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOne } from '../../benchmarks/loop.js';
import { getProblem } from '../../benchmarks/problems/all.js';

test('runOne: best-so-far regret is non-increasing, non-negative, one entry per evaluation; seeded', async () => {
  for (const algorithm of ['random', 'sobol']) {
    const p = getProblem('hartmann6_noisy');
    const r = await runOne(p, algorithm, 5, 40, 10);
    assert.equal(r.regret.length, 40);
    assert.equal(r.askMs.length, 40);
    for (let i = 0; i < 40; i++) {
      assert.ok(r.regret[i] >= 0, algorithm);
      if (i > 0) assert.ok(r.regret[i] <= r.regret[i - 1], algorithm);
    }
    const again = await runOne(p, algorithm, 5, 40, 10);
    assert.deepEqual(again.regret, r.regret);
  }
});

test('runOne: gp-logei runs the design then the model on a short Branin budget', async () => {
  const r = await runOne(getProblem('branin'), 'gp-logei', 0, 14, 10);
  assert.deepEqual(r.phases.slice(0, 10), new Array(10).fill('initial-design'));
  assert.deepEqual(r.phases.slice(10), new Array(4).fill('model'));
  assert.ok(r.regret[13] < r.regret[0]);
});
