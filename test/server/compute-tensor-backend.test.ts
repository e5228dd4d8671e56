/**
 * Health's tensor backend with a compute plane: this thread never loads TensorFlow.js (the neural
 * surrogates load in the workers), so the backend a worker's probe reported is shown, with where it
 * was seen; before any probe, and after probes that need no backend, it stays 'not loaded'.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { ComputeTensorBackend } from '../../server/compute-tensor-backend.js';
import { backendNames } from '../../server/health-probes.js';
import type { AlgorithmProbe } from '../../server/algorithm-probe.js';

test('health shows the backend a compute worker probe reported, and not loaded before one did', async () => {
  const answers: Record<string, AlgorithmProbe> = { gp: {}, dkl: { backend: 'wasm', device: 'CPU (WebAssembly SIMD)' } };
  const workers = new ComputeTensorBackend();
  const probe = workers.recording(async (a) => answers[a.surrogate]!);
  assert.equal((await backendNames(workers)).tensorBackend, 'not loaded');
  assert.deepEqual(await probe(AlgorithmSpec.parse({ surrogate: 'gp' })), {});
  const afterGp = await backendNames(workers);
  assert.equal(afterGp.tensorBackend, 'not loaded', 'a probe that needs no backend reports none');
  assert.equal(afterGp.tensorDevice, undefined);
  assert.deepEqual(await probe(AlgorithmSpec.parse({ surrogate: 'dkl' })), answers.dkl, 'the probe answer passes through unchanged');
  const afterDkl = await backendNames(workers);
  assert.equal(afterDkl.tensorBackend, 'wasm');
  assert.equal(afterDkl.tensorDevice, 'CPU (WebAssembly SIMD)');
  assert.match(afterDkl.tensorBackendReason ?? '', /compute worker.*'dkl'/);
});

test('a failed probe records nothing and still fails the create', async () => {
  const workers = new ComputeTensorBackend();
  const probe = workers.recording(async () => {
    throw new Error('no backend loads');
  });
  await assert.rejects(probe(AlgorithmSpec.parse({ surrogate: 'dkl' })), /no backend loads/);
  assert.equal(workers.details(), null);
});
