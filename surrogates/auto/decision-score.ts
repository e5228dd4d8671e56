/**
 * A family score of what its model would have DONE, not how well it predicts (surrogate 'auto',
 * AutoOptions.score 'decision'): a prequential decision score. For a few past cuts t (prefix
 * lengths, the latest ones), the family's model is refitted on the trials before t at its
 * hyperparameters of this ask (no new hyperparameter search: cheap, and the same model the ask
 * would run, so the hyperparameters have seen the held-out rows, as leave-one-out's do) and ranks
 * the next `window` trials, which the study went on to observe, by analytic LogEI over the best
 * value before t. The cut's quality (decision-statistic.ts, AutoOptions.decisionStatistic) is by
 * default where the observed value of its first-ranked trial stands among the window's observed values:
 *   q_t = 1 − (#{j : y_j > y_c} + ½·#{j ≠ c : y_j = y_c}) / (W − 1)   (y maximized),
 * 1 when the family would have picked the window's best trial, 0 when its worst; under 'rank' it is
 * Spearman's ρ between the LogEI values and the observed values over the whole window, under 'top3'
 * the mean standing of the three first-ranked trials. The family's
 * score is the mean over cuts, and the switching rule (switching-rule.ts) reads the per-cut
 * qualities as it reads per-observation log densities: paired differences, a margin in standard
 * errors, patience over asks. Deterministic: no random draw.
 *
 * Why: leave-one-out log densities reward calibrated predictions everywhere, mostly far from the
 * optimum, and did not tell which switch would pay (RESULTS.md, session 10: 8 better / 9 worse).
 * A ranking of the trials the search actually went on to evaluate is the decision BO takes.
 */
import { logH } from '../../core/normal.js';
import { logHStudentT } from '../../core/student-t.js';
import { isStudentT, type FittedSurrogate, type Posterior, type TrainingData } from '../types.js';
import { subsetData } from '../gp/fit-subset.js';
import { cutQuality, firstRanked, type DecisionStatistic } from './decision-statistic.js';

export { choiceQuality } from './decision-statistic.js';

/** Where score 'decision''s cuts fall (AutoOptions.decisionSpacing). */
export type DecisionSpacing = 'consecutive' | 'disjoint';

/** Fewer cuts than this and the decision score gives no evidence: the incumbent stays (reason in words). */
export const MIN_DECISION_CUTS = 3;

/**
 * Prefix lengths t of the cuts, ascending: the latest `cuts` with a full window after them
 * (t + window ≤ n) and at least `minPrefix` trials before them; fewer (or none) while n is small.
 * 'consecutive' cuts are one trial apart (their windows overlap by window − 1 trials); 'disjoint'
 * cuts are one window apart, counted back from the latest, so no trial is in two windows.
 */
export function decisionCuts(n: number, window: number, cuts: number, minPrefix: number, spacing: DecisionSpacing = 'consecutive'): number[] {
  const step = spacing === 'disjoint' ? window : 1;
  const out: number[] = [];
  for (let t = n - window; t >= minPrefix && out.length < cuts; t -= step) out.push(t);
  return out.reverse();
}

/** A family's model refitted on other data at the hyperparameters of this ask (prefix-model.ts). */
export type RefitOnData = (data: TrainingData) => FittedSurrogate;

/** The per-cut evidence of one family: the quality of each cut and the window row (0-based, in the window) it would have picked. */
export interface DecisionEvidence {
  readonly qualities: Float64Array;
  readonly chosen: Int32Array;
}

const rowsRange = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

/** The acquisitions' variance floor (acquisitions/moment.ts MIN_VARIANCE), so a noiseless model's observed rows rank finitely. */
const MIN_VARIANCE = 1e-20;

/**
 * Analytic LogEI over `best` (maximization) at each row of a Gaussian or Student-t posterior, as
 * the 'log-ei' acquisition computes it (Ament et al. 2023; the t-process EI for Student-t
 * marginals, whose variance v gives the scale √(v(ν−2)/ν)). Computed here from core's ln h
 * because surrogates/ may not import acquisitions/.
 */
export function logEiOfPosterior(posterior: Posterior, best: number): Float64Array {
  if (posterior.kind !== 'gaussian' && posterior.kind !== 'student-t') throw new RangeError(`decision score: LogEI ranking needs a Gaussian or Student-t posterior, got '${posterior.kind}'`);
  const mean = posterior.mean();
  const variance = posterior.variance();
  const nu = isStudentT(posterior) ? posterior.df : undefined;
  return Float64Array.from(mean, (m, i) => {
    const v = Math.max(variance[i], MIN_VARIANCE);
    if (nu === undefined) {
      const sigma = Math.sqrt(v);
      return logH((m - best) / sigma) + Math.log(sigma);
    }
    const s = Math.sqrt((v * (nu - 2)) / nu);
    return logHStudentT((m - best) / s, nu) + Math.log(s);
  });
}

/** The qualities of one family at the given cuts (rows of `data` in trial order) under `statistic` (decision-statistic.ts). */
export function decisionEvidence(refit: RefitOnData, data: TrainingData, cuts: readonly number[], window: number, statistic: DecisionStatistic = 'top1'): DecisionEvidence {
  const qualities = new Float64Array(cuts.length);
  const chosen = new Int32Array(cuts.length);
  cuts.forEach((t, c) => {
    const model = refit(subsetData(data, rowsRange(0, t)));
    const held = subsetData(data, rowsRange(t, t + window));
    let best = -Infinity;
    for (let i = 0; i < t; i++) best = Math.max(best, data.y[i]);
    const acq = logEiOfPosterior(model.posterior(held.X), best);
    chosen[c] = firstRanked(acq);
    qualities[c] = cutQuality(statistic, acq, held.y);
  });
  return { qualities, chosen };
}
