/**
 * policy/auto-combine.ts: the combination 'auto' runs when its options name none and the acquisition
 * decides. Reference: checkAuto's own refusal (ucb on a weighted mixture with a Student-t member is
 * refused under an explicit 'stack'), so whatever surrogateOptionsToRun resolves must be accepted by
 * checkAuto, and AutoOptions' default ('stack') must stand wherever the acquisition allows it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { surrogateOptionsToRun } from '../../policy/auto-combine.js';
import { checkAuto } from '../../policy/auto-resolution.js';
import type { AlgorithmSpec } from '../../protocol/algorithm.js';
import { AutoOptions } from '../../surrogates/auto/auto-options.js';

const spec = (extra: Record<string, unknown>) => ({ surrogate: 'auto', acquisition: 'auto', seed: 1, ...extra }) as AlgorithmSpec;
const combineOf = (s: AlgorithmSpec) => AutoOptions.parse(surrogateOptionsToRun(s)).combine;

test("ucb with the default candidates (stp is Student-t) resolves 'switch' and passes checkAuto; an explicit 'stack' is still refused", () => {
  const ucb = spec({ acquisition: 'ucb' });
  assert.deepEqual(surrogateOptionsToRun(ucb), { combine: 'switch' });
  assert.doesNotThrow(() => checkAuto(ucb, 10));
  assert.throws(() => checkAuto(spec({ acquisition: 'ucb', surrogateOptions: { combine: 'stack' } }), 10), /ucb on a weighted mixture/);
});

test("everywhere else the options' own default stands: 'stack' for kernel candidates, 'switch' for switching options; explicit choices and other surrogates are untouched", () => {
  assert.equal(combineOf(spec({})), 'stack');
  assert.equal(combineOf(spec({ acquisition: 'qlognei' })), 'stack');
  assert.equal(combineOf(spec({ acquisition: 'ucb', surrogateOptions: { candidates: ['gp', 'nngp'] } })), 'stack');
  assert.equal(combineOf(spec({ acquisition: 'ucb', surrogateOptions: { margin: 2 } })), 'switch');
  assert.equal(combineOf(spec({ surrogateOptions: { combine: 'switch' } })), 'switch');
  const own = { combine: 'switch', candidates: ['gp', 'stp'] };
  assert.equal(surrogateOptionsToRun(spec({ acquisition: 'ucb', surrogateOptions: own })), own);
  const gp = { surrogate: 'gp', acquisition: 'ucb', seed: 1 } as AlgorithmSpec;
  // A gp study gets its default likelihood written in instead (policy/gp-likelihood-default.ts, test/policy/gp-likelihood-default.test.ts).
  assert.deepEqual(surrogateOptionsToRun(gp), { likelihood: 'robust', verifyOutliers: true });
  for (const s of [spec({}), spec({ acquisition: 'ucb', surrogateOptions: { candidates: ['gp', 'nngp'] } })]) assert.doesNotThrow(() => checkAuto(s, 10));
});
