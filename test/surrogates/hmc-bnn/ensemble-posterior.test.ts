/**
 * HMC-BNN's two posterior forms: 'ensemble' (kept networks as members) and 'moment-matched'.
 * References: the members' mixture moments equal the moment-matched posterior's (same draws, same
 * seed); per-member x-gradients against central differences of the members' means; LogEI on the
 * ensemble equals log mean_s max(f_s − f*, 0) computed by hand from the draws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogEi } from '../../../acquisitions/log-ei.js';
import { createRng } from '../../../core/rng.js';
import { isEnsemble } from '../../../surrogates/ensemble.js';
import { HmcBnnSurrogate } from '../../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';
import type { TrainingData } from '../../../surrogates/types.js';

const d = 2;
const n = 12;
const rng = createRng(5);
const X = Float64Array.from({ length: n * d }, () => rng.uniform());
const data: TrainingData = { X: { rows: n, cols: d, data: X }, y: Float64Array.from({ length: n }, (_, i) => Math.sin(4 * X[i * d]) - X[i * d + 1]) };
const opts = { widths: [8], warmup: 60, samplesPerChain: 10, leapfrog: 10, pretrainSteps: 50, chains: 2 };
const Xq = { rows: 4, cols: d, data: Float64Array.from({ length: 4 * d }, () => rng.uniform()) };

describe('hmc-bnn ensemble posterior', () => {
  it('ensemble and moment-matched forms share draws and mixture moments; moment-matched is the default', async () => {
    const ens = await new HmcBnnSurrogate({ ...opts, posterior: 'ensemble' }).fit(data, { rng: createRng(1) });
    const mm = await new HmcBnnSurrogate(opts).fit(data, { rng: createRng(1) });
    assert.equal(ens.posteriorKind, 'ensemble');
    assert.equal(mm.posteriorKind, 'mixture');
    const pe = ens.posterior(Xq);
    const pm = mm.posterior(Xq);
    assert.ok(isEnsemble(pe));
    const [me, ve, mmn, vm] = [pe.mean(), pe.variance(), pm.mean(), pm.variance()];
    for (let j = 0; j < Xq.rows; j++) {
      assert.ok(Math.abs(me[j] - mmn[j]) < 1e-12);
      assert.ok(Math.abs(ve[j] - vm[j]) < 1e-10);
    }
  });

  it('per-member x-gradients match central differences; LogEI is log mean max(f_s − f*, 0)', async () => {
    const model = await new HmcBnnSurrogate({ ...opts, posterior: 'ensemble' }).fit(data, { rng: createRng(2) });
    const x = Float64Array.from([0.37, 0.61]);
    const p = model.predictEnsembleWithGradient!(x);
    const h = 1e-6;
    for (let k = 0; k < d; k++) {
      const up = x.slice();
      const dn = x.slice();
      up[k] += h;
      dn[k] -= h;
      const fu = model.predictEnsembleWithGradient!(up).means;
      const fd = model.predictEnsembleWithGradient!(dn).means;
      for (let s = 0; s < p.means.length; s++) {
        const num = (fu[s] - fd[s]) / (2 * h);
        assert.ok(Math.abs(num - p.dMeans.data[s * d + k]) < 1e-6 * Math.max(1, Math.abs(num)), `member ${s} ∂/∂x${k}`);
      }
    }
    const best = p.means.reduce((a, b) => a + b) / p.means.length; // some members above, some below
    let ei = 0;
    for (const f of p.means) ei += Math.max(f - best, 0) / p.means.length;
    const got = createLogEi().evaluate(model.posterior({ rows: 1, cols: d, data: x }), { best, rng: createRng(0) })[0];
    assert.ok(Math.abs(got - Math.log(ei)) < 1e-8, `${got} vs ${Math.log(ei)}`);
  });
});
