/**
 * Whether this process's tensor backend is (or will be) a hardware GPU, answered without loading
 * TensorFlow.js: surrogates with a float64 CPU path for small problems (HMC-BNN) use it to move all
 * sizes to the device when a real GPU is there, since batched chains then cost one dispatch chain.
 */
import { probeWebGpu } from './webgpu-adapter.js';

/**
 * True when BO_TENSOR_BACKEND (or BO_TF_BACKEND) asks for webgpu, or when nothing is asked and Dawn
 * finds a hardware adapter (the automatic rule of backend.ts picks webgpu then). A software adapter
 * (lavapipe) or another requested backend answers false.
 */
export async function tensorBackendIsHardwareGpu(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const asked = env.BO_TENSOR_BACKEND || env.BO_TF_BACKEND;
  if (asked) return asked === 'webgpu';
  const found = await probeWebGpu();
  return found.ok && !found.info.software;
}
