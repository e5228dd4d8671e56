/**
 * The prequential skill statistic of the exploration gate (policy/prequential-skill.ts, skill
 * 'prequential' in protocol/exploration.ts) against independent references:
 * - the means: each of the last 10 rows predicted by hand from the rows before it, at the fitted
 *   GP's kernel θ, noise and mean: the posterior mean m + k(X_<i, x_i)ᵀ (K + σ²I)⁻¹ (y_<i − m) by
 *   Gaussian elimination with partial pivoting (no Cholesky, no library solve);
 * - ρ: Spearman from pairwise rank counts and Pearson's textbook sums (test/surrogates/auto/spearman-by-pairs.ts);
 * - the gate: reads only from 20 observations (10 + the window), explores iff ρ < minSkill, names
 *   'prequential' in its diagnostics, says why without a refit; 'loo' diagnostics carry no new field
 *   (stored traces: a spec without `skill` and with skill 'loo' give the same decision);
 * - through the policy: a gp study with skill 'prequential' and minSkill 1 (reached only by a perfect ranking, which this window does not have)
 *   asks the Sobol study's point at that trial count (ripples keep ρ below 1), and its diagnostics name the statistic;
 * - stp refits too; 'auto' reads the refit of the family it chose.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { Matrix } from '../../core/matrix.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { BoPolicy } from '../../policy/bo-policy.js';
import { explorationDecision } from '../../policy/exploration.js';
import { PREQUENTIAL_WINDOW, prequentialMeans, prequentialSkill } from '../../policy/prequential-skill.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import { FittedAuto } from '../../surrogates/auto/fitted-auto.js';
import { FittedGp } from '../../surrogates/gp/fitted-gp.js';
import { createSurrogate } from '../../surrogates/registry.js';
import type { FittedSurrogate } from '../../surrogates/types.js';
import { uniformPoints } from '../../benchmarks/prior-draws.js';
import { spearmanByPairs } from '../surrogates/auto/spearman-by-pairs.js';
import { solveByElimination } from '../support/gaussian-elimination.js';

const rows = (X: Matrix, from: number, to: number): Matrix => ({ rows: to - from, cols: X.cols, data: X.data.slice(from * X.cols, to * X.cols) });

/** The prefix posterior mean of row i given rows 0..i−1, by elimination at the GP's hyperparameters. */
function meanByHand(gp: FittedGp, X: Matrix, y: Float64Array, i: number): number {
  const theta = gp.params.slice(0, gp.kernel.size);
  const Xp = rows(X, 0, i);
  const K = gp.kernel.matrix(theta, Xp, Xp);
  const A = Array.from({ length: i }, (_, r) => Array.from({ length: i }, (_, c) => K.data[r * i + c] + (r === c ? gp.noise : 0)));
  const k = gp.kernel.matrix(theta, Xp, rows(X, i, i + 1)).data;
  const alpha = solveByElimination(A, Array.from({ length: i }, (_, r) => y[r] - gp.mean));
  return gp.mean + alpha.reduce((s, a, r) => s + a * k[r], 0);
}

async function fitted(n: number, f: (a: number, b: number) => number, seed: number) {
  const X = uniformPoints(n, 2, seed);
  const y = Float64Array.from({ length: n }, (_, i) => f(X.data[2 * i], X.data[2 * i + 1]));
  const gp = await createSurrogate('gp', {}).fit({ X, y }, { rng: createRng(seed + 1) });
  assert.ok(gp instanceof FittedGp);
  return { X, y, gp };
}

test('prequential means equal the prefix posterior by elimination; ρ equals Spearman by pairwise counts', async () => {
  for (const [seed, n, f] of [
    [7, 24, (a: number, b: number) => Math.sin(6 * a) * Math.cos(4 * b) - (a - 0.6) ** 2],
    [13, 31, (a: number, b: number) => Math.abs(Math.sin(40 * a + 30 * b)) + 0.1 * a], // rugged: ρ near 0 or below
  ] as const) {
    const { X, y, gp } = await fitted(n, f, seed);
    const got = prequentialMeans(gp, { X, y })!;
    assert.equal(got.length, PREQUENTIAL_WINDOW);
    const hand = Array.from({ length: PREQUENTIAL_WINDOW }, (_, j) => meanByHand(gp, X, y, n - PREQUENTIAL_WINDOW + j));
    got.forEach((m, j) => assert.ok(Math.abs(m - hand[j]) < 1e-7 * (1 + Math.abs(hand[j])), `row ${n - PREQUENTIAL_WINDOW + j}: ${m} vs ${hand[j]}`));
    const rho = prequentialSkill(gp, { X, y })!;
    const reference = spearmanByPairs(hand, Array.from(y.slice(n - PREQUENTIAL_WINDOW)));
    assert.ok(Math.abs(rho - reference) < 1e-12, `seed ${seed}: ρ ${rho} vs pairwise ${reference}`);
  }
});

