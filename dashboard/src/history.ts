/** Optimization history: best-so-far of the first objective against trial number, cumulative cost or wall time. Pure. */
import type { Study, Trial } from '../../sdk/index.js';
import { countsForBest } from './fidelity.js';

/** What the history's x axis measures. */
export type HistoryAxis = 'number' | 'cost' | 'time';

/** One completed trial on the history chart and the best value up to it. */
export interface HistoryPoint {
  readonly trial: number;
  /** x in the chosen axis: trial number, cumulative cost of the trials finished so far, or seconds since the study was created. */
  readonly x: number;
  readonly value: number;
  /** Best value so far among trials that count for best (the target fidelity level's only); ±Infinity before the first. */
  readonly best: number;
}

/** The first objective's name and whether smaller is better. */
export function firstObjective(study: Pick<Study, 'objectives'>): { name: string; minimize: boolean } {
  const [name, direction] = Object.entries(study.objectives)[0]!;
  return { name, minimize: direction === 'minimize' };
}

/**
 * Completed trials with a finite first-objective value, in finishing order for the cost and time
 * axes (cost and time accrue as trials finish) and in number order for the number axis. Cost of a
 * trial that told none counts 1, so a study without costs shows cumulative trials. Every trial is
 * a point; only target-level trials move the best (as trial:best), so a cheap proxy's value never
 * reads as the study's best.
 */
export function historyPoints(study: Pick<Study, 'objectives' | 'createdAt' | 'space'>, trials: readonly Trial[], axis: HistoryAxis): HistoryPoint[] {
  const { name, minimize } = firstObjective(study);
  const counts = countsForBest(study);
  const done = trials.filter((t) => t.state === 'completed' && Number.isFinite(t.values?.[name]));
  const finished = (t: Trial) => Date.parse(t.finishedAt ?? t.createdAt);
  const ordered = axis === 'number' ? [...done].sort((a, b) => a.number - b.number) : [...done].sort((a, b) => finished(a) - finished(b) || a.number - b.number);
  const t0 = Date.parse(study.createdAt);
  let best = minimize ? Infinity : -Infinity;
  let cost = 0;
  return ordered.map((t) => {
    const value = t.values![name]!;
    if (counts(t)) best = minimize ? Math.min(best, value) : Math.max(best, value);
    cost += t.cost ?? 1;
    const x = axis === 'number' ? t.number : axis === 'cost' ? cost : (finished(t) - t0) / 1000;
    return { trial: t.number, x, value, best };
  });
}
