import { createRng, deriveSeed } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';

/** Stream id mixed into the study seed for the space-filling sequence (any fixed constant). */
const SOBOL_STREAM = 0x50b01;

/** Two encoded points closer than this (squared Euclidean, unit cube) count as the same point. */
const SAME_POINT_SQ = 1e-18;

/** Extra sequence points drawn past the wanted ones, to replace points that collide with existing ones. */
const SLACK = 64;

/** Whether `x` equals (within rounding) any of `others`. */
export function containsPoint(others: readonly ArrayLike<number>[], x: ArrayLike<number>): boolean {
  for (const o of others) {
    let sq = 0;
    for (let j = 0; j < x.length && sq <= SAME_POINT_SQ; j++) {
      const diff = o[j] - x[j];
      sq += diff * diff;
    }
    if (sq <= SAME_POINT_SQ) return true;
  }
  return false;
}

/** Points picked from the study's space-filling sequence, with the sequence index of each. */
export interface SpaceFillingPick {
  readonly points: Float64Array[];
  readonly indices: number[];
}

/**
 * `count` encoded points of the study's scrambled Sobol sequence (space.sample with an rng fixed by
 * the study seed), starting at sequence index `start` = number of trials so far, so trial i of a
 * study gets point i and parallel asks get distinct points. Points equal to an `existing` one
 * (completed, pending, or already picked) are skipped: a failed trial or a user-enqueued point can
 * otherwise make index `start` land on a point already taken. Discrete spaces with fewer distinct
 * points than asked fall back to repeats after SLACK skipped candidates.
 */
export function pickSpaceFilling(space: SearchSpace, seed: number, start: number, count: number, existing: readonly ArrayLike<number>[]): SpaceFillingPick {
  const total = start + count + SLACK;
  // space.sample draws its scrambling from the rng first, so the same seed gives the same sequence
  // whatever n is: a prefix of a longer sample equals the shorter sample.
  const sample = space.sample(total, createRng(deriveSeed(seed, SOBOL_STREAM)));
  const taken: ArrayLike<number>[] = [...existing];
  const points: Float64Array[] = [];
  const indices: number[] = [];
  for (let i = start; i < total && points.length < count; i++) {
    const x = sample.data.slice(i * sample.cols, (i + 1) * sample.cols);
    if (containsPoint(taken, x)) continue;
    taken.push(x);
    points.push(x);
    indices.push(i);
  }
  for (let i = start; points.length < count; i++) {
    // every candidate collided (a tiny discrete space): repeat sequence points rather than fail
    points.push(sample.data.slice((i % total) * sample.cols, ((i % total) + 1) * sample.cols));
    indices.push(i % total);
  }
  return { points, indices };
}
