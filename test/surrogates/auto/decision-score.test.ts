/**
 * The prequential decision score of surrogate 'auto' (surrogates/auto/decision-score.ts) against
 * brute-force computations on constructed data:
 * - a cut's quality against the pairwise form (the share of the window's other trials the chosen
 *   one beats, ties half) on integer-valued windows with ties;
 * - the cuts against a filter over every prefix length;
 * - the whole per-cut evidence of a fitted GP against the same decisions computed by hand: the
 *   prefix GP's posterior by Gaussian elimination on K + σ²I at the model's kernel, noise and mean,
 *   EI from the closed form σ(zΦ(z) + φ(z)), the argmax and its rank counted;
 * - under statistic 'rank', the same cuts' Spearman ρ of the hand EI and the window's values;
 * - the Student-t LogEI ranking against EI integrated numerically over the t density.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalCdf, normalPdf } from '../../../core/normal.js';
import { createRng } from '../../../core/rng.js';
import { studentTLogPdf } from '../../../core/student-t.js';
import { choiceQuality, decisionCuts, decisionEvidence, logEiOfPosterior } from '../../../surrogates/auto/decision-score.js';
import { refitAtHyperparameters } from '../../../surrogates/auto/prefix-model.js';
import { FittedGp } from '../../../surrogates/gp/fitted-gp.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import type { Matrix } from '../../../core/matrix.js';
import type { StudentTPosterior } from '../../../surrogates/types.js';
import { uniformPoints } from '../../../benchmarks/prior-draws.js';
import { spearmanByPairs } from './spearman-by-pairs.js';
import { solveByElimination } from '../../support/gaussian-elimination.js';

test('choiceQuality equals the pairwise win share (ties half) on integer windows with ties', () => {
  const rng = createRng(11);
  for (let rep = 0; rep < 300; rep++) {
    const W = 2 + rng.int(12);
    const y = Array.from({ length: W }, () => rng.int(5));
    for (let c = 0; c < W; c++) {
      let wins = 0;
      for (let j = 0; j < W; j++) if (j !== c) wins += y[c] > y[j] ? 1 : y[c] === y[j] ? 0.5 : 0;
      assert.ok(Math.abs(choiceQuality(y, c) - wins / (W - 1)) < 1e-12, `y=${y} c=${c}`);
    }
  }
  assert.equal(choiceQuality([3, 1, 2], 0), 1);
  assert.equal(choiceQuality([3, 1, 2], 1), 0);
  assert.throws(() => choiceQuality([1], 0), /ranks nothing/);
});

test('decisionCuts are the last `cuts` prefix lengths t with minPrefix <= t and t + window <= n (brute-force filter)', () => {
  for (let n = 0; n <= 40; n++) {
    for (const [window, cuts, minPrefix] of [[10, 10, 10], [5, 3, 6], [2, 20, 5]]) {
      const all = Array.from({ length: n + 1 }, (_, t) => t).filter((t) => t >= minPrefix && t + window <= n);
      assert.deepEqual(decisionCuts(n, window, cuts, minPrefix), all.slice(Math.max(0, all.length - cuts)), `n=${n}`);
    }
  }
});

const rows = (X: Matrix, from: number, to: number): Matrix => ({ rows: to - from, cols: X.cols, data: X.data.slice(from * X.cols, to * X.cols) });

test("decisionEvidence of a fitted GP equals the decisions computed by hand (prefix posterior by elimination, closed-form EI, argmax, rank)", async () => {
  const n = 40;
  const X = uniformPoints(n, 2, 7);
  // A smooth function with a clear optimum, maximized (the policy's y).
  const y = Float64Array.from({ length: n }, (_, i) => {
    const a = X.data[2 * i];
    const b = X.data[2 * i + 1];
    return Math.sin(6 * a) * Math.cos(4 * b) - (a - 0.6) ** 2;
  });
  const data = { X, y };
  const gp = await createSurrogate('gp', {}).fit(data, { rng: createRng(3) });
  assert.ok(gp instanceof FittedGp);
  const theta = gp.params.slice(0, gp.kernel.size);
  const window = 6;
  const cuts = decisionCuts(n, window, 8, 10);
  const got = decisionEvidence(refitAtHyperparameters(gp)!, data, cuts, window);
  const byRank = decisionEvidence(refitAtHyperparameters(gp)!, data, cuts, window, 'rank');
  cuts.forEach((t, c) => {
    const Xp = rows(X, 0, t);
    const Xw = rows(X, t, t + window);
    const K = gp.kernel.matrix(theta, Xp, Xp);
    const A = Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => K.data[i * t + j] + (i === j ? gp.noise : 0)));
    const Ks = gp.kernel.matrix(theta, Xp, Xw);
    const kss = gp.kernel.diag(theta, Xw);
    const alpha = solveByElimination(A, Array.from({ length: t }, (_, i) => y[i] - gp.mean));
    let best = -Infinity;
    for (let i = 0; i < t; i++) best = Math.max(best, y[i]);
    const zs: number[] = [];
    const sds: number[] = [];
    const ei = Array.from({ length: window }, (_, j) => {
      const k = Array.from({ length: t }, (_, i) => Ks.data[i * window + j]);
      const mean = gp.mean + k.reduce((s, v, i) => s + v * alpha[i], 0);
      const v = solveByElimination(A, k);
      const variance = Math.max(kss[j] - k.reduce((s, kv, i) => s + kv * v[i], 0), 1e-20);
      const sd = Math.sqrt(variance);
      const z = (mean - best) / sd;
      zs.push(z);
      sds.push(sd);
      return sd * (z * normalCdf(z) + normalPdf(z));
    });
    const pick = ei.indexOf(Math.max(...ei));
    const yw = Array.from(y.subarray(t, t + window));
    const beaten = yw.filter((v, j) => j !== pick && v < yw[pick]).length;
    assert.equal(got.chosen[c], pick, `cut t=${t}: EI ${ei.map((e) => e.toPrecision(4))}`);
    assert.ok(Math.abs(got.qualities[c] - beaten / (window - 1)) < 1e-12, `cut t=${t}`);
    // Statistic 'rank': Spearman's ρ (by pairwise counts) of the hand EI and the window's values; ln is monotone, so EI ranks as LogEI does.
    // EI underflows to 0 below z ≈ −38, where LogEI still ranks: the reference ranks by ln EI, from the
    // closed form above z = −25 and below it from the Mills-ratio series EI = σφ(z)(1/z² − 3/z⁴ + 15/z⁶ − …).
    const lnEi = ei.map((e, j) => (zs[j] > -25 ? Math.log(e) : Math.log(sds[j]) - zs[j] ** 2 / 2 - 0.5 * Math.log(2 * Math.PI) + Math.log(1 / zs[j] ** 2 - 3 / zs[j] ** 4 + 15 / zs[j] ** 6)));
    assert.ok(Math.abs(byRank.qualities[c] - spearmanByPairs(lnEi, yw)) < 1e-12, `cut t=${t}: ${byRank.qualities[c]} vs ${spearmanByPairs(lnEi, yw)}; EI ${ei.map((e) => e.toPrecision(3))}`);
    assert.equal(byRank.chosen[c], pick);
  });
  // The decisions are not all the same, so the test measures something.
  assert.ok(new Set(got.qualities).size > 1, `qualities ${Array.from(got.qualities)}`);
  assert.ok(new Set(byRank.qualities).size > 1, `rank qualities ${Array.from(byRank.qualities)}`);
});

test('logEiOfPosterior under a Student-t posterior equals ln of EI integrated numerically over the t density', () => {
  const cases = [
    { mean: 0.3, variance: 0.5, df: 5, best: 0.8 },
    { mean: -1, variance: 2, df: 3.5, best: 0 },
    { mean: 1.2, variance: 0.1, df: 30, best: 0.2 },
  ];
  for (const { mean, variance, df, best } of cases) {
    const posterior = { kind: 'student-t', df, size: 1, mean: () => Float64Array.of(mean), variance: () => Float64Array.of(variance) } as unknown as StudentTPosterior;
    const got = logEiOfPosterior(posterior, best)[0];
    // E[max(μ + s·u − best, 0)], u ~ t_ν, s² = v(ν−2)/ν: midpoint rule on u ∈ [−400, 400].
    const s = Math.sqrt((variance * (df - 2)) / df);
    const h = 1e-3;
    let ei = 0;
    for (let u = -400 + h / 2; u < 400; u += h) ei += Math.max(mean + s * u - best, 0) * Math.exp(studentTLogPdf(u, df)) * h;
    assert.ok(Math.abs(got - Math.log(ei)) < 2e-3, `${JSON.stringify({ mean, variance, df, best })}: ${got} vs ${Math.log(ei)}`);
  }
});
