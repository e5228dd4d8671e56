/**
 * Finite candidate pools (pool mode): checking a user's pool against the space, its canonical
 * stored form, and its expansion into one candidate per (row, level) that the policies pick from.
 * A row without a fidelity value (column absent or null) is a candidate at every level.
 */
import { BoError, invalidArgument } from '../core/errors.js';
import type { SearchSpace } from '../core/space-types.js';
import type { FieldIssue } from '../protocol/errors.js';
import type { Params, ParamValue } from '../protocol/space.js';
import type { PoolCell, PoolSpec } from '../protocol/study.js';

/** Tolerance on Σ weights of a pool row's simplex value; rows inside it are renormalised exactly. */
export const POOL_SIMPLEX_TOL = 1e-3;

/** A pool in canonical form: the user's columns, simplex cells as {component: weight} renormalised to sum 1. */
export type CandidatePool = PoolSpec;

/** A pool expanded per level: candidate i is `params[i]` (fidelity set), from user row `row[i]`. */
export interface ExpandedPool {
  readonly params: readonly Params[];
  readonly row: Int32Array;
  /** Number of user rows. */
  readonly rows: number;
}

/** The error an ask gets when no allowed pool row is left (FAILED_PRECONDITION; never replaced by a fallback). */
export class PoolExhaustedError extends BoError {
  constructor(message: string) {
    super('FAILED_PRECONDITION', message, [{ path: ['pool'], message: 'exhausted' }]);
    this.name = 'BoError';
  }
}

/** Whether `e` is a pool-exhausted error (also across module copies: by code and issue). */
export function isPoolExhausted(e: unknown): boolean {
  if (e instanceof PoolExhaustedError) return true;
  const b = e as { code?: unknown; issues?: FieldIssue[] } | null;
  return typeof b === 'object' && b !== null && b.code === 'FAILED_PRECONDITION' && !!b.issues?.some((i) => i.path[0] === 'pool' && i.message === 'exhausted');
}

/** The error for an exhausted pool: how many of its candidates exist, how many are left, how many were asked. */
export function poolExhausted(left: number, asked: number, candidates: number): PoolExhaustedError {
  return new PoolExhaustedError(
    left === 0
      ? `the candidate pool is exhausted: all ${candidates} allowed (row, level) candidates are completed or pending`
      : `the candidate pool has only ${left} unqueried (row, level) candidates left of ${candidates}, ${asked} asked`,
  );
}

/**
 * Checks a pool against the space and returns its canonical form. Every column must name a
 * parameter, every parameter but the fidelity one must have a column; each row must be a valid
 * point (space.validate) after renormalising simplex weights that sum to 1 within POOL_SIMPLEX_TOL.
 * Errors are INVALID_ARGUMENT with paths under `prefix` (['pool'] on the wire): columns.<j> or rows.<i>.<j>[.component].
 */
export function checkPool(space: SearchSpace, pool: PoolSpec, prefix: (string | number)[] = ['pool']): CandidatePool {
  const fidelity = space.dimensions.find((d) => d.kind === 'fidelity');
  const names = Object.keys(space.spec);
  pool.columns.forEach((c, j) => {
    if (!Object.hasOwn(space.spec, c)) throw invalidArgument([...prefix, 'columns', j], `unknown parameter '${c}'`);
  });
  for (const name of names) {
    if (name !== fidelity?.name && !pool.columns.includes(name)) throw invalidArgument([...prefix, 'columns'], `missing column for parameter '${name}'`);
  }
  const col = new Map(pool.columns.map((c, j) => [c, j]));
  const rows = pool.rows.map((cells, i) => {
    const out: PoolCell[] = cells.slice();
    const params: Params = {};
    pool.columns.forEach((c, j) => {
      const at = [...prefix, 'rows', i, j];
      const spec = space.spec[c];
      let v = cells[j];
      if (spec.type === 'simplex') v = out[j] = simplexCell(spec.components, v, at);
      else if (v === null && spec.type !== 'fidelity') throw invalidArgument(at, `null is only allowed for the fidelity parameter`);
      else if (Array.isArray(v) || (typeof v === 'object' && v !== null)) throw invalidArgument(at, `expected a ${spec.type} value, got an ${Array.isArray(v) ? 'array' : 'object'}`);
      if (v !== null) params[c] = v as ParamValue;
    });
    if (fidelity && params[fidelity.name] === undefined) params[fidelity.name] = (space.spec[fidelity.name] as { levels: { value: string | number }[] }).levels[0].value;
    try {
      space.validate(params);
    } catch (e) {
      throw reroot(e, (name) => [...prefix, 'rows', i, col.get(name) ?? name]);
    }
    return out;
  });
  return { columns: [...pool.columns], rows };
}

