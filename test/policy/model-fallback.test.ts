import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { BoPolicy } from '../../policy/bo-policy.js';
import { FallbackGp } from '../../surrogates/dkl/fallback-gp.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import type { Surrogate } from '../../surrogates/types.js';
import { warningsOf } from '../../sdk/warnings.js';

/** A 'dkl' surrogate whose every fit ends in the GP fallback (as when all training starts diverge). */
const divergingDkl: Surrogate = {
  kind: 'dkl',
  fit: async (data, options) => new FallbackGp(await new GpSurrogate().fit(data, options), 'all 3 DKL training start(s) diverged'),
};

test('a DKL that fell back to the GP names it in diagnostics.modelFallback instead of passing as dkl', async () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
  const algorithm = AlgorithmSpec.parse({ surrogate: 'dkl', acquisition: 'log-ei', initialTrials: 3, seed: 2 });
  const completed = [0.1, 0.4, 0.7, 0.9].map((x) => ({ params: { x }, value: Math.sin(6 * x) }));
  const d = await new BoPolicy({ surrogate: divergingDkl }).suggest({ space, algorithm, direction: 'maximize', completed, pending: [], count: 1 });
  assert.equal(d.diagnostics.phase, 'model');
  assert.equal(d.diagnostics.modelFallback, 'gp');
  assert.match(String(d.diagnostics.modelFallbackReason), /diverged/);
  // ... and the SDK turns it into a warning.
  const [w] = warningsOf([{ id: 't', studyId: 's', number: 4, state: 'running', params: {}, createdAt: '', diagnostics: d.diagnostics }]);
  assert.equal(w?.kind, 'model-fallback');
  assert.match(w!.message, /stand-in model 'gp'/);
});

test('a plain model ask carries no modelFallback and raises no SDK warning', async () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
  const algorithm = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'log-ei', initialTrials: 3, seed: 2 });
  const completed = [0.1, 0.4, 0.7, 0.9].map((x) => ({ params: { x }, value: Math.sin(6 * x) }));
  const d = await new BoPolicy().suggest({ space, algorithm, direction: 'maximize', completed, pending: [], count: 1 });
  assert.equal(d.diagnostics.phase, 'model');
  assert.equal(d.diagnostics.modelFallback, undefined);
  assert.deepEqual(warningsOf([{ id: 't', studyId: 's', number: 4, state: 'running', params: {}, createdAt: '', diagnostics: d.diagnostics }]), []);
});
