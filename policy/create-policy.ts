import type { AlgorithmSpec, MultiFidelityOptions } from '../protocol/algorithm.js';
import { createSurrogate } from '../surrogates/registry.js';
import { surrogateOptionsToRun } from './auto-combine.js';
import { BoPolicy, type BoPolicyOptions } from './bo-policy.js';
import { MfPolicy, type MfPolicyOptions } from './mf-policy.js';
import { MoPolicy } from './mo-policy.js';
import type { ExpandedPool } from './pool.js';
import { PoolRandomPolicy } from './pool-random-policy.js';
import { SobolPolicy } from './sobol-policy.js';
import type { Policy, SuggestDecision, SuggestRequest } from './types.js';

/**
 * Routes each request by its space: a space with a fidelity parameter goes to the multi-fidelity
 * policy (cost-aware MF-MES by default, 'cost-ei' when asked), any other to the single-fidelity BO
 * policy. The space is only known per request, so the choice is made there, not at construction.
 * A request with several objectives or constraints (request.outcomes) goes to the multi-outcome policy.
 */
class SpaceRoutedPolicy implements Policy {
  private mf?: MfPolicy;
  private mo?: MoPolicy;

  constructor(
    private readonly spec: AlgorithmSpec,
    private readonly single: Policy,
  ) {}

  suggest(request: SuggestRequest): Promise<SuggestDecision> {
    if (request.outcomes) return (this.mo ??= new MoPolicy()).suggest(request);
    if (!request.space.dimensions.some((d) => d.kind === 'fidelity')) return this.single.suggest(request);
    this.mf ??= new MfPolicy(mfPolicyOptions(this.spec));
    return this.mf.suggest(request);
  }
}

/**
 * The multi-fidelity policy's options from an algorithm spec: the acquisition ('cost-ei' when
 * asked, else MF-MES) and the wire's `multiFidelity` object (absent fields keep MfPolicy's
 * defaults). `poolDefaults` are used where the wire leaves a field out (pool studies default to
 * lowLevelRows 'all': a user's menu has no reason to pair proxies with target rows).
 */
export function mfPolicyOptions(spec: AlgorithmSpec, poolDefaults: Partial<MfPolicyOptions> = {}): MfPolicyOptions {
  const mf: MultiFidelityOptions = spec.multiFidelity ?? {};
  const fit = {
    ...(mf.kernel !== undefined ? { kernel: mf.kernel } : {}),
    ...(mf.biasScale !== undefined ? { biasScale: mf.biasScale } : {}),
    ...(mf.levelNoise !== undefined ? { levelNoise: mf.levelNoise } : {}),
  };
  return {
    ...poolDefaults,
    acquisition: spec.acquisition === 'cost-ei' ? 'cost-ei' : 'mf-mes',
    ...(mf.lowLevelShare !== undefined ? { lowLevelShare: mf.lowLevelShare } : {}),
    ...(mf.lowLevelRows !== undefined ? { lowLevelRows: mf.lowLevelRows } : {}),
    ...(mf.targetOnly !== undefined ? { targetOnly: mf.targetOnly } : {}),
    ...(mf.maxValueSamples !== undefined ? { maxValueSamples: mf.maxValueSamples } : {}),
    ...(mf.levelStandardize !== undefined ? { levelStandardize: mf.levelStandardize } : {}),
    ...(mf.prior !== undefined ? { prior: mf.prior } : {}),
    ...(mf.model !== undefined ? { model: mf.model } : {}),
    ...(mf.proxyBudget !== undefined ? { proxyBudget: mf.proxyBudget } : {}),
    ...(mf.proxyLaw !== undefined ? { proxyLaw: mf.proxyLaw } : {}),
    ...(mf.proxyDesign !== undefined ? { proxyDesign: mf.proxyDesign } : {}),
    ...(mf.proxyStopMargin !== undefined ? { proxyStopMargin: mf.proxyStopMargin } : {}),
    ...(mf.targetModel !== undefined ? { targetModel: mf.targetModel } : {}),
    ...(Object.keys(fit).length > 0 ? { fit } : {}),
  };
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
 * which without a fidelity parameter is a plain GP) picking only pool rows. `spec.multiFidelity`
 * configures the multi-fidelity/pool policy (see mfPolicyOptions).
 */
export function createPolicy(spec: AlgorithmSpec, options: CreatePolicyOptions = {}): Policy {
  const { pool, ...rest } = options;
  if (pool) {
    if (spec.surrogate === 'none') return new PoolRandomPolicy(pool.params, pool.row);
    return new MfPolicy(mfPolicyOptions(spec, { pool: pool.params, poolRow: pool.row, lowLevelRows: 'all' }));
  }
  if (spec.surrogate === 'none') return new SobolPolicy();
  return new SpaceRoutedPolicy(spec, new BoPolicy({ ...rest, surrogate: createSurrogate(spec.surrogate, surrogateOptionsToRun(spec)) }));
}
