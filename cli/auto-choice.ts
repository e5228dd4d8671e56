/**
 * Surrogate 'auto''s current choice for `bayesopt show`: read from the latest model trial's
 * diagnostics (`diagnostics.auto`, written by the BO policy each ask), validated here because
 * diagnostics are free-form on the wire.
 */
import { z } from 'zod';
import type { Trial } from '../sdk/index.js';

const Selection = z.object({
  choice: z.string(),
  kind: z.string(),
  n: z.number(),
  scores: z.array(z.union([z.object({ candidate: z.string(), score: z.number(), method: z.string() }), z.object({ candidate: z.string(), skipped: z.string() })])),
});

/** "nngp (ask of trial #12 on 11 observations; scores gp 0.52, nngp 0.71, stp skipped: ...)", or undefined without an 'auto' model ask. */
export function autoChoiceLine(trials: readonly Trial[]): string | undefined {
  for (let i = trials.length - 1; i >= 0; i--) {
    const parsed = Selection.safeParse(trials[i]!.diagnostics?.auto);
    if (!parsed.success) continue;
    const s = parsed.data;
    const scores = s.scores.map((c) => ('score' in c ? `${c.candidate} ${c.score.toFixed(3)}` : `${c.candidate} skipped: ${c.skipped}`)).join(', ');
    return `${s.choice} (trial #${trials[i]!.number}, ${s.n} observations; mean LOO log-likelihood: ${scores})`;
  }
  return undefined;
}
