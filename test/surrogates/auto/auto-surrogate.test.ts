/**
 * Surrogate 'auto' picks the family the data were drawn from, reports every candidate's score
 * (checked against brute-force LOO), gates neural candidates by n and budget, and hands out the
 * chosen model's capabilities unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { FittedAuto } from '../../../surrogates/auto/fitted-auto.js';
import { gaussianLogDensity } from '../../../surrogates/auto/predictive-score.js';
import { capabilitiesOf } from '../../../surrogates/capabilities.js';
import { fittedGpFromHyperparameters, type FittedGp } from '../../../surrogates/gp/gp-surrogate.js';
import { NetworkKernel } from '../../../surrogates/nngp/network-kernel.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import type { TrainingData } from '../../../surrogates/types.js';
import { priorDraw, rbfMatrix, rowOf, uniformPoints, withoutRow } from '../../../benchmarks/prior-draws.js';

/** This file measures the leave-one-out score, so 'loo' unless a test names another (the kernel-only default is 'decision' since session 11). */
async function fitAuto(options: Record<string, unknown>, data: TrainingData, seed = 1): Promise<FittedAuto> {
  const m = await createSurrogate('auto', { score: 'loo', ...options }).fit(data, { rng: createRng(seed) });
  assert.ok(m instanceof FittedAuto);
  return m;
}

test("auto picks the true family: RBF-GP draws -> 'gp-rbf', NNGP (ReLU, depth 3) draws -> 'nngp' (n = 60, d = 2, 8 draws each)", async () => {
  // Before writing this test, 28 of 28 RBF draws and 27 of 28 NNGP draws (on two draw schemes) went
  // to their own family; a near tie can go either way, so one miss in 8 per truth is allowed.
  const hits = { rbf: 0, nngp: 0 };
  const candidates = ['gp-rbf', 'nngp'];
  // One ask's evidence: the stateless rule (the default 'persistent' needs three asks in a row; persistent-auto.test.ts).
  const rule = 'one-standard-error';
  const nngpKernel = new NetworkKernel({ kind: 'nngp', activation: 'relu', depth: 3, dim: 2, fixed: { weightVar: 10, biasVar: 1.3 } });
  for (let seed = 0; seed < 8; seed++) {
    const X = uniformPoints(60, 2, 100 + seed);
    const rbf = priorDraw(X, rbfMatrix(X, 0.2), 1e-4, 200 + seed);
    const nngp = priorDraw(X, nngpKernel.matrix(new Float64Array(0), X, X), 1e-4, 300 + seed);
    if ((await fitAuto({ candidates, rule }, rbf)).selection.choice === 'gp-rbf') hits.rbf++;
    if ((await fitAuto({ candidates, rule }, nngp)).selection.choice === 'nngp') hits.nngp++;
  }
  assert.ok(hits.rbf >= 7 && hits.nngp >= 7, JSON.stringify(hits));
});

test("the default candidates (gp, nngp, stp): RBF-GP draws keep the service's stationary GP on at least 7 of 8 (n = 60, d = 2)", async () => {
  // The truth is a stationary GP; of the default menu only 'gp' is one. Its Matérn-5/2 is not the
  // RBF, so a near tie may let 'nngp'/'stp' through once in 8; the one-standard-error rule should hold the rest.
  let kept = 0;
  for (let seed = 0; seed < 8; seed++) {
    const X = uniformPoints(60, 2, 100 + seed);
    const auto = await fitAuto({}, priorDraw(X, rbfMatrix(X, 0.2), 1e-4, 200 + seed));
    assert.deepEqual(auto.selection.scores.map((s) => s.candidate), ['gp', 'nngp', 'stp']);
    if (auto.selection.choice === 'gp') kept++;
  }
  assert.ok(kept >= 7, `gp kept on ${kept} of 8`);
});

test("each candidate's score = the mean brute-force LOO log density of its fitted model; the choice follows the one-standard-error rule ('best-mean': the argmax)", async () => {
  const X = uniformPoints(30, 2, 7);
  const data = priorDraw(X, rbfMatrix(X, 0.3), 0.01, 8);
  const candidates = ['gp', 'gp-rbf', 'nngp'];
  for (const rule of ['one-standard-error', 'best-mean']) {
    const auto = await fitAuto({ candidates, rule }, data);
    const { scores, choice } = auto.selection;
    assert.equal(scores.length, 3);
    // Brute force: refit each candidate's model at its hyperparameters without row i, predict row i.
    const densities = new Map<string, Float64Array>();
    for (const s of scores) {
      assert.ok('score' in s, `${s.candidate} scored`);
      assert.equal(s.method, 'loo');
      const gp = auto.fitted.get(s.candidate) as FittedGp;
      const dens = Float64Array.from({ length: 30 }, (_, i) => {
        const ref = fittedGpFromHyperparameters({ kernel: gp.kernel, theta: gp.params.subarray(0, gp.kernel.size), noise: gp.noise, mean: gp.mean }, withoutRow(data, i));
        const p = ref.posterior(rowOf(X, i), { observationNoise: true });
        return gaussianLogDensity(data.y[i], p.mean()[0], p.variance()[0]);
      });
      densities.set(s.candidate, dens);
      const mean = dens.reduce((a, b) => a + b) / 30;
      assert.ok(Math.abs(s.score - mean) < 1e-6, `${s.candidate}: ${s.score} vs brute force ${mean}`);
    }
    const best = scores.reduce((a, b) => ('score' in b && 'score' in a && b.score > a.score ? b : a)).candidate;
    // The paired differences against the reference ('gp', the first), from the brute-force densities.
    const d = Array.from(densities.get(best)!, (v, i) => v - densities.get('gp')![i]);
    const mean = d.reduce((a, b) => a + b) / 30;
    const se = Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / 29 / 30);
    const expected = rule === 'best-mean' || (best !== 'gp' && mean > se) ? best : 'gp';
    assert.equal(choice, expected, `${rule}: best ${best}, advantage ${mean} ± ${se}`);
    assert.equal(auto.selection.reference, 'gp');
    if (best !== 'gp') assert.ok(Math.abs(auto.selection.challenger!.advantage - mean) < 1e-6 && Math.abs(auto.selection.challenger!.standardError - se) < 1e-6);
    assert.equal(auto.chosen, auto.fitted.get(choice));
  }
});

