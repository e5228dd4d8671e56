/**
 * The study's Pareto front for `study:pareto` and the feasibility-aware `best`, from stored
 * trials: outcome vectors via policy/outcome-spec.ts, the front and hypervolume via
 * policy/pareto-summary.ts (the numbers the policy reports in its diagnostics).
 */
import type { ParetoFront } from '../protocol/pareto.js';
import type { Direction } from '../protocol/study.js';
import { infeasibility, isFeasibleOutcome, outcomeVector } from '../policy/outcome-spec.js';
import { paretoSummary } from '../policy/pareto-summary.js';
import type { OutcomeSpec } from '../policy/types.js';
import type { StoredStudy, StoredTrial } from './storage/types.js';
import { bestTrial, trialView } from './views.js';

/** Every objective and constraint of a study as an OutcomeSpec (also for one objective without constraints). */
export function studyOutcomes(study: Pick<StoredStudy, 'objectives' | 'constraints'>): OutcomeSpec {
  return {
    objectives: Object.entries(study.objectives).map(([name, direction]) => ({ name, direction })),
    constraints: Object.entries(study.constraints ?? {}).map(([name, b]) => ({ name, ...b })),
  };
}

/** What a tell's `values` must name: every objective and every constraint metric (validation.ts validateValues). */
export function toldMetrics(study: Pick<StoredStudy, 'objectives' | 'constraints'>): Record<string, unknown> {
  return { ...study.objectives, ...(study.constraints ?? {}) };
}

/** The Pareto front of `completed` (the study's completed trials that count: target level in fidelity studies). */
export function paretoOf(study: StoredStudy, completed: readonly StoredTrial[]): ParetoFront {
  const spec = studyOutcomes(study);
  const told = completed.flatMap((t) => {
    const v = t.state === 'completed' ? outcomeVector(spec, t.values) : undefined;
    return v ? [{ t, v }] : [];
  });
  told.sort((a, b) => a.t.number - b.t.number);
  const s = paretoSummary(spec, told.map((x) => x.v), study.algorithm.referencePoint);
  const out: ParetoFront = {
    objectives: study.objectives as Record<string, Direction>,
    trials: s.front.map((i) => trialView(told[i].t)),
    hypervolume: s.hypervolume,
    ...(s.referencePoint ? { referencePoint: s.referencePoint, referencePointSource: s.referencePointSource } : {}),
    completed: told.length,
    feasible: s.feasible.length,
  };
  if (told.length === 0) return { ...out, note: 'no completed trial with every objective and constraint metric yet' };
  if (s.feasible.length === 0) {
    let least = told[0];
    for (const x of told) if (infeasibility(spec, x.v) < infeasibility(spec, least.v)) least = x;
    return { ...out, leastInfeasible: trialView(least.t), note: 'no completed trial meets every outcome constraint' };
  }
  return out;
}

/** `best` of a study: the best feasible completed trial by the first objective (all trials when there are no constraints), or null. */
export function bestFeasible(study: StoredStudy, completed: readonly StoredTrial[]): StoredTrial | null {
  if (!study.constraints || Object.keys(study.constraints).length === 0) return bestTrial(completed, study.objectives);
  const spec = studyOutcomes(study);
  return bestTrial(
    completed.filter((t) => {
      const v = outcomeVector(spec, t.values);
      return v !== undefined && isFeasibleOutcome(spec, v);
    }),
    study.objectives,
  );
}