test('the smooth function is ranked (ρ > 0.5); a family without a refit gives undefined', async () => {
  const { X, y, gp } = await fitted(30, (a, b) => (a - 0.3) ** 2 + (b - 0.7) ** 2, 3);
  assert.ok(prequentialSkill(gp, { X, y })! > 0.5);
  const noRefit = { kind: 'fake', dim: 2, posterior: () => { throw new Error('not used'); }, diagnostics: () => ({}), state: () => ({ kind: 'fake' }) } as unknown as FittedSurrogate;
  assert.equal(prequentialSkill(noRefit, { X, y }), undefined);
  const d = explorationDecision({ mode: 'epsilon', epsilon: 0, minSkill: 0, skill: 'prequential' }, 5, 30, noRefit, y, { X, y })!;
  assert.deepEqual([d.explore, d.skill, d.skillStatistic], [false, undefined, 'prequential']);
  assert.match(d.skillSkipped!, /no refit/);
});

test("the gate: read from 20 observations, explores iff ρ < minSkill, names 'prequential'; 'loo' unchanged", async () => {
  const { X, y, gp } = await fitted(30, (a, b) => (a - 0.3) ** 2 + (b - 0.7) ** 2, 3);
  const rho = prequentialSkill(gp, { X, y })!;
  const spec = (minSkill: number) => ({ mode: 'epsilon' as const, epsilon: 0, minSkill, skill: 'prequential' as const });
  const above = explorationDecision(spec(rho - 1e-9), 5, 30, gp, y, { X, y })!;
  assert.deepEqual([above.skill, above.explore, above.skillStatistic], [rho, false, 'prequential']);
  const below = explorationDecision(spec(rho + 1e-9), 5, 30, gp, y, { X, y })!;
  assert.deepEqual([below.explore, below.reason], [true, 'skill']);
  const sub = (m: number) => ({ X: rows(X, 0, m), y: y.slice(0, m) });
  const early = explorationDecision(spec(1), 5, 19, gp, sub(19).y, sub(19))!;
  assert.deepEqual([early.explore, early.skill], [false, undefined], 'below 10 + 10 observations the gate is not read');
  assert.match(early.skillSkipped!, /19 observations: the gate reads from 20/);
  // 'loo' named or absent: the same decision, and no skillStatistic field (the stored diagnostics).
  const absent = explorationDecision({ mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, 5, 30, gp, y, { X, y });
  const loo = explorationDecision({ mode: 'epsilon', epsilon: 0.1, minSkill: 0, skill: 'loo' }, 5, 30, gp, y, { X, y });
  assert.deepEqual(loo, absent);
  assert.equal('skillStatistic' in absent!, false);
});

test("through the policy: an unreachable prequential gate asks the Sobol study's point and names the statistic", async () => {
  const space = createSearchSpace({ x1: { type: 'float', low: 0, high: 1 }, x2: { type: 'float', low: 0, high: 1 } });
  const algo = (input: AlgorithmInput) => AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'log-ei', seed: 9, ...input });
  const sobol = await new SobolPolicy().suggest({ space, algorithm: algo({ surrogate: 'none' }), direction: 'minimize', completed: [], pending: [], count: 21 });
  const f = (p: Record<string, unknown>) => ((p.x1 as number) - 0.3) ** 2 + ((p.x2 as number) - 0.7) ** 2 + 0.3 * Math.sin(25 * (p.x1 as number));
  const completed = sobol.suggestions.slice(0, 20).map((params) => ({ params, value: f(params) }));
  const req = { space, algorithm: algo({ exploration: { mode: 'epsilon', epsilon: 0, minSkill: 1, skill: 'prequential' } }), direction: 'minimize' as const, completed, pending: [], count: 1 };
  const ask = await new BoPolicy().suggest(req);
  const ex = ask.diagnostics.exploration as { skill: number; reason: string; skillStatistic: string };
  assert.deepEqual([ask.diagnostics.phase, ex.reason, ex.skillStatistic], ['exploration', 'skill', 'prequential']);
  assert.deepEqual(ask.suggestions, [sobol.suggestions[20]]);
  assert.ok(ex.skill < 1, `a bowl with ripples: ρ ${ex.skill}`);
});

test("the other refit families: stp gives a finite ρ; 'auto' reads the family it chose (the same means as that model's)", async () => {
  const X = uniformPoints(26, 2, 17);
  const y = Float64Array.from({ length: 26 }, (_, i) => Math.sin(5 * X.data[2 * i]) + X.data[2 * i + 1]);
  const stp = await createSurrogate('stp', {}).fit({ X, y }, { rng: createRng(2) });
  assert.ok(Number.isFinite(prequentialSkill(stp, { X, y })!));
  const auto = await createSurrogate('auto', {}).fit({ X, y }, { rng: createRng(2) });
  assert.ok(auto instanceof FittedAuto);
  assert.deepEqual(prequentialMeans(auto, { X, y }), prequentialMeans(auto.chosen, { X, y }));
});
