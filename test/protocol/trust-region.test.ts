/** The wire's trustRegion field (protocol/trust-region.ts): bad values are refused with the path of the field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlgorithmSpec } from '../../protocol/algorithm.js';

function issuePaths(input: unknown): string[] {
  const r = AlgorithmSpec.safeParse(input);
  assert.equal(r.success, false, 'expected a refusal');
  return r.error!.issues.map((i) => i.path.join('.'));
}

test('valid trust regions parse; absent stays absent (the policy default applies)', () => {
  assert.deepEqual(AlgorithmSpec.parse({ trustRegion: { mode: 'off' } }).trustRegion, { mode: 'off' });
  assert.deepEqual(AlgorithmSpec.parse({ trustRegion: { mode: 'on-stall', stallTolerance: 0, lengthInit: 0.5, lengthMin: 0.01 } }).trustRegion, { mode: 'on-stall', stallTolerance: 0, lengthInit: 0.5, lengthMin: 0.01 });
  assert.equal(AlgorithmSpec.parse({}).trustRegion, undefined);
  assert.equal(AlgorithmSpec.parse({ trustRegion: { mode: 'on-stall', acquisition: 'thompson' } }).trustRegion?.mode, 'on-stall');
});

test('bad trust regions name the field', () => {
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'always' } }), ['trustRegion.mode']);
  // lengthInit 0 breaks its own bound and then L_min < L_init: both issues, the field's own first.
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', lengthInit: 0 } }), ['trustRegion.lengthInit', 'trustRegion.lengthMin']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', failureTolerance: 2.5 } }), ['trustRegion.failureTolerance']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', stallTolerance: -1 } }), ['trustRegion.stallTolerance']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', speed: 1 } }), ['trustRegion']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'off', lengthInit: 0.5 } }), ['trustRegion']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', acquisition: 'ucb' } }), ['trustRegion.acquisition']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'off', acquisition: 'thompson' } }), ['trustRegion']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', globalEvery: 1 } }), ['trustRegion.globalEvery']);
  // Cross-field rules: L_min < L_init ≤ L_max (defaults 0.5^7, 0.8, 1.6 fill the absent ones).
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', lengthMin: 0.9 } }), ['trustRegion.lengthMin']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', lengthInit: 1.8 } }), ['trustRegion.lengthInit']);
  assert.deepEqual(issuePaths({ trustRegion: { mode: 'on-stall', lengthInit: 0.5, lengthMax: 0.4 } }), ['trustRegion.lengthInit']);
});
