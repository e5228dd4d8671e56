/**
 * The proxy law of 'proxy-mean' chosen per study (policy/proxy-law-choice.ts, proxyLaw 'auto'):
 * - the statistic against brute force: the same folds (foldAssignment with the seeded generator),
 *   each fold's linear predictive (checked against explicit inverses in
 *   test/surrogates/ridge-predictive.test.ts) and GP refitted here from scratch, each held-out run's
 *   Gaussian log density written out, then mean and sd/√n of the paired differences by hand;
 * - both branches on constructed data: a noisy linear law → 'linear', a law with a few periods in
 *   the weights → 'gp' (by construction a linear fit explains little of it);
 * - through MfPolicy on a constructed pool study: the law is pending during the design, then named in
 *   diagnostics.proxyLaw with its statistic, the GP law's φ is the GP's posterior mean, and the same
 *   seed gives the same asks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, deriveSeed } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import { MfPolicy } from '../../policy/mf-policy.js';
import { chooseProxyLaw, CHOICE_FOLDS, pairedHeldOutLogDensities } from '../../policy/proxy-law-choice.js';
import type { Observation } from '../../policy/types.js';
import { foldAssignment } from '../../surrogates/auto/predictive-score.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import { fitRidgePredictive } from '../../surrogates/ridge-predictive.js';
import { runPoolStudy } from './pool-study-driver.js';

const P = 3;
function rows(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: P }, () => rng.uniform()));
}
const matrix = (X: number[][]) => ({ rows: X.length, cols: P, data: Float64Array.from(X.flat()) });
const linearLaw = (x: number[]) => 0.8 * x[0] - 0.5 * x[1] + 0.3 * x[2];
const wavyLaw = (x: number[]) => Math.sin(9 * x[0]) + Math.cos(7 * x[1]) * x[2];
function standardized(v: number[]): Float64Array {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
  return Float64Array.from(v, (x) => (x - m) / sd);
}
const logNormal = (y: number, m: number, v: number) => -0.5 * (Math.log(2 * Math.PI * v) + ((y - m) * (y - m)) / v);

test('the statistic equals a brute-force K-fold refit of both laws', async () => {
  const X = rows(24, 1);
  const noise = createRng(2);
  const y = standardized(X.map((x) => wavyLaw(x) + 0.1 * noise.normal()));
  const seed = 77;
  const got = await pairedHeldOutLogDensities(matrix(X), y, seed);
  const rng = createRng(seed);
  const fold = foldAssignment(X.length, CHOICE_FOLDS, rng);
  assert.deepEqual(Array.from(got.fold), Array.from(fold));
  const d: number[] = [];
  for (let k = 0; k < CHOICE_FOLDS; k++) {
    const train = X.flatMap((_, i) => (fold[i] !== k ? [i] : []));
    const held = X.flatMap((_, i) => (fold[i] === k ? [i] : []));
    const lin = fitRidgePredictive(train.map((i) => X[i]), train.map((i) => y[i]))(held.map((i) => X[i]));
    const gp = await new GpSurrogate().fit({ X: matrix(train.map((i) => X[i])), y: Float64Array.from(train, (i) => y[i]) }, { rng: rng.split() });
    const post = gp.posterior(matrix(held.map((i) => X[i])), { observationNoise: true });
    const mu = post.mean();
    const v = post.variance();
    held.forEach((i, t) => {
      const l = logNormal(y[i], lin.mean[t], lin.variance[t]);
      const g = logNormal(y[i], mu[t], v[t]);
      assert.ok(Math.abs(got.linear[i] - l) < 1e-9 && Math.abs(got.gp[i] - g) < 1e-9, `run ${i}`);
      d[i] = g - l;
    });
  }
  const n = d.length;
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const se = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) / n);
  // chooseProxyLaw standardizes the values itself: y is already standardized, so the statistic is the same.
  const choice = await chooseProxyLaw(matrix(X), y, seed);
  assert.ok(Math.abs(choice.difference! - mean) < 1e-9 && Math.abs(choice.standardError! - se) < 1e-9);
  assert.equal(choice.law, mean > se ? 'gp' : 'linear');
  assert.equal(choice.runs, n);
});

test('both laws are reached: a noisy linear law → linear, a wavy law → gp', async () => {
  const X = rows(40, 3);
  const noise = createRng(4);
  const linear = await chooseProxyLaw(matrix(X), X.map((x) => linearLaw(x) + 0.05 * noise.normal()), 5);
  assert.equal(linear.law, 'linear', linear.reason);
  const wavy = await chooseProxyLaw(matrix(X), X.map((x) => wavyLaw(x) + 0.05 * noise.normal()), 5);
  assert.equal(wavy.law, 'gp', wavy.reason);
  assert.ok(wavy.difference! > wavy.standardError!);
  const few = await chooseProxyLaw(matrix(X.slice(0, 4)), [1, 2, 3, 4], 5);
  assert.equal(few.law, 'linear');
  assert.match(few.reason, /too few/);
});

// A pool study: 3 weights, a cheap level S (cost 0.05) on 40 mixtures, the target L on the first 10 (twins).
const COMPONENTS = ['a', 'b', 'c'];
const SPACE = createSearchSpace({
  w: { type: 'simplex', components: COMPONENTS },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.05 }, { value: 'L', cost: 1 }], target: 'L' },
});
const mixRng = createRng(8);
const MIXES = Array.from({ length: 40 }, () => {
  const g = COMPONENTS.map(() => -Math.log(mixRng.uniform()));
  const s = g.reduce((a, b) => a + b, 0);
  return Object.fromEntries(COMPONENTS.map((c, j) => [c, g[j] / s]));
});
const POOL: Params[] = [...MIXES.map((w) => ({ w, size: 'S' })), ...MIXES.slice(0, 10).map((w) => ({ w, size: 'L' }))];
const weights = (p: Params) => COMPONENTS.map((c) => (p.w as Record<string, number>)[c]);

function study(law: (x: number[]) => number, seed: number, asks: number) {
  const policy = new MfPolicy({ pool: POOL, model: 'proxy-mean', proxyLaw: 'auto', proxyBudget: 1.5, lowLevelRows: 'all' });
  return runPoolStudy(policy, { space: SPACE, pool: POOL, value: (p) => law(weights(p)), cost: (p) => (p.size === 'S' ? 0.05 : 1) }, seed, asks);
}

test('MfPolicy proxyLaw auto: pending through the design, then the law in the diagnostics; deterministic by seed', async () => {
  // Design: ⌈1.5·1/0.05⌉ = 30 cheapest runs, then the verify asks.
  const wavy = await study((w) => Math.sin(12 * w[0]) + Math.cos(9 * w[1]), 11, 32);
  assert.equal((wavy[0].diagnostics.proxyLaw as { law: string }).law, 'pending');
  assert.equal((wavy[29].diagnostics.proxyLaw as { law: string }).law, 'pending');
  const chosen = wavy[30].diagnostics.proxyLaw as { law: string; runs: number; difference: number; standardError: number; reason: string };
  assert.equal(chosen.law, 'gp', chosen.reason);
  assert.equal(chosen.runs, 30);
  assert.equal(wavy[30].diagnostics.phase, 'proxy-verify');
  const linear = await study((w) => 0.9 * w[0] - 0.4 * w[1], 11, 31);
  assert.equal((linear[30].diagnostics.proxyLaw as { law: string }).law, 'linear');
  const again = await study((w) => Math.sin(12 * w[0]) + Math.cos(9 * w[1]), 11, 32);
  assert.deepEqual(again.map((a) => a.i), wavy.map((a) => a.i));
  assert.deepEqual(again[31].diagnostics.proxyLaw, wavy[31].diagnostics.proxyLaw);
});

test("the GP law's first target pick is the target row of highest GP posterior mean (brute force over the pool)", async () => {
  const law = (w: number[]) => Math.sin(12 * w[0]) + Math.cos(9 * w[1]);
  const run = await study(law, 11, 31);
  const design = run.slice(0, 30).map((r) => r.i);
  const y = standardized(design.map((i) => law(weights(POOL[i]))));
  // The same GP as the policy's φ: fitted on the design's weights (the simplex encodes to its weights) with the law stream's seed.
  const gp = await new GpSurrogate().fit({ X: matrix(design.map((i) => Array.from(SPACE.encode(POOL[i])).slice(0, P))), y }, { rng: createRng(deriveSeed(11, 0x3f1e)) });
  const targets = POOL.flatMap((p, i) => (p.size === 'L' ? [i] : []));
  const mu = gp.posterior(matrix(targets.map((i) => Array.from(SPACE.encode(POOL[i])).slice(0, P)))).mean();
  const best = targets[mu.reduce((b, v, k) => (v > mu[b] ? k : b), 0)];
  assert.equal(run[30].i, best);
});
