/**
 * Conditional parameters (`when: {parent: [values...]}`): which parameters of a space are active.
 *
 * A parameter is active when it has no `when`, or when every parent it names is active and takes
 * one of the listed values (several keys: all must hold). Parents are categorical or int
 * parameters; a parent may itself be conditional (nesting), so activity is evaluated in a
 * topological order, parents first. Pure: no I/O.
 */
import type { FieldIssue } from '../protocol/errors.js';
import type { ParamSpec, SpaceSpec } from '../protocol/space.js';

/** Why a conditional parameter is inactive, for error messages. */
export interface Inactivity {
  readonly parent: string;
  readonly reason: 'parent-inactive' | 'value';
  readonly allowed: readonly unknown[];
}

/** The condition structure of one validated space. */
export interface Conditions {
  /** True when some parameter has a `when`. */
  readonly any: boolean;
  /** Every parameter name, parents before their children (spec order otherwise kept). */
  readonly order: readonly string[];
  /** Names of the parameters other parameters are conditioned on. */
  readonly parents: ReadonlySet<string>;
  /**
   * Activity of every parameter given its parents' values (valueOf is called only for active
   * parents, in `order`). Returns name -> null (active) or why it is inactive.
   */
  evaluate(valueOf: (name: string) => unknown): Map<string, Inactivity | null>;
}

function inDomain(p: ParamSpec, v: unknown): boolean {
  if (p.type === 'categorical') return p.choices.some((c) => c === v);
  if (p.type === 'int') return typeof v === 'number' && Number.isInteger(v) && v >= p.low && v <= p.high;
  return false;
}

/** Kahn's algorithm, taking the earliest ready parameter in spec order each step; null on a cycle. */
function topologicalOrder(spec: SpaceSpec): string[] | null {
  const names = Object.keys(spec);
  if (!names.some((n) => spec[n]!.when)) return names; // the common case, O(n) instead of O(n²)
  const waiting = new Map(names.map((n) => [n, Object.keys(spec[n]!.when ?? {}).filter((p) => p in spec).length]));
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < names.length) {
    const next = names.find((n) => !done.has(n) && waiting.get(n) === 0);
    if (next === undefined) return null;
    done.add(next);
    order.push(next);
    for (const n of names) if (!done.has(n) && Object.hasOwn(spec[n]!.when ?? {}, next)) waiting.set(n, waiting.get(n)! - 1);
  }
  return order;
}

/** Checks of every `when` in a (zod-valid) space; paths are ['space', name, 'when', parent, ...]. */
export function conditionIssues(spec: SpaceSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, p] of Object.entries(spec)) {
    if (!p.when) continue;
    const at = (...rest: (string | number)[]): (string | number)[] => ['space', name, 'when', ...rest];
    if (p.type === 'simplex' || p.type === 'fidelity') {
      issues.push({ path: at(), message: `a ${p.type} parameter cannot be conditional (only float, int and categorical parameters can carry 'when')` });
      continue;
    }
    for (const [parent, values] of Object.entries(p.when)) {
      const q = spec[parent];
      if (parent === name) issues.push({ path: at(parent), message: 'a parameter cannot be conditioned on itself' });
      else if (!Object.hasOwn(spec, parent) || !q) issues.push({ path: at(parent), message: `unknown parent parameter '${parent}'` });
      else if (q.type !== 'categorical' && q.type !== 'int') issues.push({ path: at(parent), message: `parent '${parent}' is a ${q.type} parameter; a parent must be categorical or int` });
      else {
        values.forEach((v, j) => {
          if (!inDomain(q, v)) issues.push({ path: at(parent, j), message: `${JSON.stringify(v)} is not a value of '${parent}'` });
          else if (values.indexOf(v) < j) issues.push({ path: at(parent, j), message: `duplicate value ${JSON.stringify(v)}` });
        });
      }
    }
  }
  if (issues.length === 0 && topologicalOrder(spec) === null) {
    const cycle = findCycle(spec, Object.keys(spec));
    issues.push({ path: ['space', cycle[0]!, 'when', cycle[1] ?? cycle[0]!], message: `conditions form a cycle: ${[...cycle, cycle[0]].join(' -> ')}` });
  }
  if (issues.length === 0) {
    for (const name of neverActive(spec)) issues.push({ path: ['space', name, 'when'], message: 'is never active: no values of its parents satisfy every condition on the way to it' });
  }
  return issues;
}

