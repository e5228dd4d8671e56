/**
 * Which family surrogate 'auto' runs this ask, given every scored candidate's per-observation
 * held-out log densities and what the previous ask left (the incumbent and a streak). Pure: the
 * scores in, the choice and the reason out, so the rule is tested on constructed scores.
 *
 * Rules (AutoOptions.rule):
 * - 'one-standard-error': the reference (first candidate) unless the best mean score beats it by
 *   more than `margin` standard errors of the paired differences, afresh on every ask (no memory);
 * - 'best-mean': the best mean score;
 * - 'persistent': the incumbent (the family the previous ask ran; at first the reference) stays
 *   until one and the same challenger is the best mean score and beats the incumbent by more than
 *   `margin` standard errors on `patience` consecutive asks. One ask's LOO noise then cannot flip
 *   the family, and a family left must be beaten the same way to come back (hysteresis).
 *
 * `referenceFailingBelow` (score 'decision', rules 'persistent' and 'one-standard-error'; absent = no
 * gate): a challenger may run only on an ask where the reference's own mean score is below it. At or
 * above it the reference runs, any streak ends and an incumbent challenger is left at once: the
 * reference is replaced only while it is failing (e.g. its picks no better than a random pick's 0.5
 * under 'top1'), not whenever a challenger is ahead of a reference that decides well.
 */
import { pairedAdvantage } from './predictive-score.js';
import type { AutoCandidateName } from './auto-candidates.js';

/** A candidate's held-out log densities (one per observation, the same rows for every candidate) and their mean. */
export interface ScoredCandidate {
  readonly name: AutoCandidateName;
  readonly densities: Float64Array;
  readonly score: number;
}

/** Consecutive asks on which `candidate` beat the incumbent by more than the margin. */
export interface SwitchStreak {
  readonly candidate: AutoCandidateName;
  readonly asks: number;
}

export type SwitchingRuleName = 'one-standard-error' | 'best-mean' | 'persistent';

export interface SwitchingInput {
  /** Scored candidates in candidate order; the first is the reference. Not empty. */
  readonly scored: readonly ScoredCandidate[];
  readonly rule: SwitchingRuleName;
  readonly margin: number;
  /** Consecutive asks a challenger must win under 'persistent'. */
  readonly patience: number;
  /** The family the previous ask ran (its stored state), if any. */
  readonly incumbent?: AutoCandidateName;
  /** The previous ask's streak, if any. */
  readonly streak?: SwitchStreak;
  /** A challenger may run only while the reference's mean score is below this (see the file comment); absent: no gate. */
  readonly referenceFailingBelow?: number;
}

export interface SwitchingDecision {
  readonly choice: AutoCandidateName;
  /** The candidate every other is measured against this ask: the reference, or under 'persistent' the incumbent. */
  readonly against: AutoCandidateName;
  /** The best mean score when it is not `against`'s: its paired advantage over `against`, nats per observation. */
  readonly challenger?: { readonly candidate: AutoCandidateName; readonly advantage: number; readonly standardError: number };
  /** Under 'persistent', the streak after this ask (absent when none runs). */
  readonly streak?: SwitchStreak;
  /** Why `choice` runs, in words (diagnostics). */
  readonly reason: string;
}

const fmt = (v: number) => Number(v.toPrecision(3)).toString();

/** The choice of this ask under `input.rule` (see the file comment). */
export function decideFamily(input: SwitchingInput): SwitchingDecision {
  const { scored, rule, margin } = input;
  const reference = scored[0];
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  const gate = input.referenceFailingBelow;
  if (gate !== undefined && rule !== 'best-mean' && reference.score >= gate) {
    const left = input.incumbent !== undefined && input.incumbent !== reference.name ? `, ${input.incumbent} left` : '';
    const ends = input.streak ? `, ${input.streak.candidate}'s streak of ${input.streak.asks} ends` : '';
    return { choice: reference.name, against: reference.name, reason: `${reference.name}'s mean score ${fmt(reference.score)} is at or above referenceFailingBelow ${gate} (not failing): keep ${reference.name}${left}${ends}` };
  }
  if (rule === 'best-mean') {
    const challenger = best === reference ? undefined : { candidate: best.name, ...pairedAdvantage(best.densities, reference.densities) };
    return { choice: best.name, against: reference.name, ...(challenger ? { challenger } : {}), reason: `best mean score: ${best.name}` };
  }
  // The candidate measured against: the reference, or under 'persistent' the incumbent while it was scored this ask.
  const held = rule === 'persistent' && input.incumbent !== undefined ? scored.find((s) => s.name === input.incumbent) : undefined;
  const lost = rule === 'persistent' && input.incumbent !== undefined && held === undefined ? `; incumbent ${input.incumbent} not scored this ask, back to ${reference.name}` : '';
  const against = held ?? reference;
  if (best === against) return { choice: against.name, against: against.name, reason: `${against.name} has the best mean score${lost}` };
  const challenger = { candidate: best.name, ...pairedAdvantage(best.densities, against.densities) };
  const z = challenger.advantage / challenger.standardError;
  const clears = challenger.advantage > margin * challenger.standardError;
  const lead = `${best.name} leads ${against.name} by ${fmt(challenger.advantage)} ± ${fmt(challenger.standardError)} (${fmt(z)} SE, margin ${margin})`;
  if (rule === 'one-standard-error') return { choice: clears ? best.name : against.name, against: against.name, challenger, reason: `${lead}: ${clears ? 'switch' : `keep ${against.name}`}` };
  if (!clears) return { choice: against.name, against: against.name, challenger, reason: `${lead}: keep ${against.name}${input.streak ? `, ${input.streak.candidate}'s streak of ${input.streak.asks} ends` : ''}${lost}` };
  const asks = input.streak?.candidate === best.name ? input.streak.asks + 1 : 1;
  if (asks >= input.patience) return { choice: best.name, against: against.name, challenger, reason: `${lead} on ${asks} consecutive asks (patience ${input.patience}): switch ${against.name} -> ${best.name}${lost}` };
  return { choice: against.name, against: against.name, challenger, streak: { candidate: best.name, asks }, reason: `${lead}: ask ${asks} of ${input.patience}, keep ${against.name}${lost}` };
}

/**
 * The choice when no candidate has evidence this ask (score 'decision' before enough cuts): the
 * incumbent while it was fitted, else the reference; any streak ends. `why` says why, in words.
 */
export function keepWithoutEvidence(fitted: readonly { readonly name: AutoCandidateName }[], incumbent: AutoCandidateName | undefined, why: string): SwitchingDecision {
  const keep = fitted.find((s) => s.name === incumbent) ?? fitted[0];
  return { choice: keep.name, against: keep.name, reason: `${why}: keep ${keep.name}` };
}
