/**
 * What a stored benchmark figure needs to be reproduced: the git commit (and whether the tree had
 * uncommitted changes), the linear-algebra backend (js or native OpenBLAS) and the TensorFlow.js
 * backend of the neural surrogates, plus node and the date. Every writer of a results file
 * includes `provenance: await provenance()`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadNativeLinalg } from '../core/linalg/native-binding.js';
import { linalgBackendName, tensorBackendName } from '../server/health-probes.js';

/** Where a result came from. */
export interface Provenance {
  /** `git rev-parse HEAD`, or 'unknown' outside a git checkout. */
  gitCommit: string;
  /** True when `git status --porcelain` listed changes (the commit alone does not reproduce it). */
  gitDirty: boolean | null;
  /** core/linalg backend: 'js' or the native addon's name. */
  linalg: string;
  /** With the native backend, its OpenBLAS core and threads (the kernels round differently per core). */
  blas?: string;
  /** TensorFlow.js backend in use ('tensorflow', 'wasm', 'cpu'), or why there is none. */
  tensorBackend: string;
  node: string;
  date: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Collects the provenance. `loadTensorBackend`: select the TensorFlow.js backend now (as the
 * neural surrogates would, honouring BO_TF_BACKEND) when this process has not loaded one; runs
 * in worker processes make the same choice from the same environment.
 */
export async function provenance(options: { loadTensorBackend?: boolean } = {}): Promise<Provenance> {
  const commit = git(['rev-parse', 'HEAD']);
  const status = commit === undefined ? undefined : git(['status', '--porcelain', '--untracked-files=no']);
  let tensorBackend = await tensorBackendName();
  if (tensorBackend === 'not loaded' && options.loadTensorBackend) {
    try {
      const mod = await import('../surrogates/neural/backend.js');
      tensorBackend = (await mod.ensureTensorBackend()).name;
    } catch (e) {
      tensorBackend = `unavailable (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  const linalg = await linalgBackendName();
  const blas = linalg === 'native' ? blasConfig() : undefined;
  return {
    gitCommit: commit ?? 'unknown',
    gitDirty: status === undefined ? null : status.length > 0,
    linalg,
    ...(blas ? { blas } : {}),
    tensorBackend,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** The native addon's OpenBLAS core and thread count, or undefined without the addon. */
export function blasConfig(): string | undefined {
  return loadNativeLinalg()?.config();
}
