/**
 * Surrogate 'auto''s current choice, read from the latest model trial's diagnostics
 * (`diagnostics.auto`, written by the BO policy on each ask). Diagnostics are free-form on the
 * wire, so the shape is checked here; shared by `bayesopt show` and the dashboard's study view.
 */
import type { Trial } from '../protocol/study.js';

/** A candidate's row: its LOO (or k-fold) score and, under score 'decision', its mean decision quality over the cuts. */
export type AutoScore = { candidate: string; score: number; method: string; decision?: number; elpd?: number; weight?: number } | { candidate: string; skipped: string };

export interface AutoChoice {
  /** The family chosen for that ask. */
  readonly choice: string;
  /** Number of the trial whose ask made the choice. */
  readonly trialNumber: number;
  /** Observations the candidates were scored on. */
  readonly n: number;
  readonly scores: readonly AutoScore[];
  /** Why the switching rule chose it (e.g. a challenger's streak under rule 'persistent'); absent on older asks. */
  readonly reason?: string;
  /** What the rule read: 'decision-quality' (session 11) or 'loo-log-density' (absent on older asks). */
  readonly statistic?: string;
  /** Under 'decision-quality', what a cut's quality is: 'top1' (the first pick's standing; absent on asks before session 13), 'rank' (Spearman's ρ) or 'top3' (the first three picks' mean standing). */
  readonly decisionStatistic?: string;
  /** Under combine 'stack' (session 14): each member's stacking weight by candidate (dropped candidates absent). */
  readonly weights?: Readonly<Record<string, number>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isScore(v: unknown): v is AutoScore {
  if (!isObject(v) || typeof v.candidate !== 'string') return false;
  return (typeof v.score === 'number' && typeof v.method === 'string') || typeof v.skipped === 'string';
}

/** A score row's mean decision quality (score 'decision', session 11), when it has one. */
function decisionScoreOf(row: unknown): number | undefined {
  if (!isObject(row) || !isObject(row.decision)) return undefined;
  return typeof row.decision.score === 'number' ? row.decision.score : undefined;
}

/** The latest trial's 'auto' selection, or undefined when no trial was asked by an 'auto' model. */
export function autoChoice(trials: readonly Trial[]): AutoChoice | undefined {
  for (let i = trials.length - 1; i >= 0; i--) {
    const a = trials[i]!.diagnostics?.auto;
    if (!isObject(a) || typeof a.choice !== 'string' || typeof a.kind !== 'string' || typeof a.n !== 'number') continue;
    if (!Array.isArray(a.scores) || !a.scores.every(isScore)) continue;
    const scores = a.scores.map((r: AutoScore) => {
      const decision = decisionScoreOf(r);
      if (!('score' in r)) return r;
      const raw = r as Record<string, unknown>;
      const stack = { ...(typeof raw.elpd === 'number' ? { elpd: raw.elpd } : {}), ...(typeof raw.weight === 'number' ? { weight: raw.weight } : {}) };
      return { candidate: r.candidate, score: r.score, method: r.method, ...(decision !== undefined ? { decision } : {}), ...stack };
    });
    const weights = isObject(a.weights) && Object.values(a.weights).every((w) => typeof w === 'number') ? (a.weights as Record<string, number>) : undefined;
    return { choice: a.choice, trialNumber: trials[i]!.number, n: a.n, scores, ...(typeof a.reason === 'string' ? { reason: a.reason } : {}), ...(typeof a.statistic === 'string' ? { statistic: a.statistic } : {}), ...(typeof a.decisionStatistic === 'string' ? { decisionStatistic: a.decisionStatistic } : {}), ...(weights ? { weights } : {}) };
  }
  return undefined;
}

/**
 * "nngp (trial #12, 11 observations; mean LOO log-likelihood: gp 0.520, nngp 0.710, stp skipped: ...; why: ...)";
 * when the rule read decision scores: "...; mean decision quality: gp 0.800, nngp 0.900, stp 0.850; why: ..."
 * (under decision statistic 'rank': "mean decision rank correlation (Spearman ρ of LogEI and outcome): gp 0.310, ...").
 */
export function autoChoiceLine(trials: readonly Trial[]): string | undefined {
  const c = autoChoice(trials);
  if (!c) return undefined;
  if (c.weights) return stackLine(c, c.weights);
  const decided = c.statistic === 'decision-quality' && c.scores.some((s) => 'decision' in s && s.decision !== undefined);
  const value = (s: Extract<AutoScore, { score: number }>) => (decided ? (s.decision === undefined ? 'no decision score' : s.decision.toFixed(3)) : s.score.toFixed(3));
  const scores = c.scores.map((s) => ('score' in s ? `${s.candidate} ${value(s)}` : `${s.candidate} skipped: ${s.skipped}`)).join(', ');
  const label = !decided ? 'mean LOO log-likelihood'
    : c.decisionStatistic === 'rank' ? 'mean decision rank correlation (Spearman ρ of LogEI and outcome)'
    : c.decisionStatistic === 'top3' ? 'mean decision quality (top 3 picks)' : 'mean decision quality';
  return `${c.choice} (trial #${c.trialNumber}, ${c.n} observations; ${label}: ${scores}${c.reason ? `; why: ${c.reason}` : ''})`;
}

/**
 * Under combine 'stack': "mixture gp 0.71, nngp 0.29 (trial #12, 11 observations; LOO elpd: gp -3.10, nngp -2.52, stp -4.01; why: ...)";
 * one member left: "gp alone (weight 1; ...)".
 */
function stackLine(c: AutoChoice, weights: Readonly<Record<string, number>>): string {
  const members = Object.entries(weights).sort((a, b) => b[1] - a[1]);
  const head = members.length === 1 ? `${members[0][0]} alone (weight 1` : `mixture ${members.map(([k, w]) => `${k} ${w.toFixed(2)}`).join(', ')} (`;
  const elpd = c.scores.map((s) => ('score' in s ? `${s.candidate} ${(s.elpd ?? s.score * c.n).toFixed(2)}` : `${s.candidate} skipped: ${s.skipped}`)).join(', ');
  return `${head}${members.length === 1 ? '; ' : ''}trial #${c.trialNumber}, ${c.n} observations; LOO elpd: ${elpd}${c.reason ? `; why: ${c.reason}` : ''})`;
}