/** A simplex cell as {component: weight} summing to exactly 1 (array cells are in component order). */
function simplexCell(components: readonly string[], v: PoolCell, at: (string | number)[]): Record<string, number> {
  let w: number[];
  if (Array.isArray(v)) {
    if (v.length !== components.length) throw invalidArgument(at, `expected ${components.length} weights (${components.join(', ')}), got ${v.length}`);
    w = v;
  } else if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) if (!components.includes(k)) throw invalidArgument([...at, k], 'unknown component');
    w = components.map((k) => {
      if (!Object.hasOwn(v, k)) throw invalidArgument([...at, k], 'missing component weight');
      return v[k];
    });
  } else {
    throw invalidArgument(at, `expected simplex weights (an array of ${components.length} numbers or {component: weight}), got ${JSON.stringify(v)}`);
  }
  let sum = 0;
  w.forEach((x, k) => {
    if (x < 0) throw invalidArgument(Array.isArray(v) ? [...at, k] : [...at, components[k]], `weight ${x} is negative`);
    sum += x;
  });
  if (!(Math.abs(sum - 1) <= POOL_SIMPLEX_TOL)) throw invalidArgument(at, `weights sum to ${sum}, expected 1 (±${POOL_SIMPLEX_TOL})`);
  // Rows already on the simplex up to rounding are kept exactly as given (a fixed menu is returned verbatim).
  const scale = Math.abs(sum - 1) <= 1e-12 ? 1 : sum;
  return Object.fromEntries(components.map((k, i) => [k, w[i] / scale]));
}

/** Re-roots the space's ['params', name, ...rest] issue paths onto pool cells. */
function reroot(e: unknown, cell: (name: string) => (string | number)[]): unknown {
  if (!(e instanceof BoError) || e.code !== 'INVALID_ARGUMENT') return e;
  const issues = (e.issues ?? [{ path: [], message: e.message }]).map((iss) => {
    const p = iss.path[0] === 'params' ? iss.path.slice(1) : iss.path;
    return { path: typeof p[0] === 'string' ? [...cell(p[0]), ...p.slice(1)] : [...cell(''), ...p], message: iss.message };
  });
  return new BoError('INVALID_ARGUMENT', `${issues[0].path.join('.')}: ${issues[0].message}`, issues);
}

/** Expands a canonical pool into one params object per (row, level): rows with a fidelity value once, others once per level. */
export function expandPool(space: SearchSpace, pool: CandidatePool): ExpandedPool {
  const fidelity = space.dimensions.find((d) => d.kind === 'fidelity');
  const levels = fidelity ? (space.spec[fidelity.name] as { levels: { value: string | number }[] }).levels.map((l) => l.value) : [];
  const fj = fidelity ? pool.columns.indexOf(fidelity.name) : -1;
  const params: Params[] = [];
  const row: number[] = [];
  pool.rows.forEach((cells, i) => {
    const base: Params = {};
    pool.columns.forEach((c, j) => {
      if (j !== fj) base[c] = cells[j] as ParamValue;
    });
    const at = fj >= 0 ? cells[fj] : null;
    if (!fidelity) {
      params.push(base);
      row.push(i);
    } else if (at !== null) {
      params.push({ ...base, [fidelity.name]: at as ParamValue });
      row.push(i);
    } else {
      for (const value of levels) {
        params.push({ ...base, [fidelity.name]: value });
        row.push(i);
      }
    }
  });
  return { params, row: Int32Array.from(row), rows: pool.rows.length };
}
