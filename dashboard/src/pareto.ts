/** The Pareto front of completed trials under the study's first two objectives, computed in the page (no server API yet). Pure. */
import type { Direction, Trial } from '../../sdk/index.js';

/** A completed trial as a point in objective space (both coordinates in user units) and whether it is non-dominated. */
export interface ParetoPoint {
  readonly trial: number;
  readonly a: number;
  readonly b: number;
  readonly front: boolean;
}

/**
 * Marks the non-dominated trials: p dominates q when p is no worse in both objectives and better
 * in one (each objective oriented by its direction). O(n²), fine for the thousands of trials a
 * page shows.
 */
export function paretoPoints(objectives: Record<string, Direction>, trials: readonly Trial[]): ParetoPoint[] {
  const [[na, da], [nb, db]] = Object.entries(objectives) as [string, Direction][];
  const sa = da === 'minimize' ? 1 : -1;
  const sb = db === 'minimize' ? 1 : -1;
  const pts = trials
    .filter((t) => t.state === 'completed' && Number.isFinite(t.values?.[na!]) && Number.isFinite(t.values?.[nb!]))
    .map((t) => ({ trial: t.number, a: t.values![na!]!, b: t.values![nb!]! }));
  const dominates = (p: { a: number; b: number }, q: { a: number; b: number }) =>
    sa * p.a <= sa * q.a && sb * p.b <= sb * q.b && (sa * p.a < sa * q.a || sb * p.b < sb * q.b);
  return pts.map((q) => ({ ...q, front: !pts.some((p) => dominates(p, q)) }));
}
