/**
 * Data-mixture benchmark runner (issue 7): cost to reach the pool's best target-level value
 * (within ε) and best-so-far against cost, median over seeds, for multi-fidelity BO (MF-MES and
 * cost-weighted LogEI), single-fidelity BO at the target level and random search at the target.
 *
 *   npx tsx benchmarks/mixture/run.ts --problem admire-ift --seeds 20
 *   npx tsx benchmarks/mixture/run.ts --problem regmix-pile --seeds 20 --methods mf-bo,sf-bo,random
 *   npx tsx benchmarks/mixture/run.ts --problem synthetic --k 5 --seeds 10 --max-cost 30
 * Options: --data DIR (default $MIXTURE_DATA_DIR or ../shared/data), --max-cost C, --max-steps S, --random-seeds N,
 * --first-seed K (seeds K, K+1, ...: report on seeds never used to choose a configuration),
 * --regmix-proxies N (RegMix's proxy runs; default all cheapest-level rows), --json FILE (raw traces),
 * --jsonl FILE (each run's trace appended as it finishes),
 * --model joint|proxy-mean, --proxy-budget B, --proxy-law linear|gp|auto, --proxy-design fixed|sequential, --proxy-stop-margin M and
 * --target-model linear|gp (MfPolicy's model; policy/proxy-mean-step.ts, policy/proxy-law-choice.ts, policy/proxy-design-sequence.ts,
 * policy/proxy-target-gp.ts).
 * Methods: mf-bo, mf-bo-ei, sf-bo, random, and the pool baselines regmix, rank-small, uniform (baselines.ts).
 * Prints a markdown table and Mann-Whitney tests (mann-whitney.ts) of the cost to ε on stdout.
 */
