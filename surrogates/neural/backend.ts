/**
 * TensorFlow.js backend selection, shared by every neural surrogate (HMC-BNN, DKL, PFN).
 *
 * BO_TENSOR_BACKEND=webgpu|tensorflow|wasm|cpu forces one (BO_TF_BACKEND is the older name, kept as
 * an alias; both set to different values is an error). A forced backend that cannot load is an
 * error, never a substitute. Automatic order and rule:
 *   webgpu (only a HARDWARE adapter: software Vulkan such as lavapipe measured slower than wasm, see
 *   benchmarks/RESULTS.md 2026-12-05) -> tensorflow (@tensorflow/tfjs-node-gpu, an optional
 *   dependency that downloads libtensorflow at install) -> wasm (SIMD) -> cpu.
 * Every skipped candidate leaves its reason in BackendInfo.reason, which health and /metrics show
 * together with `device`, the thing that actually runs the kernels.
 * Only ONE native TensorFlow package is ever tried, and only once: a failed import of a second one
 * re-registers ~150 kernels with warnings (js-ecosystem.md §1). Device math is float32.
 */
// The union package, not tfjs-core alone: only its bundle registers the gradient functions
// (tfjs-core's ESM gradient files use extension-less imports that Node cannot load).
import * as tf from '@tensorflow/tfjs';
import { announceTensorBackend } from './backend-events.js';
import { describeAdapter, probeWebGpu, type WebGpuAdapterInfo } from './webgpu-adapter.js';

export type TensorBackendName = 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';

export const TENSOR_BACKENDS: readonly TensorBackendName[] = ['webgpu', 'tensorflow', 'wasm', 'cpu'];

export interface BackendInfo {
  readonly name: TensorBackendName;
  /** What runs the kernels: the WebGPU adapter (vendor, name, hardware/software) or the CPU path. */
  readonly device: string;
  /** Why this backend was chosen (forced, or the first that qualified, with each skipped one's reason). */
  readonly reason: string;
  readonly ms: number;
  /** The WebGPU adapter's identity and limits when name is 'webgpu'. */
  readonly adapter?: WebGpuAdapterInfo;
}

let selected: Promise<BackendInfo> | null = null;
let current: BackendInfo | null = null;
let nativeTried = false;

async function tryNative(): Promise<string | null> {
  if (nativeTried) return tf.findBackend('tensorflow') !== undefined ? null : 'tfjs-node-gpu did not load earlier';
  nativeTried = true;
  try {
    // The package name is built at run time so bundlers and tsc do not require it to exist.
    const name = ['@tensorflow', 'tfjs-node-gpu'].join('/');
    await import(name);
    return tf.findBackend('tensorflow') !== undefined ? null : 'tfjs-node-gpu loaded but registered no backend';
  } catch {
    return '@tensorflow/tfjs-node-gpu is not installed (it needs CUDA 11.2 and internet at install)';
  }
}

/**
 * The wasm backend is imported only when first wanted: its Emscripten runtime registers process-wide
 * uncaughtException/unhandledRejection handlers that rethrow, which a server that never uses a neural
 * surrogate should not carry.
 */
async function loadWasm(): Promise<string | null> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return tf.findBackend('wasm') !== undefined || tf.engine().registryFactory.wasm !== undefined ? null : 'wasm registered no backend';
  } catch (e) {
    return `@tensorflow/tfjs-backend-wasm does not load: ${(e as Error).message}`;
  }
}

/** Loads what a backend needs; null when ready to activate, else why not (with the adapter if webgpu). */
async function prepare(name: TensorBackendName): Promise<{ problem: string | null; adapter?: WebGpuAdapterInfo }> {
  if (name === 'tensorflow') return { problem: await tryNative() };
  if (name === 'wasm') return { problem: await loadWasm() };
  if (name === 'webgpu') {
    // The kernels run in the device thread (device-bridge.ts: tfjs's WebGPU backend cannot read back
    // synchronously in Node); it must answer a first call before webgpu counts as available.
    const found = await probeWebGpu();
    if (!found.ok) return { problem: found.reason };
    try {
      const { deviceBridge } = await import('./device-bridge.js');
      await deviceBridge().callAsync({ op: 'ping' }, 1);
    } catch (e) {
      return { problem: `the WebGPU device thread failed to start: ${(e as Error).message}`, adapter: found.info };
    }
    return { problem: null, adapter: found.info };
  }
  return { problem: null };
}

/**
 * Makes `name` the in-thread tfjs backend. For webgpu the device thread holds the WebGPU backend and
 * this thread's incidental tensor work (priors, small helpers) runs on wasm, else cpu.
 */
async function activate(name: TensorBackendName): Promise<string | null> {
  if (name === 'webgpu') return (await prepare('wasm')).problem === null && (await activate('wasm')) === null ? null : activate('cpu');
  try {
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') failed`;
    await tf.ready();
    return tf.getBackend() === name ? null : `tfjs is on ${tf.getBackend()} after setBackend('${name}')`;
  } catch (e) {
    return `${name} failed to initialise: ${(e as Error).message}`;
  }
}

