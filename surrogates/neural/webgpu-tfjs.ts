/**
 * Registers TensorFlow.js's WebGPU backend (@tensorflow/tfjs-backend-webgpu 4.22) on the Dawn
 * adapter that webgpu-adapter.ts found. Two upstream issues are worked around here:
 * - the package registers itself only if `navigator.gpu` exists when it is imported, and Node has
 *   no navigator.gpu: we import it without one (so it registers nothing) and register our own
 *   factory, then expose navigator.gpu because WebGPUBackend's constructor checks for it;
 * - its factory passes `requiredFeatures: ['timestamp-query', ['bgra8unorm-storage']]` (a nested
 *   array), which Dawn's strict WebIDL conversion rejects: our factory asks for a flat list with only
 *   'timestamp-query' (profiling; the storage texture format is never used by our kernels).
 * Float32 on the device: tfjs's WebGPU backend has no float64.
 */
import * as tf from '@tensorflow/tfjs';
import { probeWebGpu, type WebGpuAdapterInfo } from './webgpu-adapter.js';

let registered: Promise<WebGpuAdapterInfo> | null = null;

async function register(): Promise<WebGpuAdapterInfo> {
  const found = await probeWebGpu();
  if (!found.ok) throw new Error(found.reason);
  const mod = (await import('@tensorflow/tfjs-backend-webgpu')) as {
    WebGPUBackend: new (device: GPUDevice, info?: GPUAdapterInfo) => tf.KernelBackend;
  };
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu: found.gpu }, configurable: true, writable: true });
  else if (g.navigator.gpu === undefined) Object.defineProperty(g.navigator, 'gpu', { value: found.gpu, configurable: true });
  if (tf.findBackendFactory('webgpu') !== null) tf.removeBackend('webgpu');
  const { adapter } = found;
  const lim = adapter.limits;
  tf.registerBackend(
    'webgpu',
    async () => {
      const device = await adapter.requestDevice({
        requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
        // The limits tfjs asks for: the adapter's own, so large context buffers fit.
        requiredLimits: {
          maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
          maxComputeWorkgroupsPerDimension: lim.maxComputeWorkgroupsPerDimension,
          maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
          maxBufferSize: lim.maxBufferSize,
          maxComputeWorkgroupSizeX: lim.maxComputeWorkgroupSizeX,
          maxComputeInvocationsPerWorkgroup: lim.maxComputeInvocationsPerWorkgroup,
        },
      });
      return new mod.WebGPUBackend(device, adapter.info);
    },
    // Lower than wasm/cpu: tfjs must never pick it on its own; backend.ts chooses explicitly.
    0,
  );
  return found.info;
}

/** Makes 'webgpu' a registered tfjs backend (once per process); rejects with the probe's reason. */
export function registerWebGpuBackend(): Promise<WebGpuAdapterInfo> {
  registered ??= register();
  return registered;
}
