/**
 * The scalarized start (policy/scalarized-start.ts): which studies get the default, that the
 * switch from qNParEGO to qLogNEHVI happens at the stated model ask (counted here from the
 * request's trials, independently of the policy's own count), that a spec stored without the field
 * runs qLogNEHVI from its first model ask, and that an ask is determined by the seed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { MoPolicy } from '../../policy/mo-policy.js';
import { askAcquisition, DEFAULT_SCALARIZED_START, defaultScalarizedStart, pinScalarizedStart } from '../../policy/scalarized-start.js';
import type { Observation, OutcomeSpec } from '../../policy/types.js';
import { dtlz2 } from '../../benchmarks/mo/problems.js';

test('the default applies to 3-4 objectives with the default acquisition only', () => {
  assert.equal(defaultScalarizedStart('qlognei', 'qlognehvi', 3), DEFAULT_SCALARIZED_START);
  assert.equal(defaultScalarizedStart('qlognei', 'qlognehvi', 4), DEFAULT_SCALARIZED_START);
  assert.equal(defaultScalarizedStart('qlognei', 'qlognehvi', 2), 0); // two objectives: qLogNEHVI from the start
  assert.equal(defaultScalarizedStart('qlognehvi', 'qlognehvi', 3), 0); // asked for by name: runs as asked
  assert.equal(defaultScalarizedStart('qlognei', 'qnparego', 5), 0);
  assert.equal(defaultScalarizedStart('qlognei', 'qlognei', 1), 0);
});

test('the switch: qnparego while fewer than k model trials were taken, qlognehvi from the k-th on', () => {
  for (const k of [0, 1, 7]) {
    for (let taken = -3; taken <= k + 2; taken++) assert.equal(askAcquisition('qlognehvi', k, taken), taken < k ? 'qnparego' : 'qlognehvi', `k ${k}, taken ${taken}`);
  }
  assert.equal(askAcquisition('qlognehvi', undefined, 0), 'qlognehvi'); // stored before the rule: no field
  assert.equal(askAcquisition('qnparego', 5, 0), 'qnparego');
  assert.equal(askAcquisition('qlognei', 5, 0), 'qlognei');
});

test('pinning writes the resolved value into a spec that lacks it and keeps a given one', () => {
  const spec = AlgorithmSpec.parse({});
  assert.equal(pinScalarizedStart(spec, { scalarizedStart: 12 }).scalarizedStart, 12);
  assert.equal(pinScalarizedStart(spec, {}).scalarizedStart, undefined);
  assert.equal(pinScalarizedStart(AlgorithmSpec.parse({ scalarizedStart: 3 }), { scalarizedStart: 12 }).scalarizedStart, 3);
});

const problem = dtlz2(3, 3);
const space = createSearchSpace({ x0: { type: 'float', low: 0, high: 1 }, x1: { type: 'float', low: 0, high: 1 }, x2: { type: 'float', low: 0, high: 1 } });
const outcomes: OutcomeSpec = { objectives: ['f0', 'f1', 'f2'].map((name) => ({ name, direction: 'minimize' as const })), constraints: [] };
const FAST = { rawSamples: 32, restarts: 1, samples: 16 };

function observations(n: number): Observation[] {
  const rng = createRng(4);
  return Array.from({ length: n }, () => {
    const x = [rng.uniform(), rng.uniform(), rng.uniform()];
    const f = problem.f(x);
    return { params: { x0: x[0], x1: x[1], x2: x[2] }, value: f[0], outcomes: f };
  });
}

async function ask(algorithm: AlgorithmInput, completed: number) {
  return new MoPolicy(FAST).suggest({ space, algorithm: AlgorithmSpec.parse(algorithm), direction: 'minimize', outcomes, completed: observations(completed), pending: [], count: 1 });
}

test('three objectives, 4 initial trials, scalarizedStart 2: model trials 1-2 run qnparego, the 3rd qlognehvi', async () => {
  const algorithm = { initialTrials: 4, scalarizedStart: 2, seed: 3 };
  for (const [completed, want] of [[4, 'qnparego'], [5, 'qnparego'], [6, 'qlognehvi']] as const) {
    const d = await ask(algorithm, completed);
    assert.equal(d.diagnostics.phase, 'model', String(d.diagnostics.fallbackReason));
    assert.equal(d.diagnostics.acquisition, want, `after ${completed} trials`);
    assert.equal(d.diagnostics.scalarizationWeights !== undefined, want === 'qnparego');
  }
});

test('a spec stored without scalarizedStart runs qlognehvi at its first model ask', async () => {
  const d = await ask({ initialTrials: 4, seed: 3 }, 4);
  assert.equal(d.diagnostics.acquisition, 'qlognehvi');
});

test('determinism: the same seed and history give the same point; another seed another', async () => {
  const algorithm = { initialTrials: 4, scalarizedStart: 2, seed: 3 };
  const [a, b, c] = await Promise.all([ask(algorithm, 5), ask(algorithm, 5), ask({ ...algorithm, seed: 4 }, 5)]);
  assert.deepEqual(a.suggestions, b.suggestions);
  assert.deepEqual(a.diagnostics.scalarizationWeights, b.diagnostics.scalarizationWeights);
  assert.notDeepEqual(a.diagnostics.scalarizationWeights, c.diagnostics.scalarizationWeights);
});
