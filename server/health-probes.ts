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

/**
 * The TensorFlow.js backend neural surrogates selected, or 'not loaded' before one did.
 * tfjs-core registers its engine as globalThis._tfengine on import; until then importing the
 * backend module would load TensorFlow.js (seconds) just to answer a health check, so we don't.
 */
export async function tensorBackendName(): Promise<string> {
  if ((globalThis as { _tfengine?: unknown })._tfengine == null) return 'not loaded';
  try {
    const mod = (await import('../surrogates/neural/backend.js' as string)) as { tensorBackendInfo?: () => { name: string } | null };
    const info = typeof mod.tensorBackendInfo === 'function' ? mod.tensorBackendInfo() : null;
    return info ? info.name : 'not loaded';
  } catch {
    return 'not loaded';
  }
}

/** Both backends, for StudyService health. */
export async function backendNames(): Promise<{ tensorBackend: string; linalg: string }> {
  const [tensorBackend, linalg] = await Promise.all([tensorBackendName(), linalgBackendName()]);
  return { tensorBackend, linalg };
}
