/**
 * Whether a compute worker process can advertise `gpu` to a queue that routes neural fits: true only
 * for a HARDWARE WebGPU adapter (a software one such as lavapipe runs slower than wasm, so routing
 * work to it would be a false promise), and only when the process's tensor backend may use it
 * (BO_TENSOR_BACKEND unset or 'webgpu'). The reason is returned for logs and health.
 */
import { describeAdapter, probeWebGpu } from '../../surrogates/neural/webgpu-adapter.js';

/** The capability with the adapter it rests on, or why there is none. */
export interface GpuCapability {
  readonly gpu: boolean;
  readonly adapter?: string;
  readonly reason: string;
}

/** Probes Dawn once per process (see webgpu-adapter.ts) and answers without loading TensorFlow.js. */
export async function detectGpuCapability(env: NodeJS.ProcessEnv = process.env): Promise<GpuCapability> {
  const asked = env.BO_TENSOR_BACKEND || env.BO_TF_BACKEND;
  if (asked && asked !== 'webgpu') return { gpu: false, reason: `BO_TENSOR_BACKEND=${asked}: this worker does not use a GPU adapter` };
  const found = await probeWebGpu();
  if (!found.ok) return { gpu: false, reason: found.reason };
  const adapter = describeAdapter(found.info);
  if (found.info.software) return { gpu: false, adapter, reason: `adapter ${adapter} is a software rasteriser` };
  return { gpu: true, adapter, reason: `hardware adapter ${adapter}` };
}
