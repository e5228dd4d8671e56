import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { createPolicy } from '../../policy/create-policy.js';
import { createRng } from '../../core/rng.js';

test('a space with a fidelity parameter is routed to the multi-fidelity policy (cost-aware), others to the BO policy', async () => {
  const space = createSearchSpace({
    mix: { type: 'simplex', components: ['a', 'b', 'c'] },
    size: { type: 'fidelity', levels: [{ value: 'small', cost: 0.1 }, { value: 'large', cost: 1 }] },
  });
  const rng = createRng(3);
  const completed = Array.from({ length: 8 }, (_, i) => {
    const w = [rng.uniform(), rng.uniform(), rng.uniform()];
    const s = w[0] + w[1] + w[2];
    const mix = { a: w[0] / s, b: w[1] / s, c: w[2] / s };
    const large = i % 2 === 0;
    // A mixing law: the best mixture leans to 'a'; the small model sees a shifted, noisier version.
    const value = -((mix.a - 0.6) ** 2) - 0.5 * (mix.c - 0.1) ** 2 + (large ? 0 : -0.05 + 0.02 * rng.normal());
    return { params: { mix, size: large ? 'large' : 'small' }, value };
  });
  const policy = createPolicy(AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'log-ei', initialTrials: 4, seed: 1 }));
  const d = await policy.suggest({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', initialTrials: 4, seed: 1 }), direction: 'maximize', completed, pending: [], count: 1 });
  assert.equal(d.diagnostics.phase, 'model');
  assert.equal(d.diagnostics.acquisition, 'mf-mes');
  assert.deepEqual(d.diagnostics.costs, [0.1, 1]);
  const mix = d.suggestions[0].mix as Record<string, number>;
  assert.ok(Math.abs(mix.a + mix.b + mix.c - 1) < 1e-9 && Math.min(mix.a, mix.b, mix.c) >= 0);

  const plain = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
  const obs = Array.from({ length: 6 }, (_, i) => ({ params: { x: i / 5 }, value: Math.sin(3 * i / 5) }));
  const d2 = await policy.suggest({ space: plain, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', initialTrials: 4, seed: 1 }), direction: 'maximize', completed: obs, pending: [], count: 1 });
  assert.equal(d2.diagnostics.phase, 'model');
  assert.equal(d2.diagnostics.acquisition, 'qlognei', 'the single-fidelity BO policy with the default acquisition of the gp');
  assert.equal(d2.diagnostics.costs, undefined);
});
