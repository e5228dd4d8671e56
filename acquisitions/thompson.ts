import type { Matrix } from '../core/matrix.js';
import { isEnsemble, isGaussian, type Posterior } from '../surrogates/types.js';
import type { Acquisition, AcquisitionContext } from './types.js';

/**
 * Thompson sampling over a candidate set: evaluate() returns ONE joint posterior draw at the
 * rows (from context.baseSamples' first row when given and the posterior is Gaussian, else a
 * fresh draw from context.rng; on an ensemble posterior one member's mean function, drawn with
 * context.rng). The optimizer then takes the argmax over the candidates (pool
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
      // A weighted mixture of whole posteriors (surrogate 'auto', combine 'stack'): a member by weight, then its joint draw.
      if (isEnsemble(posterior) && posterior.weights) return posterior.sample(1, context.rng).data.slice(0, m);
      if (isEnsemble(posterior)) {
        // One member's function (its mean at every row): a member's variance is independent per
        // row, so adding it would make the argmax over a pool chase white noise.
        const s = context.rng.int(posterior.members);
        return posterior.memberMeans().data.slice(s * m, (s + 1) * m);
      }
      return posterior.sample(1, context.rng).data.slice(0, m);
    },
  };
}
