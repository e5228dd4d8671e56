import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectGpuCapability } from '../../../server/compute/gpu-capability.js';
import { probeWebGpu } from '../../../surrogates/neural/webgpu-adapter.js';

test('a worker asked to run wasm or cpu never advertises gpu, whatever the machine has', async () => {
  for (const backend of ['wasm', 'cpu', 'tensorflow']) {
    const c = await detectGpuCapability({ BO_TENSOR_BACKEND: backend });
    assert.equal(c.gpu, false);
    assert.match(c.reason, new RegExp(`BO_TENSOR_BACKEND=${backend}`));
  }
});

test('gpu is advertised exactly when Dawn reports a hardware adapter (the probe itself is the reference)', async () => {
  const found = await probeWebGpu();
  const c = await detectGpuCapability({});
  // No adapter (a plain CI host) and lavapipe (software) must both answer false, with the reason.
  assert.equal(c.gpu, found.ok && !found.info.software, c.reason);
  if (found.ok) assert.ok(c.adapter?.includes(found.info.vendor));
  else assert.equal(c.reason, found.reason);
});
