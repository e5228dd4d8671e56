import { createRng, deriveSeed } from '../core/rng.js';
import type { Params } from '../protocol/space.js';
import { PoolIndex } from './pool-index.js';
import { poolExhausted } from './pool.js';
import type { Policy, SuggestDecision, SuggestRequest } from './types.js';

/** Stream id of the random pool choices. */
const STREAM = 0x9b07;

/**
 * Pool mode without a model (surrogate 'none', and the server's fallback for pool studies): uniform
 * random (row, level) candidates among those not completed or pending, deterministic per
 * algorithm.seed and the number of trials so far. Throws PoolExhaustedError when too few are left.
 */
export class PoolRandomPolicy implements Policy {
  private index?: PoolIndex;

  constructor(
    private readonly pool: readonly Params[],
    private readonly poolRow?: ArrayLike<number>,
  ) {}

  async suggest(request: SuggestRequest): Promise<SuggestDecision> {
    const { space, algorithm, completed, pending, count } = request;
    if (!this.index || this.index.space !== space) this.index = new PoolIndex(space, this.pool);
    const index = this.index;
    const taken = [...completed.map((o) => space.encode(o.params)), ...pending.map((p) => space.encode(p))];
    const free = index.free(taken);
    if (free.length < count) throw poolExhausted(free.length, count, index.X.rows);
    const rng = createRng(deriveSeed(algorithm.seed, STREAM, completed.length + pending.length));
    const picks: number[] = [];
    for (let j = 0; j < count; j++) picks.push(free.splice(rng.int(free.length), 1)[0]);
    const rowOf = this.poolRow;
    return {
      suggestions: picks.map((i) => this.pool[i]),
      state: request.state ?? {},
      diagnostics: { phase: 'pool-random', poolIndices: picks, ...(rowOf ? { poolRows: picks.map((i) => rowOf[i]) } : {}) },
    };
  }
}
