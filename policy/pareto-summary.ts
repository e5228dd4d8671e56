/**
 * The observed Pareto front of a multi-objective study in USER units: the feasible completed
 * trials no other feasible trial dominates (each objective in its own direction), the reference
 * point (the user's, or inferred as Ax does from the feasible front) and the hypervolume the
 * front dominates above it. One function, used by the policy's diagnostics and the server's
 * `study:pareto`, so both report the same numbers.
 */
import { fromRows } from '../core/matrix.js';
import { hypervolume } from '../core/pareto/hypervolume.js';
import { paretoFront } from '../core/pareto/nondominated.js';
import { inferReferencePoint } from '../core/pareto/reference-point.js';
import { isFeasibleOutcome } from './outcome-spec.js';
import type { OutcomeSpec } from './types.js';

/** The front of a set of told outcome vectors. */
export interface ParetoSummary {
  /** Indices (into the given outcome vectors) of the non-dominated feasible ones, in input order. */
  readonly front: number[];
  /** Indices of the feasible ones. */
  readonly feasible: number[];
  /** Objective name -> value of the reference point (user units); absent when nothing is feasible and none was given. */
  readonly referencePoint?: Record<string, number>;
  readonly referencePointSource?: 'user' | 'inferred';
  /** Hypervolume of the feasible trials above the reference point (objective units multiplied); 0 when none. */
  readonly hypervolume: number;
}

/** Signs that turn each objective into a maximized one. */
export function objectiveSigns(spec: OutcomeSpec): number[] {
  return spec.objectives.map((o) => (o.direction === 'minimize' ? -1 : 1));
}

/** The Pareto summary of outcome vectors (spec order); `userReference` by objective name, when the study has one. */
export function paretoSummary(spec: OutcomeSpec, outcomes: readonly (readonly number[])[], userReference?: Record<string, number>): ParetoSummary {
  const signs = objectiveSigns(spec);
  const m = signs.length;
  const feasible = outcomes.flatMap((o, i) => (isFeasibleOutcome(spec, o) ? [i] : []));
  const Y = fromRows(feasible.map((i) => signs.map((s, k) => s * outcomes[i][k])), m);
  const front = paretoFront(Y).indices.map((r) => feasible[r]);
  let ref: number[] | undefined;
  let source: ParetoSummary['referencePointSource'];
  if (userReference) {
    ref = spec.objectives.map((o, k) => signs[k] * userReference[o.name]);
    source = 'user';
  } else if (feasible.length > 0) {
    ref = Array.from(inferReferencePoint(Y));
    source = 'inferred';
  }
  return {
    front,
    feasible,
    ...(ref ? { referencePoint: Object.fromEntries(spec.objectives.map((o, k) => [o.name, signs[k] * ref![k]])), referencePointSource: source } : {}),
    hypervolume: ref && feasible.length > 0 ? hypervolume(Y, ref) : 0,
  };
}
