/**
 * Finds a WebGPU adapter through the `webgpu` npm package (Google's Dawn for Node: the native binary
 * ships inside the package, so it installs from the npm registry alone) and describes it, so that
 * backend selection can tell a hardware GPU from a software rasteriser such as Mesa's lavapipe.
 *
 * Headless notes (see README, "Tensor backends"):
 * - Dawn needs a Vulkan loader (libvulkan1) and a driver's ICD; VK_DRIVER_FILES picks one.
 * - Dawn's Vulkan backend refuses Mesa 22's lavapipe (it lacks shaderSampledImageArrayDynamicIndexing);
 *   Mesa ≥ 24 works (tools/gpu/install-lavapipe.sh unpacks Debian backports' 25.0 privately).
 * - The adapter is created once per process and never released: Dawn instances are costly and a
 *   second instance on the same Vulkan device doubles its memory.
 */

/** What the process knows about its WebGPU adapter (health, metrics and selection read this). */
export interface WebGpuAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for CPU implementations (lavapipe, SwiftShader): Dawn's isFallbackAdapter or a known name. */
  readonly software: boolean;
  readonly limits: {
    readonly maxBufferSize: number;
    readonly maxStorageBufferBindingSize: number;
    readonly maxComputeWorkgroupStorageSize: number;
    readonly maxComputeInvocationsPerWorkgroup: number;
  };
}

/** The adapter found, or why none was (the reason is shown to the user, so it says what to fix). */
export type WebGpuProbe =
  | { readonly ok: true; readonly adapter: GPUAdapter; readonly gpu: GPU; readonly info: WebGpuAdapterInfo }
  | { readonly ok: false; readonly reason: string };

// Names of CPU Vulkan implementations; Dawn flags lavapipe as a fallback adapter but not every
// version does, so the name is checked as well.
const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe|warp|microsoft basic render/i;

let probe: Promise<WebGpuProbe> | null = null;

/** A short human label such as "nvidia NVIDIA H100 80GB HBM3 (hardware)". */
export function describeAdapter(info: WebGpuAdapterInfo): string {
  const name = info.description || info.device || info.architecture || 'unknown device';
  return `${info.vendor || 'unknown vendor'} ${name} (${info.software ? 'software' : 'hardware'})`;
}

function adapterInfoOf(adapter: GPUAdapter): WebGpuAdapterInfo {
  const raw = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const text = `${raw.vendor} ${raw.architecture} ${raw.device} ${raw.description}`;
  const l = adapter.limits;
  return {
    vendor: raw.vendor ?? '',
    architecture: raw.architecture ?? '',
    device: raw.device ?? '',
    description: raw.description ?? '',
    software: raw.isFallbackAdapter === true || SOFTWARE_NAMES.test(text),
    limits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  };
}

async function findAdapter(): Promise<WebGpuProbe> {
  let dawn: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    // Built at run time so that a host without the optional binary still type-checks and starts.
    dawn = (await import(['web', 'gpu'].join(''))) as typeof dawn;
  } catch (e) {
    return { ok: false, reason: `the 'webgpu' package does not load here: ${(e as Error).message}` };
  }
  // tfjs-backend-webgpu reads GPUBufferUsage, GPUMapMode, GPUShaderStage as globals, as in a browser.
  for (const [k, v] of Object.entries(dawn.globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  // Mesa's Vulkan drivers print an error (not a failure) without XDG_RUNTIME_DIR on headless hosts.
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  let gpu: GPU;
  let adapter: GPUAdapter | null;
  try {
    gpu = dawn.create([]);
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ok: false, reason: `Dawn could not enumerate adapters: ${(e as Error).message}` };
  }
  if (!adapter) {
    return {
      ok: false,
      reason: 'no WebGPU adapter: Dawn found no usable Vulkan device (install libvulkan1 and a driver ICD, set VK_DRIVER_FILES; Mesa lavapipe needs version 24 or later)',
    };
  }
  return { ok: true, adapter, gpu, info: adapterInfoOf(adapter) };
}

/** Probes once per process; later calls return the same answer. */
export function probeWebGpu(): Promise<WebGpuProbe> {
  probe ??= findAdapter();
  return probe;
}
