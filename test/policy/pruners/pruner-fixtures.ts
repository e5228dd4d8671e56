/** Builders of pruner contexts for the pruner tests. */
import type { TrialState } from '../../../protocol/study.js';
import type { PruneContext, PrunerTrial } from '../../../policy/pruners/types.js';

/** A trial whose curve holds `values` at `steps` (default 0, 1, 2...). */
export function trial(number: number, state: TrialState, values: readonly number[], steps?: readonly number[]): PrunerTrial {
  const curve = values.map((value, i) => ({ step: steps ? steps[i]! : i, value }));
  return { id: `t${number}`, number, state, curve, ...(state === 'completed' || state === 'pruned' ? { value: values.at(-1)! } : {}) };
}

/** The context of `self` reporting its last point, among `others`. */
export function ctx(self: PrunerTrial, others: readonly PrunerTrial[], direction: 'minimize' | 'maximize' = 'minimize', name = 'study'): PruneContext {
  return { study: { id: 's', name }, direction, trial: self, step: self.curve.at(-1)!.step, others };
}

/** The same trial with every value negated (a maximize twin of a minimize case). */
export function negated(t: PrunerTrial): PrunerTrial {
  return { ...t, curve: t.curve.map((p) => ({ step: p.step, value: -p.value })), ...(t.value !== undefined ? { value: -t.value } : {}) };
}
