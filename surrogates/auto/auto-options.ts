import { z } from 'zod';
import { familyCapabilities } from '../family-capabilities.js';
import { AUTO_CANDIDATES, DEFAULT_AUTO_CANDIDATES, SWITCH_AUTO_CANDIDATES, type AutoCandidateName } from './auto-candidates.js';
import { DECISION_STATISTICS, type DecisionStatistic } from './decision-statistic.js';

/** The per-cut statistic of score 'decision' when none is given: the first-ranked trial's standing (session 11). */
export const DEFAULT_DECISION_STATISTIC: DecisionStatistic = 'top1';

/** referenceFailingBelow when none is given: null, no gate (the switching rule alone decides, as through session 13). */
export const DEFAULT_REFERENCE_FAILING_BELOW: number | null = null;

/**
 * stackMargin under combine 'stack' when none is given: one paired standard error (session 23, with the
 * GP default as the reference candidate: benchmarks/results/bbob-s23-auto-margin-rule.md); studies stored
 * before it ran none (LEGACY_STACK_MARGIN).
 */
export const DEFAULT_STACK_MARGIN = 1;

/**
 * stackMinTrials when none is given: 0, no minimum (20 was rejected by benchmarks/results/bbob-s23-auto-min20-rule.md).
 * The effective algorithm does not record it: a default other than 0 must add that record and pin studies without it to 0.
 */
export const DEFAULT_STACK_MIN_TRIALS = 0;

/**
 * stackTest when none is given: 'in-sample'. The effective algorithm does not record it: a default other
 * than 'in-sample' must add that record and pin studies without it to 'in-sample'.
 */
export const DEFAULT_STACK_TEST = 'in-sample' as const;

/**
 * localRegion under combine 'stack' when none is given: 'reference' (session 24,
 * benchmarks/results/bbob-s24-auto-local-rule.md); studies stored before it ran 'stack' (LEGACY_LOCAL_REGION).
 */
export const DEFAULT_LOCAL_REGION = 'reference' as const;

/** What an 'auto' stack stored before session 24 (effective.autoLocalRegion absent) ran inside a local trust region: the weights' model. */
export const LEGACY_LOCAL_REGION = 'stack' as const;

/** What an 'auto' stack stored before session 23 (effective.autoStackMargin absent) ran: no test, the stacking weights alone decide. */
export const LEGACY_STACK_MARGIN: number | null = null;

const names = Object.keys(AUTO_CANDIDATES) as [AutoCandidateName, ...AutoCandidateName[]];

