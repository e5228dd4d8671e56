/**
 * algorithm.noisyRefit (protocol/noisy-refit.ts, policy/noisy-refit.ts): a fit on the half-rank-warped y that counts as
 * noisy is followed by a fit on the other transform's y, and the ask runs on the second fit when it is noisy too.
 * Checked (1) as a decision table on stub fits, (2) through the BO policy: on a noiseless objective the first fit
 * is below the gate and the ask is the plain default's, point for point (the independent reference is the policy
 * with noisyRefit 'off'); on a noisy linear objective the second fit runs and the ask uses it, and its noise matches the
 * noise that was added (known σ², standardized by the sample variance of the observed values).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { BoPolicy, NOISY_VARIANCE } from '../../policy/bo-policy.js';
import { noisyRefit, type NoisyRefitDiagnostics } from '../../policy/noisy-refit.js';
import type { Observation } from '../../policy/types.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { FittedSurrogate } from '../../surrogates/types.js';
import { uniformPoints } from '../../benchmarks/prior-draws.js';

const stub = (noise: number | undefined) => ({ model: { capabilities: { posteriorKind: 'gaussian', ...(noise === undefined ? {} : { noiseVariance: noise }) } } as unknown as FittedSurrogate });

test('noisyRefit: the second fit runs only when the first is above the gate, and is used only when it is above the gate too', async () => {
  let refits = 0;
  const refitTo = (noise: number | undefined) => async () => {
    refits++;
    return stub(noise);
  };
  const below = await noisyRefit(stub(1e-4), 'half-rank', 'standardize', 1e-3, refitTo(0.5));
  assert.equal(below.transform, 'half-rank');
  assert.deepEqual(below.diagnostics, {});
  assert.equal(refits, 0);
  const none = await noisyRefit(stub(0.2), 'half-rank', undefined, 1e-3, refitTo(0.5));
  assert.equal(none.transform, 'half-rank');
  const same = await noisyRefit(stub(0.2), 'standardize', 'standardize', 1e-3, refitTo(0.5));
  assert.equal(same.transform, 'standardize');
  const noNoise = await noisyRefit(stub(undefined), 'half-rank', 'standardize', 1e-3, refitTo(0.5));
  assert.deepEqual(noNoise.diagnostics, {});
  assert.equal(refits, 0);
  const both = await noisyRefit(stub(0.2), 'half-rank', 'standardize', 1e-3, refitTo(0.1));
  assert.equal(both.transform, 'standardize');
  assert.deepEqual(both.diagnostics.noisyRefit, { transform: 'standardize', firstNoise: 0.2, secondNoise: 0.1, used: true });
  const secondClean = await noisyRefit(stub(0.2), 'half-rank', 'standardize', 1e-3, refitTo(1e-4));
  assert.equal(secondClean.transform, 'half-rank');
  assert.equal(secondClean.diagnostics.noisyRefit?.used, false);
  assert.equal(refits, 2);
});

const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 }, c: { type: 'float', low: 0, high: 1 } });
const X = uniformPoints(60, 3, 25);
const row = (i: number) => [X.data[3 * i], X.data[3 * i + 1], X.data[3 * i + 2]];

async function ask(completed: Observation[], refit: boolean, minDim?: number, maxDim?: number) {
  const noisyRefit = refit ? { mode: 'on', transform: 'standardize', minDim: minDim ?? 1, ...(maxDim !== undefined ? { maxDim } : {}) } : { mode: 'off' };
  const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'log-ei', seed: 5, initialTrials: 10, exploration: { mode: 'off' }, surrogateOptions: { likelihood: 'gaussian' }, noisyRefit });
  const policy = new BoPolicy();
  return policy.suggest({ space, algorithm: spec, direction: 'minimize', completed, pending: [], count: 1 });
}

test('a noiseless objective: the warped fit is below the gate, no second fit, the ask is the default ask point for point', async () => {
  const completed: Observation[] = Array.from({ length: 30 }, (_, i) => {
    const [a, b, c] = row(i);
    return { params: { a, b, c }, value: (a - 0.3) ** 2 + 2 * (b - 0.6) ** 2 + 0.5 * (c - 0.5) ** 2 };
  });
  const plain = await ask(completed, false);
  const withOption = await ask(completed, true);
  const noise = (plain.diagnostics.model as { noise?: number }).noise;
  assert.ok(noise !== undefined && noise <= NOISY_VARIANCE, `the warped fit's noise ${noise} should be below the gate ${NOISY_VARIANCE}`);
  assert.equal(withOption.diagnostics.noisyRefit, undefined);
  assert.deepEqual(withOption.suggestions, plain.suggestions);
});

test('a noisy linear objective: the second fit runs on z-scored y and its noise is the added noise (known σ²)', async () => {
  const rng = createRng(11);
  const sigma = 0.25;
  const completed: Observation[] = Array.from({ length: 60 }, (_, i) => {
    const [a, b, c] = row(i);
    return { params: { a, b, c }, value: 2 * a + b - c + sigma * rng.normal() };
  });
  // Below minDim (3 encoded dimensions against 4) the option does nothing: the plain default's ask.
  const below = await ask(completed, true, 4);
  assert.equal(below.diagnostics.noisyRefit, undefined);
  assert.deepEqual(below.suggestions, (await ask(completed, false)).suggestions);
  assert.ok((await ask(completed, true, 3)).diagnostics.noisyRefit, 'at the minimum dimension it acts');
  // Above maxDim (3 encoded dimensions against 2) likewise; at the maximum it acts.
  const above = await ask(completed, true, 1, 2);
  assert.equal(above.diagnostics.noisyRefit, undefined);
  assert.deepEqual(above.suggestions, (await ask(completed, false)).suggestions);
  assert.ok((await ask(completed, true, 1, 3)).diagnostics.noisyRefit, 'at the maximum dimension it acts');
  const values = completed.map((o) => o.value);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sampleVar = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  const truth = (sigma * sigma) / sampleVar;
  const result = await ask(completed, true);
  const refit = result.diagnostics.noisyRefit as NoisyRefitDiagnostics;
  assert.ok(refit, 'the warped fit counts as noisy, so the second fit runs');
  assert.equal(refit.used, true);
  assert.equal(result.diagnostics.outputTransform, 'standardize');
  // The z-scored fit's noise estimates σ²/var(y); 60 residual degrees of freedom put a 95% band of about ±35% on it.
  assert.ok(refit.secondNoise !== null && Math.abs(refit.secondNoise / truth - 1) < 0.5, `second fit's noise ${refit.secondNoise} against the added ${truth}`);
  assert.equal((result.diagnostics.model as { noise?: number }).noise, refit.secondNoise);
});
