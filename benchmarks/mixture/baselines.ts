/**
 * Non-BO baselines of the pool benchmarks (issue 22), each a RunTrace like loop.ts's runs:
 * - `regmix`: RegMix (Liu et al. 2024): train `proxies` random runs at the cheapest level (the
 *   pool's and, on regmix-pile, RegMix's own 512 training runs; default all of them), fit a
 *   ridge regression of the target on the weights (ridge.ts), then run the target-level candidates
 *   in order of predicted value until one is within ε ("verify at the target").
 * - `rank-small`: DataDecide (Magnusson et al. 2025): rank the target candidates by their result at
 *   the smallest scale (each candidate's nearest cheapest-level run: its exact twin where the pool
 *   has one), paying for those runs, then verify at the target in that order.
 * - `uniform`: the target candidate nearest the uniform mixture, run once (no search at all).
 * The cost of the cheap runs comes first in the trace (proxies are trained before any target run).
 */
import { createRng, deriveSeed } from '../../core/rng.js';
import type { RunLimits, RunTrace } from './loop.js';
import type { PoolProblem } from './problems.js';
import { fitRidge } from '../../surrogates/ridge.js';

/** Baseline names. */
export const BASELINES = ['regmix', 'rank-small', 'uniform'] as const;
export type Baseline = (typeof BASELINES)[number];

/** Options of the baselines: RegMix's number of proxy runs (default all cheapest-level rows). */
export interface BaselineOptions {
  readonly regmixProxies?: number;
}

function weightsOf(problem: PoolProblem, i: number): number[] {
  return Object.values(problem.pool[i]!.mixture as Record<string, number>);
}

function indicesAt(problem: PoolProblem, level: number): number[] {
  return problem.poolLevel.flatMap((l, i) => (l === level ? [i] : []));
}

/** Runs `proxyRows` (pool rows, or -1 for a run outside the pool) at the cheapest level, then target rows in `order`, until ε or a limit. */
function trace(problem: PoolProblem, proxyRows: readonly number[], order: readonly number[], limits: RunLimits, t0: number): RunTrace {
  const sign = problem.direction === 'maximize' ? 1 : -1;
  const within = (v: number) => !Number.isNaN(v) && sign * (problem.best - v) <= problem.epsilon + 1e-12;
  const costs: number[] = [];
  const best: number[] = [];
  const recommended: number[] = [];
  const perLevel = problem.costs.map(() => 0);
  let cost = 0;
  let bestValue = NaN;
  let costToEpsilon = Infinity;
  let costToEpsilonRecommended = Infinity;
  const predictedBest = order.length > 0 ? problem.poolValue[order[0]!]! : NaN;
  const push = (rec: number) => {
    costs.push(cost);
    best.push(bestValue);
    recommended.push(rec);
    if (within(rec) && !Number.isFinite(costToEpsilonRecommended)) costToEpsilonRecommended = cost;
  };
  // Proxy runs are trained up front (in parallel, not asked one by one): only the cost cap limits them.
  for (const i of proxyRows) {
    if (cost >= limits.maxCost) break;
    const level = i < 0 ? 0 : problem.poolLevel[i]!;
    cost += problem.costs[level]!;
    perLevel[level]++;
    push(NaN);
  }
  // The recommendation before verification is the predicted best candidate (ADMIRE's recommended metric).
  if (recommended.length > 0) recommended[recommended.length - 1] = predictedBest;
  if (within(predictedBest) && recommended.length > 0) costToEpsilonRecommended = cost;
  for (const [k, i] of order.entries()) {
    if (k >= limits.maxSteps || cost >= limits.maxCost || Number.isFinite(costToEpsilon)) break;
    cost += problem.costs[problem.target]!;
    perLevel[problem.target]++;
    const v = problem.poolValue[i]!;
    if (Number.isNaN(bestValue) || sign * v > sign * bestValue) bestValue = v;
    push(bestValue);
    if (within(bestValue)) costToEpsilon = cost;
  }
  return { costs, best, costToEpsilon, recommended, costToEpsilonRecommended, perLevel, seconds: (performance.now() - t0) / 1000 };
}

/** Target candidates sorted by a predicted value, best first (ties by pool order). */
function byPrediction(problem: PoolProblem, targets: readonly number[], predict: (i: number) => number): number[] {
  const sign = problem.direction === 'maximize' ? 1 : -1;
  const pred = new Map(targets.map((i) => [i, predict(i)]));
  return [...targets].sort((a, b) => sign * (pred.get(b)! - pred.get(a)!) || a - b);
}

/** One run of a baseline with one seed (regmix draws its proxies with the seed; the others are deterministic). */
export function runBaseline(problem: PoolProblem, baseline: Baseline, seed: number, limits: RunLimits, options: BaselineOptions = {}): RunTrace {
  const t0 = performance.now();
  const targets = indicesAt(problem, problem.target);
  const cheapest = indicesAt(problem, 0);
  if (baseline === 'uniform') {
    const k = weightsOf(problem, targets[0]!).length;
    const dist = (i: number) => weightsOf(problem, i).reduce((s, w) => s + (w - 1 / k) ** 2, 0);
    const nearest = targets.reduce((a, b) => (dist(b) < dist(a) ? b : a));
    return trace(problem, [], [nearest], { ...limits, maxSteps: 1 }, t0);
  }
  if (baseline === 'rank-small') {
    const nearestCheap = (i: number) => {
      const w = weightsOf(problem, i);
      let bestJ = cheapest[0]!;
      let bestD = Infinity;
      for (const j of cheapest) {
        const d = weightsOf(problem, j).reduce((s, v, c) => s + (v - w[c]!) ** 2, 0);
        if (d < bestD) [bestJ, bestD] = [j, d];
      }
      return bestJ;
    };
    const twin = new Map(targets.map((i) => [i, nearestCheap(i)]));
    const proxies = [...new Set(twin.values())];
    return trace(problem, proxies, byPrediction(problem, targets, (i) => problem.poolValue[twin.get(i)!]!), limits, t0);
  }
  // Candidate proxy runs: pool rows (index ≥ 0) and runs outside the pool (−1 − j into extraProxies).
  const extra = problem.extraProxies ?? [];
  const runs = [...cheapest, ...extra.map((_, j) => -1 - j)];
  const weights = (r: number) => (r >= 0 ? weightsOf(problem, r) : extra[-1 - r]!.weights);
  const value = (r: number) => (r >= 0 ? problem.poolValue[r]! : extra[-1 - r]!.value);
  const n = Math.min(runs.length, options.regmixProxies ?? runs.length);
  const rng = createRng(deriveSeed(seed, 0x4e9));
  for (let i = runs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [runs[i], runs[j]] = [runs[j]!, runs[i]!];
  }
  const proxies = runs.slice(0, n);
  const model = fitRidge(proxies.map(weights), proxies.map(value));
  return trace(problem, proxies.map((r) => (r >= 0 ? r : -1)), byPrediction(problem, targets, (i) => model.predict(weightsOf(problem, i))), limits, t0);
}