import { provenance } from '../provenance.js';
import { appendFileSync, writeFileSync } from 'node:fs';
import { median, quantile } from '../stats.js';
import { BASELINES, runBaseline, type Baseline } from './baselines.js';
import { runPool, runSynthetic, type Method, type RunTrace } from './loop.js';
import { comparisons } from './compare.js';
import { admireIft, regmixPile } from './problems.js';
import { syntheticMixture } from './synthetic.js';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Median best-so-far (in the problem's units) at a cumulative cost: the last trace point at or below it. */
function bestAt(trace: RunTrace, cost: number): number {
  let v = NaN;
  for (let i = 0; i < trace.costs.length && trace.costs[i] <= cost + 1e-9; i++) v = trace.best[i];
  // A run that stopped early (reached ε) keeps its final best.
  if (trace.costs.length > 0 && cost >= trace.costs[trace.costs.length - 1]) v = trace.best[trace.best.length - 1];
  return v;
}

const fmtCost = (v: number, cap: number): string => (Number.isFinite(v) ? v.toFixed(2) : `> ${cap}`);

async function main(): Promise<void> {
  const problemName = arg('problem', 'admire-ift')!;
  const seeds = Number(arg('seeds', '20'));
  const methods = (arg('methods', 'mf-bo,mf-bo-ei,sf-bo,random')!.split(',')) as (Method | Baseline)[];
  const firstSeed = Number(arg('first-seed', '0'));
  const regmixProxies = arg('regmix-proxies') === undefined ? undefined : Number(arg('regmix-proxies'));
  const data = arg('data');
  const synthetic = problemName === 'synthetic';
  const maxCost = Number(arg('max-cost', synthetic ? '30' : '80'));
  const maxSteps = Number(arg('max-steps', '600'));
  const K = Number(arg('k', '5'));
  const pool = synthetic ? undefined : problemName === 'admire-ift' ? admireIft(data) : problemName === 'regmix-pile' ? regmixPile(data) : undefined;
  const synth = synthetic ? syntheticMixture(K) : undefined;
  if (!pool && !synth) throw new Error(`unknown problem ${problemName}`);
  const epsilon = pool ? pool.epsilon : 0.05 * synth!.randomRegret;
  // Ablations: --bias-scale false, --max-value-samples N, --level-standardize false.
  const policyOptions = {
    ...(arg('max-value-samples') ? { maxValueSamples: Number(arg('max-value-samples')) } : {}),
    ...(arg('level-standardize') === 'false' ? { levelStandardize: false } : {}),
    fit: {
      ...(arg('bias-scale') === 'false' ? { biasScale: false } : {}),
      ...(arg('level-noise') === 'false' ? { levelNoise: false } : {}),
      ...(arg('kernel') ? { kernel: arg('kernel') as 'icm' | 'linear-truncated' } : {}),
    },
    ...(arg('low-level-share') ? { lowLevelShare: arg('low-level-share') === 'model' ? ('model' as const) : Number(arg('low-level-share')) } : {}),
    ...(arg('prior') ? { prior: arg('prior') as 'none' | 'mixing-law' } : {}),
    ...(arg('model') ? { model: arg('model') as 'joint' | 'proxy-mean' } : {}),
    ...(arg('proxy-budget') ? { proxyBudget: Number(arg('proxy-budget')) } : {}),
    ...(arg('proxy-law') ? { proxyLaw: arg('proxy-law') as 'linear' | 'gp' | 'auto' } : {}),
    ...(arg('proxy-design') ? { proxyDesign: arg('proxy-design') as 'fixed' | 'sequential' } : {}),
    ...(arg('proxy-stop-margin') ? { proxyStopMargin: Number(arg('proxy-stop-margin')) } : {}),
    ...(arg('target-model') ? { targetModel: arg('target-model') as 'linear' | 'gp' } : {}),
    // The sequential design's shape (policy/proxy-design-sequence.ts): --seq-start F, --seq-batch F, --seq-targeted true|false.
    sequentialSettings: {
      ...(arg('seq-start') ? { start: Number(arg('seq-start')) } : {}),
      ...(arg('seq-batch') ? { batch: Number(arg('seq-batch')) } : {}),
      ...(arg('seq-targeted') ? { targeted: arg('seq-targeted') === 'true' } : {}),
    },
    ...(arg('low-level-rows') ? { lowLevelRows: arg('low-level-rows') as 'twins' | 'all' } : {}),
  };
  const traces: Record<string, RunTrace[]> = {};
  const jsonl = arg('jsonl');
  for (const method of methods) {
    traces[method] = [];
    // Random search is free to simulate: --random-seeds N gives it more seeds (a tighter median).
    const n = method === 'random' ? Number(arg('random-seeds', String(seeds))) : seeds;
    const isBaseline = (BASELINES as readonly string[]).includes(method);
    if (isBaseline && !pool) throw new Error(`${method} is a pool baseline (admire-ift, regmix-pile)`);
    for (let seed = firstSeed; seed < firstSeed + n; seed++) {
      const limits = { maxCost, maxSteps, stopOn: arg('stop', 'both') as 'queried' | 'both', policy: policyOptions };
      const t = isBaseline
        ? runBaseline(pool!, method as Baseline, seed, limits, regmixProxies === undefined ? {} : { regmixProxies })
        : pool
          ? await runPool(pool, method as Method, seed, limits)
          : await runSynthetic(synth!, method as Method, seed, { maxCost, maxSteps, epsilon, noise: 1e-3 });
      traces[method].push(t);
      // --jsonl FILE: each finished run appended at once (the --json file is written only at the end), so a stopped run keeps its seeds.
      if (jsonl) appendFileSync(jsonl, JSON.stringify({ problem: problemName, method, seed, trace: t }) + '\n');
      if (n <= 50) process.stderr.write(`${problemName} ${method} seed ${seed}: cost to ε queried ${fmtCost(t.costToEpsilon, maxCost)} recommended ${fmtCost(t.costToEpsilonRecommended ?? NaN, maxCost)}, queries/level ${t.perLevel.join('/')}, ${t.seconds.toFixed(1)} s\n`);
    }
  }
  const best = pool ? pool.best : synth!.bestLoss;
  const levels = pool ? pool.levelNames : ['small', 'mid', 'target'];
  const costs = pool ? pool.costs : synth!.costs;
  const checkpoints = [1, 2, 5, 10, 20, 40].filter((c) => c <= maxCost);
  const randomMedian = traces.random ? median(traces.random.map((t) => t.costToEpsilon)) : NaN;
  const hasRec = pool !== undefined;
  const lines: string[] = [];
  lines.push(`### ${problemName}${synth ? ` (K = ${K}, ε = ${epsilon.toPrecision(3)} = 5% of a random mixture's median regret)` : ` (ε = ${epsilon})`}: ${seeds} seeds (${firstSeed}–${firstSeed + seeds - 1})${traces.random && traces.random.length !== seeds ? ` (random: ${traces.random.length})` : ''}, cost cap ${maxCost}`);
  lines.push('');
  lines.push(`Levels ${levels.map((l, k) => `${l} (cost ${costs[k]})`).join(', ')}; target optimum ${best.toPrecision(6)}. "Queried": cumulative cost when the best target-level value actually queried first came within ε. ${hasRec ? '"Recommended": the same for the true target value of the recommendation (the pool target row of best posterior mean at the target level, ADMIRE\'s metric; random search recommends its best queried row). ' : ''}Runs that never reach ε count as > cap; speed-up = median(random) / median(method).`);
  lines.push('');
  const recCols = hasRec ? ['median cost to ε (recommended)', 'IQR', 'reached', 'speed-up'] : [];
  const bestLabel = hasRec ? 'recommended' : 'best queried';
  lines.push(`| method | ${[...recCols, 'median cost to ε (queried)', 'IQR', 'reached', 'speed-up'].join(' | ')} | median queries ${levels.join('/')} | ${checkpoints.map((c) => `${bestLabel} @ cost ${c}`).join(' | ')} |`);
  lines.push(`|---|${[...recCols, 1, 2, 3, 4].map(() => '---').join('|')}|---|${checkpoints.map(() => '---').join('|')}|`);
  const randomRecMedian = traces.random ? median(traces.random.map((t) => t.costToEpsilonRecommended ?? Infinity)) : NaN;
  const cells = (c: number[], ref: number): string[] => {
    const med = median(c);
    const speed = Number.isFinite(ref) && Number.isFinite(med) ? `${(ref / med).toFixed(1)}x` : '–';
    return [fmtCost(med, maxCost), `${fmtCost(quantile(c, 0.25), maxCost)}–${fmtCost(quantile(c, 0.75), maxCost)}`, `${c.filter(Number.isFinite).length}/${c.length}`, speed];
  };
  for (const method of methods) {
    const ts = traces[method];
    const perLevel = levels.map((_, k) => median(ts.map((t) => t.perLevel[k])));
    const series = (t: RunTrace) => (hasRec && t.recommended ? { ...t, best: t.recommended } : t);
    const bests = checkpoints.map((cp) => {
      const v = ts.map((t) => bestAt(series(t), cp)).filter((x) => !Number.isNaN(x));
      return v.length * 2 >= ts.length ? median(v).toPrecision(5) : '–';
    });
    const rec = hasRec ? cells(ts.map((t) => t.costToEpsilonRecommended ?? Infinity), randomRecMedian) : [];
    lines.push(`| ${method} | ${[...rec, ...cells(ts.map((t) => t.costToEpsilon), randomMedian)].join(' | ')} | ${perLevel.join('/')} | ${bests.join(' | ')} |`);
  }
  lines.push('');
  lines.push(`Median wall time per run: ${methods.map((m) => `${m} ${median(traces[m].map((t) => t.seconds)).toFixed(1)} s`).join(', ')}.`);
  lines.push('');
  lines.push(...comparisons(traces, maxCost));
  console.log(lines.join('\n'));
  const json = arg('json');
  if (json) writeFileSync(json, JSON.stringify({ provenance: await provenance(), problem: problemName, seeds, firstSeed, maxCost, epsilon, traces }, null, 1) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
