/**
 * Re-measuring a suspected outlier (issue 20, session 20). A robust GP (likelihood 'robust' with
 * verifyOutliers) discounts the rows its relevance pursuit flags; on a deterministic objective a
 * flagged row is a real value the stationary GP could not fit (a sharp peak, a plateau's edge),
 * and discounting it throws away the evidence that leads to the optimum. One more measurement at
 * the same input tells the two apart: an agreeing replicate confirms the value (the next fit keeps
 * the row out of its outliers), a different one shows the noise. This module picks which row.
 */
import { containsPoint } from './space-filling.js';

/** What an ask shows when it re-measures a row (diagnostics.verification). */
export interface VerificationDiagnostics {
  /** The training row re-measured (index into the completed trials with a finite value, in order). */
  readonly row: number;
  /** Its rank among the observed values, 1 = best. */
  readonly rank: number;
  /** Rows the fit flagged this ask, and how many of them already have a replicate. */
  readonly flagged: number;
  readonly replicated: number;
}

/**
 * The flagged row to measure again: the best ranked (by y, larger is better: the policy's
 * maximized units) whose input has no other observation and is not pending. Undefined when every
 * flagged row already has one (each input is verified at most once, so the cost is bounded by the
 * number of distinct suspected rows).
 */
export function pickVerification(flagged: readonly number[], X: readonly Float64Array[], y: ArrayLike<number>, pending: readonly Float64Array[]): VerificationDiagnostics | undefined {
  if (flagged.length === 0) return undefined;
  let pick = -1;
  let replicated = 0;
  for (const row of flagged) {
    const others = X.filter((_, r) => r !== row);
    if (containsPoint(others, X[row]) || containsPoint(pending, X[row])) {
      replicated++;
      continue;
    }
    if (pick < 0 || y[row] > y[pick] || (y[row] === y[pick] && row < pick)) pick = row;
  }
  if (pick < 0) return undefined;
  let rank = 1;
  for (let r = 0; r < y.length; r++) if (y[r] > y[pick]) rank++;
  return { row: pick, rank, flagged: flagged.length, replicated };
}
