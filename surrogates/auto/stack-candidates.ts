/**
 * combine 'stack' of surrogate 'auto': from the candidates' leave-one-out log densities (all on the
 * same transformed y), the stacking weights (stacking-weights.ts, members under MIN_STACK_WEIGHT
 * dropped) and the model the ask runs: the weighted mixture (fitted-stack.ts), or, when one member
 * keeps all the weight, that family's own fitted model, so its ask is exactly that family's ask.
 */
import type { FittedSurrogate } from '../types.js';
import { AUTO_CANDIDATES, type AutoCandidateName } from './auto-candidates.js';
import type { AutoSelection, CandidateScore } from './fitted-auto.js';
import { FittedStack } from './fitted-stack.js';
import { MIN_STACK_WEIGHT, stackingWeightsWithDrop } from './stacking-weights.js';

/** A candidate scored by closed-form LOO, with its model fitted on all data. */
export interface StackInput {
  readonly name: AutoCandidateName;
  readonly densities: Float64Array;
  readonly model: FittedSurrogate;
}

const sum = (v: Float64Array): number => v.reduce((s, x) => s + x, 0);

/** The stacked model and the selection that explains it (weights and elpd on every score row). */
export function stackCandidates(scored: readonly StackInput[], scores: readonly CandidateScore[], n: number): { model: FittedSurrogate; selection: AutoSelection } {
  const solution = stackingWeightsWithDrop(scored.map((c) => c.densities));
  const kept = scored.map((c, k) => ({ ...c, weight: solution.weights[k] })).filter((c) => c.weight > 0);
  // Largest weight first in the reason; the leader is the choice (first candidate on ties).
  const leader = kept.reduce((a, b) => (b.weight > a.weight ? b : a));
  const model = kept.length === 1 ? kept[0].model : new FittedStack(kept.map((c) => c.model), Float64Array.from(kept, (c) => c.weight));
  const weights: Record<string, number> = Object.fromEntries(kept.map((c) => [c.name, c.weight]));
  const dropped = solution.dropped.map((d) => ({ candidate: scored[d.index].name, weight: d.weight }));
  const rows = scores.map((r) => {
    const c = scored.findIndex((s) => s.name === r.candidate);
    return 'score' in r && c >= 0 ? { ...r, elpd: sum(scored[c].densities), weight: solution.weights[c] } : r;
  });
  const words = kept.map((c) => `${c.name} ${c.weight.toFixed(3)}`).join(', ');
  const droppedWords = dropped.length > 0 ? `; dropped below ${MIN_STACK_WEIGHT}: ${dropped.map((d) => `${d.candidate} (${d.weight.toFixed(4)})`).join(', ')}` : '';
  const reason = kept.length === 1
    ? `stacking puts all the weight on ${leader.name}${droppedWords}: its own model runs`
    : `stacking weights ${words} (LOO elpd of the mixture ${solution.objective.toFixed(2)} nats)${droppedWords}`;
  const selection: AutoSelection = {
    choice: leader.name, kind: AUTO_CANDIDATES[leader.name].kind, n, scores: rows, statistic: 'loo-log-density', reference: scored[0].name, reason,
    combine: 'stack', weights, stacking: { elpd: solution.objective, gap: solution.gap, iterations: solution.iterations, dropped, minWeight: MIN_STACK_WEIGHT },
  };
  return { model, selection };
}
