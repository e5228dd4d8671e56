/**
 * TensorFlow.js backend selection, shared by every neural surrogate (HMC-BNN, DKL, PFN).
 * Order: @tensorflow/tfjs-node-gpu (an optional dependency: its install downloads libtensorflow and
 * npm drops it silently where that fails) -> wasm (SIMD) -> cpu. BO_TF_BACKEND forces one of
 * 'tensorflow' | 'wasm' | 'cpu'. Only ONE native package is ever tried, and only once: a failed import
 * of a second one re-registers ~150 kernels with warnings (js-ecosystem.md §1).
 */
// The union package, not tfjs-core alone: only its bundle registers the gradient functions
// (tfjs-core's ESM gradient files use extension-less imports that Node cannot load).
import * as tf from '@tensorflow/tfjs';

export type TensorBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  readonly name: TensorBackendName;
  /** Why this backend was chosen (forced, first that loaded, fallbacks tried). */
  readonly reason: string;
  readonly ms: number;
}

const ORDER: readonly TensorBackendName[] = ['tensorflow', 'wasm', 'cpu'];

let selected: Promise<BackendInfo> | null = null;
let current: BackendInfo | null = null;
let nativeTried = false;

async function tryNative(): Promise<boolean> {
  if (nativeTried) return tf.findBackend('tensorflow') !== undefined;
  nativeTried = true;
  try {
    // The package name is built at run time so bundlers and tsc do not require it to exist.
    const name = ['@tensorflow', 'tfjs-node-gpu'].join('/');
    await import(name);
    return tf.findBackend('tensorflow') !== undefined;
  } catch {
    return false;
  }
}

/**
 * The wasm backend is imported only when first wanted: its Emscripten runtime registers process-wide
 * uncaughtException/unhandledRejection handlers that rethrow, which a server that never uses a neural
 * surrogate should not carry.
 */
async function loadWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return tf.findBackend('wasm') !== undefined || tf.engine().registryFactory.wasm !== undefined;
  } catch {
    return false;
  }
}

async function activate(name: TensorBackendName): Promise<boolean> {
  if (name === 'tensorflow' && !(await tryNative())) return false;
  if (name === 'wasm' && !(await loadWasm())) return false;
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function choose(forced: string | undefined): Promise<BackendInfo> {
  const t0 = Date.now();
  const notes: string[] = [];
  if (forced) {
    if (!(ORDER as readonly string[]).includes(forced)) {
      throw new Error(`BO_TF_BACKEND=${forced} is not one of ${ORDER.join(', ')}`);
    }
    if (await activate(forced as TensorBackendName)) {
      return { name: forced as TensorBackendName, reason: `forced by BO_TF_BACKEND=${forced}`, ms: Date.now() - t0 };
    }
    throw new Error(`BO_TF_BACKEND=${forced}: that backend could not be initialised on this machine`);
  }
  for (const name of ORDER) {
    if (await activate(name)) {
      const reason = notes.length > 0 ? `first available (${notes.join('; ')})` : 'first available';
      return { name, reason, ms: Date.now() - t0 };
    }
    notes.push(`${name} unavailable`);
  }
  throw new Error('no TensorFlow.js backend could be initialised');
}

/** Picks and activates the backend once per process; later calls return the same choice. */
export function ensureTensorBackend(forced: string | undefined = process.env.BO_TF_BACKEND): Promise<BackendInfo> {
  if (forced && !(ORDER as readonly string[]).includes(forced)) {
    return Promise.reject(new Error(`BO_TF_BACKEND=${forced} is not one of ${ORDER.join(', ')}`));
  }
  if (!selected) {
    selected = choose(forced || undefined).then((info) => {
      current = info;
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

/** Switches backend explicitly (tests run the same code on wasm and cpu). */
export async function useTensorBackend(name: TensorBackendName): Promise<BackendInfo> {
  const t0 = Date.now();
  if (!(await activate(name))) throw new Error(`tensor backend ${name} is not available`);
  current = { name, reason: 'set explicitly', ms: Date.now() - t0 };
  selected = Promise.resolve(current);
  return current;
}

export { tf };
