/**
 * "Is this encoded point already taken?" in O(1) instead of a scan over every completed and
 * pending point (the space-filling phase asks this once per candidate on every ask; a scan made
 * that phase O(n) per ask). Same answer as containsPoint: a match is a point within squared
 * Euclidean distance SAME_POINT_SQ. Points are hashed by a grid of cells much wider than the
 * tolerance; a coordinate that lies within the tolerance of a cell edge also looks in the
 * neighbouring cell, so no match within the tolerance is missed.
 */

/** Two encoded points closer than this (squared Euclidean, unit cube) count as the same point. */
export const SAME_POINT_SQ = 1e-18;

/** Whether `x` equals (within rounding) any of `others`. */
export function containsPoint(others: readonly ArrayLike<number>[], x: ArrayLike<number>): boolean {
  for (const o of others) if (samePoint(o, x)) return true;
  return false;
}

/** Squared distance of o and x at most SAME_POINT_SQ (x's length sets the dimension). */
function samePoint(o: ArrayLike<number>, x: ArrayLike<number>): boolean {
  let sq = 0;
  for (let j = 0; j < x.length && sq <= SAME_POINT_SQ; j++) {
    const diff = o[j] - x[j];
    sq += diff * diff;
  }
  return sq <= SAME_POINT_SQ;
}

/** A membership test over encoded points (a PointSet, or a union of them). */
export interface PointLookup {
  /** Whether a point within SAME_POINT_SQ of x is held. */
  has(x: ArrayLike<number>): boolean;
}

/** Cell width: far above the per-coordinate tolerance (1e-9), far below Sobol spacing at any useful n. */
const CELL = 1e-6;
/** Grid offset: keeps 0, 1 and dyadic values such as Sobol's k/2^30 off cell edges. */
const OFFSET = 0.6180339887 * CELL;
/** How near a cell edge (in cells) a coordinate must be to look next door: the tolerance plus rounding slack. */
const EDGE = 2e-9 / CELL;

/** Encoded points hashed by grid cell (see the file comment); add and has are O(d) for spread-out points. */
export class PointSet implements PointLookup {
  private readonly buckets = new Map<number, ArrayLike<number>[]>();
  private count = 0;

  /** A set holding `points`. */
  static of(points: readonly ArrayLike<number>[]): PointSet {
    const s = new PointSet();
    for (const p of points) s.add(p);
    return s;
  }

  /** How many points were added (repeats included). */
  get size(): number {
    return this.count;
  }

  /** Adds a point (the caller keeps it unchanged). */
  add(x: ArrayLike<number>): void {
    let h = 0;
    for (let j = 0; j < x.length; j++) h = mix(h, Math.floor((x[j] + OFFSET) / CELL));
    const bucket = this.buckets.get(h);
    if (bucket) bucket.push(x);
    else this.buckets.set(h, [x]);
    this.count++;
  }

  has(x: ArrayLike<number>): boolean {
    if (this.count === 0) return false;
    // Cells to visit per coordinate: its own, plus a neighbour when it sits within EDGE of an edge.
    const d = x.length;
    const cells = new Array<number>(d);
    const alt = new Array<number>(d);
    let branching = 0;
    for (let j = 0; j < d; j++) {
      const t = (x[j] + OFFSET) / CELL;
      const c = Math.floor(t);
      cells[j] = c;
      alt[j] = t - c < EDGE ? c - 1 : c + 1 - t < EDGE ? c + 1 : NaN;
      if (!Number.isNaN(alt[j])) branching++;
    }
    if (branching === 0) return this.inBucket(hashOf(cells), x);
    // Every combination of own/neighbour cells over the edge coordinates (2^branching, rare).
    const edge = cells.map((_, j) => j).filter((j) => !Number.isNaN(alt[j]));
    for (let mask = 0; mask < 2 ** edge.length; mask++) {
      const probe = cells.slice();
      edge.forEach((j, k) => {
        if ((mask >>> k) & 1) probe[j] = alt[j];
      });
      if (this.inBucket(hashOf(probe), x)) return true;
    }
    return false;
  }

  private inBucket(h: number, x: ArrayLike<number>): boolean {
    const bucket = this.buckets.get(h);
    return bucket !== undefined && containsPoint(bucket, x);
  }
}

/** Folds one cell index into a 32-bit hash (collisions only cost an exact comparison). */
function mix(h: number, c: number): number {
  return (Math.imul(h ^ (c | 0) ^ Math.floor(c / 4294967296), 0x9e3779b1) + 0x7f4a7c15) | 0;
}

function hashOf(cells: readonly number[]): number {
  let h = 0;
  for (const c of cells) h = mix(h, c);
  return h;
}

/** Whether any of `sets` holds x. */
export function unionLookup(...sets: readonly PointLookup[]): PointLookup {
  return { has: (x) => sets.some((s) => s.has(x)) };
}
