import type { AlgorithmSpec } from '../protocol/algorithm.js';
import type { Params } from '../protocol/space.js';
import type { SearchSpace } from '../core/space-types.js';
import type { PointLookup } from './point-set.js';

/** A finished trial as the policy sees it: params in user units, the objective as told. */
export interface Observation {
  readonly params: Params;
  readonly value: number;
  /** Fidelity cost actually paid, when the user told one (data-mixture studies). */
  readonly cost?: number;
  /**
   * Known variance of `value` in user units, when the value is a forecast rather than a measurement
   * (a pruned trial's predicted final value); the GP then takes it as heteroscedastic noise (yVar).
   */
  readonly variance?: number;
  /** Multi-outcome studies: every outcome as told, in SuggestRequest.outcomes order (objectives, then constraint metrics). */
  readonly outcomes?: readonly number[];
}

/**
 * The outcomes of a study with several objectives or with outcome constraints, in the order of
 * Observation.outcomes: objectives first (as the study lists them), then constraint metrics.
 */
export interface OutcomeSpec {
  readonly objectives: readonly { readonly name: string; readonly direction: 'minimize' | 'maximize' }[];
  readonly constraints: readonly { readonly name: string; readonly min?: number; readonly max?: number }[];
}

export interface SuggestRequest {
  readonly space: SearchSpace;
  readonly algorithm: AlgorithmSpec;
  /** Direction of the (first) objective being optimized. */
  readonly direction: 'minimize' | 'maximize';
  /** Several objectives or outcome constraints (policy/mo-policy.ts); absent: one objective, `value` only. */
  readonly outcomes?: OutcomeSpec;
  readonly completed: readonly Observation[];
  /**
   * The encoded rows of `completed` (space.encode of each params), kept by the caller across asks so
   * the cheap phases skip taken points without re-encoding the whole history; absent: encoded here.
   */
  readonly completedPoints?: PointLookup;
  /** Running trials: their points must not be suggested again. */
  readonly pending: readonly Params[];
  /**
   * Finished trials the model does not learn from whose points must not be suggested again either:
   * pruned trials (server/training-trials.ts). Unlike pending points they are not fantasized by
   * batch acquisitions; they count in the space-filling sequence index and are avoided as repeats.
   */
  readonly excluded?: readonly Params[];
  /** How many suggestions to return (>= 1). */
  readonly count: number;
  /** The previous decision's state (warm start), if any. */
  readonly state?: PolicyState;
  readonly signal?: AbortSignal;
  /** Wall-clock budget for the whole suggest, ms. */
  readonly timeBudgetMs?: number;
  readonly onProgress?: (p: { stage: string; fraction: number }) => void;
}

/** JSON-serializable state the service stores between asks. */
export interface PolicyState {
  readonly surrogate?: { readonly kind: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface Diagnostics {
  /** 'initial-design' | 'model' | 'fallback' ... */
  readonly phase: string;
  readonly fallbackReason?: string;
  readonly fitMs?: number;
  readonly acquireMs?: number;
  readonly [key: string]: unknown;
}

export interface SuggestDecision {
  readonly suggestions: Params[];
  readonly state: PolicyState;
  readonly diagnostics: Diagnostics;
}

/** Decides where to look next; never does I/O (the service persists). */
export interface Policy {
  suggest(request: SuggestRequest): Promise<SuggestDecision>;
}
