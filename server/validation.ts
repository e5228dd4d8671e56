import { BoError, invalidArgument } from '../core/errors.js';
import type { FieldIssue } from '../protocol/errors.js';
import type { Params } from '../protocol/space.js';
import type { SearchSpace } from '../core/space-types.js';
import { findInJson } from '../protocol/json-walk.js';

type Path = (string | number)[];

/**
 * Re-roots a BoError's issue paths under `prefix`, dropping a leading `strip` segment the thrower
 * already added (the space reports ['params','x1']; trial:add wants ['trials',0,'params','x1']).
 */
export function underPath(e: unknown, prefix: Path, strip?: string): unknown {
  if (!(e instanceof BoError) || e.code !== 'INVALID_ARGUMENT') return e;
  const reroot = (p: Path): Path => [...prefix, ...(strip !== undefined && p[0] === strip ? p.slice(1) : p)];
  const issues: FieldIssue[] = (e.issues ?? [{ path: [], message: e.message }]).map((i) => ({ path: reroot(i.path), message: i.message }));
  const first = issues[0]!;
  return new BoError('INVALID_ARGUMENT', `${first.path.join('.')}: ${first.message}`, issues);
}

/** Params must name exactly the space's active parameters, each inside its range (space.validate). */
export function validateParams(space: SearchSpace, params: Record<string, unknown>, prefix: Path): Params {
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(space.spec, key)) throw invalidArgument([...prefix, key], `unknown parameter '${key}'`);
  }
  // Which parameters must be present depends on conditions (`when`): space.validate knows them.
  for (const key of Object.keys(space.spec)) {
    if (!space.conditional && !Object.hasOwn(params, key)) throw invalidArgument([...prefix, key], `missing parameter '${key}'`);
  }
  try {
    space.validate(params as Params);
  } catch (e) {
    throw underPath(e, prefix, 'params');
  }
  return params as Params;
}

/** Told values must name exactly the study's objectives, each a finite number. */
export function validateValues(objectives: Record<string, unknown>, values: Record<string, unknown>, prefix: Path): Record<string, number> {
  const issues: FieldIssue[] = [];
  for (const name of Object.keys(objectives)) {
    if (!Object.hasOwn(values, name)) issues.push({ path: [...prefix, name], message: `missing objective '${name}'` });
  }
  for (const [name, v] of Object.entries(values)) {
    if (!Object.hasOwn(objectives, name)) issues.push({ path: [...prefix, name], message: `unknown objective '${name}'` });
    else if (typeof v !== 'number' || !Number.isFinite(v)) issues.push({ path: [...prefix, name], message: 'must be a finite number' });
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new BoError('INVALID_ARGUMENT', `${first.path.join('.')}: ${first.message}`, issues);
  }
  return values as Record<string, number>;
}

/** A cost, when given, is a finite number >= 0. */
export function validateCost(cost: unknown, path: Path): number | undefined {
  if (cost === undefined) return undefined;
  if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) throw invalidArgument(path, 'cost must be a finite number >= 0');
  return cost;
}

/**
 * Rejects an own '__proto__' key anywhere in a parsed JSON payload. zod drops such keys silently
 * (its record output assigns them, which sets the prototype), so a hostile key would otherwise be
 * accepted and vanish; refusing it keeps "what was stored is what was sent". Iterative
 * (protocol/json-walk.ts), so deeply nested payloads cannot overflow the stack.
 */
export function rejectProtoKeys(payload: unknown): void {
  const found = findInJson(payload, (_v, key) => (key === '__proto__' ? "'__proto__' is not allowed as a key" : undefined));
  if (found) throw invalidArgument(found.path, found.message);
}