/**
 * Options of surrogate 'auto' (surrogateOptions), strict. Every field has a default:
 * - candidates: the families to score, in order (ties go to the earlier one; the first is the reference)
 *   [under 'stack' gp-robust, nngp, stp (DEFAULT_AUTO_CANDIDATES, session 23); under 'switch' gp, nngp, stp];
 * - budgetMs: wall time per ask for fitting and scoring the candidates [20000]: a neural candidate
 *   is dropped (and named in diagnostics) when its first fold shows it would not finish within what is left;
 * - minNeuralTrials: observations before neural candidates are scored at all [20] (below it their
 *   k-fold fits see a handful of points and cost seconds for nothing);
 * - folds: k of the k-fold score of candidates without a closed-form leave-one-out [5];
 * - rule (switching-rule.ts): 'persistent' [default since session 10, chosen on bbob selection d = 5:
 *   RESULTS.md 2026-12-06]: the family the previous ask ran (at first the reference, by default the
 *   service's GP) is kept until one challenger beats it by more than `margin` standard errors of the
 *   paired per-observation differences (predictive-score.ts pairedAdvantage) on `patience`
 *   consecutive asks; the streak and the incumbent are in the surrogate's stored state;
 *   'one-standard-error': the reference unless the best-scoring one beats it by more than `margin`
 *   standard errors, afresh on every ask (the default through session 9); 'best-mean': the best
 *   mean score, whatever the margin;
 * - margin: under 'persistent' and 'one-standard-error', how many standard errors the challenger must win by [1];
 * - patience: under 'persistent', consecutive asks the same challenger must win [3];
 * - score: what the rule reads ['decision' when every candidate is a kernel family (default since
 *   session 11, chosen on bbob selection d = 5: RESULTS.md 2026-12-06 session 11), else 'loo']:
 *   'loo' each candidate's leave-one-out log predictive densities
 *   (predictive-score.ts); 'decision' the prequential decision score (decision-score.ts): at the last
 *   `decisionCuts` prefixes, which of the next `decisionWindow` observed trials the candidate's LogEI
 *   would have ranked first, and how good that trial turned out; only for kernel candidates (a
 *   closed-form refit at fixed hyperparameters), any other candidate is refused at create;
 * - decisionWindow: trials each cut ranks [10]; decisionCuts: cuts per ask [10];
 * - decisionStatistic (score 'decision' only, refused under 'loo'): what one cut's quality is ['top1']:
 *   'top1' the standing of the trial the candidate's LogEI ranks first (steps of 1/(W − 1), session 11);
 *   'rank' Spearman's ρ between the candidate's LogEI over the window and the window's observed values
 *   (decision-statistic.ts), which uses every trial's place in the ranking, not only the first's;
 *   'top3' the mean standing of the three trials its LogEI ranks first (the top of the window only);
 * - decisionSpacing (score 'decision' only, refused under 'loo'): where the cuts fall ['consecutive']:
 *   'consecutive' the latest prefixes one trial apart (windows overlap by W − 1 trials, session 11);
 *   'disjoint' one window apart, so no observed trial is scored by two cuts;
 * - referenceFailingBelow (score 'decision' and rules 'persistent' / 'one-standard-error' only, refused
 *   otherwise): a challenger may run only on an ask where the reference's (the first candidate's) mean
 *   decision quality is below this value; at or above it the reference runs, any streak ends and a
 *   study that had switched returns to it at once (switching-rule.ts) [null: no gate]. 0.5 under
 *   'top1' is the standing a random pick from the window has on average: the GP is left only while it
 *   picks no better than chance. In [-1, 1] (the range of 'rank''s ρ);
 * - combine (session 14): 'switch' runs one family per ask, chosen by `rule`; 'stack' runs the
 *   weighted mixture of the candidates' posteriors with stacking weights (Yao et al. 2018;
 *   stacking-weights.ts, fitted-stack.ts): kernel candidates only, score 'loo', and the switching
 *   fields (rule, margin, patience, decision*, referenceFailingBelow) refused. Default (defaultCombine):
 *   'stack' [since session 14, chosen on bbob selection d = 2, 5, 10: benchmarks/results/bbob-s14-stack-rule.md
 *   and bbob-s14-stack-confirm-rule.md], but 'switch' when a field only switching reads is given (score or
 *   a switching field: the options describe a switching rule) or a candidate cannot be a member (a
 *   neural family); the acquisition-dependent case (ucb with a Student-t candidate) is resolved by
 *   policy/auto-combine.ts, which sees the acquisition;
 * - stackMargin (combine 'stack' only, refused under 'switch'): the mixture runs only when its mean
 *   per-observation LOO log density beats the reference's (the first candidate's, by default the
 *   service's GP) by more than this many standard errors of the paired differences (predictive-score.ts
 *   pairedAdvantage, the one-standard-error rule's statistic); otherwise the reference's own model runs,
 *   so an ask without the evidence is exactly the reference family's ask. The weights
 *   are fitted on the same densities, so the mixture never scores below the reference: the margin is
 *   what a departure must win by [1 under 'stack' (DEFAULT_STACK_MARGIN, session 23); null: no test];
 * - stackMinTrials (combine 'stack' only, refused under 'switch'): on an ask with fewer observations than
 *   this the reference's own model runs whatever the weights and the margin say (the held weights are in
 *   diagnostics auto.stacking.held) [0: none];
 * - shareKernels: 'stp' reuses the fitted 'nngp''s kernel, noise, mean and factor and fits only its
 *   scale prior (shared-kernels.ts) instead of its own kernel search [true]; false fits each on its own.
 */
