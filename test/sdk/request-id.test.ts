/** newRequestId: UUID v4 from randomUUID, or from getRandomValues where randomUUID is missing (plain-http pages). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { newRequestId } from '../../sdk/index.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('request ids are distinct v4 UUIDs', () => {
  const ids = new Set(Array.from({ length: 1000 }, newRequestId));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, V4);
});

test('without crypto.randomUUID the fallback still gives distinct v4 UUIDs', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
  Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (a: Uint8Array) => webcrypto.getRandomValues(a) }, configurable: true });
  try {
    const ids = new Set(Array.from({ length: 1000 }, newRequestId));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.match(id, V4);
  } finally {
    Object.defineProperty(globalThis, 'crypto', original);
  }
});
