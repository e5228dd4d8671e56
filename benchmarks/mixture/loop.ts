/**
 * Simulated data-mixture searches: a policy asks one trial at a time, the "training run" is looked
 * up in the pool (or computed from the synthetic law), its cost is added, and the best target-level
 * value found so far is tracked against cumulative cost.
 */
import { createRng, deriveSeed } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import { MfPolicy, type MfPolicyOptions } from '../../policy/mf-policy.js';
import type { Observation, PolicyState } from '../../policy/types.js';
import type { PoolProblem } from './problems.js';
import { syntheticLevel, type SyntheticMixture } from './synthetic.js';

/** Compared methods: MF-BO with MF-MES or cost-weighted LogEI, single-fidelity BO at the target, random search at the target. */
export type Method = 'mf-bo' | 'mf-bo-ei' | 'sf-bo' | 'random';

/** One run's trace. costs[i]/best[i]: cumulative cost and best target value after query i (NaN before the first target query). */
export interface RunTrace {
  readonly costs: number[];
  readonly best: number[];
  /** Cumulative cost when the best target value first came within ε of the optimum (Infinity if never). */
  readonly costToEpsilon: number;
  /**
   * Pool runs: the TRUE target value of the policy's recommendation made with the data after query i
   * (the pool target row of best posterior mean, ADMIRE's metric; random search: the best queried).
   */
  readonly recommended?: number[];
  /** Cumulative cost when the recommendation first came within ε (Infinity if never). */
  readonly costToEpsilonRecommended?: number;
  /** Queries per level. */
  readonly perLevel: number[];
  readonly seconds: number;
  /** proxyLaw 'auto': the law its last ask ran (diagnostics.proxyLaw.law). */
  readonly modelChoice?: string;
  /** proxyDesign 'sequential': the checkpoints of the last ask's diagnostics.proxyDesign (top row, runner-up, margin z). */
  readonly designCheckpoints?: { runs: number; top: number; runnerUp?: number; z?: number }[];
  /** Pool runs: the pool index of each query, in order (what the policy asked, for target-order analyses). */
  readonly rows?: number[];
}

/** Stopping rule of a run. */
export interface RunLimits {
  readonly maxCost: number;
  readonly maxSteps: number;
  /** Pool runs stop when the queried best reached ε ('queried') or when both metrics did ('both', default). */
  readonly stopOn?: 'queried' | 'both';
  /** Extra policy options (ablations). */
  readonly policy?: MfPolicyOptions;
}

function policyFor(method: Method, extra: MfPolicyOptions): MfPolicy {
  return new MfPolicy({
    ...extra,
    targetOnly: method === 'sf-bo',
    acquisition: method === 'mf-bo' ? 'mf-mes' : 'cost-ei',
    fit: { restarts: 0, maxIterations: 60, warmMaxIterations: 20, ...extra.fit, biasScale: extra.fit?.biasScale ?? true, levelNoise: extra.fit?.levelNoise ?? false },
  });
}

