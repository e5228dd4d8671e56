/**
 * The facts the effective algorithm needs that take I/O or seconds, checked at `study:create`
 * only for the surrogates that need them: the PFN's dimension cap (read from its weights'
 * manifest) and a TensorFlow.js backend that actually loads (pfn, dkl and hmc-bnn on tfjs).
 * Without this check a missing backend turned every ask of such a study into Sobol points.
 */
import { BoError } from '../core/errors.js';
import type { AlgorithmSpec } from '../protocol/algorithm.js';
import { needsTensorBackend } from '../policy/effective-algorithm.js';

/** What a probe found: inputs of resolveEffectiveAlgorithm. */
export interface AlgorithmProbe {
  readonly pfnMaxDim?: number;
  readonly backend?: string;
}

/** Checks an algorithm's runtime needs; throws FAILED_PRECONDITION (path algorithm.surrogate) when one is missing. */
export type AlgorithmProber = (algorithm: AlgorithmSpec) => Promise<AlgorithmProbe>;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The real probe: loads the PFN's weights and the TensorFlow.js backend (both cached per process). */
export const probeAlgorithm: AlgorithmProber = async (algorithm) => {
  const out: { pfnMaxDim?: number; backend?: string } = {};
  const surrogate = algorithm.surrogate;
  if (surrogate === 'pfn') {
    // Imported here: surrogates that never use the PFN should not pay for reading its code.
    const { loadPfnWeights } = await import('../surrogates/pfn/weights-file.js');
    const dir = algorithm.surrogateOptions?.weightsDir;
    try {
      out.pfnMaxDim = (await loadPfnWeights(typeof dir === 'string' ? dir : undefined)).manifest.architecture.maxDim;
    } catch (e) {
      throw new BoError('FAILED_PRECONDITION', `surrogate 'pfn' cannot load its weights: ${message(e)}`, [{ path: ['algorithm', 'surrogate'], message: 'pfn weights not available' }]);
    }
  }
  if (needsTensorBackend(algorithm)) {
    const { ensureTensorBackend } = await import('../surrogates/neural/backend.js');
    try {
      out.backend = (await ensureTensorBackend()).name;
    } catch (e) {
      throw new BoError('FAILED_PRECONDITION', `surrogate '${surrogate}' needs a TensorFlow.js backend and none loads here: ${message(e)}`, [
        { path: ['algorithm', 'surrogate'], message: 'no TensorFlow.js backend loads (BO_TENSOR_BACKEND)' },
      ]);
    }
  }
  return out;
};
