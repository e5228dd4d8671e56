/** HeldModels: at most `capacity` models, the least recently stored dropped first; take() removes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeldModels } from '../../policy/held-models.js';
import type { FittedSurrogate } from '../../surrogates/types.js';

const model = (name: string) => ({ kind: name }) as unknown as FittedSurrogate;

test('HeldModels keeps the newest `capacity` owners and hands each model out once', () => {
  const held = new HeldModels<object>(2);
  const [a, b, c] = [{}, {}, {}];
  held.put(a, model('a1'));
  held.put(b, model('b1'));
  held.put(a, model('a2')); // a is now newest: b is the oldest
  held.put(c, model('c1'));
  assert.equal(held.size, 2);
  assert.equal(held.take(b), undefined, 'b was the least recently stored');
  assert.equal(held.take(a)?.kind, 'a2');
  assert.equal(held.take(a), undefined, 'taken once');
  assert.equal(held.take(c)?.kind, 'c1');
  assert.equal(held.size, 0);
});
