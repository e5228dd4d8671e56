/**
 * Forecast observations (a pruned trial's predicted final value with its variance) reach the GP as
 * known noise: yVar_i = variance_i / s² for the z-score transform (s = sample sd of the maximized
 * values, computed here independently), zero for measured values, no yVar at all without
 * forecasts; and the diagnostics count them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { BoPolicy } from '../../policy/bo-policy.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import type { Surrogate, TrainingData } from '../../surrogates/types.js';

/** The default GP, recording the data of each fit. */
function recordingGp(seen: TrainingData[]): Surrogate {
  const gp = new GpSurrogate();
  return { kind: 'gp', fit: (data, options) => (seen.push(data), gp.fit(data, options)) };
}

const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
const algorithm = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'log-ei', initialTrials: 3, seed: 4 });
const measured = [0.1, 0.35, 0.6, 0.9].map((x) => ({ params: { x }, value: (x - 0.4) ** 2 }));

test('forecast variances become yVar in standardized units; measured values get none', async () => {
  const seen: TrainingData[] = [];
  const completed = [...measured, { params: { x: 0.75 }, value: 0.2, variance: 0.01 }];
  const d = await new BoPolicy({ surrogate: recordingGp(seen), outputTransform: 'standardize' }).suggest({ space, algorithm, direction: 'minimize', completed, pending: [], count: 1 });
  assert.equal(d.diagnostics.forecastObservations, 1);
  const y = completed.map((o) => -o.value);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const s2 = y.reduce((a, b) => a + (b - mean) ** 2, 0) / (y.length - 1);
  const yVar = seen[0].yVar!;
  assert.deepEqual(Array.from(yVar.slice(0, 4)), [0, 0, 0, 0]);
  assert.ok(Math.abs(yVar[4] - 0.01 / s2) < 1e-12, `${yVar[4]} vs ${0.01 / s2}`);
});

test('without forecasts the GP gets no yVar', async () => {
  const seen: TrainingData[] = [];
  const d = await new BoPolicy({ surrogate: recordingGp(seen) }).suggest({ space, algorithm, direction: 'minimize', completed: measured, pending: [], count: 1 });
  assert.equal(seen[0].yVar, undefined);
  assert.equal(d.diagnostics.forecastObservations, undefined);
});
