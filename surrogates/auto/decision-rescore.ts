/**
 * Surrogate 'auto' under score 'decision': the candidates scored by leave-one-out this ask are
 * re-scored by the decision score (decision-score.ts) on their fitted models, and the switching
 * rule then reads the per-cut qualities instead of the log densities. A candidate whose refit
 * fails is dropped with the reason in its score row; too few cuts (n small) give no evidence at all.
 */
import type { FittedSurrogate, TrainingData } from '../types.js';
import type { AutoCandidateName } from './auto-candidates.js';
import type { AutoOptions } from './auto-options.js';
import { decisionCuts, decisionEvidence, MIN_DECISION_CUTS } from './decision-score.js';
import type { CandidateScore } from './fitted-auto.js';
import { meanOf } from './predictive-score.js';
import { refitAtHyperparameters } from './prefix-model.js';
import type { ScoredCandidate } from './switching-rule.js';

export interface Rescored {
  /** Candidates with decision evidence, in candidate order (their `densities` are per-cut qualities). */
  readonly scored: ScoredCandidate[];
  /** The score rows with each candidate's decision score (or why it has none) added. */
  readonly scores: CandidateScore[];
  /** Prefix lengths of the cuts. */
  readonly cuts: readonly number[];
  /** Set when the cuts are too few to decide anything: the reason, in words. */
  readonly noEvidence?: string;
}

/**
 * The decision evidence of every LOO-scored candidate. Cuts start after max(5, 2·d) trials, the
 * policy's default initial design, so every cut's model has seen at least a design's worth of rows.
 */
export function rescoreByDecisions(
  scored: readonly (ScoredCandidate & { readonly model?: FittedSurrogate })[], scores: readonly CandidateScore[], data: TrainingData, o: AutoOptions,
): Rescored {
  const n = data.y.length;
  const cuts = decisionCuts(n, o.decisionWindow, o.decisionCuts, Math.max(5, 2 * data.X.cols), o.decisionSpacing);
  if (cuts.length < MIN_DECISION_CUTS) {
    const noEvidence = `decision score: ${cuts.length} cut(s) at n = ${n} (window ${o.decisionWindow}, ${o.decisionSpacing} cuts, at least ${MIN_DECISION_CUTS} needed)`;
    return { scored: [], scores: [...scores], cuts, noEvidence };
  }
  const added = new Map<AutoCandidateName, Partial<CandidateScore>>();
  const out: ScoredCandidate[] = [];
  for (const s of scored) {
    const refit = s.model ? refitAtHyperparameters(s.model) : undefined;
    if (!refit) {
      added.set(s.name, { decisionSkipped: 'no refit at fixed hyperparameters' });
      continue;
    }
    try {
      const { qualities, chosen } = decisionEvidence(refit, data, cuts, o.decisionWindow, o.decisionStatistic);
      const score = meanOf(qualities);
      added.set(s.name, { decision: { score, qualities: Array.from(qualities), picks: Array.from(chosen) } });
      out.push({ name: s.name, densities: qualities, score });
    } catch (e) {
      added.set(s.name, { decisionSkipped: `refit failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return { scored: out, scores: scores.map((r) => ({ ...r, ...added.get(r.candidate) }) as CandidateScore), cuts };
}
