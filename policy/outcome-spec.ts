/**
 * A study's outcomes as the multi-outcome policy sees them (policy/types.ts OutcomeSpec): built
 * from the wire's objectives and constraints, and the vector of one told trial in that order.
 */
import type { Constraints, Direction } from '../protocol/study.js';
import type { OutcomeSpec } from './types.js';

/** The outcome spec of a study, or undefined for one objective without constraints (the single-objective policies). */
export function outcomeSpecOf(objectives: Record<string, Direction>, constraints: Constraints | undefined): OutcomeSpec | undefined {
  const cons = Object.entries(constraints ?? {});
  if (Object.keys(objectives).length < 2 && cons.length === 0) return undefined;
  return {
    objectives: Object.entries(objectives).map(([name, direction]) => ({ name, direction })),
    constraints: cons.map(([name, b]) => ({ name, ...(b.min !== undefined ? { min: b.min } : {}), ...(b.max !== undefined ? { max: b.max } : {}) })),
  };
}

/** Every outcome of a told trial in spec order, or undefined when one is missing or not finite. */
export function outcomeVector(spec: OutcomeSpec, values: Record<string, number> | undefined): number[] | undefined {
  if (!values) return undefined;
  const out: number[] = [];
  for (const { name } of [...spec.objectives, ...spec.constraints]) {
    const v = values[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    out.push(v);
  }
  return out;
}

/** Whether told outcomes meet every constraint (bounds inclusive). */
export function isFeasibleOutcome(spec: OutcomeSpec, outcomes: readonly number[]): boolean {
  const m = spec.objectives.length;
  return spec.constraints.every((c, j) => (c.min === undefined || outcomes[m + j] >= c.min) && (c.max === undefined || outcomes[m + j] <= c.max));
}

/** How far told outcomes are from feasible: Σ over bounds of the violation in units of the bound's |value| (at least 1). 0 when feasible. */
export function infeasibility(spec: OutcomeSpec, outcomes: readonly number[]): number {
  const m = spec.objectives.length;
  let total = 0;
  spec.constraints.forEach((c, j) => {
    const v = outcomes[m + j];
    if (c.max !== undefined && v > c.max) total += (v - c.max) / Math.max(Math.abs(c.max), 1);
    if (c.min !== undefined && v < c.min) total += (c.min - v) / Math.max(Math.abs(c.min), 1);
  });
  return total;
}
