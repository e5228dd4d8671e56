/**
 * autoChoice / autoChoiceLine read surrogate 'auto''s selection from free-form trial diagnostics:
 * checked against hand-built trials (the latest well-formed selection wins; malformed ones are skipped).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoChoice, autoChoiceLine, type Trial } from '../../sdk/index.js';

function trial(number: number, diagnostics?: Record<string, unknown>): Trial {
  return { id: `t${number}`, studyId: 's', number, state: 'completed', params: {}, values: { y: number }, createdAt: '2026-01-01T00:00:00Z', ...(diagnostics ? { diagnostics } : {}) };
}

const selection = (choice: string, n: number) => ({
  choice, kind: choice, n, rule: 'one-se',
  scores: [{ candidate: 'gp', score: 0.52, method: 'loo' }, { candidate: 'nngp', score: 0.71, method: 'loo' }, { candidate: 'dkl', skipped: 'below minNeuralTrials' }],
});

test('the latest trial with a well-formed selection is the current choice', () => {
  const trials = [trial(1), trial(2, { auto: selection('gp', 9) }), trial(3, { auto: selection('nngp', 10) }), trial(4, { phase: 'initial-design' })];
  const c = autoChoice(trials);
  assert.deepEqual({ choice: c?.choice, trialNumber: c?.trialNumber, n: c?.n }, { choice: 'nngp', trialNumber: 3, n: 10 });
  assert.equal(autoChoiceLine(trials), 'nngp (trial #3, 10 observations; mean LOO log-likelihood: gp 0.520, nngp 0.710, dkl skipped: below minNeuralTrials)');
});

test('malformed selections are skipped; none at all gives undefined', () => {
  const bad = [trial(1, { auto: selection('gp', 5) }), trial(2, { auto: { choice: 'stp', kind: 'stp', n: 6, scores: [{ candidate: 'stp', score: 'high' }] } }), trial(3, { auto: 'nngp' })];
  assert.equal(autoChoice(bad)?.choice, 'gp');
  assert.equal(autoChoice([trial(1), trial(2, { auto: null })]), undefined);
  assert.equal(autoChoiceLine([]), undefined);
});

test("the switching rule's reason is carried into the line when the ask recorded one", () => {
  const reason = 'nngp leads gp by more than 1 standard error: ask 2 of 3, keep gp';
  const trials = [trial(1, { auto: { ...selection('gp', 12), reason } })];
  assert.equal(autoChoice(trials)?.reason, reason);
  assert.equal(autoChoiceLine(trials), `gp (trial #1, 12 observations; mean LOO log-likelihood: gp 0.520, nngp 0.710, dkl skipped: below minNeuralTrials; why: ${reason})`);
  // A non-string reason is ignored rather than printed.
  assert.equal(autoChoice([trial(1, { auto: { ...selection('gp', 12), reason: 3 } })])?.reason, undefined);
});

test("under score 'decision' the line shows each candidate's mean decision quality (hand-built rows), and the LOO scores before any cut had evidence", () => {
  const decided = {
    choice: 'gp', kind: 'gp', n: 40, rule: 'persistent', statistic: 'decision-quality', reason: 'nngp leads gp by 0.05 ± 0.06 (0.83 SE, margin 1): keep gp',
    scores: [
      { candidate: 'gp', score: 0.52, method: 'loo', decision: { score: 0.8, qualities: [0.8], picks: [0] } },
      { candidate: 'nngp', score: 0.71, method: 'loo', decision: { score: 0.85, qualities: [0.85], picks: [1] } },
      { candidate: 'stp', score: 0.7, method: 'loo', decisionSkipped: 'refit failed: x' },
    ],
  };
  assert.equal(autoChoiceLine([trial(1, { auto: decided })]), 'gp (trial #1, 40 observations; mean decision quality: gp 0.800, nngp 0.850, stp no decision score; why: nngp leads gp by 0.05 ± 0.06 (0.83 SE, margin 1): keep gp)');
  assert.equal(autoChoice([trial(1, { auto: decided })])?.statistic, 'decision-quality');
  // Too few cuts: no row has a decision score, so the LOO scores are shown with the rule's reason.
  const early = { ...decided, n: 12, reason: 'decision score: 0 cut(s) at n = 12 (window 10, at least 3 cuts needed): keep gp', scores: decided.scores.map(({ candidate, score, method }) => ({ candidate, score, method })) };
  assert.match(autoChoiceLine([trial(1, { auto: early })])!, /mean LOO log-likelihood: gp 0\.520, nngp 0\.710, stp 0\.700; why: decision score: 0 cut/);
});

test("under decision statistic 'rank' the line names the Spearman ρ it shows (hand-built rows); 'top1' and older asks without the field keep 'mean decision quality'", () => {
  const decided = {
    choice: 'nngp', kind: 'gp', n: 60, rule: 'persistent', statistic: 'decision-quality', decisionStatistic: 'rank', reason: 'nngp leads gp',
    scores: [
      { candidate: 'gp', score: 0.52, method: 'loo', decision: { score: 0.31, qualities: [0.31], picks: [0] } },
      { candidate: 'nngp', score: 0.71, method: 'loo', decision: { score: -0.125, qualities: [-0.125], picks: [1] } },
    ],
  };
  assert.equal(autoChoiceLine([trial(1, { auto: decided })]), 'nngp (trial #1, 60 observations; mean decision rank correlation (Spearman ρ of LogEI and outcome): gp 0.310, nngp -0.125; why: nngp leads gp)');
  assert.equal(autoChoice([trial(1, { auto: decided })])?.decisionStatistic, 'rank');
  assert.match(autoChoiceLine([trial(1, { auto: { ...decided, decisionStatistic: 'top1' } })])!, /; mean decision quality: gp 0\.310/);
  assert.match(autoChoiceLine([trial(1, { auto: { ...decided, decisionStatistic: 'top3' } })])!, /; mean decision quality \(top 3 picks\): gp 0\.310/);
  const { decisionStatistic: _none, ...older } = decided;
  assert.match(autoChoiceLine([trial(1, { auto: older })])!, /; mean decision quality: gp 0\.310/);
  assert.equal(autoChoice([trial(1, { auto: older })])?.decisionStatistic, undefined);
});

test("combine 'stack' (session 14): the line shows the mixture's weights, largest first, and each candidate's LOO elpd; one member left: 'alone'", () => {
  const stack = {
    choice: 'gp', kind: 'gp', n: 20, combine: 'stack', weights: { nngp: 0.29, gp: 0.71 }, reason: 'stacking weights gp 0.710, nngp 0.290',
    scores: [{ candidate: 'gp', score: -0.155, method: 'loo', elpd: -3.1, weight: 0.71 }, { candidate: 'nngp', score: -0.126, method: 'loo', elpd: -2.52, weight: 0.29 }, { candidate: 'stp', score: -0.2, method: 'loo', elpd: -4.01, weight: 0 }],
  };
  const c = autoChoice([trial(7, { auto: stack })]);
  assert.deepEqual(c?.weights, { nngp: 0.29, gp: 0.71 });
  assert.equal(c?.scores[0] && 'weight' in c.scores[0] ? c.scores[0].weight : undefined, 0.71);
  assert.equal(autoChoiceLine([trial(7, { auto: stack })]), 'mixture gp 0.71, nngp 0.29 (trial #7, 20 observations; LOO elpd: gp -3.10, nngp -2.52, stp -4.01; why: stacking weights gp 0.710, nngp 0.290)');
  const alone = { ...stack, weights: { gp: 1 }, reason: 'stacking puts all the weight on gp: its own model runs' };
  assert.equal(autoChoiceLine([trial(8, { auto: alone })]), 'gp alone (weight 1; trial #8, 20 observations; LOO elpd: gp -3.10, nngp -2.52, stp -4.01; why: stacking puts all the weight on gp: its own model runs)');
});
