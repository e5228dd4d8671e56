/**
 * Learning curves: the intermediate values trials reported (`trial:report`), read from
 * `trial.intermediate` ({step, value} points; the page lists trials with `curves: true`). Pure.
 */
import type { Trial } from '../../sdk/index.js';

/** One trial's curve: (step, value) pairs by step. */
export interface Curve {
  readonly trial: number;
  readonly state: string;
  readonly points: [number, number][];
}

/** The curves of the trials that reported intermediate values, each sorted by step. */
export function learningCurves(trials: readonly Trial[]): Curve[] {
  return trials
    .map((t) => ({
      trial: t.number,
      state: t.state,
      points: (t.intermediate ?? []).map((p): [number, number] => [p.step, p.value]).sort((a, b) => a[0] - b[0]),
    }))
    .filter((c) => c.points.length > 0);
}
