/**
 * The compute plane's one seam: the service hands it a study's heavy work as plain data and gets
 * a decision back. In one process it is a pool of worker threads (worker-pool.ts); across machines
 * the same interface can sit on a distributed queue without the service changing.
 */
import type { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { SpaceSpec } from '../../protocol/space.js';
import type { ExpandedPool } from '../../policy/pool.js';
import type { SuggestDecision, SuggestRequest } from '../../policy/types.js';
import type { Recommendation } from '../../policy/recommend.js';
import type { SlicesResult } from '../../policy/slices.js';
import type { Params } from '../../protocol/space.js';
import type { CurveTrial } from '../../policy/pruners/curve-forecast.js';
import type { PartialRunsInput } from '../../policy/pruners/partial-runs.js';
import type { LearningCurveDecision, LearningCurveSettings } from '../../policy/pruners/learning-curve-decide.js';
import type { RuntimeProbe } from './runtime-probe.js';
import type { ParetoSummary } from '../../policy/pareto-summary.js';
import type { OutcomeSpec } from '../../policy/types.js';

/** What a worker needs to rebuild a study's space and policy: JSON (the request's `space` has methods and cannot cross). */
export interface StudySpec {
  readonly space: SpaceSpec;
  readonly algorithm: AlgorithmSpec;
  /** Pool mode: the study's expanded pool (plain arrays; sent to a worker only when it does not hold this object yet). */
  readonly pool?: ExpandedPool;
}

/** One suggest: the policy's request without the parts that cannot cross a thread (space object, signal, callbacks). */
export interface SuggestJob extends Pick<SuggestRequest, 'direction' | 'outcomes' | 'completed' | 'pending' | 'excluded' | 'count' | 'state'> {
  readonly kind: 'suggest';
  readonly spec: StudySpec;
  /** Pruned trials' curves the worker forecasts into observations before the policy runs (policy/pruners/partial-runs.ts). */
  readonly partialRuns?: PartialRunsInput;
  readonly timeBudgetMs: number;
  /** Past this the job's worker is terminated and the job fails with ComputeFailure 'hard-limit', ms. */
  readonly hardLimitMs: number;
}

/** One recommendation (policy/recommend.ts): a fit plus a posterior-mean optimum; reads no policy state and changes none. */
export interface RecommendJob {
  readonly kind: 'recommend';
  readonly spec: StudySpec;
  readonly direction: 'minimize' | 'maximize';
  readonly completed: SuggestRequest['completed'];
  readonly timeBudgetMs: number;
  /** Past this the job's worker is terminated and the job fails with ComputeFailure 'hard-limit', ms. */
  readonly hardLimitMs: number;
}

/** The dashboard's slices (policy/slices.ts): a fit, slices through `incumbent` and importances; reads no policy state. */
export interface SlicesJob extends Omit<RecommendJob, 'kind'> {
  readonly kind: 'slices';
  /** The best completed trial's params: where the slices cross. */
  readonly incumbent: Params;
}

/**
 * One learning-curve pruning decision (policy/pruners/learning-curve-decide.ts): a curve-model fit
 * costs far more than the event loop may spend, so it runs here. Reads no policy state.
 */
export interface PruneJob {
  readonly kind: 'prune';
  readonly spec: StudySpec;
  readonly direction: 'minimize' | 'maximize';
  /** The study's trials with their curves (running, completed and pruned). */
  readonly trials: readonly CurveTrial[];
  /** The running trial that just reported. */
  readonly trialId: string;
  readonly settings: LearningCurveSettings;
  readonly timeBudgetMs: number;
  /** Past this the job's worker is terminated and the job fails with ComputeFailure 'hard-limit', ms. */
  readonly hardLimitMs: number;
}

/**
 * A runtime probe (runtime-probe.ts) at `study:create`: loads the TensorFlow.js backend and the PFN
 * manifest where the fits would run, so the server's event loop never imports TensorFlow.js.
 * `spec.space` plays no part. Belongs to no study.
 */
export interface ProbeJob {
  readonly kind: 'probe';
  readonly spec: StudySpec;
  readonly timeBudgetMs: number;
  /** Past this the job's worker is terminated and the job fails with ComputeFailure 'hard-limit', ms. */
  readonly hardLimitMs: number;
}

/** What `study:pareto` summarises (policy/pareto-summary.ts): told outcome vectors in spec order, and the user's reference point by objective name. */
export interface ParetoInput {
  readonly outcomes: OutcomeSpec;
  readonly vectors: readonly (readonly number[])[];
  readonly referencePoint?: Record<string, number>;
}

/**
 * `study:pareto`'s front and exact hypervolume (about O(n^(m-1) n log n)): too slow for the event
 * loop on large fronts. Reads no policy state; `spec` only routes the job (the queue plane's class).
 */
export interface ParetoJob {
  readonly kind: 'pareto';
  readonly spec: StudySpec;
  readonly pareto: ParetoInput;
  readonly timeBudgetMs: number;
  /** Past this the job's worker is terminated and the job fails with ComputeFailure 'hard-limit', ms. */
  readonly hardLimitMs: number;
}

/** A job of the compute plane. */
export type ComputeJob = SuggestJob | RecommendJob | SlicesJob | PruneJob | ProbeJob | ParetoJob;

/** Progress of one job: a policy stage ('fit', 'acquire', ...) or 'queued' with the queue position (1 = next). */
export interface JobProgress {
  readonly stage: string;
  readonly fraction: number;
  readonly position?: number;
}

/** Per-call hooks: cancellation and progress. */
export interface JobOptions {
  /** Abort: a queued job is dropped, a running one aborted cooperatively (its worker keeps living; the study's next job waits until it ends). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: JobProgress) => void;
}

/** Reason classes of a job that produced no decision (metrics label and diagnostics); 'no-worker': no live remote worker takes the job's class (server/cluster/). */
export type FailureReason = 'hard-limit' | 'worker-crash' | 'policy-error' | 'cancelled' | 'closed' | 'no-worker';

/** Why a job failed; the service turns all but 'cancelled'/'closed' into the space-filling fallback. */
export class ComputeFailure extends Error {
  override readonly name = 'ComputeFailure';
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** The pool's load, for health and metrics. */
export interface PlaneStatus {
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
  readonly restarts: number;
}

/**
 * The compute plane: `suggest(studyId, job) -> decision`, `recommend(studyId, job) -> recommendation`.
 * One job per study runs at a time: the plane keeps a study's next job waiting until its previous
 * one has really ended (a cancelled job may still be finishing in its worker).
 */
export interface ComputePlane {
  /** Runs the job; rejects with ComputeFailure, a policy's BoError (e.g. pool exhausted), or UNAVAILABLE (queue full, retryable). */
  suggest(studyId: string, job: SuggestJob, options?: JobOptions): Promise<SuggestDecision>;
  /** Runs a recommendation; rejects like suggest (a BoError of the job itself, e.g. FAILED_PRECONDITION, crosses as is). */
  recommend(studyId: string, job: RecommendJob, options?: JobOptions): Promise<Recommendation>;
  /** Runs the dashboard's slices of the study's model; rejects like recommend. */
  slices(studyId: string, job: SlicesJob, options?: JobOptions): Promise<SlicesResult>;
  /** Summarises a study's Pareto front (policy/pareto-summary.ts); rejects like recommend. */
  pareto(studyId: string, job: ParetoJob, options?: JobOptions): Promise<ParetoSummary>;
  /** Runs a learning-curve pruning decision; rejects like recommend. */
  prune(studyId: string, job: PruneJob, options?: JobOptions): Promise<LearningCurveDecision>;
  /** Runs a runtime probe where this plane runs the algorithm's fits; a missing backend or weights is FAILED_PRECONDITION at algorithm.surrogate. */
  probe(job: ProbeJob, options?: JobOptions): Promise<RuntimeProbe>;
  /** Drops any cached state of a study (deleted, or its pool changed). */
  forget(studyId: string): void;
  status(): PlaneStatus;
  /** Terminates every worker; queued and running jobs fail with 'closed'. */
  close(): Promise<void>;
}
