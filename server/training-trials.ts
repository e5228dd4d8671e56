/**
 * Which finished trials the surrogate learns from: the one place that decides it (the service's
 * completed-trials cache loads and extends itself through these).
 *
 * Completed trials only, for now: a pruned trial's kept value is a partial-run value (the curve at
 * the step where it stopped), not comparable with a final one, so feeding it as if it were final
 * would teach the model that bad configurations are better than they are. Under a `learning-curve`
 * pruner a pruned trial enters instead as its forecast final value with the forecast's variance,
 * added where the suggest runs (server/partial-runs-input.ts, policy/pruners/partial-runs.ts).
 */
import type { TrialState } from '../protocol/study.js';
import type { StoredTrial } from './storage/types.js';

/** States whose trials become training observations. */
export const TRAINING_STATES: readonly TrialState[] = ['completed'];

/** Whether a finished trial feeds the surrogate. */
export function isTrainingTrial(t: StoredTrial): boolean {
  return TRAINING_STATES.includes(t.state);
}
