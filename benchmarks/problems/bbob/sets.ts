/**
 * The selection / evaluation protocol (benchmarks/README.md): instances 1-5 are the selection
 * set (defaults may be chosen on them), instances 6-15 the evaluation set (reported, never tuned
 * on). A cell (function × dimension × noise) runs one instance per seed: evaluation seed k uses
 * instance 6 + k (10 seeds = 10 instances, as COCO runs one trial per instance); selection seed k
 * uses instance 1 + (k mod 5).
 */
import { bbobName, type BbobId } from './problem.js';
import type { BbobNoise } from './noise.js';

/** The two instance sets. */
export const INSTANCE_SETS = {
  selection: [1, 2, 3, 4, 5],
  evaluation: [6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
} as const;
export type InstanceSet = keyof typeof INSTANCE_SETS;

/** The dimensions of the suite. */
export const BBOB_DIMS = [2, 5, 10, 20] as const;

/** Budget: 100 evaluations for d <= 6, 150 above, 200 from d = 20 (issue 20). */
export function bbobBudget(dim: number): number {
  return dim <= 6 ? 100 : dim < 20 ? 150 : 200;
}

/** Which instance seed `seed` runs in set `set`. */
export function instanceFor(set: InstanceSet, seed: number): number {
  const list = INSTANCE_SETS[set];
  return list[((seed % list.length) + list.length) % list.length];
}

/** One (problem, seed) pair of a grid. */
export interface BbobRun {
  readonly problem: string;
  readonly seed: number;
  readonly dim: number;
}

/** The runs of a grid: every function × dim × noise, seeds paired with instances of `set`. */
export function bbobGrid(set: InstanceSet, fids: readonly number[], dims: readonly number[], noises: readonly BbobNoise[], seeds: readonly number[]): BbobRun[] {
  const out: BbobRun[] = [];
  for (const noise of noises)
    for (const dim of dims)
      for (const fid of fids)
        for (const seed of seeds) {
          const id: BbobId = { fid, dim, noise, instance: instanceFor(set, seed) };
          out.push({ problem: bbobName(id), seed, dim });
        }
  return out;
}

/** Parses '1-5,8,10-12' into sorted unique integers. */
export function parseIntList(spec: string): number[] {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`bad list item '${part}' (want N or N-M)`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}
