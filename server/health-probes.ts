import { readFileSync } from 'node:fs';

/** The package version from package.json (read once; '0.0.0' if unreadable). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The dense linear algebra backend (core/linalg/linalg.ts linalgBackend() when that module exists), else 'js'. */
export async function linalgBackendName(): Promise<string> {
  try {
    const mod = (await import('../core/linalg/linalg.js' as string)) as { linalgBackend?: () => unknown };
    if (typeof mod.linalgBackend === 'function') {
      const b = mod.linalgBackend();
      return typeof b === 'string' ? b : typeof b === 'object' && b !== null && 'name' in b ? String((b as { name: unknown }).name) : String(b);
    }
  } catch {
    // Module not built yet: the policies use plain JS.
  }
  return 'js';
}

/** The tensor backend in use: its name, the device that runs its kernels, and why it was chosen. */
export interface TensorBackendDetails {
  readonly name: string;
  readonly device: string;
  readonly reason: string;
}

/**
 * The TensorFlow.js backend neural surrogates selected, or null before one did.
 * tfjs-core registers its engine as globalThis._tfengine on import; until then importing the
 * backend module would load TensorFlow.js (seconds) just to answer a health check, so we don't.
 */
export async function tensorBackendDetails(): Promise<TensorBackendDetails | null> {
  if ((globalThis as { _tfengine?: unknown })._tfengine == null) return null;
  try {
    const mod = (await import('../surrogates/neural/backend.js' as string)) as { tensorBackendInfo?: () => TensorBackendDetails | null };
    return typeof mod.tensorBackendInfo === 'function' ? mod.tensorBackendInfo() : null;
  } catch {
    return null;
  }
}

/** The selected tensor backend's name, or 'not loaded'. */
export async function tensorBackendName(): Promise<string> {
  return (await tensorBackendDetails())?.name ?? 'not loaded';
}

/**
 * Both backends, for StudyService health: this thread's tensor backend, else the one the compute
 * workers reported (`workers`, server/compute-tensor-backend.ts), else 'not loaded'.
 */
export async function backendNames(workers?: { details(): TensorBackendDetails | null }): Promise<{ tensorBackend: string; tensorDevice?: string; tensorBackendReason?: string; linalg: string; linalgDetail?: string }> {
  const [here, linalg] = await Promise.all([tensorBackendDetails(), linalgBackendName()]);
  // Loaded only here, as linalg.js is above: health must not pull the numeric modules into every start.
  const detail = linalg === 'native' ? (await import('../core/linalg/native-binding.js')).loadNativeLinalg()?.config() : undefined;
  const dense = { linalg, ...(detail ? { linalgDetail: detail } : {}) };
  const tensor = here ?? workers?.details() ?? null;
  if (!tensor) return { tensorBackend: 'not loaded', ...dense };
  return { tensorBackend: tensor.name, tensorDevice: tensor.device, tensorBackendReason: tensor.reason, ...dense };
}
