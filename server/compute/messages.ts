/** The messages between the pool (main thread) and a compute worker. */
import type { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { FieldIssue } from '../../protocol/errors.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';
import type { ExpandedPool } from '../../policy/pool.js';
import type { OutcomeSpec, PolicyState, SuggestDecision } from '../../policy/types.js';
import type { Recommendation } from '../../policy/recommend.js';
import type { SlicesResult } from '../../policy/slices.js';
import type { ObservationColumns } from './observation-codec.js';
import type { LearningCurveDecision } from '../../policy/pruners/learning-curve-decide.js';
import type { ParetoInput, PruneJob } from './types.js';
import type { ParetoSummary } from '../../policy/pareto-summary.js';
import type { PartialRunsInput } from '../../policy/pruners/partial-runs.js';
import type { RuntimeProbe } from './runtime-probe.js';

/** Main -> worker: run one job. Big parts (pool, state) are left out when the worker already holds them. */
export interface JobMessage {
  readonly type: 'job';
  readonly jobId: number;
  /** 'recommend', 'slices' and 'prune' read the study's spec (and observations or curves) only: no state, pending or count are used. */
  readonly kind: 'suggest' | 'recommend' | 'slices' | 'prune' | 'probe' | 'pareto';
  /** The 'prune' job's curves and settings. */
  readonly prune?: Pick<PruneJob, 'trials' | 'trialId' | 'settings'>;
  readonly studyId: string;
  /** Identifies space + algorithm + pool version: a worker holding another key rebuilds the policy. */
  readonly specKey: string;
  readonly space: SpaceSpec;
  readonly algorithm: AlgorithmSpec;
  /** Present when the study has a pool and the worker does not hold this specKey. */
  readonly pool?: ExpandedPool;
  /** Tag of the warm-start state the job uses (0: none). */
  readonly stateTag: number;
  /** Present unless the worker already holds stateTag. */
  readonly state?: PolicyState;
  /** Tag the worker gives the state it returns (it keeps it as the study's current state). */
  readonly resultTag: number;
  readonly direction: 'minimize' | 'maximize';
  /** Multi-outcome studies (policy/types.ts OutcomeSpec). */
  readonly outcomes?: OutcomeSpec;
  readonly observations: ObservationColumns;
  readonly pending: readonly Params[];
  /** 'pareto': what the summary reads (no space, policy or observations). */
  readonly pareto?: ParetoInput;
  /** 'slices': the params the slices cross. */
  readonly incumbent?: Params;
  /** SuggestRequest.excluded (pruned trials' points); absent: none. */
  readonly excluded?: readonly Params[];
  /** Suggest: pruned trials' curves to forecast into observations (SuggestJob.partialRuns); absent: none. */
  readonly partialRuns?: PartialRunsInput;

  readonly count: number;
  readonly timeBudgetMs: number;
  /** Studies the worker must drop first (the pool mirrors each worker's LRU, so both agree on what is held). */
  readonly evict: readonly string[];
}

/** Main -> worker: abort a running job cooperatively (its signal fires). */
export interface AbortMessage {
  readonly type: 'abort';
  readonly jobId: number;
}

/** Main -> worker. */
export type ToWorker = JobMessage | AbortMessage;

/** An error as data (Error objects lose their class crossing threads). */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly issues?: FieldIssue[];
}

/** Worker -> main. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly jobId: number; readonly stage: string; readonly fraction: number }
  | { readonly type: 'done'; readonly jobId: number; readonly result: SuggestDecision | Recommendation | SlicesResult | LearningCurveDecision | RuntimeProbe | ParetoSummary }
  | { readonly type: 'failed'; readonly jobId: number; readonly error: ErrorData };
