/**
 * combine 'stack' of surrogate 'auto': from the candidates' leave-one-out log densities (all on the
 * same transformed y), the stacking weights (stacking-weights.ts, members under MIN_STACK_WEIGHT
 * dropped) and the model the ask runs: the weighted mixture (fitted-stack.ts), or, when one member
 * keeps all the weight, that family's own fitted model, so its ask is exactly that family's ask.
 * With a stack margin (AutoOptions.stackMargin) the mixture runs only when its LOO log density beats
 * the reference's (the first candidate's) by more than `margin` paired standard errors; otherwise the
 * reference's own model runs; with a minimum (AutoOptions.stackMinTrials) it runs on every ask with fewer
 * observations than that. The test reads the mixture's densities under the weights fitted on all rows
 * (AutoOptions.stackTest 'in-sample') or under weights solved without each row (held-out-stacking.ts).
 */
import type { FittedSurrogate } from '../types.js';
import { AUTO_CANDIDATES, type AutoCandidateName } from './auto-candidates.js';
import type { AutoSelection, CandidateScore, StackingFacts } from './fitted-auto.js';
import { FittedStack } from './fitted-stack.js';
import { heldOutMixtureDensities } from './held-out-stacking.js';
import { pairedAdvantage } from './predictive-score.js';
import { MIN_STACK_WEIGHT, stackingWeightsWithDrop } from './stacking-weights.js';

/** A candidate scored by closed-form LOO, with its model fitted on all data. */
export interface StackInput {
  readonly name: AutoCandidateName;
  readonly densities: Float64Array;
  readonly model: FittedSurrogate;
}

const sum = (v: Float64Array): number => v.reduce((s, x) => s + x, 0);

/** log Σ_k w_k exp(ℓ_ik) per observation i, by log-sum-exp. */
function mixtureLogDensities(members: readonly { readonly densities: Float64Array; readonly weight: number }[]): Float64Array {
  const n = members[0].densities.length;
  return Float64Array.from({ length: n }, (_, i) => {
    const top = Math.max(...members.map((m) => m.densities[i]));
    if (!Number.isFinite(top)) return top;
    return top + Math.log(members.reduce((s, m) => s + m.weight * Math.exp(m.densities[i] - top), 0));
  });
}

/** How the stack decides between the mixture and its reference (AutoOptions' stackMargin, stackMinTrials, stackTest). */
export interface StackRule {
  /** Paired standard errors the mixture must win by over the reference, scored[0]; null: no test. */
  readonly margin: number | null;
  /** Below this many observations the reference runs. */
  readonly minTrials: number;
  /** Which mixture densities the test reads: under the weights fitted on all rows, or solved without each row. */
  readonly test: 'in-sample' | 'held-out';
}

const NO_TEST: StackRule = { margin: null, minTrials: 0, test: 'in-sample' };

/** The stacked model and the selection that explains it (weights and elpd on every score row). */
export function stackCandidates(scored: readonly StackInput[], scores: readonly CandidateScore[], n: number, rule: StackRule = NO_TEST): { model: FittedSurrogate; selection: AutoSelection } {
  const { margin, minTrials } = rule;
  const solution = stackingWeightsWithDrop(scored.map((c) => c.densities));
  const solvedKept = scored.map((c, k) => ({ ...c, weight: solution.weights[k] })).filter((c) => c.weight > 0);
  // The test runs only when the weights leave the reference's own model (a mixture, or another family alone).
  const reference = scored[0];
  const departs = !(solvedKept.length === 1 && solvedKept[0].name === reference.name);
  // Below minTrials observations the reference runs whatever the weights say (leave-one-out on a handful of points is weak evidence).
  const held = departs && n < minTrials;
  const mixture = (): Float64Array => rule.test === 'held-out' ? heldOutMixtureDensities(scored.map((c) => c.densities), solution.weights) : mixtureLogDensities(solvedKept);
  const test = margin !== null && departs && !held ? pairedAdvantage(mixture(), reference.densities) : undefined;
  const passed = !held && (test === undefined || test.advantage > margin! * test.standardError);
  const kept = passed ? solvedKept : [{ ...reference, weight: 1 }];
  // Largest weight first in the reason; the leader is the choice (first candidate on ties).
  const leader = kept.reduce((a, b) => (b.weight > a.weight ? b : a));
  const model = kept.length === 1 ? kept[0].model : new FittedStack(kept.map((c) => c.model), Float64Array.from(kept, (c) => c.weight));
  const weights: Record<string, number> = Object.fromEntries(kept.map((c) => [c.name, c.weight]));
  const dropped = solution.dropped.map((d) => ({ candidate: scored[d.index].name, weight: d.weight }));
  const rows = scores.map((r) => {
    const c = scored.findIndex((s) => s.name === r.candidate);
    return 'score' in r && c >= 0 ? { ...r, elpd: sum(scored[c].densities), weight: weights[r.candidate] ?? 0 } : r;
  });
  const solvedWords = solvedKept.map((c) => `${c.name} ${c.weight.toFixed(3)}`).join(', ');
  const droppedWords = dropped.length > 0 ? `; dropped below ${MIN_STACK_WEIGHT}: ${dropped.map((d) => `${d.candidate} (${d.weight.toFixed(4)})`).join(', ')}` : '';
  const testWords = test ? `; against ${reference.name} alone ${test.advantage.toFixed(4)} ± ${test.standardError.toFixed(4)} nats per observation${rule.test === 'held-out' ? ' (weights held out)' : ''}, margin ${margin}` : '';
  const reason = held
    ? `stacking weights ${solvedWords}${droppedWords}${testWords}: ${n} observations, fewer than stackMinTrials ${minTrials}, so ${reference.name}'s own model runs`
    : !passed
    ? `stacking weights ${solvedWords}${droppedWords}${testWords}: not beyond the margin, so ${reference.name}'s own model runs`
    : solvedKept.length === 1
      ? `stacking puts all the weight on ${leader.name}${droppedWords}${testWords}: its own model runs`
      : `stacking weights ${solvedWords} (LOO elpd of the mixture ${solution.objective.toFixed(2)} nats)${droppedWords}${testWords}`;
  const solved = Object.fromEntries(solvedKept.map((c) => [c.name, c.weight]));
  const gate: StackingFacts['gate'] = test && margin !== null
    ? { margin, test: rule.test, advantage: test.advantage, standardError: test.standardError, passed, ...(passed ? {} : { solved }) }
    : undefined;
  const selection: AutoSelection = {
    choice: leader.name, kind: AUTO_CANDIDATES[leader.name].kind, n, scores: rows, statistic: 'loo-log-density', reference: reference.name, reason,
    combine: 'stack', weights, stacking: { elpd: solution.objective, gap: solution.gap, iterations: solution.iterations, dropped, minWeight: MIN_STACK_WEIGHT, ...(gate ? { gate } : {}), ...(held ? { held: { minTrials, solved } } : {}) },
  };
  return { model, selection };
}
