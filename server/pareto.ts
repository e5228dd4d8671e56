/**
 * The study's Pareto front for `study:pareto` and the feasibility-aware `best`, from stored
 * trials: outcome vectors via policy/outcome-spec.ts, the front and hypervolume via
 * policy/pareto-summary.ts (the numbers the policy reports in its diagnostics).
 */
import type { ParetoFront } from '../protocol/pareto.js';
import type { Direction } from '../protocol/study.js';
import { infeasibility, isFeasibleOutcome, outcomeVector } from '../policy/outcome-spec.js';
import { paretoSummary, type ParetoSummary } from '../policy/pareto-summary.js';
import type { ParetoInput } from './compute/types.js';
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

/** The told completed trials in trial-number order and what the summary reads of them (ParetoInput; it crosses to a compute worker as is). */
export interface ParetoTold {
  readonly told: readonly { readonly t: StoredTrial; readonly v: number[] }[];
  readonly input: ParetoInput;
}

/** What paretoSummary needs of `completed` (the study's completed trials that count: target level in fidelity studies). */
export function paretoTold(study: StoredStudy, completed: readonly StoredTrial[]): ParetoTold {
  const spec = studyOutcomes(study);
  const told = completed.flatMap((t) => {
    const v = t.state === 'completed' ? outcomeVector(spec, t.values) : undefined;
    return v ? [{ t, v }] : [];
  });
  told.sort((a, b) => a.t.number - b.t.number);
  const ref = study.algorithm.referencePoint;
  return { told, input: { outcomes: spec, vectors: told.map((x) => x.v), ...(ref ? { referencePoint: ref } : {}) } };
}

/** The wire's ParetoFront of the told trials and their summary (computed here or in a compute worker). */
export function paretoFrontOf(study: StoredStudy, { told, input }: ParetoTold, s: ParetoSummary): ParetoFront {
  const spec = input.outcomes;
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

/** The Pareto front of `completed`, computed on this thread (the service without a compute plane). */
export function paretoOf(study: StoredStudy, completed: readonly StoredTrial[]): ParetoFront {
  const told = paretoTold(study, completed);
  const { outcomes, vectors, referencePoint } = told.input;
  return paretoFrontOf(study, told, paretoSummary(outcomes, vectors, referencePoint));
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
