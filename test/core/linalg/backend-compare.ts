/** Helpers shared by the backend comparison tests (native.test.ts, wasm.test.ts). */
import assert from 'node:assert/strict';
import * as la from '../../../core/linalg/linalg.js';

/** max |a − b| / max |b|: relative difference in the max norm. */
export function relDiff(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}

/** Run fn under one backend, restoring 'auto' afterwards. */
export function under<T>(kind: la.LinalgBackend, fn: () => T): T {
  la.setLinalgBackend(kind);
  try {
    return fn();
  } finally {
    la.setLinalgBackend('auto');
  }
}
