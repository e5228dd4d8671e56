/**
 * Surrogate 'auto' with score 'decision' (surrogates/auto/decision-score.ts) through AutoSurrogate:
 * options refused at create with the field path; no evidence before enough cuts (said in words);
 * every ask's selection carries each candidate's per-cut qualities, recomputed here from the
 * candidate's own fitted model (decisionEvidence on its refit) as the reference; on stationary GP
 * draws (the true model is the service's GP) the GP is kept on every ask; the same seeds repeat
 * every choice, reason and score.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { decisionCuts, decisionEvidence } from '../../../surrogates/auto/decision-score.js';
import { FittedAuto, type AutoSelection } from '../../../surrogates/auto/fitted-auto.js';
import { refitAtHyperparameters } from '../../../surrogates/auto/prefix-model.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import type { SurrogateState, TrainingData } from '../../../surrogates/types.js';
import { priorDraw, rbfMatrix, uniformPoints } from '../../../benchmarks/prior-draws.js';

const prefixOf = (data: TrainingData, n: number): TrainingData => ({ X: { rows: n, cols: data.X.cols, data: data.X.data.subarray(0, n * data.X.cols) }, y: data.y.subarray(0, n) });

/** Consecutive asks on the first n rows for each n in `sizes`, each warm-started from the last (as the BO policy does). */
async function asks(options: Record<string, unknown>, data: TrainingData, sizes: readonly number[]): Promise<FittedAuto[]> {
  const out: FittedAuto[] = [];
  let state: SurrogateState | undefined;
  let previous: FittedAuto | undefined;
  for (const n of sizes) {
    const m = await createSurrogate('auto', options).fit(prefixOf(data, n), { rng: createRng(n), ...(state ? { warmStart: state } : {}), ...(previous ? { previous } : {}) });
    assert.ok(m instanceof FittedAuto);
    out.push(m);
    state = m.state();
    previous = m;
  }
  return out;
}

const withoutTimes = (s: AutoSelection) => ({ ...s, scores: s.scores.map((c) => ({ ...c, ms: 0 })) });

test("score 'decision' with a candidate that has no fixed-hyperparameter refit is refused at create, with the candidate's path", () => {
  assert.throws(() => createSurrogate('auto', { score: 'decision', candidates: ['gp', 'deep-ensemble'] }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.match(e.message, /^surrogateOptions\.candidates\.1: score 'decision' refits/);
    return true;
  });
  // Kernel candidates only are accepted.
  assert.doesNotThrow(() => createSurrogate('auto', { score: 'decision', candidates: ['gp', 'gp-rbf', 'nngp', 'stp'] }));
});

test("decisionStatistic and decisionSpacing are accepted under score 'decision' and refused at create with their field path where the score is 'loo'", () => {
  const refused = (options: Record<string, unknown>, field: string) =>
    assert.throws(() => createSurrogate('auto', options), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'INVALID_ARGUMENT');
      assert.ok(e.message.startsWith(`surrogateOptions.${field}: ${field} applies to score 'decision' only (score is 'loo')`), e.message);
      return true;
    });
  refused({ score: 'loo', decisionStatistic: 'rank' }, 'decisionStatistic');
  refused({ score: 'loo', decisionSpacing: 'disjoint' }, 'decisionSpacing');
  // A neural candidate makes the default score 'loo': the fields are refused there too.
  refused({ candidates: ['gp', 'deep-ensemble'], decisionStatistic: 'top1' }, 'decisionStatistic');
  assert.throws(() => createSurrogate('auto', { decisionStatistic: 'kendall' }), /surrogateOptions\.decisionStatistic/);
  assert.doesNotThrow(() => createSurrogate('auto', { decisionStatistic: 'rank', decisionSpacing: 'disjoint' }));
  assert.doesNotThrow(() => createSurrogate('auto', { score: 'decision', decisionStatistic: 'top1', decisionSpacing: 'consecutive' }));
});

test("score 'decision' below 3 cuts gives no evidence: the reference is kept and the reason says why", async () => {
  const X = uniformPoints(16, 2, 5);
  const data = priorDraw(X, rbfMatrix(X, 0.3), 1e-4, 6);
  // n = 16, d = 2: cuts need 5 <= t <= 16 − 10, so t = 5, 6: two cuts.
  const [m] = await asks({ score: 'decision' }, data, [16]);
  assert.equal(m.selection.choice, 'gp');
  assert.equal(m.selection.statistic, 'decision-quality');
  assert.deepEqual(m.selection.cuts, [5, 6]);
  assert.match(m.selection.reason, /^decision score: 2 cut\(s\) at n = 16 \(window 10, consecutive cuts, at least 3 needed\): keep gp$/);
});

