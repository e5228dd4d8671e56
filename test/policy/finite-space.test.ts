import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { cardinality, pointKey, replaceRepeats, requireFreePoints, takenKeys } from '../../policy/finite-space.js';
import { BoError } from '../../core/errors.js';

const space = createSearchSpace({
  n: { type: 'int', low: 1, high: 4 },
  c: { type: 'categorical', choices: ['a', 'b'] },
  f: { type: 'fidelity', levels: [{ value: 'small', cost: 1 }, { value: 'big', cost: 10 }] },
});

test('cardinality is the product of discrete value counts, Infinity with a float or simplex', () => {
  assert.equal(cardinality(space), 16);
  assert.equal(cardinality(createSearchSpace({ n: { type: 'int', low: -5, high: 1000000 } })), 1000006);
  assert.equal(cardinality(createSearchSpace({ n: { type: 'int', low: 0, high: 3 }, x: { type: 'float', low: 0, high: 1 } })), Infinity);
  assert.equal(cardinality(createSearchSpace({ w: { type: 'simplex', components: ['a', 'b'] } })), Infinity);
});

test('requireFreePoints counts distinct taken points and refuses an ask for more than are free', () => {
  const taken = [{ n: 1, c: 'a', f: 'big' }, { n: 1, c: 'a', f: 'big' }, { n: 2, c: 'a', f: 'big' }];
  assert.equal(requireFreePoints(space, taken, 14), 14, 'a repeated point is taken once');
  assert.throws(() => requireFreePoints(space, taken, 15), (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION' && /only 14 of its 16/.test(e.message) && e.issues?.[0]?.path[0] === 'space');
  const all = Array.from({ length: 16 }, (_, i) => ({ n: 1 + (i % 4), c: i % 8 < 4 ? 'a' : 'b', f: i < 8 ? 'small' : 'big' }));
  assert.throws(() => requireFreePoints(space, all, 1), /exhausted: all 16/);
  assert.equal(requireFreePoints(createSearchSpace({ x: { type: 'float', low: 0, high: 1 } }), [{ x: 0.5 }], 100), Infinity);
});

test('replaceRepeats swaps repeats of taken points and of each other for free points, deterministically', () => {
  const taken = Array.from({ length: 13 }, (_, i) => ({ n: 1 + (i % 4), c: i % 8 < 4 ? 'a' : 'b', f: i < 8 ? 'small' : 'big' }));
  const repeat = taken[0]!;
  const out = replaceRepeats(space, [repeat, repeat, repeat], taken, 7, 13);
  assert.equal(out.replaced, 3);
  const keys = new Set([...taken, ...out.suggestions].map((p) => JSON.stringify(p)));
  assert.equal(keys.size, 16, 'the three free points, each once');
  assert.deepEqual(replaceRepeats(space, [repeat, repeat, repeat], taken, 7, 13), out, 'same seed and salt, same points');
  const fresh = { n: 4, c: 'b', f: 'big' };
  assert.deepEqual(replaceRepeats(space, [fresh], taken, 7, 13), { suggestions: [fresh], replaced: 0 });
});

test('kept keys (a cache of completed points plus this ask\'s pending) answer exactly as the list of taken points', () => {
  const all = Array.from({ length: 16 }, (_, i) => ({ n: 1 + (i % 4), c: i % 8 < 4 ? 'a' : 'b', f: i < 8 ? 'small' : 'big' }));
  const completed = [all[0]!, all[1]!, all[1]!, all[5]!];
  const pending = [all[5]!, all[7]!, all[9]!, all[9]!];
  const kept = new Set(completed.map((p) => pointKey(space, p)));
  const keys = takenKeys(space, kept, pending);
  const list = [...completed, ...pending];
  assert.equal(keys.size, 5);
  assert.equal(requireFreePoints(space, keys, 11), requireFreePoints(space, list, 11));
  assert.throws(() => requireFreePoints(space, keys, 12), /only 11 of its 16/);
  const asked = [all[0]!, all[2]!, all[2]!, all[9]!];
  assert.deepEqual(replaceRepeats(space, asked, keys, 3, list.length), replaceRepeats(space, asked, list, 3, list.length));
  assert.equal(kept.size, 3, 'the kept keys are not changed');
});
