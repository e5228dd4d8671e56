import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createSurrogate, hasSurrogate, surrogateKinds } from '../../surrogates/registry.js';

test("'gp' is registered and builds a surrogate of kind 'gp'", () => {
  assert.ok(hasSurrogate('gp'));
  assert.ok(surrogateKinds().includes('gp'));
  const s = createSurrogate('gp', {});
  assert.equal(s.kind, 'gp');
  assert.equal(typeof s.fit, 'function');
});

test('kinds not built yet, unknown kinds and none throw FAILED_PRECONDITION naming the kind', () => {
  for (const kind of ['nngp', 'ntk', 'stp', 'dkl', 'hmc-bnn', 'pfn', 'bogus', 'none'].filter((k) => !hasSurrogate(k))) {
    assert.throws(
      () => createSurrogate(kind, {}),
      (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION' && e.message.includes(`'${kind}'`) && e.message.includes('gp'),
      kind,
    );
  }
});

test('registry keys are not looked up on the prototype chain', () => {
  assert.equal(hasSurrogate('toString'), false);
  assert.throws(() => createSurrogate('constructor', {}), BoError);
});
