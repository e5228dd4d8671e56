import { createRng, deriveSeed } from '../core/rng.js';
import type { SearchSpace, SpaceSequence } from '../core/space-types.js';
import { PointSet, type PointLookup } from './point-set.js';
import { centreOnNatural } from '../core/natural-design.js';

export { containsPoint } from './point-set.js';

/** Stream id mixed into the study seed for the space-filling sequence (any fixed constant). */
const SOBOL_STREAM = 0x50b01;

/** Extra sequence points drawn past the wanted ones, to replace points that collide with existing ones. */
const SLACK = 64;

/** Points picked from the study's space-filling sequence, with the sequence index of each. */
export interface SpaceFillingPick {
  readonly points: Float64Array[];
  readonly indices: number[];
}

/** The study's sequence per space object and seed: its scrambling is drawn once, not on every ask. */
const sequences = new WeakMap<SearchSpace, Map<number, SpaceSequence>>();

/** The space-filling sequence of a study (space.sequence with an rng fixed by the seed), cached. */
function sequenceOf(space: SearchSpace, seed: number): SpaceSequence {
  let bySeed = sequences.get(space);
  if (!bySeed) sequences.set(space, (bySeed = new Map()));
  let seq = bySeed.get(seed);
  // A mixture's natural distribution (if given) centres the design on it (core/natural-design.ts).
  if (!seq) bySeed.set(seed, (seq = centreOnNatural(space, space.sequence(createRng(deriveSeed(seed, SOBOL_STREAM))), seed)));
  return seq;
}

/**
 * `count` encoded points of the study's scrambled Sobol sequence (the rows space.sample would give
 * with an rng fixed by the study seed), starting at sequence index `start` = number of trials so
 * far, so trial i of a study gets point i and parallel asks get distinct points. Points equal to an
 * `existing` one (completed, pending, or already picked) are skipped: a failed trial or a
 * user-enqueued point can otherwise make index `start` land on a point already taken. Discrete
 * spaces with fewer distinct points than asked fall back to repeats after SLACK skipped candidates.
 * Cost: O(count + SLACK) sequence points and lookups; `existing` as a PointLookup the caller keeps
 * up to date makes the whole pick independent of the number of trials (an array is hashed first).
 */
export function pickSpaceFilling(space: SearchSpace, seed: number, start: number, count: number, existing: readonly ArrayLike<number>[] | PointLookup): SpaceFillingPick {
  const total = start + count + SLACK;
  const seq = sequenceOf(space, seed);
  const taken: PointLookup = Array.isArray(existing) ? PointSet.of(existing as readonly ArrayLike<number>[]) : (existing as PointLookup);
  const picked = new PointSet();
  const points: Float64Array[] = [];
  const indices: number[] = [];
  for (let i = start; i < total && points.length < count; i++) {
    const x = seq.point(i);
    if (taken.has(x) || picked.has(x)) continue;
    picked.add(x);
    points.push(x);
    indices.push(i);
  }
  for (let i = start; points.length < count; i++) {
    // every candidate collided (a tiny discrete space): repeat sequence points rather than fail
    points.push(seq.point(i % total));
    indices.push(i % total);
  }
  return { points, indices };
}
