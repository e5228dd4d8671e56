import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logTensorBackendSelections, preflightTensorBackend } from '../../server/tensor-preflight.js';

test('no request: the preflight loads nothing', async () => {
  await preflightTensorBackend({});
  // tfjs-core sets globalThis._tfengine when imported; nothing in this file imported it yet.
  assert.equal((globalThis as { _tfengine?: unknown })._tfengine, undefined);
});

test('an unknown or contradictory request stops the start with the variable named', async () => {
  await assert.rejects(() => preflightTensorBackend({ BO_TENSOR_BACKEND: 'quantum' }), /BO_TENSOR_BACKEND=quantum is not one of webgpu, tensorflow, wasm, cpu/);
  await assert.rejects(() => preflightTensorBackend({ BO_TF_BACKEND: 'quantum' }), /BO_TF_BACKEND=quantum is not one of/);
  await assert.rejects(() => preflightTensorBackend({ BO_TENSOR_BACKEND: 'wasm', BO_TF_BACKEND: 'cpu' }), /disagree/);
});

test('a request that loads is selected once and logged with its device and reason; a different later request is refused', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const stop = logTensorBackendSelections({ info: (event: string, fields?: Record<string, unknown>) => void lines.push({ event, ...fields }) });
  try {
    await preflightTensorBackend({ BO_TF_BACKEND: 'cpu' });
    assert.deepEqual(
      lines.map((l) => [l.event, l.backend, l.device, l.reason]),
      [['tensor_backend_selected', 'cpu', 'CPU (JavaScript)', 'requested (BO_TENSOR_BACKEND=cpu)']],
    );
    await assert.rejects(() => preflightTensorBackend({ BO_TENSOR_BACKEND: 'wasm' }), /already runs cpu/);
  } finally {
    stop();
  }
});