test("score 'decision' on stationary GP draws keeps the GP on every ask; each candidate's qualities are its own refit's decisions; the same seeds repeat every selection", async () => {
  const sizes = [40, 41, 42, 43, 44];
  for (const seed of [0, 1]) {
    const X = uniformPoints(50, 2, 400 + seed);
    const data = priorDraw(X, rbfMatrix(X, 0.2), 1e-4, 500 + seed);
    const run = await asks({ score: 'decision', margin: 2 }, data, sizes);
    assert.deepEqual(run.map((m) => m.selection.choice), sizes.map(() => 'gp'), run.map((m) => m.selection.reason).join(' | '));
    for (const [a, m] of run.entries()) {
      const n = sizes[a];
      const cuts = decisionCuts(n, 10, 10, 5);
      assert.deepEqual(m.selection.cuts, cuts);
      for (const row of m.selection.scores) {
        assert.ok('score' in row && row.decision, JSON.stringify(row));
        // Reference: the candidate's fitted model of this ask, refitted on each prefix by hand here.
        const ref = decisionEvidence(refitAtHyperparameters(m.fitted.get(row.candidate)!)!, prefixOf(data, n), cuts, 10);
        assert.deepEqual(row.decision.qualities, Array.from(ref.qualities), `${row.candidate} at n=${n}`);
        assert.deepEqual(row.decision.picks, Array.from(ref.chosen));
      }
    }
    const again = await asks({ score: 'decision', margin: 2 }, data, sizes);
    assert.deepEqual(again.map((m) => withoutTimes(m.selection)), run.map((m) => withoutTimes(m.selection)));
  }
});

test("decisionStatistic 'rank' with disjoint cuts: every ask carries each candidate's per-cut Spearman ρ, recomputed from the candidate's own refit as the reference, and says which statistic it read", async () => {
  const X = uniformPoints(50, 2, 402);
  const data = priorDraw(X, rbfMatrix(X, 0.2), 1e-4, 502);
  const sizes = [44, 45];
  const run = await asks({ decisionStatistic: 'rank', decisionSpacing: 'disjoint' }, data, sizes);
  for (const [a, m] of run.entries()) {
    const n = sizes[a];
    const cuts = decisionCuts(n, 10, 10, 5, 'disjoint');
    assert.deepEqual(m.selection.cuts, cuts);
    assert.equal(m.selection.decisionStatistic, 'rank');
    for (const row of m.selection.scores) {
      assert.ok('score' in row && row.decision, JSON.stringify(row));
      const ref = decisionEvidence(refitAtHyperparameters(m.fitted.get(row.candidate)!)!, prefixOf(data, n), cuts, 10, 'rank');
      assert.deepEqual(row.decision.qualities, Array.from(ref.qualities), `${row.candidate} at n=${n}`);
      assert.ok(row.decision.qualities.every((q) => q >= -1 && q <= 1));
    }
  }
  // The default statistic is named too (of a switching study: 'stack', the default since session 14, reads no statistic).
  const [top1] = await asks({ combine: 'switch' }, data, [44]);
  assert.equal(top1.selection.decisionStatistic, 'top1');
});

test("decisionStatistic 'top3': every ask's per-candidate qualities equal its own refit's top-3 standings (decisionEvidence by hand) and the selection names the statistic", async () => {
  const X = uniformPoints(50, 2, 403);
  const data = priorDraw(X, rbfMatrix(X, 0.2), 1e-4, 503);
  const [m] = await asks({ decisionStatistic: 'top3' }, data, [44]);
  const cuts = decisionCuts(44, 10, 10, 5);
  assert.equal(m.selection.decisionStatistic, 'top3');
  for (const row of m.selection.scores) {
    assert.ok('score' in row && row.decision, JSON.stringify(row));
    const ref = decisionEvidence(refitAtHyperparameters(m.fitted.get(row.candidate)!)!, prefixOf(data, 44), cuts, 10, 'top3');
    assert.deepEqual(row.decision.qualities, Array.from(ref.qualities), row.candidate);
  }
});
