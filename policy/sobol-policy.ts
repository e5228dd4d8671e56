import type { Policy, SuggestDecision, SuggestRequest } from './types.js';
import { pickSpaceFilling } from './space-filling.js';

/**
 * Space filling only (algorithm.surrogate = 'none'): trial i of a study gets point i of the study's
 * scrambled Sobol sequence (deterministic per algorithm.seed); completed and pending points are
 * skipped, so parallel asks get distinct points.
 */
export class SobolPolicy implements Policy {
  async suggest(request: SuggestRequest): Promise<SuggestDecision> {
    const { space, algorithm, completed, pending, count } = request;
    const existing = [...completed.map((o) => space.encode(o.params)), ...pending.map((p) => space.encode(p))];
    const pick = pickSpaceFilling(space, algorithm.seed, completed.length + pending.length, count, existing);
    return {
      suggestions: pick.points.map((x) => space.decode(x)),
      state: request.state ?? {},
      diagnostics: { phase: 'space-filling', sobolIndices: pick.indices },
    };
  }
}
