/**
 * One cut's quality under score 'decision' (AutoOptions.decisionStatistic): how well a candidate's
 * LogEI over a window of W trials the study went on to observe ranked them, y maximized.
 * - 'top1' (session 11): the standing of the first-ranked trial among the window,
 *   q = 1 − (#{j : y_j > y_c} + ½·#{j ≠ c : y_j = y_c}) / (W − 1), in steps of 1/(W − 1);
 * - 'rank' (session 13): Spearman's ρ between the LogEI values and the observed values (ties given
 *   their average rank), in [−1, 1]. Every trial's place counts, so one cut carries more evidence
 *   than its first pick, and a candidate that ranks the window's bad trials last is credited for it;
 * - 'top3' (session 13): the mean of top1's standing over the candidate's three first-ranked trials
 *   (steps of 1/(3(W − 1))): more of the window than top1, but only its top, where BO acts, which
 *   'rank' weighs no more than the bottom.
 *
 * Why Spearman and not Kendall's τ: it is the function the exploration gate already uses and tests
 * (core/rank-correlation.ts), and it weighs a displacement by its size (putting the window's worst
 * trial first costs more than swapping two neighbours), which is closer to what a wrong pick costs;
 * with W = 10 both have resolution far finer than top1's ninths. A window whose observed values or
 * whose LogEI values are all equal ranks nothing: ρ is undefined and the cut counts 0 (no skill), the
 * same for every candidate when the window is flat, so the paired difference the rule reads is 0.
 */
import { spearman } from '../../core/rank-correlation.js';

/** The per-cut statistics AutoOptions.decisionStatistic accepts. */
export const DECISION_STATISTICS = ['top1', 'rank', 'top3'] as const;
export type DecisionStatistic = (typeof DECISION_STATISTICS)[number];

/** Trials of each window whose standings 'top3' averages. */
export const TOP_K = 3;

/** Quality of choosing row `chosen` of `y` (maximized): 1 the best of y, 0 the worst, ties counted half (see the file comment). */
export function choiceQuality(y: ArrayLike<number>, chosen: number): number {
  const W = y.length;
  if (W < 2) throw new RangeError(`choiceQuality: a window of ${W} trials ranks nothing`);
  const yc = y[chosen];
  let above = 0;
  let tied = 0;
  for (let j = 0; j < W; j++) {
    if (j === chosen) continue;
    if (y[j] > yc) above++;
    else if (y[j] === yc) tied++;
  }
  return 1 - (above + tied / 2) / (W - 1);
}

/** The row the acquisition ranks first; ties go to the earlier row (deterministic). */
export function firstRanked(acq: ArrayLike<number>): number {
  let pick = 0;
  for (let j = 1; j < acq.length; j++) if (acq[j] > acq[pick]) pick = j;
  return pick;
}

/** Spearman's ρ of the acquisition against the observed values, 0 when either is constant (see the file comment). */
export function rankQuality(acq: ArrayLike<number>, y: ArrayLike<number>): number {
  if (acq.length !== y.length || y.length < 2) throw new RangeError(`rankQuality: ${acq.length} acquisition values for ${y.length} observed values (at least 2 needed)`);
  const rho = spearman(Array.from(acq), Array.from(y));
  return Number.isNaN(rho) ? 0 : rho;
}

/** Rows in the acquisition's order, highest first; ties keep the earlier row first (as firstRanked). */
export function rankedRows(acq: ArrayLike<number>): number[] {
  return Array.from({ length: acq.length }, (_, i) => i).sort((a, b) => (acq[b] > acq[a] ? 1 : acq[b] < acq[a] ? -1 : a - b));
}

/** Mean standing (choiceQuality) of the acquisition's first `k` rows (all rows when the window is shorter). */
export function topKQuality(acq: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  const top = rankedRows(acq).slice(0, Math.min(k, y.length));
  return top.reduce((s, row) => s + choiceQuality(y, row), 0) / top.length;
}

/** The quality of one cut under `statistic`: acquisition values and observed values of the window's rows, in the same order. */
export function cutQuality(statistic: DecisionStatistic, acq: ArrayLike<number>, y: ArrayLike<number>): number {
  if (statistic === 'rank') return rankQuality(acq, y);
  if (statistic === 'top3') return topKQuality(acq, y, TOP_K);
  return choiceQuality(y, firstRanked(acq));
}
