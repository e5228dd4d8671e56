/**
 * The service's side of `study:slices` (issue 23, the dashboard's surrogate view): the policy job
 * policy/slices.ts runs on the compute plane's workers (slicesOnPlane), or on this thread with
 * `--compute-workers 0` (slicesInThread, under a timer). Read-only like study:recommend
 * (server/recommend.ts): one snapshot of the completed trials, no study lock, no runtime changes.
 */
import { BoError } from '../core/errors.js';
import type { Params } from '../protocol/space.js';
import type { StudySlices } from '../protocol/slices.js';
import { targetFidelity } from '../policy/recommend.js';
import { slices, type SlicesResult } from '../policy/slices.js';
import type { ComputePlane } from './compute/types.js';
import { withHardLimit } from './hard-limit.js';
import { StudyMemo } from './study-memo.js';
import { modelInputs, planeError, type RecommendContext, type RecommendJobInput } from './recommend.js';
import type { StoredStudy } from './storage/types.js';
import { bestTrial } from './views.js';

/** One slices job: a recommendation job's input plus the incumbent's params. */
export interface SlicesJobInput extends RecommendJobInput {
  readonly incumbent: Params;
}

/** Runs a slices job under its hard limit (DEADLINE_EXCEEDED past it). */
export type RunSlicesJob = (job: SlicesJobInput) => Promise<SlicesResult>;

/** The in-thread runner (--compute-workers 0): the timer aborts the job's signal but cannot stop a fit that never yields. */
export const slicesInThread: RunSlicesJob = (job) =>
  withHardLimit(job.request.signal, job.hardLimitMs, () => new BoError('DEADLINE_EXCEEDED', `the slices did not finish within ${job.hardLimitMs} ms`), (signal) =>
    slices({ ...job.request, incumbent: job.incumbent, signal }),
  );

/** The runner on a compute plane: past the hard limit the worker is terminated and replaced. */
export function slicesOnPlane(compute: ComputePlane): RunSlicesJob {
  return async ({ studyId, spec, request, hardLimitMs, incumbent }) => {
    const job = { kind: 'slices' as const, spec, direction: request.direction, completed: request.completed, incumbent, timeBudgetMs: request.timeBudgetMs ?? 60_000, hardLimitMs };
    try {
      return await compute.slices(studyId, job, { signal: request.signal });
    } catch (e) {
      throw planeError(e, hardLimitMs, 'the slices');
    }
  };
}

/** What studySlices needs: a recommendation's context with the slices runner, and the service's memo. */
export type SlicesContext = Omit<RecommendContext, 'run'> & { readonly run: RunSlicesJob; readonly memo?: SlicesMemo };

/**
 * The last slices of recently viewed studies (study-memo.ts). The completed trials of a study only
 * grow, so their count identifies them (with the study's creation time, should a deleted study's
 * id be reused).
 */
export class SlicesMemo extends StudyMemo<StudySlices> {}

/**
 * The slices of one study through its best completed trial (at the target fidelity in fidelity
 * studies, as trial:best picks it), as the wire shows them.
 */
export async function studySlices(study: StoredStudy, ctx: SlicesContext): Promise<StudySlices> {
  const { space, objective, direction, completedTrials, request, spec } = await modelInputs(study, ctx);
  const key = `${study.createdAt}#${completedTrials.length}`;
  const kept = ctx.memo?.get(study.id, key);
  if (kept) return kept;
  const fidelity = targetFidelity(space);
  const best = bestTrial(fidelity ? completedTrials.filter((t) => t.params[fidelity.name] === fidelity.value) : completedTrials, study.objectives);
  if (!best) {
    const where = fidelity ? ` at the target fidelity ${fidelity.name}=${JSON.stringify(fidelity.value)}` : '';
    throw new BoError('FAILED_PRECONDITION', `slices need a completed trial${where} to cross at; the study has none yet`, [{ path: ['studyId'], message: 'no incumbent yet' }]);
  }
  const r = await ctx.run({ studyId: study.id, spec, request, hardLimitMs: ctx.hardLimitMs, incumbent: best.params as Params });
  const answer: StudySlices = {
    objective,
    direction,
    incumbent: { trialId: best.id, number: best.number, params: best.params, value: best.values![objective]! },
    atIncumbent: r.atIncumbent,
    slices: r.slices,
    importance: r.importance,
    skipped: r.skipped,
    model: { kind: r.model, observations: r.observations, ...(r.note ? { note: r.note } : {}) },
    ...(fidelity ? { fidelity } : {}),
  };
  ctx.memo?.set(study.id, key, answer);
  return answer;
}
