/**
 * How 'auto''s decision score (decision-score.ts) refits a candidate on a prefix of the trials:
 * the fitted model's own hyperparameters on the prefix's rows, one new factorization, no search.
 * Only the kernel families can (an exact GP with any kernel, the NNGP included, and the Student-t
 * process); AutoOptions refuses score 'decision' with any other candidate, so this never silently
 * scores a family some other way.
 */
import { FittedGp } from '../gp/fitted-gp.js';
import { FittedStp } from '../stp/stp-surrogate.js';
import type { FittedSurrogate } from '../types.js';
import type { RefitOnData } from './decision-score.js';

/** The refit of `model` at its hyperparameters on other data, or undefined for a family that has none. */
export function refitAtHyperparameters(model: FittedSurrogate): RefitOnData | undefined {
  if (model instanceof FittedGp || model instanceof FittedStp) return (data) => model.onData(data);
  return undefined;
}
