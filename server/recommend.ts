/**
 * The service's side of `study:recommend` (issue 14 item 3), in one function so the heavy part —
 * the policy job policy/recommend.ts `recommend` (a fit plus an optimizer run) — can be routed to
 * the compute plane's worker threads by passing another `run`.
 *
 * Locking: a recommendation only reads. It takes one snapshot of the completed trials (a single
 * storage read) and never holds the study's write lock, so asks and tells go on during the fit;
 * the answer reflects the trials completed at the read. It never touches the study's runtime
 * (policy state, completed cache): those belong to the ask path under the lock.
 */
import { BoError } from '../core/errors.js';
import type { SearchSpace } from '../core/space-types.js';
import type { SpaceSpec } from '../protocol/space.js';
import type { Recommendation } from '../protocol/study.js';
import { expandPool, type CandidatePool, type ExpandedPool } from '../policy/pool.js';
import { recommend, targetFidelity, type Recommendation as PolicyRecommendation, type RecommendRequest } from '../policy/recommend.js';
import { CompletedCache } from './completed-cache.js';
import { requireCompletePool } from './pool-ops.js';
import type { Storage, StoredStudy } from './storage/types.js';

/** Runs a recommendation job: in this thread by default; a worker pool may take the same request. */
export type RunRecommendJob = (request: RecommendRequest) => Promise<PolicyRecommendation>;

/** The in-thread runner. */
export const recommendInThread: RunRecommendJob = (request) => recommend(request);

/** What recommendStudy needs besides the study. */
export interface RecommendContext {
  readonly storage: Storage;
  /** The study's parsed space and expanded pool when the service has them cached (else rebuilt here). */
  readonly cached?: { readonly space: SearchSpace; readonly pool?: ExpandedPool };
  readonly createSearchSpace: (spec: SpaceSpec) => SearchSpace;
  readonly run: RunRecommendJob;
  /** Optimizer budget, ms. */
  readonly timeBudgetMs: number;
  /** After this long the job is aborted and the request answers DEADLINE_EXCEEDED, ms. */
  readonly hardLimitMs: number;
  /** Aborted when the service closes. */
  readonly signal: AbortSignal;
}

/** The recommendation of one study, as the wire shows it. */
export async function recommendStudy(study: StoredStudy, ctx: RecommendContext): Promise<Recommendation> {
  requireCompletePool(study);
  const space = ctx.cached?.space ?? ctx.createSearchSpace(study.space);
  let pool = ctx.cached?.pool;
  if (!pool && study.poolRows !== undefined) {
    const stored = await ctx.storage.getPool(study.id);
    if (stored) pool = expandPool(space, stored as CandidatePool);
  }
  const [objective, direction] = Object.entries(study.objectives)[0]!;
  const completed = CompletedCache.from(await ctx.storage.listTrials(study.id, ['completed']), objective).list();
  const request: RecommendRequest = {
    space,
    algorithm: study.algorithm,
    direction,
    completed,
    ...(pool ? { pool: { params: pool.params, row: pool.row } } : {}),
    timeBudgetMs: ctx.timeBudgetMs,
  };
  const r = await withHardLimit(ctx, (signal) => ctx.run({ ...request, signal }));
  const fidelity = targetFidelity(space);
  return {
    params: r.params,
    objective,
    direction,
    predicted: r.mean,
    interval: { lower: r.lower, upper: r.upper, level: 0.95 },
    model: { kind: r.model, observations: r.observations, ...(r.note ? { note: r.note } : {}) },
    ...(fidelity ? { fidelity } : {}),
    ...(r.poolRow !== undefined ? { poolRow: r.poolRow } : {}),
  };
}

/** Runs `job` with a signal that aborts on service close or after hardLimitMs (then DEADLINE_EXCEEDED). */
async function withHardLimit<T>(ctx: RecommendContext, job: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctrl = new AbortController();
  const onClose = () => ctrl.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onClose, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl.abort();
      reject(new BoError('DEADLINE_EXCEEDED', `the recommendation did not finish within ${ctx.hardLimitMs} ms`));
    }, ctx.hardLimitMs);
  });
  try {
    return await Promise.race([job(ctrl.signal), deadline]);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onClose);
  }
}
