import { momentAcquisition } from './moment.js';
import type { MomentAcquisition } from './types.js';

/** Posterior mean μ (for recommendations: the point the model believes best). ∂/∂μ = 1, ∂/∂v = 0. */
export function createPosteriorMean(): MomentAcquisition {
  return momentAcquisition('posterior-mean', (mean) => ({ value: mean, dMean: 1, dVariance: 0 }), { kind: 'mean' });
}