test('the chosen model is what runs: capabilities, posterior and kind come from it; state() keeps every candidate for warm starts', async () => {
  const X = uniformPoints(20, 2, 9);
  const data = priorDraw(X, rbfMatrix(X, 0.3), 0.01, 10);
  const auto = await fitAuto({ candidates: ['gp', 'stp'] }, data);
  const chosen = auto.chosen;
  assert.equal(capabilitiesOf(auto).posteriorKind, capabilitiesOf(chosen).posteriorKind);
  assert.equal(capabilitiesOf(auto).noiseVariance, capabilitiesOf(chosen).noiseVariance);
  assert.equal(capabilitiesOf(auto).crossPredictor !== undefined, capabilitiesOf(chosen).crossPredictor !== undefined);
  assert.deepEqual(Array.from(auto.posterior(rowOf(X, 3)).mean()), Array.from(chosen.posterior(rowOf(X, 3)).mean()));
  assert.equal(auto.selection.kind, chosen.kind);
  const state = auto.state() as { kind: string; candidates: Record<string, { kind: string }> };
  assert.equal(state.kind, 'auto');
  assert.deepEqual(Object.keys(state.candidates).sort(), ['gp', 'stp']);
  assert.equal(state.candidates.stp.kind, 'stp');
  // A warm refit on the same data with the previous model: same choice, same scores (warm starts only speed the fits).
  const again = (await createSurrogate('auto', { score: 'loo', candidates: ['gp', 'stp'] }).fit(data, { rng: createRng(1), warmStart: auto.state(), previous: auto })) as FittedAuto;
  assert.equal(again.selection.choice, auto.selection.choice);
});

test('neural candidates: skipped below minNeuralTrials, and dropped with the reason when their first fold shows the budget cannot hold them', async () => {
  const X = uniformPoints(12, 2, 11);
  const data = priorDraw(X, rbfMatrix(X, 0.3), 0.01, 12);
  const few = await fitAuto({ candidates: ['gp', 'deep-ensemble'] }, data);
  const de = few.selection.scores.find((s) => s.candidate === 'deep-ensemble')!;
  assert.ok('skipped' in de && /minNeuralTrials 20/.test(de.skipped), JSON.stringify(de));
  assert.equal(few.selection.choice, 'gp');
  // budgetMs 100: one deep-ensemble fit takes longer than 100/(folds+1) ms, so the projection after fold 1 stops it.
  const tight = await fitAuto({ candidates: ['gp', 'deep-ensemble'], minNeuralTrials: 10, budgetMs: 100 }, data);
  const de2 = tight.selection.scores.find((s) => s.candidate === 'deep-ensemble')!;
  assert.ok('skipped' in de2 && /^budget:/.test(de2.skipped), JSON.stringify(de2));
});

test('neural candidates within the budget are scored by k-fold and can be chosen; only neural and none fits: an error naming each candidate', async () => {
  const X = uniformPoints(12, 2, 13);
  const data = priorDraw(X, rbfMatrix(X, 0.3), 0.01, 14);
  const only = await fitAuto({ candidates: ['deep-ensemble'], minNeuralTrials: 10, folds: 2, budgetMs: 600_000 }, data);
  const s = only.selection.scores[0];
  assert.ok('score' in s && s.method === 'k-fold' && Number.isFinite(s.score), JSON.stringify(s));
  assert.equal(only.selection.choice, 'deep-ensemble');
  assert.equal(capabilitiesOf(only).posteriorKind, 'ensemble');
  await assert.rejects(createSurrogate('auto', { candidates: ['deep-ensemble'] }).fit(data, { rng: createRng(1) }), /deep-ensemble: 12 observations < minNeuralTrials 20/);
});

test('margin (one-standard-error rule): the challenger replaces the reference only when its advantage exceeds margin × its standard error (margin 0: any advantage)', async () => {
  // NNGP draw where the NNGP family out-scores the GP (seed 1 of the draws above: advantage ≈ 1.9 standard errors).
  const X = uniformPoints(60, 2, 101);
  const k = new NetworkKernel({ kind: 'nngp', activation: 'relu', depth: 3, dim: 2, fixed: { weightVar: 10, biasVar: 1.3 } });
  const data = priorDraw(X, k.matrix(new Float64Array(0), X, X), 1e-4, 301);
  const choices: string[] = [];
  for (const margin of [0, 1, 2, 10]) {
    const auto = await fitAuto({ candidates: ['gp', 'nngp', 'stp'], margin, rule: 'one-standard-error' }, data);
    choices.push(auto.selection.choice);
    const c = auto.selection.challenger;
    assert.ok(c, 'a challenger beat the reference on mean score');
    assert.equal(auto.selection.margin, margin);
    assert.equal(auto.selection.choice, c.advantage > margin * c.standardError ? c.candidate : 'gp', `margin ${margin}: ${c.advantage} vs ${c.standardError}`);
  }
  // The margin matters on this draw: the small margins switch, the large ones keep the GP.
  assert.equal(choices[0], choices[1]);
  assert.notEqual(choices[0], 'gp');
  assert.equal(choices[3], 'gp');
});
