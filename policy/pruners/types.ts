/**
 * The pruner seam: a pruner decides, from learning curves, whether a trial that just reported an
 * intermediate value should stop. Pruners are pure (no I/O); the service gathers the context
 * (server/report.ts) and persists the decision with the reported point.
 */
import type { IntermediateValue, PruneDecision } from '../../protocol/pruner.js';
import type { Params } from '../../protocol/space.js';
import type { Direction, TrialState } from '../../protocol/study.js';

export type { IntermediateValue, PruneDecision } from '../../protocol/pruner.js';

/** One trial as a pruner sees it. */
export interface PrunerTrial {
  readonly id: string;
  /** 0-based trial number (Hyperband's bracket assignment hashes it). */
  readonly number: number;
  readonly state: TrialState;
  /** Its reported intermediate values, sorted by step (possibly empty). */
  readonly curve: readonly IntermediateValue[];
  /** Its final value of the objective: told (completed) or kept (pruned); absent otherwise. */
  readonly value?: number;
  /** Its parameters (the learning-curve pruner's model relates curves through them). */
  readonly params?: Params;
}

/** Everything a decision may read. */
export interface PruneContext {
  /** The study: Hyperband hashes `<name>_<number>` as Optuna does, so brackets match Optuna's for the same names. */
  readonly study: { readonly id: string; readonly name: string };
  /** Direction of the (single) objective the curve measures. */
  readonly direction: Direction;
  /** The reporting trial, its curve including the point just reported. */
  readonly trial: PrunerTrial;
  /** The step just reported. */
  readonly step: number;
  /**
   * Every other trial of the study (any state), with the part of its curve that history() asked
   * for (all of it, or only the points at the steps named); empty when history() said 'none'.
   */
  readonly others: readonly PrunerTrial[];
  /** Aborts a slow (model-based) decision; the service then answers without pruning and says so. */
  readonly signal?: AbortSignal;
}

/**
 * What a decision reads of the other trials: nothing, their points at some steps only, or whole
 * curves. Reading every curve of a big study costs O(trials x steps) per report (about 100 ms for
 * 20,000 points on SQLite here, benchmarks/RESULTS.md), so a pruner asks only for what it uses.
 */
export type HistoryNeed = { readonly kind: 'none' } | { readonly kind: 'steps'; readonly steps: readonly number[] } | { readonly kind: 'all' };

/**
 * A pruner of one study, built once from its spec (registry.ts). `decide` may be async: a
 * model-based pruner (learning-curve) fits on the compute plane.
 */
export interface Pruner {
  /** The wire kind (protocol/pruner.ts PrunerSpec `type`). */
  readonly kind: string;
  /** What decide() will read of the other trials for this report (`query.trial`: with the new point). */
  history(query: HistoryQuery): HistoryNeed;
  decide(ctx: PruneContext): PruneDecision | Promise<PruneDecision>;
}

/** The context of a decision before the other trials are read. */
export type HistoryQuery = Omit<PruneContext, 'others' | 'signal'>;

/** HistoryNeed 'none'. */
export const NO_HISTORY: HistoryNeed = { kind: 'none' };

/** Sign that turns the direction into minimisation: sign·v smaller is better. */
export function minimizeSign(direction: Direction): 1 | -1 {
  return direction === 'minimize' ? 1 : -1;
}

/** The value a curve holds at exactly `step`, or undefined. Curves are short: a linear scan. */
export function valueAt(curve: readonly IntermediateValue[], step: number): number | undefined {
  return curve.find((p) => p.step === step)?.value;
}

/** The point at the smallest step >= `step` (an ASHA rung's score), or undefined when the curve never got there. */
export function firstAtOrAfter(curve: readonly IntermediateValue[], step: number): IntermediateValue | undefined {
  let best: IntermediateValue | undefined;
  for (const p of curve) if (p.step >= step && (best === undefined || p.step < best.step)) best = p;
  return best;
}
