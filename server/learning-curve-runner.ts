/**
 * Where a study's learning-curve pruner decisions run: on the compute plane (a 'prune' job) when
 * the service has one, so a curve-model fit never blocks the event loop; in this thread otherwise
 * (a service built without a plane, as in tests, runs its suggests here too).
 */
import { createSearchSpace } from '../core/search-space.js';
import { inProcessRunner, type LearningCurveRunner } from '../policy/pruners/learning-curve-pruner.js';
import type { ComputePlane } from './compute/types.js';
import type { StoredStudy } from './storage/types.js';

/** A decision's soft budget and the hard limit past which its worker is terminated, ms. */
export const PRUNE_TIME_BUDGET_MS = 10_000;
export const PRUNE_HARD_LIMIT_MS = 60_000;

/** The runner for one study's learning-curve pruner. */
export function learningCurveRunner(study: StoredStudy, compute: ComputePlane | undefined): LearningCurveRunner {
  if (!compute) return inProcessRunner(createSearchSpace(study.space));
  return (job, signal) =>
    compute.prune(
      study.id,
      { kind: 'prune', spec: { space: study.space, algorithm: study.algorithm }, ...job, timeBudgetMs: PRUNE_TIME_BUDGET_MS, hardLimitMs: PRUNE_HARD_LIMIT_MS },
      signal ? { signal } : {},
    );
}
