import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureTensorBackend, tensorBackendInfo, tf, useTensorBackend } from '../../../surrogates/neural/backend.js';

describe('tensor backend selection', () => {
  it('picks wasm on a machine without libtensorflow, and reports it', async () => {
    const info = await ensureTensorBackend(undefined);
    // tfjs-node-gpu cannot be installed without internet, so the first working backend is wasm here.
    assert.ok(['tensorflow', 'wasm'].includes(info.name), `got ${info.name}`);
    assert.equal(tensorBackendInfo()?.name, info.name);
    assert.equal(tf.getBackend(), info.name);
  });

  it('computes the same matrix product on wasm and cpu (float32 tolerance)', async () => {
    const a = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const b = [[1], [0.5], [-1]];
    // Closed form: [1 + 1 - 3, 4 + 2.5 - 6] = [-1, 0.5].
    for (const name of ['wasm', 'cpu'] as const) {
      await useTensorBackend(name);
      const out = tf.matMul(tf.tensor2d(a), tf.tensor2d(b)).dataSync();
      assert.ok(Math.abs(out[0] + 1) < 1e-6 && Math.abs(out[1] - 0.5) < 1e-6, `${name}: ${Array.from(out)}`);
    }
  });

  it('rejects an unknown forced backend with a clear message', async () => {
    const mod = await import('../../../surrogates/neural/backend.js');
    await assert.rejects(() => mod.ensureTensorBackend('quantum'), /not one of/);
  });
});
