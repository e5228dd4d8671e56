import type { Matrix } from '../core/matrix.js';
import { isGaussian, type Posterior } from '../surrogates/types.js';
import type { Acquisition, AcquisitionContext } from './types.js';

/**
 * Thompson sampling over a candidate set: evaluate() returns ONE joint posterior draw at the
 * rows (from context.baseSamples' first row when given and the posterior is Gaussian, else a
 * fresh draw from context.rng). The optimizer then takes the argmax over the candidates (pool
 * mode); a joint draw over a discrete pool is the standard finite-set approximation.
 */
export function createThompson(): Acquisition {
  return {
    kind: 'thompson',
    evaluate(posterior: Posterior, context: AcquisitionContext): Float64Array {
      const m = posterior.size;
      const base = context.baseSamples;
      if (base && base.cols >= m && isGaussian(posterior)) {
        const z: Matrix = { rows: 1, cols: m, data: base.data.slice(0, m) };
        return posterior.sampleFromBase(z).data.slice(0, m);
      }
      return posterior.sample(1, context.rng).data.slice(0, m);
    },
  };
}
