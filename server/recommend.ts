/**
 * The service's side of `study:recommend` (issue 14 item 3). The heavy part — the policy job
 * policy/recommend.ts `recommend` (a fit plus an optimizer run) — runs on the compute plane's
 * worker threads (recommendOnPlane: its hard limit terminates the worker), or on this thread with
 * `--compute-workers 0` (recommendInThread: a timer, server/hard-limit.ts).
 *
 * Locking: a recommendation only reads. It takes one snapshot of the completed trials (a single
 * storage read) and never holds the study's write lock, so asks and tells go on during the fit;
 * the answer reflects the trials completed at the read. It never touches the study's runtime
 * (policy state, completed cache): those belong to the ask path under the lock.
 */
import { outcomeSpecOf } from '../policy/outcome-spec.js';
import { BoError } from '../core/errors.js';
import type { SearchSpace } from '../core/space-types.js';
import type { SpaceSpec } from '../protocol/space.js';
import type { Recommendation } from '../protocol/study.js';
import { expandPool, type CandidatePool, type ExpandedPool } from '../policy/pool.js';
import { recommend, targetFidelity, type Recommendation as PolicyRecommendation, type RecommendRequest } from '../policy/recommend.js';
import { CompletedCache } from './completed-cache.js';
import { TRAINING_STATES } from './training-trials.js';
import { ComputeFailure, type ComputePlane, type StudySpec } from './compute/types.js';
import { withHardLimit } from './hard-limit.js';
import { requireCompletePool } from './pool-ops.js';
import type { Storage, StoredStudy, StoredTrial } from './storage/types.js';

/** One recommendation job: the policy's request, what a compute plane needs besides (the study's id and JSON spec), and its limit. */
export interface RecommendJobInput {
  readonly studyId: string;
  readonly spec: StudySpec;
  /** Its signal aborts when the client goes away or the service closes. */
  readonly request: RecommendRequest & { readonly signal: AbortSignal };
  /** Past this the job is stopped and the request answers DEADLINE_EXCEEDED, ms. */
  readonly hardLimitMs: number;
}

/** Runs a recommendation job under its hard limit (DEADLINE_EXCEEDED past it). */
export type RunRecommendJob = (job: RecommendJobInput) => Promise<PolicyRecommendation>;

function deadlineExceeded(hardLimitMs: number, detail = ''): BoError {
  return new BoError('DEADLINE_EXCEEDED', `the recommendation did not finish within ${hardLimitMs} ms${detail}`);
}

/** The in-thread runner (--compute-workers 0): the timer aborts the job's signal but cannot stop a fit that never yields. */
export const recommendInThread: RunRecommendJob = (job) =>
  withHardLimit(job.request.signal, job.hardLimitMs, () => deadlineExceeded(job.hardLimitMs), (signal) => recommend({ ...job.request, signal }));

/** The runner on a compute plane: past the hard limit the worker is terminated and replaced. */
export function recommendOnPlane(compute: ComputePlane): RunRecommendJob {
  return async ({ studyId, spec, request, hardLimitMs }) => {
    const job = { kind: 'recommend' as const, spec, direction: request.direction, completed: request.completed, timeBudgetMs: request.timeBudgetMs ?? 60_000, hardLimitMs };
    try {
      return await compute.recommend(studyId, job, { signal: request.signal });
    } catch (e) {
      throw planeError(e, hardLimitMs, 'the recommendation');
    }
  };
}

/** The wire error of a read-only model job that failed on the compute plane (`what`: 'the recommendation', ...). */
export function planeError(e: unknown, hardLimitMs: number, what: string): unknown {
  if (!(e instanceof ComputeFailure)) return e;
  if (e.reason === 'hard-limit') return new BoError('DEADLINE_EXCEEDED', `${what} did not finish within ${hardLimitMs} ms; its worker was terminated`);
  // A crashed worker is replaced for the next job, and a cancelled job is the caller's: both retryable.
  if (e.reason === 'policy-error') return new BoError('INTERNAL', `${what} failed: ${e.message}`);
  return new BoError('UNAVAILABLE', `${what} was not answered: ${e.message}`);
}

/** What recommendStudy needs besides the study. */
export interface RecommendContext {
  readonly storage: Storage;
  /** The study's parsed space and expanded pool when the service has them cached (else rebuilt here). */
  readonly cached?: { readonly space: SearchSpace; readonly pool?: ExpandedPool };
  readonly createSearchSpace: (spec: SpaceSpec) => SearchSpace;
  readonly run: RunRecommendJob;
  /** Optimizer budget, ms. */
  readonly timeBudgetMs: number;
  /** After this long the job is stopped and the request answers DEADLINE_EXCEEDED, ms. */
  readonly hardLimitMs: number;
  /** Aborted when the client goes away or the service closes. */
  readonly signal: AbortSignal;
}

/** What a model job of one study reads: its space, expanded pool, first objective and completed trials (one storage snapshot). */
export interface ModelInputs {
  readonly space: SearchSpace;
  readonly pool?: ExpandedPool;
  readonly objective: string;
  readonly direction: 'minimize' | 'maximize';
  readonly completedTrials: readonly StoredTrial[];
  readonly request: RecommendJobInput['request'];
  readonly spec: StudySpec;
}

/** Reads what a read-only model job (recommendation, slices) needs; refuses a pool still being uploaded. */
export async function modelInputs(study: StoredStudy, ctx: Omit<RecommendContext, 'run'>): Promise<ModelInputs> {
  requireCompletePool(study);
  if (outcomeSpecOf(study.objectives, study.constraints)) {
    // The posterior-mean optimum of one objective would ignore the other objectives or the constraints.
    throw new BoError('FAILED_PRECONDITION', 'study:recommend models one objective without constraints; this study has several objectives or outcome constraints: use study:pareto (and trial:best for the best feasible trial by the first objective)');
  }
  const space = ctx.cached?.space ?? ctx.createSearchSpace(study.space);
  let pool = ctx.cached?.pool;
  if (!pool && study.poolRows !== undefined) {
    const stored = await ctx.storage.getPool(study.id);
    if (stored) pool = expandPool(space, stored as CandidatePool);
  }
  const [objective, direction] = Object.entries(study.objectives)[0]!;
  const completedTrials = await ctx.storage.listTrials(study.id, TRAINING_STATES);
  const completed = CompletedCache.from(completedTrials, objective).list();
  const request: RecommendJobInput['request'] = {
    space,
    algorithm: study.algorithm,
    direction,
    completed,
    ...(pool ? { pool: { params: pool.params, row: pool.row } } : {}),
    timeBudgetMs: ctx.timeBudgetMs,
    signal: ctx.signal,
  };
  const spec: StudySpec = { space: study.space, algorithm: study.algorithm, ...(pool ? { pool } : {}) };
  return { space, ...(pool ? { pool } : {}), objective, direction, completedTrials, request, spec };
}

/** The recommendation of one study, as the wire shows it. */
export async function recommendStudy(study: StoredStudy, ctx: RecommendContext): Promise<Recommendation> {
  const { space, objective, direction, request, spec } = await modelInputs(study, ctx);
  const r = await ctx.run({ studyId: study.id, spec, request, hardLimitMs: ctx.hardLimitMs });
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