/** A pool-mode run of `method` on `problem` with one seed. */
export async function runPool(problem: PoolProblem, method: Method, seed: number, limits: RunLimits): Promise<RunTrace> {
  const t0 = performance.now();
  const space = createSearchSpace(problem.space);
  const algorithm = AlgorithmSpec.parse({ seed });
  const sign = problem.direction === 'maximize' ? 1 : -1;
  const targetRows = problem.pool.flatMap((_, i) => (problem.poolLevel[i] === problem.target ? [i] : []));
  const rng = createRng(deriveSeed(seed, 0x7a4d));
  const order = [...targetRows];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const policy = method === 'random' ? undefined : policyFor(method, { ...limits.policy, pool: problem.pool });
  const completed: Observation[] = [];
  const costs: number[] = [];
  const best: number[] = [];
  const perLevel = problem.costs.map(() => 0);
  let cost = 0;
  let bestValue = NaN;
  let costToEpsilon = Infinity;
  let state: PolicyState | undefined;
  const recommended: number[] = [];
  const rows: number[] = [];
  let costToEpsilonRecommended = Infinity;
  let modelChoice: string | undefined;
  let designCheckpoints: RunTrace['designCheckpoints'];
  const within = (v: number) => !Number.isNaN(v) && sign * (problem.best - v) <= problem.epsilon + 1e-12;
  /** Record the recommendation made with the data after the last query (from this ask's diagnostics). */
  const recordRecommendation = (rec: { poolIndex: number } | undefined) => {
    if (costs.length === 0) return;
    const v = rec ? problem.poolValue[rec.poolIndex] : bestValue;
    recommended[costs.length - 1] = v;
    if (within(v) && !Number.isFinite(costToEpsilonRecommended)) costToEpsilonRecommended = costs[costs.length - 1];
  };
  const done = () => Number.isFinite(costToEpsilon) && (limits.stopOn === 'queried' || Number.isFinite(costToEpsilonRecommended));
  for (let step = 0; step < limits.maxSteps && cost < limits.maxCost && !done(); step++) {
    let index: number;
    if (!policy) {
      if (step >= order.length) break;
      index = order[step];
      recordRecommendation(undefined);
    } else {
      let d;
      try {
        d = await policy.suggest({ space, algorithm, direction: problem.direction, completed, pending: [], count: 1, state });
      } catch {
        break; // pool exhausted
      }
      state = d.state;
      modelChoice = (d.diagnostics.proxyLaw as { law: string } | undefined)?.law ?? modelChoice;
      const design = d.diagnostics.proxyDesign as { checkpoints: { runs: number; top: number; runnerUp?: number; margin?: { z: number } }[] } | undefined;
      if (design) designCheckpoints = design.checkpoints.map((c) => ({ runs: c.runs, top: c.top, ...(c.runnerUp !== undefined ? { runnerUp: c.runnerUp } : {}), ...(c.margin ? { z: c.margin.z } : {}) }));
      recordRecommendation(d.diagnostics.poolRecommendation as { poolIndex: number } | undefined);
      if (done()) break;
      index = (d.diagnostics.poolIndices as number[])[0];
    }
    const level = problem.poolLevel[index];
    const value = problem.poolValue[index];
    rows.push(index);
    cost += problem.costs[level];
    perLevel[level]++;
    completed.push({ params: problem.pool[index], value, cost: problem.costs[level] });
    if (level === problem.target && (Number.isNaN(bestValue) || sign * value > sign * bestValue)) bestValue = value;
    costs.push(cost);
    best.push(bestValue);
    if (within(bestValue) && !Number.isFinite(costToEpsilon)) costToEpsilon = cost;
  }
  if (!policy) recordRecommendation(undefined);
  else if (!done() && completed.length > 0) {
    try {
      const d = await policy.suggest({ space, algorithm, direction: problem.direction, completed, pending: [], count: 1, state });
      recordRecommendation(d.diagnostics.poolRecommendation as { poolIndex: number } | undefined);
    } catch {
      recordRecommendation(undefined);
    }
  }
  for (let i = 0; i < costs.length; i++) if (recommended[i] === undefined) recommended[i] = i > 0 ? recommended[i - 1] : NaN;
  return { costs, best, costToEpsilon, recommended, costToEpsilonRecommended, perLevel, rows, seconds: (performance.now() - t0) / 1000, ...(modelChoice ? { modelChoice } : {}), ...(designCheckpoints ? { designCheckpoints } : {}) };
}

/** A continuous run on the synthetic law (minimize the target loss); noise sd `noise` on every observation. */
export async function runSynthetic(problem: SyntheticMixture, method: Method, seed: number, limits: RunLimits & { epsilon: number; noise: number }): Promise<RunTrace> {
  const t0 = performance.now();
  const space = createSearchSpace(problem.space);
  const algorithm = AlgorithmSpec.parse({ seed });
  const rng = createRng(deriveSeed(seed, 0x5e7));
  const policy = method === 'random' ? undefined : policyFor(method, { rawSamples: 128, restarts: 1, maxIterations: 25, maxValueSamples: 4 });
  const completed: Observation[] = [];
  const costs: number[] = [];
  const best: number[] = [];
  const perLevel = problem.costs.map(() => 0);
  let cost = 0;
  let bestValue = NaN;
  let costToEpsilon = Infinity;
  let state: PolicyState | undefined;
  for (let step = 0; step < limits.maxSteps && cost < limits.maxCost && !Number.isFinite(costToEpsilon); step++) {
    let params: Params;
    if (!policy) {
      params = space.decode(space.sample(1, rng.split()).data);
      params.model = 'target';
    } else {
      const d = await policy.suggest({ space, algorithm, direction: 'minimize', completed, pending: [], count: 1, state });
      state = d.state;
      params = d.suggestions[0];
    }
    const level = syntheticLevel(params);
    const trueLoss = problem.loss(problem.weights(params), level);
    cost += problem.costs[level];
    perLevel[level]++;
    completed.push({ params, value: trueLoss + limits.noise * rng.normal(), cost: problem.costs[level] });
    if (level === problem.target && (Number.isNaN(bestValue) || trueLoss < bestValue)) bestValue = trueLoss;
    costs.push(cost);
    best.push(bestValue);
    if (!Number.isNaN(bestValue) && bestValue - problem.bestLoss <= limits.epsilon) costToEpsilon = cost;
  }
  return { costs, best, costToEpsilon, perLevel, seconds: (performance.now() - t0) / 1000 };
}