export const AutoOptions = z.strictObject({
  candidates: z
    .array(z.enum(names))
    .min(1)
    .max(names.length)
    .refine((c) => new Set(c).size === c.length, 'candidates must not repeat')
    .optional(),
  budgetMs: z.number().int().min(100).max(600_000).default(20_000),
  minNeuralTrials: z.number().int().min(2).max(100_000).default(20),
  folds: z.number().int().min(2).max(20).default(5),
  rule: z.enum(['one-standard-error', 'best-mean', 'persistent']).optional(),
  margin: z.number().min(0).max(10).optional(),
  patience: z.number().int().min(1).max(50).optional(),
  shareKernels: z.boolean().default(true),
  score: z.enum(['loo', 'decision']).optional(),
  decisionWindow: z.number().int().min(2).max(100).optional(),
  decisionCuts: z.number().int().min(1).max(50).optional(),
  decisionStatistic: z.enum(DECISION_STATISTICS).optional(),
  decisionSpacing: z.enum(['consecutive', 'disjoint']).optional(),
  referenceFailingBelow: z.number().min(-1).max(1).nullable().optional(),
  combine: z.enum(['switch', 'stack']).optional(),
  stackMargin: z.number().min(0).max(10).nullable().optional(),
  stackMinTrials: z.number().int().min(0).max(100_000).optional(),
  stackTest: z.enum(['in-sample', 'held-out']).optional(),
  localRegion: z.enum(['stack', 'reference']).optional(),
}).transform((o) => ({ ...o, candidates: o.candidates ?? [...defaultCandidates(o.combine ?? defaultCombine(o))] })).superRefine((o, ctx) => {
  if ((o.combine ?? defaultCombine(o)) === 'stack') {
    refuseUnderStack(o, ctx);
    // With no margin there is no test for stackTest to shape.
    if (o.stackTest !== undefined && o.stackMargin === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['stackTest'], message: `stackTest shapes the margin's test, and stackMargin is null (no test)` });
    return;
  }
  // Only a stack has a mixture to test: under 'switch' the margin would be ignored.
  if (o.localRegion !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['localRegion'], message: `localRegion decides what a stacked ask runs inside a local trust region and applies to combine 'stack' only (combine is 'switch')` });
  if (o.stackTest !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['stackTest'], message: `stackTest shapes the test of the stacked mixture and applies to combine 'stack' only (combine is 'switch')` });
  if (o.stackMinTrials !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['stackMinTrials'], message: `stackMinTrials holds the stacked mixture to the reference on early asks and applies to combine 'stack' only (combine is 'switch')` });
  if (o.stackMargin != null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['stackMargin'], message: `stackMargin tests the stacked mixture against the reference and applies to combine 'stack' only (combine is 'switch'); the switching rule's own margin is 'margin'` });
  // The decision score refits a candidate on prefixes at its hyperparameters: kernel families only (prefix-model.ts).
  if (o.score === 'decision') {
    o.candidates.forEach((c, i) => {
      if (!allKernel([c])) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['candidates', i], message: `score 'decision' refits candidates at fixed hyperparameters, which '${c}' (${AUTO_CANDIDATES[c].kind}) has no closed form for; use kernel candidates (gp, gp-rbf, nngp, stp) or score 'loo'` });
    });
  }
  // Only the persistent rule reads patience: under another rule it would be ignored, so it is refused.
  const rule = o.rule ?? 'persistent';
  if (o.patience !== undefined && rule !== 'persistent') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['patience'], message: `patience applies to rule 'persistent' only (rule is '${rule}')` });
  // The decision statistic and spacing shape score 'decision' only: under 'loo' they would be ignored, so they are refused.
  const score = o.score ?? defaultScore(o.candidates);
  for (const field of ['decisionStatistic', 'decisionSpacing'] as const) {
    if (o[field] !== undefined && score !== 'decision') ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: `${field} applies to score 'decision' only (score is '${score}')` });
  }
  // The gate compares a decision quality (bounded, with a chance level) with a fixed value, and best-mean has no reference to keep: refused where it would mean nothing.
  if (o.referenceFailingBelow != null) {
    if (score !== 'decision') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['referenceFailingBelow'], message: `referenceFailingBelow applies to score 'decision' only (score is '${score}'): a leave-one-out log density has no fixed scale to compare with` });
    if (rule === 'best-mean') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['referenceFailingBelow'], message: `referenceFailingBelow applies to rules 'persistent' and 'one-standard-error' only (rule is 'best-mean', which keeps no reference)` });
  }
}).transform((o) => {
  const rule = o.rule ?? 'persistent';
  const combine = o.combine ?? defaultCombine(o);
  // Under 'stack' the weights read leave-one-out densities; the switching fields are refused above and keep inert defaults.
  const score = combine === 'stack' ? 'loo' : (o.score ?? defaultScore(o.candidates));
  return {
    ...o,
    combine,
    rule,
    margin: o.margin ?? 1,
    decisionWindow: o.decisionWindow ?? 10,
    decisionCuts: o.decisionCuts ?? 10,
    score,
    decisionStatistic: o.decisionStatistic ?? DEFAULT_DECISION_STATISTIC,
    decisionSpacing: o.decisionSpacing ?? 'consecutive',
    referenceFailingBelow: o.referenceFailingBelow === undefined ? defaultReferenceGate(rule, score) : o.referenceFailingBelow,
    // Under 'switch' there is no mixture to test (a given margin is refused above).
    stackMargin: combine !== 'stack' ? null : o.stackMargin === undefined ? DEFAULT_STACK_MARGIN : o.stackMargin,
    stackMinTrials: combine !== 'stack' ? 0 : (o.stackMinTrials ?? DEFAULT_STACK_MIN_TRIALS),
    stackTest: o.stackTest ?? DEFAULT_STACK_TEST,
    localRegion: combine !== 'stack' ? ('stack' as const) : (o.localRegion ?? DEFAULT_LOCAL_REGION),
  };
});

