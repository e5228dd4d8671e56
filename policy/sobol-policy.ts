import type { Policy, SuggestDecision, SuggestRequest } from './types.js';
import { PointSet, unionLookup } from './point-set.js';
import { pickSpaceFilling } from './space-filling.js';

/**
 * Space filling only (algorithm.surrogate = 'none'): trial i of a study gets point i of the study's
 * scrambled Sobol sequence (deterministic per algorithm.seed); completed and pending points are
 * skipped (and excluded ones: pruned trials), so parallel asks get distinct points. O(pending + count) per ask when the caller passes
 * completedPoints (the service does): the sequence is indexed directly and taken points are hashed.
 */
export class SobolPolicy implements Policy {
  async suggest(request: SuggestRequest): Promise<SuggestDecision> {
    const { space, algorithm, completed, pending, count } = request;
    const excluded = request.excluded ?? [];
    const done = request.completedPoints ?? PointSet.of(completed.map((o) => space.encode(o.params)));
    const taken = unionLookup(done, PointSet.of([...pending, ...excluded].map((p) => space.encode(p))));
    const pick = pickSpaceFilling(space, algorithm.seed, completed.length + pending.length + excluded.length, count, taken);
    return {
      suggestions: pick.points.map((x) => space.decode(x)),
      state: request.state ?? {},
      diagnostics: { phase: 'space-filling', sobolIndices: pick.indices },
    };
  }
}
