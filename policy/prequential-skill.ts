/**
 * The prequential skill statistic of the exploration gate (protocol/exploration.ts skill
 * 'prequential'): Spearman's ρ between the last PREQUENTIAL_WINDOW observations and the posterior
 * means predicted for each of them by the model refitted on the rows before it, at this ask's
 * hyperparameters (surrogates/auto/prefix-model.ts: one factorization per prefix, no search).
 *
 * Why not leave-one-out: LOO predicts each row from all the others, including the rows asked after
 * it, so on rugged functions (Weierstrass, bbob f16) it scores the fine structure between clustered
 * trust-region asks and reads "no skill" where the search still improves. The prequential score
 * asks what the decision needs: did the model, as it stood, predict how good the next asks would be.
 *
 * Why a window of 10 refits rather than one refit before the window: each trial is predicted from
 * exactly the data the search had when it asked for it (one refit before the window would predict
 * the tenth point from data nine asks old); 10 keeps ρ's resolution of 'auto''s decision window
 * (surrogates/auto/decision-score.ts), and costs 10 Cholesky factorizations of at most n − 1 rows
 * (n ≤ 150 in the bbob grid: milliseconds beside the acquisition's optimization).
 */
import type { Matrix } from '../core/matrix.js';
import { spearman } from '../core/rank-correlation.js';
import { FittedAuto } from '../surrogates/auto/fitted-auto.js';
import { refitAtHyperparameters } from '../surrogates/auto/prefix-model.js';
import type { FittedSurrogate, TrainingData } from '../surrogates/types.js';

/** Trials whose predictions the prequential statistic correlates (see the file comment). */
export const PREQUENTIAL_WINDOW = 10;

/** The first `rows` rows of `data` (the trials in the order the model was fitted on them). */
function prefix(data: TrainingData, rows: number): TrainingData {
  const d = data.X.cols;
  const X: Matrix = { rows, cols: d, data: data.X.data.slice(0, rows * d) };
  return { X, y: data.y.slice(0, rows), ...(data.yVar ? { yVar: data.yVar.slice(0, rows) } : {}) };
}

/**
 * The prequential means of the last `window` rows of `data` (what `model` was fitted on, in trial
 * order): row i predicted by the model refitted on rows 0..i−1. Undefined for a family without the
 * refit ('auto' refits the family it chose).
 */
export function prequentialMeans(model: FittedSurrogate, data: TrainingData, window = PREQUENTIAL_WINDOW): number[] | undefined {
  const refit = refitAtHyperparameters(model instanceof FittedAuto ? model.chosen : model);
  if (refit === undefined) return undefined;
  const n = data.y.length;
  const d = data.X.cols;
  const means: number[] = [];
  for (let i = n - window; i < n; i++) {
    const at: Matrix = { rows: 1, cols: d, data: data.X.data.slice(i * d, (i + 1) * d) };
    means.push(refit(prefix(data, i)).posterior(at).mean()[0]);
  }
  return means;
}

/** Spearman's ρ of the prequential means and the observations of the last `window` rows; undefined without the refit, NaN on a constant side. */
export function prequentialSkill(model: FittedSurrogate, data: TrainingData, window = PREQUENTIAL_WINDOW): number | undefined {
  const means = prequentialMeans(model, data, window);
  return means && spearman(means, Array.from(data.y.slice(data.y.length - window)));
}