/** Fields of the switching rule: under combine 'stack' nothing reads them, so giving one is refused. */
const SWITCH_ONLY = ['rule', 'margin', 'patience', 'decisionWindow', 'decisionCuts', 'decisionStatistic', 'decisionSpacing', 'referenceFailingBelow'] as const;

/**
 * combine when none is given: 'switch' for options that describe a switching rule (score or any
 * SWITCH_ONLY field given: without this, options written for switching would be refused, or run
 * something else, once 'stack' became the default) or list a candidate that cannot be a stack member;
 * else 'stack'.
 */
export function defaultCombine(o: { readonly candidates?: readonly AutoCandidateName[]; readonly score?: unknown } & Partial<Record<(typeof SWITCH_ONLY)[number], unknown>>): 'switch' | 'stack' {
  if (o.score !== undefined || SWITCH_ONLY.some((field) => o[field] !== undefined)) return 'switch';
  return (o.candidates ?? DEFAULT_AUTO_CANDIDATES).every(stackable) ? 'stack' : 'switch';
}

/** The candidates when none are given: the stack's (its reference the GP default, session 23) or the switching rules' (auto-candidates.ts). */
export function defaultCandidates(combine: 'switch' | 'stack'): readonly AutoCandidateName[] {
  return combine === 'stack' ? DEFAULT_AUTO_CANDIDATES : SWITCH_AUTO_CANDIDATES;
}

/** Whether candidate c can be a member of a stack: closed-form leave-one-out densities and cross moments. */
export function stackable(c: AutoCandidateName): boolean {
  const family = familyCapabilities(AUTO_CANDIDATES[c].kind, AUTO_CANDIDATES[c].options);
  return family?.leaveOneOut === true && family.crossMoments === true;
}

/**
 * combine 'stack' (stacking-weights.ts) weights the candidates by their closed-form leave-one-out
 * densities and mixes their joint posteriors: a candidate without both (the neural ones: k-fold
 * scores, ensemble / bar posteriors without cross moments) cannot be a member; score 'decision' and
 * the switching fields would be ignored. Each is refused with its field path.
 */
function refuseUnderStack(o: { candidates: readonly AutoCandidateName[]; score?: string } & Partial<Record<(typeof SWITCH_ONLY)[number], unknown>>, ctx: z.RefinementCtx): void {
  o.candidates.forEach((c, i) => {
    if (!stackable(c)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['candidates', i], message: `combine 'stack' mixes candidates by closed-form leave-one-out densities and joint posteriors with cross moments, which '${c}' (${AUTO_CANDIDATES[c].kind}) does not have; use kernel candidates (gp, gp-rbf, nngp, stp) or combine 'switch'` });
  });
  if (o.score !== undefined && o.score !== 'loo') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['score'], message: `combine 'stack' weights candidates by leave-one-out densities; score '${o.score}' applies to combine 'switch' only` });
  for (const field of SWITCH_ONLY) {
    if (o[field] !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: `${field} is a setting of the switching rule (combine 'switch'); combine 'stack' weights every candidate instead` });
  }
}

/** The gate when none is given: the default where it applies (score 'decision', a rule with a reference), else none. */
function defaultReferenceGate(rule: string, score: 'loo' | 'decision'): number | null {
  return score === 'decision' && rule !== 'best-mean' ? DEFAULT_REFERENCE_FAILING_BELOW : null;
}

/** Whether every candidate has a closed-form refit at fixed hyperparameters (the kernel families), which score 'decision' needs. */
const allKernel = (candidates: readonly AutoCandidateName[]) => candidates.every((c) => familyCapabilities(AUTO_CANDIDATES[c].kind, AUTO_CANDIDATES[c].options)?.leaveOneOut === true);

/** The score when none is given: 'decision' for kernel candidates (session 11), 'loo' when a neural one is listed (it has no refit). */
export function defaultScore(candidates: readonly AutoCandidateName[]): 'loo' | 'decision' {
  return allKernel(candidates) ? 'decision' : 'loo';
}
export type AutoOptions = z.infer<typeof AutoOptions>;

/** Consecutive asks a challenger must win under rule 'persistent' when patience is not given. */
export const DEFAULT_PATIENCE = 3;
export type AutoOptionsInput = z.input<typeof AutoOptions>;
