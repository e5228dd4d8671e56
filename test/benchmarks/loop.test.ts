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

test('runOne: onAsk sees each point, its noise-free value and the observation; regret is the best noise-free value evaluated', async () => {
  // Reference: the problem's own f at the reported point, and the suite's definition of regret
  // (benchmarks/README: best noise-free value among the evaluated points − f_opt).
  const p = getProblem('bbob_f001_i01_d02_gauss-high');
  const steps: { x: readonly number[]; clean: number; observed: number }[] = [];
  const r = await runOne(p, 'random', 3, 20, 5, (_t, _d, _regret, step) => steps.push(step));
  assert.equal(steps.length, 20);
  let best = Infinity;
  steps.forEach((s, i) => {
    assert.equal(s.clean, p.f(s.x));
    best = Math.min(best, s.clean);
    assert.equal(r.regret[i], best - p.optimum);
  });
  assert.ok(steps.some((s) => s.observed !== s.clean), 'gauss-high perturbs the observations');
});
