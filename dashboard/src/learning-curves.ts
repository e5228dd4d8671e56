/**
 * Learning curves (intermediate values), for when trials carry them (issue: trial report/prune).
 * The wire has no such field on main yet; this accepts the shapes a `trial.intermediate` field may
 * take — [{step, value}], [[step, value]] or {step: value} — and returns nothing when absent. Pure.
 */
import type { Trial } from '../../sdk/index.js';

/** One trial's curve: (step, value) pairs by step. */
export interface Curve {
  readonly trial: number;
  readonly state: string;
  readonly points: [number, number][];
}

function pairsOf(raw: unknown): [number, number][] {
  const out: [number, number][] = [];
  if (Array.isArray(raw)) {
    for (const e of raw) {
      if (Array.isArray(e) && e.length >= 2) out.push([Number(e[0]), Number(e[1])]);
      else if (e && typeof e === 'object') out.push([Number((e as { step?: unknown }).step), Number((e as { value?: unknown }).value)]);
    }
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) out.push([Number(k), Number(v)]);
  }
  return out.filter(([s, v]) => Number.isFinite(s) && Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
}

/** The curves of the trials that reported intermediate values. */
export function learningCurves(trials: readonly Trial[]): Curve[] {
  return trials
    .map((t) => ({ trial: t.number, state: t.state, points: pairsOf((t as Trial & { intermediate?: unknown }).intermediate) }))
    .filter((c) => c.points.length > 0);
}
