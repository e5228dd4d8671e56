/**
 * Finite search spaces (issue 14 item 4): a space of only int, categorical and fidelity
 * parameters has finitely many points, and once every one is taken a policy can only repeat
 * points. This module counts the points, detects exhaustion and replaces accidental repeats
 * by free points, so an ask either gets distinct new points or a FAILED_PRECONDITION that says
 * why (unless the study's algorithm sets `allowRepeats`). Pure: no I/O.
 */
import { BoError } from '../core/errors.js';
import { createRng, deriveSeed, type Rng } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import type { ParamSpec, Params, ParamValue } from '../protocol/space.js';
import { conditionalCount } from './conditional-count.js';

/** Stream id for the random free points (any fixed constant). */
const FREE_STREAM = 0xf1e7;
/** Random draws per wanted point before the points are enumerated instead. */
const DRAWS_PER_POINT = 64;

/** The values a discrete parameter takes, or null for a continuous one (float, simplex). */
function valuesOf(p: ParamSpec): { count: number; at(k: number): ParamValue } | null {
  switch (p.type) {
    case 'int':
      return { count: p.high - p.low + 1, at: (k) => p.low + k };
    case 'categorical':
      return { count: p.choices.length, at: (k) => p.choices[k]! };
    case 'fidelity':
      return { count: p.levels.length, at: (k) => p.levels[k]!.value };
    default:
      return null;
  }
}

/** The product of the discrete parameters' value counts; Infinity with any float or simplex parameter. */
function productCount(space: SearchSpace): number {
  let n = 1;
  for (const p of Object.values(space.spec)) {
    const v = valuesOf(p);
    if (!v) return Infinity;
    n *= v.count;
  }
  return n;
}

/**
 * Number of distinct points of the space: the product of the discrete parameters' value counts
 * (Infinity with any float or simplex parameter); for conditional spaces the count of distinct
 * active assignments (policy/conditional-count.ts).
 */
export function cardinality(space: SearchSpace): number {
  const product = productCount(space);
  return space.conditional && Number.isFinite(product) ? conditionalCount(space, valuesOf) : product;
}

/** Identity of a point: its encoded row, rounded (so the same point reached by different paths matches). */
export function pointKey(space: SearchSpace, params: Params): string {
  return Array.from(space.encode(params), (v) => v.toFixed(9)).join(',');
}
const keyOf = pointKey;

/** Distinct taken points by pointKey: a Set, or a caller's incremental view (server: completed keys kept across asks plus this ask's pending). */
export interface TakenKeys {
  has(key: string): boolean;
  /** Number of distinct keys. */
  readonly size: number;
}

/** `base` (not copied, not changed) plus the keys of `extra`: what an ask treats as taken, in O(extra). */
export function takenKeys(space: SearchSpace, base: TakenKeys, extra: readonly Params[]): TakenKeys {
  const more = new Set<string>();
  for (const p of extra) {
    const k = keyOf(space, p);
    if (!base.has(k)) more.add(k);
  }
  return { has: (k) => base.has(k) || more.has(k), get size() { return base.size + more.size; } };
}

function keysOf(space: SearchSpace, taken: readonly Params[] | TakenKeys): TakenKeys {
  return Array.isArray(taken) ? new Set((taken as readonly Params[]).map((p) => keyOf(space, p))) : (taken as TakenKeys);
}

/** The error of an ask that needs more new points than a finite space has left (no fallback can invent one). */
export function spaceExhausted(free: number, asked: number, total: number): BoError {
  const what = free === 0
    ? `the search space is exhausted: all ${total} of its points are completed, running or queued`
    : `the search space has only ${free} of its ${total} points free (not completed, running or queued), ${asked} asked`;
  return new BoError('FAILED_PRECONDITION', `${what}; ask for fewer, finish or fail running trials, or set algorithm.allowRepeats`, [
    { path: ['space'], message: 'exhausted' },
  ]);
}

/**
 * Checks that a finite space still has `need` free points given the points taken (completed,
 * running and queued trials); throws spaceExhausted otherwise. A no-op for infinite spaces.
 * Returns the number of free points (Infinity for an infinite space).
 */
export function requireFreePoints(space: SearchSpace, taken: readonly Params[] | TakenKeys, need: number): number {
  const total = cardinality(space);
  if (!Number.isFinite(total)) return Infinity;
  const free = total - keysOf(space, taken).size;
  if (free < need) throw spaceExhausted(Math.max(0, free), need, total);
  return free;
}

/** A uniformly random point of a finite space. */
function randomPoint(space: SearchSpace, rng: Rng): Params {
  const out: Params = {};
  for (const [name, p] of Object.entries(space.spec)) {
    const v = valuesOf(p)!;
    out[name] = v.at(rng.int(v.count));
  }
  return space.activeParams(out);
}

/**
 * Every point of a finite space in mixed-radix order starting at a random offset, lazily. On
 * conditional spaces the inactive parameters are dropped, so a point may come several times.
 */
function* allPoints(space: SearchSpace, rng: Rng): Generator<Params> {
  const dims = Object.entries(space.spec).map(([name, p]) => ({ name, v: valuesOf(p)! }));
  const total = productCount(space);
  const start = rng.int(total);
  for (let i = 0; i < total; i++) {
    let r = (start + i) % total;
    const out: Params = {};
    for (const { name, v } of dims) {
      out[name] = v.at(r % v.count);
      r = Math.floor(r / v.count);
    }
    yield space.activeParams(out);
  }
}

/**
 * The suggestions with every repeat (of a taken point or of an earlier suggestion) replaced by a
 * free point of the finite space: random free points first, then (when they are rare) the first
 * free ones of an enumeration. Deterministic given `seed` and `salt` (the number of trials so
 * far). Assumes requireFreePoints passed for suggestions.length; infinite spaces pass through.
 */
export function replaceRepeats(space: SearchSpace, suggestions: readonly Params[], taken: readonly Params[] | TakenKeys, seed: number, salt: number): { suggestions: Params[]; replaced: number } {
  if (!Number.isFinite(cardinality(space))) return { suggestions: [...suggestions], replaced: 0 };
  // Taken keys stay read-only (they may be the caller's); this call's picks go to a local set.
  const base = keysOf(space, taken);
  const picked = new Set<string>();
  const seen = { has: (k: string) => base.has(k) || picked.has(k), add: (k: string) => picked.add(k) };
  const rng = createRng(deriveSeed(seed, FREE_STREAM, salt));
  const out: Params[] = [];
  let replaced = 0;
  let pending: Generator<Params> | undefined;
  for (const s of suggestions) {
    let p = s;
    let key = keyOf(space, p);
    for (let draw = 0; seen.has(key) && draw < DRAWS_PER_POINT; draw++) {
      p = randomPoint(space, rng);
      key = keyOf(space, p);
    }
    if (seen.has(key)) {
      pending ??= allPoints(space, rng);
      for (const q of pending) {
        p = q;
        key = keyOf(space, q);
        if (!seen.has(key)) break;
      }
    }
    if (p !== s) replaced++;
    seen.add(key);
    out.push(p);
  }
  return { suggestions: out, replaced };
}
