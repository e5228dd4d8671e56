/**
 * 'deep-ensemble': a 1-D fit with a known answer (test/surrogates/bnn-fits.ts), the Gaussian-head
 * network's parameter gradient and input gradients against central finite differences, option
 * validation with field paths, and warm starts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { DeepEnsembleSurrogate } from '../../../surrogates/deep-ensemble/deep-ensemble-surrogate.js';
import { headNetLayout, nllAndGradient, type HeadNetShape } from '../../../surrogates/deep-ensemble/gaussian-head-net.js';
import { isEnsemble } from '../../../surrogates/ensemble.js';
import { checkOneDimensionalFit, ONE_D } from '../bnn-fits.js';

describe('deep-ensemble surrogate', () => {
  it('fits sin(6x) at the data, is uncertain away from it, and is deterministic by seed', async () => {
    await checkOneDimensionalFit(() => new DeepEnsembleSurrogate(), 0.1);
  });

  it('NLL gradient matches central finite differences (two hidden layers, tanh)', () => {
    const shape: HeadNetShape = { inputDim: 2, widths: [5, 4], activation: 'tanh' };
    const { slots, size } = headNetLayout(shape);
    const rng = createRng(1);
    const theta = Float64Array.from({ length: size }, () => 0.5 * rng.normal());
    const X = Float64Array.from({ length: 14 }, () => rng.normal());
    const y = Float64Array.from({ length: 7 }, () => rng.normal());
    const g = new Float64Array(size);
    nllAndGradient(shape, slots, theta, X, y, 0.01, g);
    const h = 1e-6;
    const tmp = new Float64Array(size);
    for (let p = 0; p < size; p++) {
      const up = theta.slice();
      const dn = theta.slice();
      up[p] += h;
      dn[p] -= h;
      const fd = (nllAndGradient(shape, slots, up, X, y, 0.01, tmp) - nllAndGradient(shape, slots, dn, X, y, 0.01, tmp)) / (2 * h);
      assert.ok(Math.abs(fd - g[p]) < 1e-6 * Math.max(1, Math.abs(fd)), `θ_${p}: ${g[p]} vs ${fd}`);
    }
  });

  it('member x-gradients of mean and variance match central differences of posterior()', async () => {
    const model = await new DeepEnsembleSurrogate({ steps: 100, widths: [6, 6], members: 3 }).fit(ONE_D, { rng: createRng(2) });
    const p = model.predictEnsembleWithGradient!([0.3]);
    const h = 1e-6;
    const up = model.posterior({ rows: 1, cols: 1, data: Float64Array.from([0.3 + h]) });
    const dn = model.posterior({ rows: 1, cols: 1, data: Float64Array.from([0.3 - h]) });
    assert.ok(isEnsemble(up) && isEnsemble(dn));
    for (let s = 0; s < 3; s++) {
      const fdM = (up.memberMeans().data[s] - dn.memberMeans().data[s]) / (2 * h);
      const fdV = (up.memberVariances().data[s] - dn.memberVariances().data[s]) / (2 * h);
      assert.ok(Math.abs(fdM - p.dMeans.data[s]) < 1e-5 * Math.max(1, Math.abs(fdM)), `member ${s} dμ: ${p.dMeans.data[s]} vs ${fdM}`);
      assert.ok(Math.abs(fdV - p.dVariances.data[s]) < 1e-5 * Math.max(1, Math.abs(fdV)), `member ${s} dv: ${p.dVariances.data[s]} vs ${fdV}`);
    }
  });

  it('refuses bad options with the field path', () => {
    assert.throws(() => new DeepEnsembleSurrogate({ members: 0 }), /members/);
    assert.throws(() => new DeepEnsembleSurrogate({ bogus: 1 } as never), /bogus|Unrecognized/);
  });

  it('a warm start continues from the previous members (and ignores a mismatched state)', async () => {
    const s = new DeepEnsembleSurrogate({ steps: 300, warmSteps: 0, members: 2 });
    const first = await s.fit(ONE_D, { rng: createRng(3) });
    const warm = await s.fit(ONE_D, { rng: createRng(9), warmStart: JSON.parse(JSON.stringify(first.state())) });
    assert.equal(warm.diagnostics().warmStart, true);
    // warmSteps 0: the same networks, whatever the seed.
    assert.deepEqual(Array.from(warm.posterior(ONE_D.X).mean()), Array.from(first.posterior(ONE_D.X).mean()));
    const cold = await new DeepEnsembleSurrogate({ steps: 10, members: 3 }).fit(ONE_D, { rng: createRng(3), warmStart: first.state() });
    assert.equal(cold.diagnostics().warmStart, false);
  });
});
