/**
 * Surrogate 'auto''s current choice, read from the latest model trial's diagnostics
 * (`diagnostics.auto`, written by the BO policy on each ask). Diagnostics are free-form on the
 * wire, so the shape is checked here; shared by `bayesopt show` and the dashboard's study view.
 */
import type { Trial } from '../protocol/study.js';

export type AutoScore = { candidate: string; score: number; method: string } | { candidate: string; skipped: string };

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
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isScore(v: unknown): v is AutoScore {
  if (!isObject(v) || typeof v.candidate !== 'string') return false;
  return (typeof v.score === 'number' && typeof v.method === 'string') || typeof v.skipped === 'string';
}

/** The latest trial's 'auto' selection, or undefined when no trial was asked by an 'auto' model. */
export function autoChoice(trials: readonly Trial[]): AutoChoice | undefined {
  for (let i = trials.length - 1; i >= 0; i--) {
    const a = trials[i]!.diagnostics?.auto;
    if (!isObject(a) || typeof a.choice !== 'string' || typeof a.kind !== 'string' || typeof a.n !== 'number') continue;
    if (!Array.isArray(a.scores) || !a.scores.every(isScore)) continue;
    return { choice: a.choice, trialNumber: trials[i]!.number, n: a.n, scores: a.scores, ...(typeof a.reason === 'string' ? { reason: a.reason } : {}) };
  }
  return undefined;
}

/** "nngp (trial #12, 11 observations; mean LOO log-likelihood: gp 0.520, nngp 0.710, stp skipped: ...; why: ...)". */
export function autoChoiceLine(trials: readonly Trial[]): string | undefined {
  const c = autoChoice(trials);
  if (!c) return undefined;
  const scores = c.scores.map((s) => ('score' in s ? `${s.candidate} ${s.score.toFixed(3)}` : `${s.candidate} skipped: ${s.skipped}`)).join(', ');
  return `${c.choice} (trial #${c.trialNumber}, ${c.n} observations; mean LOO log-likelihood: ${scores}${c.reason ? `; why: ${c.reason}` : ''})`;
}