/** Parent value assignments enumerated at most when looking for never-active parameters. */
const MAX_PARENT_CASES = 1 << 16;

/**
 * Parameters no assignment makes active (contradictory nested conditions). Only the values a
 * condition lists matter, plus one unlisted value per parent (to make its listed children
 * inactive), so the joint cases are few; past MAX_PARENT_CASES the check is skipped.
 */
function neverActive(spec: SpaceSpec): string[] {
  const listed = new Map<string, unknown[]>();
  for (const p of Object.values(spec)) {
    for (const [parent, values] of Object.entries(p.when ?? {})) listed.set(parent, [...new Set([...(listed.get(parent) ?? []), ...values])]);
  }
  if (listed.size === 0) return [];
  const cases = [...listed].map(([parent, values]) => {
    const q = spec[parent]!;
    const domain = q.type === 'categorical' ? q.choices : q.type === 'int' ? Array.from({ length: Math.min(q.high - q.low + 1, values.length + 1) }, (_, i) => q.low + i) : [];
    const other = domain.find((v) => !values.includes(v));
    return { parent, values: other === undefined ? values : [...values, other] };
  });
  const total = cases.reduce((m, c) => m * c.values.length, 1);
  if (total > MAX_PARENT_CASES) return [];
  const conditions = buildConditions(spec);
  const never = new Set(Object.keys(spec).filter((n) => spec[n]!.when));
  for (let i = 0; i < total && never.size > 0; i++) {
    let r = i;
    const assignment = new Map<string, unknown>();
    for (const c of cases) {
      assignment.set(c.parent, c.values[r % c.values.length]);
      r = Math.floor(r / c.values.length);
    }
    for (const [n, why] of conditions.evaluate((n) => assignment.get(n))) if (why === null) never.delete(n);
  }
  return [...never];
}

/** One cycle of the parent graph (child -> parent edges), as a list of names. */
function findCycle(spec: SpaceSpec, candidates: readonly string[]): string[] {
  const state = new Map<string, 'open' | 'closed'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 'open');
    stack.push(n);
    for (const parent of Object.keys(spec[n]!.when ?? {})) {
      if (state.get(parent) === 'open') return stack.slice(stack.indexOf(parent));
      if (!state.has(parent)) {
        const c = visit(parent);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 'closed');
    return null;
  };
  for (const n of candidates) {
    if (state.has(n)) continue;
    const c = visit(n);
    if (c) return c;
  }
  return [...candidates];
}

/** The condition structure of a space whose conditions passed conditionIssues. */
export function buildConditions(spec: SpaceSpec): Conditions {
  const order = topologicalOrder(spec) ?? Object.keys(spec);
  const parents = new Set<string>();
  for (const p of Object.values(spec)) for (const parent of Object.keys(p.when ?? {})) parents.add(parent);
  return {
    any: parents.size > 0,
    order,
    parents,
    evaluate(valueOf) {
      const out = new Map<string, Inactivity | null>();
      const values = new Map<string, unknown>();
      for (const name of order) {
        let why: Inactivity | null = null;
        for (const [parent, allowed] of Object.entries(spec[name]!.when ?? {})) {
          if (out.get(parent) !== null) why = { parent, reason: 'parent-inactive', allowed };
          else if (!allowed.some((a) => a === values.get(parent))) why = { parent, reason: 'value', allowed };
          if (why) break;
        }
        out.set(name, why);
        if (why === null && parents.has(name)) values.set(name, valueOf(name));
      }
      return out;
    },
  };
}

/** A message saying why a parameter given by the user is inactive. */
export function inactiveMessage(why: Inactivity, parentValue: unknown): string {
  const allowed = why.allowed.map((a) => JSON.stringify(a)).join(', ');
  return why.reason === 'parent-inactive'
    ? `is inactive (its parent '${why.parent}' is inactive) and must be left out`
    : `is inactive ('${why.parent}' is ${JSON.stringify(parentValue)}; it applies only when '${why.parent}' is one of ${allowed}) and must be left out`;
}
