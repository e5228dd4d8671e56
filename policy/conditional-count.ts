/**
 * The number of distinct points of a finite conditional space (only int and categorical
 * parameters, some with `when`): a point names only its active parameters, so two assignments
 * that differ only in inactive parameters are one point. Counted by enumerating the joint values
 * of the parents (the parameters others are conditioned on) and, for each distinct active part of
 * that assignment, multiplying the value counts of the active non-parent parameters. Pure.
 */
import type { SearchSpace } from '../core/space-types.js';
import type { ParamSpec, Params, ParamValue } from '../protocol/space.js';

/** Joint parent assignments enumerated at most; past it the count is the product of all value counts (an upper bound). */
export const MAX_PARENT_ASSIGNMENTS = 1 << 16;

type Values = (p: ParamSpec) => { count: number; at(k: number): ParamValue } | null;

/** Counts per space object: asks call cardinality() on the server's event loop, so a space is enumerated once. */
const counted = new WeakMap<SearchSpace, number>();

/** Distinct points of a finite conditional space (see the file comment); `valuesOf` lists a discrete parameter's values. */
export function conditionalCount(space: SearchSpace, valuesOf: Values): number {
  let n = counted.get(space);
  if (n === undefined) counted.set(space, (n = count(space, valuesOf)));
  return n;
}

function count(space: SearchSpace, valuesOf: Values): number {
  const names = Object.keys(space.spec);
  const isParent = new Set<string>();
  for (const p of Object.values(space.spec)) for (const parent of Object.keys(p.when ?? {})) isParent.add(parent);
  const parents = names.filter((n) => isParent.has(n)).map((n) => ({ name: n, v: valuesOf(space.spec[n]!)! }));
  const others = names.filter((n) => !isParent.has(n)).map((n) => ({ name: n, v: valuesOf(space.spec[n]!)! }));
  const joint = parents.reduce((m, p) => m * p.v.count, 1);
  if (joint > MAX_PARENT_ASSIGNMENTS) return [...parents, ...others].reduce((m, p) => m * p.v.count, 1);
  const seen = new Set<string>();
  let total = 0;
  for (let i = 0; i < joint; i++) {
    let r = i;
    const full: Params = {};
    for (const { name, v } of parents) {
      full[name] = v.at(r % v.count);
      r = Math.floor(r / v.count);
    }
    for (const { name, v } of others) full[name] = v.at(0);
    const active = space.activeParams(full);
    const key = JSON.stringify(parents.filter((p) => p.name in active).map((p) => [p.name, active[p.name]]));
    if (seen.has(key)) continue;
    seen.add(key);
    total += others.reduce((m, o) => (o.name in active ? m * o.v.count : m), 1);
  }
  return total;
}
