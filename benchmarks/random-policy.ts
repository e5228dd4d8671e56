import { createRng, deriveSeed } from '../core/rng.js';
import type { Policy, SuggestDecision, SuggestRequest } from '../policy/types.js';

/** Baseline: i.i.d. uniform points in the unit cube, seeded by algorithm.seed and the trial count. */
export class RandomPolicy implements Policy {
  async suggest(request: SuggestRequest): Promise<SuggestDecision> {
    const { space, algorithm, count } = request;
    const rng = createRng(deriveSeed(algorithm.seed, 0x7a4d, request.completed.length + request.pending.length));
    const suggestions = [];
    for (let k = 0; k < count; k++) {
      const x = new Float64Array(space.dim);
      for (let j = 0; j < space.dim; j++) x[j] = rng.uniform();
      suggestions.push(space.decode(x));
    }
    return { suggestions, state: {}, diagnostics: { phase: 'random' } };
  }
}
