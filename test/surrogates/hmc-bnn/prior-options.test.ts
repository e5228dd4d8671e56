/**
 * The GP-matched prior's options at study:create: priorMatch / priorTarget are refused with their
 * field path unless prior is 'gp-matched' (a setting that would be ignored is an error, not dropped),
 * bad values likewise; a GP-matched prior needs a TensorFlow.js backend whatever the engine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoError } from '../../../core/errors.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { needsTensorBackend, resolveEffectiveAlgorithm } from '../../../policy/effective-algorithm.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../../protocol/algorithm.js';
import { BnnSghmcSurrogate } from '../../../surrogates/bnn-sghmc/bnn-sghmc-surrogate.js';
import { HmcBnnSurrogate } from '../../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';

const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } });

function refusedAt(algorithm: AlgorithmInput): (string | number)[] {
  try {
    resolveEffectiveAlgorithm({ algorithm: AlgorithmSpec.parse(algorithm), space, pool: false });
  } catch (e) {
    assert.ok(e instanceof BoError && e.code === 'INVALID_ARGUMENT', String(e));
    return e.issues?.[0]?.path ?? [];
  }
  assert.fail(`accepted ${JSON.stringify(algorithm)}`);
}

describe('GP-matched prior options', () => {
  for (const surrogate of ['hmc-bnn', 'bnn-sghmc'] as const) {
    it(`${surrogate}: priorMatch and priorTarget need prior 'gp-matched'`, () => {
      assert.deepEqual(refusedAt({ surrogate, surrogateOptions: { priorMatch: 'wasserstein' } }), ['algorithm', 'surrogateOptions', 'priorMatch']);
      assert.deepEqual(refusedAt({ surrogate, surrogateOptions: { prior: 'fan-in', priorTarget: 'fitted-gp' } }), ['algorithm', 'surrogateOptions', 'priorTarget']);
      assert.deepEqual(refusedAt({ surrogate, surrogateOptions: { prior: 'gp-matched', priorMatch: 'critic' } }), ['algorithm', 'surrogateOptions', 'priorMatch']);
      assert.deepEqual(refusedAt({ surrogate, surrogateOptions: { prior: 'gp-matched', priorTarget: 'botorch' } }), ['algorithm', 'surrogateOptions', 'priorTarget']);
      const ok = resolveEffectiveAlgorithm({ algorithm: AlgorithmSpec.parse({ surrogate, surrogateOptions: { prior: 'gp-matched', priorMatch: 'wasserstein', priorTarget: 'fitted-gp' } }), space, pool: false });
      assert.equal(ok.surrogate, surrogate);
    });
  }

  it('the surrogates refuse the same options when built directly', () => {
    assert.throws(() => new HmcBnnSurrogate({ priorMatch: 'moment' }), /INVALID_ARGUMENT|priorMatch/);
    assert.throws(() => new BnnSghmcSurrogate({ priorTarget: 'default-gp' }), /INVALID_ARGUMENT|priorTarget/);
    assert.equal(new HmcBnnSurrogate({ prior: 'gp-matched', priorMatch: 'wasserstein' }).options.priorMatch, 'wasserstein');
  });

  it('a GP-matched prior needs a TensorFlow.js backend (the matching runs in tfjs) even with the js engine or SGHMC', () => {
    assert.equal(needsTensorBackend(AlgorithmSpec.parse({ surrogate: 'hmc-bnn', surrogateOptions: { engine: 'js', prior: 'gp-matched' } })), true);
    assert.equal(needsTensorBackend(AlgorithmSpec.parse({ surrogate: 'bnn-sghmc', surrogateOptions: { prior: 'gp-matched' } })), true);
    assert.equal(needsTensorBackend(AlgorithmSpec.parse({ surrogate: 'bnn-sghmc' })), false);
  });
});
