import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observation } from '../../../policy/types.js';
import { decodeObservations, encodeObservations, transferables } from '../../../server/compute/observation-codec.js';

test('observations round-trip exactly through columns (NaN, ±Infinity, -0, mixed types, costs, missing keys)', () => {
  const obs: Observation[] = [
    { params: { x: 0.1 + 0.2, n: 3, c: 'a', w: { p: 0.25, q: 0.75 } }, value: -0, cost: 2 },
    { params: { x: Number.MIN_VALUE, n: -7, c: 'b', w: { p: 1, q: 0 } }, value: Infinity },
    { params: { x: 1e308, c: true, w: { p: 0.5, q: 0.5 } }, value: NaN, cost: 0.5 },
  ];
  const cols = encodeObservations(obs);
  assert.ok(cols.columns[0] instanceof Float64Array, 'a numeric column is a Float64Array');
  assert.ok(!(cols.columns[1] instanceof Float64Array), 'a column with a missing value is not');
  const back = decodeObservations(structuredClone(cols, { transfer: transferables(cols) }));
  assert.deepEqual(back, obs);
  assert.ok(Object.is(back[0]!.value, -0));
  assert.deepEqual(Object.keys(back[0]!.params), ['x', 'n', 'c', 'w'], 'key order kept');
});

test('no observations encode to empty columns', () => {
  assert.deepEqual(decodeObservations(encodeObservations([])), []);
});

test('forecast variances cross the codec (regression: they were dropped, so workers fitted pruned trials as exact)', () => {
  const obs: Observation[] = [
    { params: { x: 0.5 }, value: 1.25, variance: 0.04 },
    { params: { x: 0.25 }, value: 2 },
    { params: { x: 0.75 }, value: 3, cost: 1, variance: 0 },
  ];
  const cols = encodeObservations(obs);
  assert.deepEqual(decodeObservations(structuredClone(cols, { transfer: transferables(cols) })), obs);
});

test('multi-outcome observations round-trip with their outcome vectors (objectives then constraint metrics)', () => {
  const obs: Observation[] = [
    { params: { x: 0.5 }, value: 1, outcomes: [1, -2.5, 16] },
    { params: { x: 0.25 }, value: 3, cost: 1, outcomes: [3, 0.125, 8] },
  ];
  const cols = encodeObservations(obs);
  assert.equal(cols.outcomeCount, 3);
  assert.deepEqual(decodeObservations(structuredClone(cols, { transfer: transferables(cols) })), obs);
});
