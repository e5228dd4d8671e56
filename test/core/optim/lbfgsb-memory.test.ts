import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactMemory } from '../../../core/optim/lbfgsb-compact.js';
import { createRng } from '../../../core/rng.js';

// Session 12: CompactMemory keeps s_iᵀy_j and s_iᵀs_j across pushes instead of recomputing all of
// them in formM. Reference: K built from the stored pairs from scratch, as formM did before; the
// kept products must give it bit for bit after the memory has wrapped around several times.
function referenceK(mem: CompactMemory): Float64Array {
  const { n, S, Y, col: k, theta: th } = mem;
  const p = 2 * k;
  const K = new Float64Array(p * p);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let sty = 0;
      let sts = 0;
      for (let t = 0; t < n; t++) {
        sty += S[i * n + t] * Y[j * n + t];
        sts += S[i * n + t] * S[j * n + t];
      }
      if (i === j) K[i * p + i] = -sty;
      else {
        K[(k + i) * p + j] = sty;
        K[j * p + (k + i)] = sty;
      }
      K[(k + i) * p + (k + j)] = th * sts;
      K[(k + j) * p + (k + i)] = th * sts;
    }
  return K;
}

test('CompactMemory: K from the kept products equals K recomputed from the pairs, across wrap-arounds and a reset', () => {
  const rng = createRng(30);
  const n = 7;
  const mem = new CompactMemory(n, 4);
  for (let step = 0; step < 15; step++) {
    if (step === 9) mem.reset();
    const s = Float64Array.from({ length: n }, () => rng.normal());
    // y close to a positive multiple of s keeps sᵀy > 0, as L-BFGS-B's curvature test requires.
    const y = s.map((v) => (1 + rng.uniform()) * v + 0.1 * rng.normal());
    let sy = 0;
    let yy = 0;
    for (let t = 0; t < n; t++) {
      sy += s[t] * y[t];
      yy += y[t] * y[t];
    }
    assert.ok(mem.push(s, y, sy, yy), `push ${step}`);
    const p = 2 * mem.col;
    assert.deepEqual(mem.K.subarray(0, p * p), referenceK(mem), `after push ${step} (k = ${mem.col})`);
  }
});