function deviceLabel(name: TensorBackendName, adapter?: WebGpuAdapterInfo): string {
  if (name === 'webgpu' && adapter) return `${describeAdapter(adapter)} via the device thread; other tensor work on ${tf.getBackend()}`;
  // tfjs-node does not say whether libtensorflow found CUDA; we do not claim a GPU we cannot see.
  if (name === 'tensorflow') return 'libtensorflow (CUDA if its 11.2 libraries load; tfjs-node does not report the device)';
  if (name === 'wasm') return 'CPU (WebAssembly SIMD)';
  return 'CPU (JavaScript)';
}

/** The requested backend from the environment: BO_TENSOR_BACKEND, or its alias BO_TF_BACKEND. */
export function requestedTensorBackend(env: NodeJS.ProcessEnv = process.env): TensorBackendName | undefined {
  const main = env.BO_TENSOR_BACKEND || undefined;
  const alias = env.BO_TF_BACKEND || undefined;
  if (main && alias && main !== alias) {
    throw new Error(`BO_TENSOR_BACKEND=${main} and BO_TF_BACKEND=${alias} disagree (BO_TF_BACKEND is the old name: set one)`);
  }
  return checkName(main ?? alias, main ? 'BO_TENSOR_BACKEND' : 'BO_TF_BACKEND');
}

function checkName(forced: string | undefined, source: string): TensorBackendName | undefined {
  if (forced === undefined) return undefined;
  if (!(TENSOR_BACKENDS as readonly string[]).includes(forced)) throw new Error(`${source}=${forced} is not one of ${TENSOR_BACKENDS.join(', ')}`);
  return forced as TensorBackendName;
}

async function choose(forced: TensorBackendName | undefined): Promise<BackendInfo> {
  const t0 = Date.now();
  if (forced) {
    const { problem, adapter } = await prepare(forced);
    const failure = problem ?? (await activate(forced));
    if (failure) throw new Error(`tensor backend ${forced} was requested and cannot run here: ${failure}`);
    return { name: forced, device: deviceLabel(forced, adapter), reason: `requested (BO_TENSOR_BACKEND=${forced})`, ms: Date.now() - t0, ...(adapter ? { adapter } : {}) };
  }
  const skipped: string[] = [];
  for (const name of TENSOR_BACKENDS) {
    if (name === 'webgpu') {
      // Checked before the device thread starts: a software adapter is never chosen automatically.
      const found = await probeWebGpu();
      if (found.ok && found.info.software) {
        skipped.push(`webgpu skipped: adapter ${describeAdapter(found.info)} is a software rasteriser, slower than wasm (set BO_TENSOR_BACKEND=webgpu to use it anyway)`);
        continue;
      }
    }
    const { problem, adapter } = await prepare(name);
    const failure = problem ?? (await activate(name));
    if (!failure) {
      const reason = skipped.length > 0 ? `automatic: ${skipped.join('; ')}` : 'automatic: first candidate';
      return { name, device: deviceLabel(name, adapter), reason, ms: Date.now() - t0, ...(adapter ? { adapter } : {}) };
    }
    skipped.push(`${name} skipped: ${failure}`);
  }
  throw new Error(`no TensorFlow.js backend could be initialised (${skipped.join('; ')})`);
}

/**
 * Picks and activates the backend once per process; later calls return the same choice.
 * `forced` overrides the environment (tests); undefined reads BO_TENSOR_BACKEND / BO_TF_BACKEND.
 */
export function ensureTensorBackend(forced?: string): Promise<BackendInfo> {
  let want: TensorBackendName | undefined;
  try {
    want = forced !== undefined ? checkName(forced || undefined, 'BO_TENSOR_BACKEND') : requestedTensorBackend();
  } catch (e) {
    return Promise.reject(e);
  }
  if (want && current && current.name !== want) {
    return Promise.reject(new Error(`tensor backend ${want} was requested but this process already runs ${current.name} (${current.reason})`));
  }
  if (!selected) {
    selected = choose(want).then((info) => {
      current = info;
      announceTensorBackend(info);
      return info;
    });
    selected.catch(() => {
      selected = null;
    });
  }
  return selected;
}

/** The backend in use, or null before ensureTensorBackend() has resolved (for health output). */
export function tensorBackendInfo(): BackendInfo | null {
  return current;
}

/** Switches backend explicitly (tests and benchmarks run the same code on several backends). */
export async function useTensorBackend(name: TensorBackendName): Promise<BackendInfo> {
  const t0 = Date.now();
  const { problem, adapter } = await prepare(name);
  const failure = problem ?? (await activate(name));
  if (failure) throw new Error(`tensor backend ${name} is not available: ${failure}`);
  current = { name, device: deviceLabel(name, adapter), reason: 'set explicitly', ms: Date.now() - t0, ...(adapter ? { adapter } : {}) };
  selected = Promise.resolve(current);
  return current;
}

export { tf };
