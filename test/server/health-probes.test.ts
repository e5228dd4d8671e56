import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { backendNames, packageVersion, tensorBackendName } from '../../server/health-probes.js';

test('version comes from package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(packageVersion(), pkg.version);
});

test('tensor backend: not loaded until a neural surrogate picks one, then its name', async () => {
  assert.equal(await tensorBackendName(), 'not loaded');
  const { useTensorBackend } = await import('../../surrogates/neural/backend.js');
  await useTensorBackend('cpu');
  assert.equal(await tensorBackendName(), 'cpu');
  const both = await backendNames();
  assert.equal(both.tensorBackend, 'cpu');
  // Health names the device that runs the kernels, not only the backend (issue 25).
  assert.equal(both.tensorDevice, 'CPU (JavaScript)');
  assert.match(both.tensorBackendReason ?? '', /set explicitly/);
  const { Metrics } = await import('../../server/metrics.js');
  const text = (await new Metrics().render()).body;
  assert.match(text, /bo_tensor_backend_info\{backend="cpu",device="CPU \(JavaScript\)"\} 1/);
  assert.ok(['js', 'wasm', 'native'].includes(both.linalg), both.linalg);
  // The native backend also names its OpenBLAS kernel (what a run needs to be reproduced on another CPU); the others have none.
  if (both.linalg === 'native') assert.match(both.linalgDetail ?? '', /^OpenBLAS core=\S+ threads=\d+$/);
  else assert.equal(both.linalgDetail, undefined);
});
