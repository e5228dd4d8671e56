/**
 * The closed-form leave-one-out predictives 'auto' scores with, against brute force: refit the
 * same model at the same hyperparameters on the data without row i and predict row i (with
 * observation noise). And the k-fold scorer with k = n against the closed form (the two are the
 * same estimator then, computed two independent ways).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { kFoldLogDensities, looLogDensities, meanOf, posteriorLogDensities } from '../../../surrogates/auto/predictive-score.js';
import { capabilitiesOf } from '../../../surrogates/capabilities.js';
import { parameterLayout } from '../../../surrogates/gp/gp-likelihood.js';
import { fittedGpFromHyperparameters, GpSurrogate, type FittedGp } from '../../../surrogates/gp/gp-surrogate.js';
import { FittedStp, StpOptions, StpSurrogate, stpKernel } from '../../../surrogates/stp/stp-surrogate.js';
import type { Surrogate, TrainingData } from '../../../surrogates/types.js';
import { priorDraw, rbfMatrix, rowOf, uniformPoints, withoutRow } from '../../../benchmarks/prior-draws.js';

const close = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

/** The same GP (kernel θ, noise, mean) on other data. */
function sameGp(gp: FittedGp, data: TrainingData): FittedGp {
  return fittedGpFromHyperparameters({ kernel: gp.kernel, theta: gp.params.subarray(0, gp.kernel.size), noise: gp.noise, mean: gp.mean }, data);
}

test('GP closed-form LOO (R&W eq. 5.12) = refitting at fixed hyperparameters without row i (n = 25, d = 2, noisy and near-noiseless)', async () => {
  for (const noise of [0.05, 1e-4]) {
    const X = uniformPoints(25, 2, 3);
    const data = priorDraw(X, rbfMatrix(X, 0.3), noise, 4);
    const gp = await new GpSurrogate().fit(data, { rng: createRng(5) });
    const loo = capabilitiesOf(gp).leaveOneOut!();
    for (let i = 0; i < 25; i++) {
      const p = sameGp(gp, withoutRow(data, i)).posterior(rowOf(X, i), { observationNoise: true });
      // Tolerance: the fitted factor may carry jitter the refits do not; 1e-6 relative covers it.
      close(loo.mean[i], p.mean()[0], 1e-6, `noise ${noise} mean ${i}`);
      close(loo.variance[i], p.variance()[0], 1e-6, `noise ${noise} variance ${i}`);
    }
  }
});

test('Student-t process closed-form LOO = the STP refitted at fixed (θ, σ², c, α, β) without row i', async () => {
  const X = uniformPoints(20, 2, 6);
  const data = priorDraw(X, rbfMatrix(X, 0.25), 0.01, 7);
  const options = StpOptions.parse({ restarts: 0, maxIterations: 30 });
  const stp = await new StpSurrogate(options).fit(data, { rng: createRng(8) });
  const v = Float64Array.from(stp.state().v as number[]);
  // The layout the STP fit uses (stp-surrogate.ts): parameterLayout(kernel, 1e-4, 10).
  const layout = parameterLayout(stpKernel(options, 2), 1e-4, 10);
  const loo = capabilitiesOf(stp).leaveOneOut!();
  assert.equal(loo.df, stp.df - 1, 'one observation fewer: ν − 1 degrees of freedom');
  for (let i = 0; i < 20; i++) {
    const ref = FittedStp.at(layout, v, withoutRow(data, i));
    assert.equal(ref.df, loo.df);
    const p = ref.posterior(rowOf(X, i), { observationNoise: true });
    close(loo.mean[i], p.mean()[0], 1e-6, `mean ${i}`);
    // The posterior reports the t variance ν/(ν−2)·scale²; the LOO its scale².
    close(loo.variance[i], (p.variance()[0] * (ref.df - 2)) / ref.df, 1e-6, `scale² ${i}`);
    close(looLogDensities(loo, data.y)[i], posteriorLogDensities(p, Float64Array.of(data.y[i]), ref.df)[0], 1e-6, `log density ${i}`);
  }
});

test('k-fold with k = n of a fixed-hyperparameter GP = its closed-form LOO score', async () => {
  const X = uniformPoints(18, 3, 9);
  const data = priorDraw(X, rbfMatrix(X, 0.4), 0.02, 10);
  const gp = await new GpSurrogate().fit(data, { rng: createRng(11) });
  const fixed: Surrogate = { kind: 'gp', fit: async (d) => sameGp(gp, d) };
  const kFold = (await kFoldLogDensities(fixed, data, 18, createRng(12), () => true))!;
  const closed = looLogDensities(capabilitiesOf(gp).leaveOneOut!(), data.y);
  for (let i = 0; i < 18; i++) close(kFold[i], closed[i], 1e-6, `log density of row ${i}`);
  close(meanOf(kFold), meanOf(closed), 1e-6, 'mean log density');
});

test('k-fold scoring stops between folds when told to (the budget rule) and scores nothing then', async () => {
  const X = uniformPoints(12, 2, 13);
  const data = priorDraw(X, rbfMatrix(X, 0.4), 0.02, 14);
  let fits = 0;
  const counting: Surrogate = { kind: 'gp', fit: async (d, o) => (fits++, new GpSurrogate().fit(d, o)) };
  assert.equal(await kFoldLogDensities(counting, data, 4, createRng(1), (done: number) => done < 2), undefined);
  assert.equal(fits, 2, 'stopped after the second fold');
});
