import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../core/rng.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { gumbelMaxValues } from '../../../acquisitions/mf/mf-mes.js';
import { selectFromPool, toModel } from '../../../acquisitions/mf/select.js';
import { fittedGpFromHyperparameters } from '../../../surrogates/gp/fitted-gp.js';
import { ScaleKernel } from '../../../surrogates/gp/kernels/scale-kernel.js';
import { gammaPrior } from '../../../surrogates/gp/priors.js';
import { LinearTruncatedFidelityKernel } from '../../../surrogates/mf-gp/linear-truncated-fidelity-kernel.js';
import { mfLayout } from '../../../policy/mf-policy.js';

/**
 * Cost-aware MF-MES picks the level by information per cost: when the cheap level is almost as
 * informative as the target (small bias variance σ_b²), it picks the cheap level; when the cheap
 * level is mostly bias (large σ_b²), the target wins despite costing 10x more.
 */
test('MF-MES ÷ cost: cheap level when it is informative, target when it is mostly bias', () => {
  const space = createSearchSpace({
    w: { type: 'simplex', components: ['a', 'b', 'c'] },
    size: { type: 'fidelity', levels: [{ value: 'small', cost: 0.1 }, { value: 'big', cost: 1 }], target: 'big' },
  });
  const layout = mfLayout(space);
  const rng = createRng(4);
  const pool = space.sample(40, rng); // mixed levels, uniform mixtures
  const obs = space.sample(6, rng);
  const y = Float64Array.from({ length: 6 }, (_, i) => Math.sin(5 * obs.data[i * 4]));
  const all = Array.from({ length: 40 }, (_, i) => i);
  const levelOfPick = (biasScale: number): number => {
    const kernel = new ScaleKernel(new LinearTruncatedFidelityKernel({ dim: 4, fidelityIndex: 3, biasScale: true }), { outputscalePrior: gammaPrior(2, 0.15) });
    const theta = Float64Array.of(...[0.3, 0.3, 0.3, 1, 1, 1].map(Math.log), Math.log(1), Math.log(biasScale), 0);
    const model = fittedGpFromHyperparameters({ kernel, theta, noise: 1e-3 }, { X: toModel(layout, obs), y });
    const post = model.posterior(toModel(layout, pool, true));
    const ctx = { kind: 'mf-mes' as const, maxValues: gumbelMaxValues(post.mean(), post.variance(), 8), best: 0 };
    return selectFromPool(model, layout, ctx, pool, all, 1)[0].level;
  };
  assert.equal(levelOfPick(0.01), 0, 'σ_b² = 0.01: the cheap level carries nearly the same information');
  assert.equal(levelOfPick(100), 1, 'σ_b² = 100: the cheap level is mostly bias');
});
