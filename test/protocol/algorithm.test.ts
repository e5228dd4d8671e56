/**
 * algorithm.multiFidelity on the wire (protocol/algorithm.ts MultiFidelityOptions): a strict
 * object whose fields are all optional (absent = the policy's default, nothing filled in), with
 * bounds checked; each bad value is an INVALID_ARGUMENT (server/errors.ts toWireError, as both
 * transports send it) whose issue path names the field under algorithm.multiFidelity.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { StudyCreate } from '../../protocol/study.js';
import { toWireError } from '../../server/errors.js';

const base = { name: 's', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' } };

test('a valid multiFidelity object round-trips; absent fields stay absent', () => {
  const all = { lowLevelShare: 0, kernel: 'icm', lowLevelRows: 'twins', targetOnly: false, maxValueSamples: 256, levelStandardize: true, biasScale: false, levelNoise: true } as const;
  assert.deepEqual(AlgorithmSpec.parse({ multiFidelity: all }).multiFidelity, all);
  assert.deepEqual(AlgorithmSpec.parse({ multiFidelity: {} }).multiFidelity, {});
  assert.equal(AlgorithmSpec.parse({}).multiFidelity, undefined);
  assert.equal(AlgorithmSpec.parse({ multiFidelity: { lowLevelShare: 1 } }).multiFidelity?.lowLevelShare, 1);
  // a parsed spec parses again (the server re-parses the stored algorithm)
  const spec = AlgorithmSpec.parse({ multiFidelity: all });
  assert.deepEqual(AlgorithmSpec.parse(spec), spec);
});

const BAD: [string, unknown, (string | number)[]][] = [
  ['share below 0', { lowLevelShare: -0.01 }, ['lowLevelShare']],
  ['share above 1', { lowLevelShare: 1.5 }, ['lowLevelShare']],
  ['share not a number', { lowLevelShare: '0.1' }, ['lowLevelShare']],
  ['share NaN', { lowLevelShare: Number.NaN }, ['lowLevelShare']],
  ['unknown kernel', { kernel: 'rbf' }, ['kernel']],
  ['unknown lowLevelRows', { lowLevelRows: 'some' }, ['lowLevelRows']],
  ['maxValueSamples 0', { maxValueSamples: 0 }, ['maxValueSamples']],
  ['maxValueSamples fractional', { maxValueSamples: 2.5 }, ['maxValueSamples']],
  ['maxValueSamples too many', { maxValueSamples: 257 }, ['maxValueSamples']],
  ['targetOnly not boolean', { targetOnly: 'yes' }, ['targetOnly']],
  ['biasScale not boolean', { biasScale: 1 }, ['biasScale']],
  ['unknown field (strict)', { lowLevelShares: 0.2 }, []],
  ['not an object', 0.1, []],
];

for (const [what, value, path] of BAD) {
  test(`multiFidelity refuses ${what} with the field's path`, () => {
    const r = StudyCreate.safeParse({ ...base, algorithm: { multiFidelity: value } });
    assert.equal(r.success, false);
    const wire = toWireError(r.error);
    assert.equal(wire.code, 'INVALID_ARGUMENT');
    assert.deepEqual(wire.issues?.[0]?.path, ['algorithm', 'multiFidelity', ...path], JSON.stringify(wire.issues));
    assert.match(wire.message, /^algorithm\.multiFidelity/);
    if (what.startsWith('unknown field')) assert.match(wire.message, /lowLevelShares/);
  });
}
