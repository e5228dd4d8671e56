import type { AlgorithmSpec } from '../protocol/algorithm.js';
import { createSurrogate } from '../surrogates/registry.js';
import { BoPolicy, type BoPolicyOptions } from './bo-policy.js';
import { MfPolicy } from './mf-policy.js';
import type { ExpandedPool } from './pool.js';
import { PoolRandomPolicy } from './pool-random-policy.js';
import { SobolPolicy } from './sobol-policy.js';
import type { Policy, SuggestDecision, SuggestRequest } from './types.js';

/**
 * Routes each request by its space: a space with a fidelity parameter goes to the multi-fidelity
 * policy (cost-aware MF-MES by default, 'cost-ei' when asked), any other to the single-fidelity BO
 * policy. The space is only known per request, so the choice is made there, not at construction.
 */
class SpaceRoutedPolicy implements Policy {
  private mf?: MfPolicy;

  constructor(
    private readonly spec: AlgorithmSpec,
    private readonly single: Policy,
  ) {}

  suggest(request: SuggestRequest): Promise<SuggestDecision> {
    if (!request.space.dimensions.some((d) => d.kind === 'fidelity')) return this.single.suggest(request);
    this.mf ??= new MfPolicy({ acquisition: this.spec.acquisition === 'cost-ei' ? 'cost-ei' : 'mf-mes' });
    return this.mf.suggest(request);
  }
}

/** What createPolicy takes besides the algorithm: BoPolicy options and the study's candidate pool. */
export type CreatePolicyOptions = Omit<BoPolicyOptions, 'surrogate'> & {
  /** Pool mode: the study's pool expanded per level (policy/pool.ts expandPool). */
  readonly pool?: ExpandedPool;
};

/**
 * The policy for an algorithm spec: surrogate 'none' -> space-filling Sobol only; any other kind
 * -> BoPolicy with that surrogate (createSurrogate throws FAILED_PRECONDITION for kinds not built),
 * or the multi-fidelity policy when the study's space has a fidelity parameter. With a pool:
 * 'none' -> random pool rows; any other kind -> the multi-fidelity/pool policy (its own MF-GP,
 * which without a fidelity parameter is a plain GP) picking only pool rows.
 */
export function createPolicy(spec: AlgorithmSpec, options: CreatePolicyOptions = {}): Policy {
  const { pool, ...rest } = options;
  if (pool) {
    if (spec.surrogate === 'none') return new PoolRandomPolicy(pool.params, pool.row);
    return new MfPolicy({ pool: pool.params, poolRow: pool.row, lowLevelRows: 'all', acquisition: spec.acquisition === 'cost-ei' ? 'cost-ei' : 'mf-mes' });
  }
  if (spec.surrogate === 'none') return new SobolPolicy();
  return new SpaceRoutedPolicy(spec, new BoPolicy({ ...rest, surrogate: createSurrogate(spec.surrogate, spec.surrogateOptions ?? {}) }));
}
