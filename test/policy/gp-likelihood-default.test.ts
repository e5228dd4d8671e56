/**
 * The GP's default likelihood in the single-objective BO policy (policy/gp-likelihood-default.ts,
 * session 20): robust with verified outliers for a 'gp' study that names no likelihood option, what
 * its effective algorithm records, the Gaussian likelihood pinned for studies stored before, and a
 * batch ask giving the re-measured point one slot. References: the options written out by hand, the
 * planted outlier rows of the shared 2-D fixture (known by construction) and their observed values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput, type EffectiveAlgorithm } from '../../protocol/algorithm.js';
import { resolveEffectiveAlgorithm } from '../../policy/effective-algorithm.js';
import { surrogateOptionsToRun } from '../../policy/auto-combine.js';
import { DEFAULT_GP_LIKELIHOOD, withDefaultGpLikelihood } from '../../policy/gp-likelihood-default.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { Observation } from '../../policy/types.js';
import { algorithmToRun } from '../../server/algorithm-to-run.js';
import { n, data, f } from '../surrogates/gp/smooth-2d-fixture.js';

const PLANTED = [3, 17, 40, 41, 66];
const shift = (i: number) => (PLANTED.includes(i) ? (i % 2 ? 2 : -1.5) : 0);
const SPACE = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });

test('a gp study naming no likelihood option runs robust with verified outliers; any likelihood option, or another family, keeps its own', () => {
  assert.deepEqual(DEFAULT_GP_LIKELIHOOD, { likelihood: 'robust', verifyOutliers: true });
  assert.deepEqual(withDefaultGpLikelihood('gp', {}), { likelihood: 'robust', verifyOutliers: true });
  assert.deepEqual(withDefaultGpLikelihood('gp', { kernel: 'rbf' }), { kernel: 'rbf', likelihood: 'robust', verifyOutliers: true });
  for (const own of [{ likelihood: 'gaussian' }, { likelihood: 'robust' }, { likelihood: 'robust', outlierPenalty: 3 }, { likelihood: 'robust', verifyOutliers: false }]) {
    assert.equal(withDefaultGpLikelihood('gp', own), own, JSON.stringify(own));
  }
  const auto = {};
  assert.equal(withDefaultGpLikelihood('auto', auto), auto);
  // Every place that builds the study's surrogate (asks, recommendations) goes through surrogateOptionsToRun.
  assert.deepEqual(surrogateOptionsToRun(AlgorithmSpec.parse({ surrogate: 'gp' })), { likelihood: 'robust', verifyOutliers: true });
  assert.deepEqual(surrogateOptionsToRun(AlgorithmSpec.parse({ surrogate: 'gp', surrogateOptions: { likelihood: 'gaussian' } })), { likelihood: 'gaussian' });
});

test('the effective algorithm records the likelihood a gp study runs, and verification when on', () => {
  const record = (algorithm: AlgorithmInput) => {
    const e = resolveEffectiveAlgorithm({ algorithm: AlgorithmSpec.parse(algorithm), space: SPACE, pool: false });
    return { gpLikelihood: e.gpLikelihood, gpVerifyOutliers: e.gpVerifyOutliers };
  };
  assert.deepEqual(record({ surrogate: 'gp' }), { gpLikelihood: 'robust', gpVerifyOutliers: true });
  assert.deepEqual(record({ surrogate: 'gp', surrogateOptions: { likelihood: 'gaussian' } }), { gpLikelihood: 'gaussian', gpVerifyOutliers: undefined });
  assert.deepEqual(record({ surrogate: 'gp', surrogateOptions: { likelihood: 'robust' } }), { gpLikelihood: 'robust', gpVerifyOutliers: undefined });
  assert.deepEqual(record({ surrogate: 'nngp' }), { gpLikelihood: undefined, gpVerifyOutliers: undefined });
});

test('a gp study stored before session 20 (no gpLikelihood in its record) keeps the Gaussian likelihood; a recorded or explicit one runs as stored', () => {
  const today = { policy: 'bo', surrogate: 'gp', acquisition: 'qlognei', gpLengthscalePrior: 'gamma', trustRegion: 'off', outputTransform: 'half-rank' } as EffectiveAlgorithm;
  const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'off' }, exploration: { mode: 'off' } });
  assert.deepEqual(algorithmToRun({ algorithm: spec, effectiveAlgorithm: today }).surrogateOptions, { likelihood: 'gaussian' });
  assert.equal(algorithmToRun({ algorithm: spec, effectiveAlgorithm: { ...today, gpLikelihood: 'robust', gpVerifyOutliers: true } }).surrogateOptions, undefined);
  const own = AlgorithmSpec.parse({ ...spec, surrogateOptions: { likelihood: 'robust', outlierPenalty: 3 } });
  assert.deepEqual(algorithmToRun({ algorithm: own, effectiveAlgorithm: today }).surrogateOptions, { likelihood: 'robust', outlierPenalty: 3 });
});

test('the default gp re-measures a suspected outlier: the whole ask when it is one point, one slot of a batch', async () => {
  const completed: Observation[] = Array.from({ length: n }, (_, i) => ({ params: { a: data[2 * i], b: data[2 * i + 1] }, value: f(i) + shift(i) }));
  const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'off' }, seed: 5, initialTrials: 10 });
  // The best planted row by observed value (the study maximizes): the first one re-measured.
  const best = [...PLANTED].sort((a, b) => completed[b].value - completed[a].value || a - b)[0];
  const ask = (count: number) => createPolicy(spec).suggest({ space: SPACE, algorithm: spec, direction: 'maximize', completed, pending: [], count });
  const single = await ask(1);
  assert.equal(single.diagnostics.phase, 'verification');
  assert.equal((single.diagnostics.verification as { row: number }).row, best);
  const batch = await ask(3);
  assert.equal(batch.diagnostics.phase, 'model');
  assert.equal((batch.diagnostics.verification as { row: number }).row, best);
  assert.equal(batch.suggestions.length, 3);
  const [first, ...rest] = batch.suggestions as { a: number; b: number }[];
  assert.ok(Math.abs(first.a - data[2 * best]) < 1e-12 && Math.abs(first.b - data[2 * best + 1]) < 1e-12, 'the re-measured point takes the first slot');
  for (const p of rest) assert.ok(Math.hypot(p.a - first.a, p.b - first.b) > 1e-6, 'the acquisition fills the other slots elsewhere');
});
