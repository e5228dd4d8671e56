/**
 * The facts the effective algorithm needs that take I/O or seconds: the PFN's dimension cap (read
 * from its weights' manifest) and a TensorFlow.js backend that actually loads (pfn, dkl, hmc-bnn
 * and the other tfjs surrogates). Runs where the fits run: in a compute worker ('probe' job), or in
 * the server process only when it has no compute plane (`--compute-workers 0`).
 */
import { BoError } from '../../core/errors.js';
import type { AlgorithmSpec } from '../../protocol/algorithm.js';
import { needsTensorBackend } from '../../policy/effective-algorithm.js';

/** What a probe found: inputs of resolveEffectiveAlgorithm (pfnMaxDim, backend) and the backend's device, for logs. */
export interface RuntimeProbe {
  readonly pfnMaxDim?: number;
  readonly backend?: string;
  readonly device?: string;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Loads the PFN's weights and the TensorFlow.js backend (both cached per process); FAILED_PRECONDITION at algorithm.surrogate when one is missing. */
export async function probeRuntime(algorithm: AlgorithmSpec): Promise<RuntimeProbe> {
  const out: { pfnMaxDim?: number; backend?: string; device?: string } = {};
  const surrogate = algorithm.surrogate;
  if (surrogate === 'pfn') {
    // Imported here: surrogates that never use the PFN should not pay for reading its code.
    const { loadPfnWeights } = await import('../../surrogates/pfn/weights-file.js');
    const dir = algorithm.surrogateOptions?.weightsDir;
    try {
      out.pfnMaxDim = (await loadPfnWeights(typeof dir === 'string' ? dir : undefined)).manifest.architecture.maxDim;
    } catch (e) {
      throw new BoError('FAILED_PRECONDITION', `surrogate 'pfn' cannot load its weights: ${message(e)}`, [{ path: ['algorithm', 'surrogate'], message: 'pfn weights not available' }]);
    }
  }
  if (needsTensorBackend(algorithm)) {
    const { ensureTensorBackend } = await import('../../surrogates/neural/backend.js');
    try {
      const info = await ensureTensorBackend();
      out.backend = info.name;
      out.device = info.device;
    } catch (e) {
      throw new BoError('FAILED_PRECONDITION', `surrogate '${surrogate}' needs a TensorFlow.js backend and none loads here: ${message(e)}`, [
        { path: ['algorithm', 'surrogate'], message: 'no TensorFlow.js backend loads (BO_TENSOR_BACKEND)' },
      ]);
    }
  }
  return out;
}
