import { encodeObservations } from './observation-codec.js';
import type { JobMessage } from './messages.js';
import type { StudyLru } from './study-lru.js';
import type { ComputeJob, ParetoJob, ProbeJob } from './types.js';

/** What jobMessage needs: the job, the worker's held mirror and the pool's object tags. */
export interface JobMessageInput {
  readonly jobId: number;
  readonly studyId: string;
  readonly job: ComputeJob;
  /** The pool's mirror of what the worker holds; updated to what it will hold after this job. */
  readonly held: StudyLru;
  /** The pool's tag of a state or pool object (stable per object, so an unchanged one is recognised). */
  readonly tag: (o: object) => number;
  /** The tag the worker gives the state a suggest returns. */
  readonly resultTag: number;
}

/**
 * The message of one job for one worker. Big parts cross only when the worker lacks them: the pool
 * when the worker holds another spec key (space + algorithm + pool version) of the study, the
 * state when it holds another state tag. A recommendation or prune leaves the held state alone, so the
 * mirror keeps the tag the worker has.
 */
export function jobMessage({ jobId, studyId, job, held, tag, resultTag }: JobMessageInput): JobMessage {
  if (job.kind === 'probe') return probeMessage(jobId, studyId, job);
  if (job.kind === 'pareto') return paretoMessage(jobId, studyId, job);
  const poolTag = job.spec.pool ? tag(job.spec.pool) : 0;
  const specKey = JSON.stringify([job.spec.space, job.spec.algorithm]) + (poolTag ? `#${poolTag}+pool` : '');
  const had = held.get(studyId);
  const suggest = job.kind === 'suggest' ? job : undefined;
  const stateTag = suggest ? (suggest.state ? tag(suggest.state) : 0) : had?.specKey === specKey ? had.stateTag : 0;
  const evict = held.set(studyId, { specKey, stateTag });
  return {
    type: 'job',
    jobId,
    kind: job.kind,
    studyId,
    specKey,
    space: job.spec.space,
    algorithm: job.spec.algorithm,
    ...(job.spec.pool && had?.specKey !== specKey ? { pool: job.spec.pool } : {}),
    stateTag,
    ...(suggest?.state && !(had?.specKey === specKey && had.stateTag === stateTag) ? { state: suggest.state } : {}),
    resultTag,
    direction: job.direction,
    ...(suggest?.outcomes ? { outcomes: suggest.outcomes } : {}),
    observations: encodeObservations(job.kind === 'prune' ? [] : job.completed),
    ...(job.kind === 'prune' ? { prune: { trials: job.trials, trialId: job.trialId, settings: job.settings } } : {}),
    pending: suggest?.pending ?? [],
    ...(job.kind === 'slices' ? { incumbent: job.incumbent } : {}),
    ...(suggest?.excluded && suggest.excluded.length > 0 ? { excluded: suggest.excluded } : {}),
    ...(suggest?.partialRuns ? { partialRuns: suggest.partialRuns } : {}),
    count: suggest?.count ?? 0,
    timeBudgetMs: job.timeBudgetMs,
    evict,
  };
}

/** A probe's message: it belongs to no study, so the worker's held studies (and the pool's mirror of them) stay as they are. */
function probeMessage(jobId: number, studyId: string, job: ProbeJob): JobMessage {
  const { space, algorithm } = job.spec;
  return { type: 'job', jobId, kind: 'probe', studyId, specKey: '', space, algorithm, stateTag: 0, resultTag: 0, direction: 'maximize', observations: encodeObservations([]), pending: [], count: 0, timeBudgetMs: job.timeBudgetMs, evict: [] };
}

/** A Pareto summary's message: it reads no space, policy or state, so the worker's held studies (and the pool's mirror of them) stay as they are. */
function paretoMessage(jobId: number, studyId: string, job: ParetoJob): JobMessage {
  const { space, algorithm } = job.spec;
  return { type: 'job', jobId, kind: 'pareto', studyId, specKey: '', space, algorithm, stateTag: 0, resultTag: 0, direction: 'maximize', observations: encodeObservations([]), pending: [], pareto: job.pareto, count: 0, timeBudgetMs: job.timeBudgetMs, evict: [] };
}
