/**
 * What surrogate 'auto' sees: every candidate family's score (mean leave-one-out or k-fold log
 * predictive density per observation, standardized y) and its fit-and-score time, on data drawn
 * from known models and on a step function, at several n. Every candidate of the menu is scored,
 * the neural ones too (budget 600 s, minNeuralTrials 2), so their cost and score are measured.
 *   nice -n 10 node --import tsx benchmarks/auto-scores.ts [n1,n2,...] [seeds]
 * Prints one markdown row per (data set, n, seed).
 */
import { createRng } from '../core/rng.js';
import { AUTO_CANDIDATES } from '../surrogates/auto/auto-candidates.js';
import type { FittedAuto } from '../surrogates/auto/fitted-auto.js';
import { NetworkKernel } from '../surrogates/nngp/network-kernel.js';
import { createSurrogate } from '../surrogates/registry.js';
import { priorDraw, rbfMatrix, uniformPoints } from './prior-draws.js';
import { standardize } from '../core/standardize.js';
import type { TrainingData } from '../surrogates/types.js';

const sizes = (process.argv[2] ?? '15,30,60').split(',').map(Number);
const seeds = Number(process.argv[3] ?? 2);
const names = Object.keys(AUTO_CANDIDATES);

/** Data sets by name: d = 2, noise variance 1e-4 on the draws. */
const DATA: Record<string, (n: number, seed: number) => TrainingData> = {
  'rbf draw (ℓ 0.2)': (n, s) => {
    const X = uniformPoints(n, 2, 100 + s);
    return priorDraw(X, rbfMatrix(X, 0.2), 1e-4, 200 + s);
  },
  'nngp draw (relu, depth 3)': (n, s) => {
    const X = uniformPoints(n, 2, 100 + s);
    const k = new NetworkKernel({ kind: 'nngp', activation: 'relu', depth: 3, dim: 2, fixed: { weightVar: 10, biasVar: 1.3 } });
    return priorDraw(X, k.matrix(new Float64Array(0), X, X), 1e-4, 300 + s);
  },
  'step 1[x0 > 0.5] + 1[x1 > 0.3]': (n, s) => {
    const X = uniformPoints(n, 2, 100 + s);
    return { X, y: standardize(Array.from({ length: n }, (_, i) => (X.data[2 * i] > 0.5 ? 1 : 0) + (X.data[2 * i + 1] > 0.3 ? 1 : 0))).y };
  },
};

console.log(`| data | n | seed | ${names.map((c) => `${c} score (ms)`).join(' | ')} | choice |`);
console.log(`|---|---|---|${names.map(() => '---').join('|')}|---|`);
for (const [label, make] of Object.entries(DATA)) {
  for (const n of sizes) {
    for (let seed = 0; seed < seeds; seed++) {
      const auto = (await createSurrogate('auto', { candidates: names, minNeuralTrials: 2, budgetMs: 600_000 }).fit(make(n, seed), { rng: createRng(seed) })) as FittedAuto;
      const cells = auto.selection.scores.map((s) => ('score' in s ? `${s.score.toFixed(3)} (${Math.round(s.ms)})` : `skipped: ${s.skipped.slice(0, 40)}`));
      console.log(`| ${label} | ${n} | ${seed} | ${cells.join(' | ')} | ${auto.selection.choice} |`);
    }
  }
}
