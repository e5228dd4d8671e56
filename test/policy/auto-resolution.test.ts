/**
 * Create-time checks against declared capabilities: an acquisition that needs what a family
 * cannot give is refused at study:create with the field path (never found out at ask time), and
 * surrogate 'auto' is refused where no candidate (or not every candidate) can honour the spec.
 * The expected outcome of each (family, acquisition) pair is written out here by hand from what
 * the runtime does (acquire.ts: a bar posterior has no joint draws, so qlognei cannot run on the
 * PFN), not derived from requirements.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import type { SpaceSpec } from '../../protocol/space.js';
import { resolveEffectiveAlgorithm } from '../../policy/effective-algorithm.js';
import { resolveOutcomes } from '../../policy/outcome-resolution.js';

const PLAIN: SpaceSpec = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } };
const FIDELITY: SpaceSpec = { x: { type: 'float', low: 0, high: 1 }, size: { type: 'fidelity', levels: [{ value: 's', cost: 0.1 }, { value: 'l', cost: 1 }] } };

function resolve(algorithm: AlgorithmInput, space: SpaceSpec = PLAIN, pool = false) {
  return resolveEffectiveAlgorithm({ algorithm: AlgorithmSpec.parse(algorithm), space: createSearchSpace(space), pool });
}

function refusedAt(f: () => unknown, path: (string | number)[], message?: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof BoError, String(e));
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.deepEqual(e.issues?.[0]?.path, path, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

const SINGLE = ['log-ei', 'log-pi', 'ucb', 'thompson', 'posterior-mean', 'qlognei'] as const;

test('every family x single-objective acquisition: runs as asked, or refused at algorithm.acquisition when the family lacks what it needs', () => {
  const families = ['gp', 'nngp', 'ntk', 'stp', 'dkl', 'hmc-bnn', 'deep-ensemble', 'bnn-sghmc', 'pfn'] as const;
  for (const surrogate of families) {
    for (const acquisition of SINGLE) {
      const algorithm = { surrogate, acquisition, ...(surrogate === 'dkl' || surrogate === 'hmc-bnn' ? { surrogateOptions: { engine: 'js' } } : {}) };
      if (surrogate === 'pfn' && acquisition === 'qlognei') {
        refusedAt(() => resolve(algorithm), ['algorithm', 'acquisition'], /joint posterior.*'pfn'.*use log-ei/);
        continue;
      }
      const got = resolve(algorithm);
      assert.equal(got.acquisition, acquisition, `${surrogate} + ${acquisition}`);
      assert.equal(got.surrogate, surrogate);
    }
  }
});

test("surrogate 'auto': runs as 'auto' with acquisition 'auto' by default, or any single-objective acquisition its candidates all run", () => {
  const got = resolve({ surrogate: 'auto' });
  assert.deepEqual({ policy: got.policy, surrogate: got.surrogate, acquisition: got.acquisition }, { policy: 'bo', surrogate: 'auto', acquisition: 'auto' });
  for (const acquisition of SINGLE) assert.equal(resolve({ surrogate: 'auto', acquisition }).acquisition, acquisition);
  assert.equal(resolve({ surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'deep-ensemble', 'dkl'], budgetMs: 5000 } }).surrogate, 'auto');
});

test("what 'auto' cannot honour is refused at create with the path", () => {
  refusedAt(() => resolve({ surrogate: 'gp', acquisition: 'auto' }), ['algorithm', 'acquisition'], /needs surrogate 'auto'/);
  refusedAt(() => resolve({ surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'pfn'] } }), ['algorithm', 'surrogateOptions', 'candidates', 1]);
  refusedAt(() => resolve({ surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'gp'] } }), ['algorithm', 'surrogateOptions', 'candidates']);
  refusedAt(() => resolve({ surrogate: 'auto', surrogateOptions: { candidates: [] } }), ['algorithm', 'surrogateOptions', 'candidates']);
  refusedAt(() => resolve({ surrogate: 'auto', surrogateOptions: { budget: 1 } }), ['algorithm', 'surrogateOptions', 'budget']);
  // patience is read by rule 'persistent' only (the default); under another rule it would be ignored, so it is refused.
  refusedAt(() => resolve({ surrogate: 'auto', surrogateOptions: { rule: 'one-standard-error', patience: 2 } }), ['algorithm', 'surrogateOptions', 'patience'], /rule 'persistent' only/);
  refusedAt(() => resolve({ surrogate: 'auto', surrogateOptions: { patience: 0 } }), ['algorithm', 'surrogateOptions', 'patience']);
  assert.equal(resolve({ surrogate: 'auto', surrogateOptions: { patience: 5 } }).autoRule, 'persistent');
  assert.equal(resolve({ surrogate: 'auto', surrogateOptions: { rule: 'best-mean' } }).autoRule, 'best-mean');
  // Only neural candidates, first scored at 20 observations, after a 5-trial design: asks 6..19 would have no model.
  refusedAt(() => resolve({ surrogate: 'auto', initialTrials: 5, surrogateOptions: { candidates: ['deep-ensemble'] } }), ['algorithm', 'surrogateOptions', 'minNeuralTrials'], /asks in between would have no model/);
  assert.equal(resolve({ surrogate: 'auto', initialTrials: 5, surrogateOptions: { candidates: ['deep-ensemble'], minNeuralTrials: 5 } }).surrogate, 'auto');
  // Fidelity parameters and pools run the multi-fidelity GP only.
  refusedAt(() => resolve({ surrogate: 'auto' }, FIDELITY), ['algorithm', 'surrogate']);
  refusedAt(() => resolve({ surrogate: 'auto' }, PLAIN, true), ['algorithm', 'surrogate']);
});

test("several objectives: 'auto' and the PFN (no joint draws) are refused at algorithm.surrogate; every family with joint draws runs", () => {
  for (const surrogate of ['auto', 'pfn'] as const) {
    const algorithm = AlgorithmSpec.parse({ surrogate });
    const effective = resolveEffectiveAlgorithm({ algorithm, space: createSearchSpace(PLAIN), pool: false });
    refusedAt(() => resolveOutcomes(effective, { algorithm, objectives: ['a', 'b'], constraints: [] }), ['algorithm', 'surrogate'], /joint posterior draws from fixed base samples|one model family per outcome/);
  }
  for (const surrogate of ['gp', 'nngp', 'ntk', 'dkl', 'stp', 'hmc-bnn', 'deep-ensemble', 'bnn-sghmc'] as const) {
    const algorithm = AlgorithmSpec.parse({ surrogate, ...(surrogate === 'dkl' || surrogate === 'hmc-bnn' ? { surrogateOptions: { engine: 'js' } } : {}) });
    const effective = resolveEffectiveAlgorithm({ algorithm, space: createSearchSpace(PLAIN), pool: false });
    assert.equal(resolveOutcomes(effective, { algorithm, objectives: ['a', 'b'], constraints: [] }).acquisition, 'qlognehvi', surrogate);
  }
});
