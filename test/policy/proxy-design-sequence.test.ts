/**
 * The sequential cheap design of 'proxy-mean' (policy/proxy-design-sequence.ts, -top.ts, -batch.ts):
 * - the checkpoints against a brute-force scan of 1..cap by their definition;
 * - both branches of the stop with constructed tops: a repeat stops the design at that checkpoint,
 *   a top that moves at every checkpoint runs it to the cap, and between checkpoints the design
 *   continues to the next one;
 * - the checkpoint statistic against brute force: the linear law's top is the argmax of a ridge
 *   refitted in the test on the same runs; the GP law's top is the argmax of a GP refitted in the test
 *   with the law stream's seed;
 * - the targeted batch's score ρ(x) = Cov(Δ, y(x))²/Var(y(x)) against Monte Carlo: the variance of the
 *   gap left after regressing it on y(x) over 200,000 joint Gaussian draws;
 * - through MfPolicy on a constructed pool study: the design stops early on a cheap level with a
 *   clear best mixture (diagnostics.proxyDesign says where and why), the asks before it are the
 *   fixed design's, and the same seed gives the same asks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, deriveSeed } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import { MfPolicy } from '../../policy/mf-policy.js';
import { designCheckpoints, sequentialDesign, SEQUENTIAL_DEFAULTS, type CheckpointTop } from '../../policy/proxy-design-sequence.js';
import { designTop } from '../../policy/proxy-design-top.js';
import { gapVarianceReduction } from '../../policy/proxy-design-batch.js';
import { fitGpProxyMean } from '../../policy/proxy-mean-gp.js';
import type { Observation } from '../../policy/types.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import { runPoolStudy } from './pool-study-driver.js';
import { fitRidge } from '../../surrogates/ridge.js';

test('checkpoints: the first at max(minRuns, ⌈start·cap⌉), then every ⌈batch·cap⌉ runs, the last the cap (brute-force scan)', () => {
  for (const cap of [1, 4, 6, 17, 100, 256]) {
    const got = designCheckpoints(cap, 6);
    const first = Math.min(cap, Math.max(6, Math.ceil(SEQUENTIAL_DEFAULTS.start * cap - 1e-9)));
    const step = Math.max(1, Math.ceil(SEQUENTIAL_DEFAULTS.batch * cap - 1e-9));
    const scan: number[] = [];
    for (let n = 1; n <= cap; n++) if (n === cap || (n >= first && (n - first) % step === 0)) scan.push(n);
    assert.deepEqual(got, scan, `cap ${cap}`);
  }
  assert.deepEqual(designCheckpoints(0, 6), []);
});

test('the stop: a repeated top stops the design there; a moving top runs it to the cap; between checkpoints it continues', async () => {
  const cap = 17;
  const settings = { start: 0.5, batch: 0.125, targeted: false, stopMargin: 0 }; // checkpoints 9, 12, 15, 17
  assert.deepEqual(designCheckpoints(cap, 6, settings), [9, 12, 15, 17]);
  const fromList = (tops: number[]) => async (n: number): Promise<CheckpointTop> => ({ runs: n, top: tops[[9, 12, 15, 17].indexOf(n)], law: 'linear' });
  const design = (done: number, tops: number[]) => sequentialDesign(cap, 6, done, fromList(tops), settings);
  const stopped = await design(17, [3, 5, 5, 5]);
  assert.equal(stopped.phase, 'done');
  assert.equal(stopped.size, 15);
  assert.deepEqual(stopped.checkpoints.map((c) => c.top), [3, 5, 5]);
  assert.match(stopped.reason, /same at 12 and 15/);
  const moving = await design(17, [3, 5, 3, 5]);
  assert.equal(moving.phase, 'done');
  assert.equal(moving.size, 17);
  assert.match(moving.reason, /moved at every checkpoint/);
  const between = await design(13, [3, 5, 5, 5]);
  assert.equal(between.phase, 'cheap');
  assert.equal(between.size, 15);
  assert.deepEqual(between.checkpoints.map((c) => c.runs), [9, 12]);
  const before = await design(4, [3, 5, 5, 5]);
  assert.deepEqual([before.phase, before.size, before.checkpoints.length], ['cheap', 9, 0]);
});

// A pool study: 3 weights, a cheap level S (cost 0.01) on 60 mixtures, the target L on 12 others.
const COMPONENTS = ['a', 'b', 'c'];
const P = COMPONENTS.length;
const SPACE = createSearchSpace({
  w: { type: 'simplex', components: COMPONENTS },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.01 }, { value: 'L', cost: 1 }], target: 'L' },
});
const mixRng = createRng(21);
const mixture = () => {
  const g = COMPONENTS.map(() => -Math.log(mixRng.uniform()));
  const s = g.reduce((a, b) => a + b, 0);
  return Object.fromEntries(COMPONENTS.map((c, j) => [c, g[j] / s]));
};
const POOL: Params[] = [...Array.from({ length: 60 }, () => ({ w: mixture(), size: 'S' })), ...Array.from({ length: 12 }, () => ({ w: mixture(), size: 'L' }))];
const weights = (p: Params) => COMPONENTS.map((c) => (p.w as Record<string, number>)[c]);
const ENCODED = POOL.map((p) => SPACE.encode(p));
const POOL_MATRIX = { rows: POOL.length, cols: SPACE.dim, data: Float64Array.from(ENCODED.flatMap((x) => Array.from(x))) };
const TARGETS = POOL.flatMap((p, i) => (p.size === 'L' ? [i] : []));
const fidelityIndex = SPACE.dimensions.find((d) => d.kind === 'fidelity')!.index;
const smooth = (w: number[]) => 1.5 * w[0] - w[1] + Math.sin(4 * w[2]);
const standardized = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
  return v.map((x) => (x - m) / sd);
};
const argmaxOver = (rows: readonly number[], score: (r: number) => number) => rows.reduce((a, b) => (score(b) > score(a) || (score(b) === score(a) && b < a) ? b : a));

test("the checkpoint's top row is the argmax of the law refitted by hand (linear and GP)", async () => {
  const runs = Array.from({ length: 20 }, (_, i) => i * 3);
  const values = runs.map((r) => smooth(weights(POOL[r])));
  const input = { space: SPACE, X: runs.map((r) => ENCODED[r]), values, cheapest: 0, target: 1, levels: 2, fidelityIndex, pool: POOL_MATRIX, targetRows: TARGETS, seed: 9 };
  // The simplex encodes to its weights (columns 0..P-1): the laws' features.
  const feat = (r: number) => Array.from(ENCODED[r]).slice(0, P);
  const ridge = fitRidge(runs.map(feat).map((f) => Float64Array.from(f)), standardized(values));
  const linear = await designTop({ ...input, law: 'linear' });
  assert.equal(linear.top.law, 'linear');
  assert.equal(linear.top.top, argmaxOver(TARGETS, (r) => ridge.predict(Float64Array.from(feat(r)))));
  assert.equal(linear.order, undefined);
  const gp = await new GpSurrogate().fit({ X: { rows: runs.length, cols: P, data: Float64Array.from(runs.flatMap(feat)) }, y: Float64Array.from(standardized(values)) }, { rng: createRng(9) });
  const mu = gp.posterior({ rows: TARGETS.length, cols: P, data: Float64Array.from(TARGETS.flatMap(feat)) }).mean();
  const withGp = await designTop({ ...input, law: 'gp', candidates: [1, 2, 4, 5] });
  assert.equal(withGp.top.law, 'gp');
  assert.equal(withGp.top.top, argmaxOver(TARGETS, (r) => mu[TARGETS.indexOf(r)]));
  assert.deepEqual([...withGp.order!].sort((a, b) => a - b), [1, 2, 4, 5]);
});

test('the targeted score is the variance of the top-two gap that y(x) explains (Monte Carlo regression)', async () => {
  const runs = Array.from({ length: 15 }, (_, i) => i * 4);
  const lev = runs.map(() => 0);
  const X = { rows: runs.length, cols: SPACE.dim, data: Float64Array.from(runs.flatMap((r) => Array.from(ENCODED[r]))) };
  const proxy = await fitGpProxyMean(SPACE, X, lev, standardized(runs.map((r) => smooth(weights(POOL[r])))), 1, fidelityIndex, 3);
  const [t1, t2] = [TARGETS[0], TARGETS[1]];
  const candidates = [1, 2, 3];
  const rho = gapVarianceReduction(proxy, POOL_MATRIX, t1, t2, candidates);
  // Not a vacuous check: the candidates explain a visible share of the gap's variance, and not all the same.
  const gapVar = (() => {
    const C = proxy.covariance!([ENCODED[t1], ENCODED[t2]]);
    return C.data[0] + C.data[3] - 2 * C.data[1];
  })();
  assert.ok(Math.max(...rho) > 0.01 * gapVar, `ρ ${Array.from(rho)} vs Var(gap) ${gapVar}`);
  assert.ok(Math.max(...rho) > 1.5 * Math.min(...rho), `ρ ${Array.from(rho)}`);
  const rng = createRng(deriveSeed(5, 1));
  candidates.forEach((x, j) => {
    const C = proxy.covariance!([ENCODED[t1], ENCODED[t2], ENCODED[x]]);
    // Cholesky of the 3×3 covariance, written out.
    const c = (i: number, k: number) => C.data[i * 3 + k];
    const l00 = Math.sqrt(c(0, 0));
    const l10 = c(1, 0) / l00;
    const l11 = Math.sqrt(c(1, 1) - l10 * l10);
    const l20 = c(2, 0) / l00;
    const l21 = (c(2, 1) - l20 * l10) / l11;
    const l22 = Math.sqrt(c(2, 2) - l20 * l20 - l21 * l21);
    const N = 200_000;
    let sgg = 0, sgy = 0, syy = 0;
    for (let s = 0; s < N; s++) {
      const z0 = rng.normal(), z1 = rng.normal(), z2 = rng.normal();
      const gap = l00 * z0 - (l10 * z0 + l11 * z1);
      const y = l20 * z0 + l21 * z1 + l22 * z2;
      sgg += gap * gap;
      sgy += gap * y;
      syy += y * y;
    }
    // Var(gap) minus the residual variance of the gap regressed on y: the variance y explains.
    const explained = (sgy * sgy) / (syy * N);
    assert.ok(Math.abs(explained - rho[j]) < 0.02 * (sgg / N) + 1e-9, `candidate ${x}: MC ${explained} vs ρ ${rho[j]}`);
  });
});

function study(seed: number, asks: number, proxyDesign: 'fixed' | 'sequential' = 'sequential') {
  const policy = new MfPolicy({ pool: POOL, model: 'proxy-mean', proxyLaw: 'linear', proxyDesign, proxyBudget: 0.4, lowLevelRows: 'all' });
  // The cheap level is the target law plus a level offset: its best mixture is the target's.
  const value = (p: Params) => smooth(weights(p)) + (p.size === 'S' ? 0.3 : 0);
  return runPoolStudy(policy, { space: SPACE, pool: POOL, value, cost: (p) => (p.size === 'S' ? 0.01 : 1) }, seed, asks);
}

test('MfPolicy with the sequential design: stops early on a clear cheap level, says why, deterministic by seed', async () => {
  // Cap ⌈0.4·1/0.01⌉ = 40 runs: checkpoints 20, 25, 30, 35, 40.
  const run = await study(4, 32);
  const firstTarget = run.findIndex((r) => POOL[r.i].size === 'L');
  assert.ok(firstTarget > 0, 'a target row was asked');
  const cheap = run.slice(0, firstTarget);
  assert.ok(cheap.every((r) => POOL[r.i].size === 'S'));
  const design = run[firstTarget].diagnostics.proxyDesign as { phase: string; size: number; cap: number; checkpoints: CheckpointTop[]; reason: string };
  assert.equal(design.phase, 'done');
  assert.equal(design.cap, 40);
  assert.ok(design.size < 40, `stopped at ${design.size}`);
  assert.equal(firstTarget, design.size);
  const [a, b] = design.checkpoints.slice(-2);
  assert.equal(a.top, b.top);
  assert.match(design.reason, /did not move it/);
  assert.equal((run[0].diagnostics.proxyDesign as { phase: string }).phase, 'cheap');
  // The first verified target row is the checkpoint's top row.
  assert.equal(run[firstTarget].i, b.top);
  const again = await study(4, 32);
  assert.deepEqual(again.map((r) => r.i), run.map((r) => r.i));
  // With the linear law the batches are random: the cheap asks are the fixed design's first ones.
  const fixed = await study(4, firstTarget, 'fixed');
  assert.deepEqual(fixed.map((r) => r.i), cheap.map((r) => r.i));
  assert.equal(fixed[0].diagnostics.proxyDesign, undefined);
});
