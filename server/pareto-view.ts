/**
 * The service's side of `study:pareto`: the front's exact hypervolume grows about cubically with
 * the front (0.47 s for 300 points with 4 objectives), so it runs on the compute plane's workers
 * (paretoOnPlane), or on this thread with `--compute-workers 0` (paretoInThread), which runs every
 * job on the event loop anyway. Read-only: one snapshot of the completed trials, no study lock.
 */
import { paretoSummary, type ParetoSummary } from '../policy/pareto-summary.js';
import type { ParetoFront } from '../protocol/pareto.js';
import type { ComputePlane, ParetoInput, StudySpec } from './compute/types.js';
import { paretoFrontOf, paretoTold } from './pareto.js';
import { planeError } from './recommend.js';
import type { StoredStudy, StoredTrial } from './storage/types.js';
import { StudyMemo } from './study-memo.js';

/** One summary job: what it reads, where it runs and its limits. */
export interface ParetoJobInput {
  readonly studyId: string;
  /** Routes the job on a queue plane (its class); the summary reads none of it. */
  readonly spec: StudySpec;
  readonly input: ParetoInput;
  readonly timeBudgetMs: number;
  readonly hardLimitMs: number;
  readonly signal?: AbortSignal;
}

/** Computes one Pareto summary. */
export type RunParetoJob = (job: ParetoJobInput) => Promise<ParetoSummary>;

/** The in-thread runner (--compute-workers 0): synchronous, like every job of a service without workers. */
export const paretoInThread: RunParetoJob = async ({ input }) => paretoSummary(input.outcomes, input.vectors, input.referencePoint);

/** The runner on a compute plane: past the hard limit the worker is terminated and replaced (DEADLINE_EXCEEDED). */
export function paretoOnPlane(compute: ComputePlane): RunParetoJob {
  return async ({ studyId, spec, input, timeBudgetMs, hardLimitMs, signal }) => {
    try {
      return await compute.pareto(studyId, { kind: 'pareto', spec, pareto: input, timeBudgetMs, hardLimitMs }, signal ? { signal } : {});
    } catch (e) {
      throw planeError(e, hardLimitMs, 'the Pareto front');
    }
  };
}

/**
 * The last Pareto summaries of recently viewed studies. A summary depends on the study's completed
 * trials, which only grow (so their count identifies them, with the study's creation time should
 * a deleted study's id be reused), and on the user's reference point. The summary is kept rather
 * than the ParetoFront, so the trials it shows are always read fresh.
 */
export class ParetoMemo extends StudyMemo<ParetoSummary> {}

/** What studyPareto needs besides the study and its trials. */
export interface ParetoContext {
  readonly run: RunParetoJob;
  readonly memo?: ParetoMemo;
  readonly timeBudgetMs: number;
  readonly hardLimitMs: number;
  readonly signal?: AbortSignal;
}

/**
 * The Pareto front of a study: `completed` are all its completed trials (the memo's key counts
 * them), `counted` those the front is over (target level in fidelity studies).
 */
export async function studyPareto(study: StoredStudy, completed: readonly StoredTrial[], counted: readonly StoredTrial[], ctx: ParetoContext): Promise<ParetoFront> {
  const told = paretoTold(study, counted);
  const key = `${study.createdAt}#${completed.length}#${JSON.stringify(told.input.referencePoint ?? null)}`;
  let summary = ctx.memo?.get(study.id, key);
  if (!summary) {
    const { timeBudgetMs, hardLimitMs, signal } = ctx;
    summary = await ctx.run({ studyId: study.id, spec: { space: study.space, algorithm: study.algorithm }, input: told.input, timeBudgetMs, hardLimitMs, ...(signal ? { signal } : {}) });
    ctx.memo?.set(study.id, key, summary);
  }
  return paretoFrontOf(study, told, summary);
}
