/**
 * Quality benchmark of the HMC-BNN surrogate (fan-in and gp-matched priors) next to the GP, with the
 * BO policy (LogEI). The HMC-BNN surrogate is injected into BoPolicy (BoPolicyOptions.surrogate), so
 * this runs before the registry knows 'hmc-bnn'. Each finished run is appended as one JSON line to
 * --out; --table prints the summary of an --out file (median final regret, median model-ask ms).
 * Run: npx tsx benchmarks/hmc-bnn/run.ts --problems branin,hartmann6 --algorithms gp,bnn-fanin,bnn-gp \
 *        --seeds 3 --budget 50 --out benchmarks/hmc-bnn/results.jsonl
 *      npx tsx benchmarks/hmc-bnn/run.ts --table benchmarks/hmc-bnn/results.jsonl
 */
import { provenance } from '../provenance.js';
import { appendFileSync, readFileSync } from 'node:fs';
import { createRng, deriveSeed } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { BoPolicy } from '../../policy/bo-policy.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { Observation, Policy, PolicyState } from '../../policy/types.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { presetGpTarget } from '../../surrogates/hmc-bnn/gp-prior-target.js';
import { HmcBnnSurrogate } from '../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';
import { problemSpace } from '../loop.js';
import { getProblem } from '../problems/all.js';
import { defaultInitialTrials, type Problem } from '../problems/types.js';
import { fmt, median } from '../stats.js';

/**
 * Session 1's sampling budget for these runs (results.jsonl rows bnn-*): 25 kept draws per chain,
 * thin 2, leapfrog 40 in cold and warm fits. 'bnn-fanin-now' uses the surrogate's current defaults
 * (warm asks: 25 draws, thin 1, leapfrog 20), to compare the two on the same seeds.
 */
const FAST = { samplesPerChain: 25, warmSamplesPerChain: 25, warmThin: 2, warmLeapfrog: 40, warmWarmup: 20 } as const;

/** Policy for a benchmark algorithm name. */
function makePolicy(name: string, spec: AlgorithmSpec): Policy {
  if (name === 'gp') return createPolicy(spec);
  if (name === 'bnn-fanin') return new BoPolicy({ surrogate: new HmcBnnSurrogate({ ...FAST, prior: 'fan-in' }) });
  if (name === 'bnn-fanin-now') return new BoPolicy({ surrogate: new HmcBnnSurrogate({ prior: 'fan-in' }) });
  if (name === 'bnn-fanin-ws4') return new BoPolicy({ surrogate: new HmcBnnSurrogate({ ...FAST, prior: 'fan-in', weightScale: 4 }) });
  // Since 2026-12-05 'bnn-gp' targets the default GP ('botorch-legacy' at its first start); 'bnn-gp-old' the earlier target.
  if (name === 'bnn-gp') return new BoPolicy({ surrogate: new HmcBnnSurrogate({ ...FAST, prior: 'gp-matched' }) });
  if (name === 'bnn-gp-old') return new BoPolicy({ surrogate: new HmcBnnSurrogate({ ...FAST, prior: 'gp-matched' }, (d) => presetGpTarget(d, 'botorch')) });
  if (name === 'bnn-gp-wass') return new BoPolicy({ surrogate: new HmcBnnSurrogate({ ...FAST, prior: 'gp-matched', priorMatch: 'wasserstein' }) });
  if (name === 'bnn-gp-fitted') return new BoPolicy({ surrogate: new HmcBnnSurrogate({ ...FAST, prior: 'gp-matched', priorTarget: 'fitted-gp' }) });
  throw new Error(`unknown algorithm ${name}`);
}

interface Row {
  problem: string;
  algorithm: string;
  seed: number;
  budget: number;
  finalRegret: number;
  regret: number[];
  modelAskMs: number[];
  /** Process CPU time of each model ask (single-threaded: ≈ wall time on an idle core). */
  modelAskCpuMs: number[];
  fallbacks: number;
}

async function runOne(problem: Problem, algorithm: string, seed: number, budget: number): Promise<Row> {
  const space = createSearchSpace(problemSpace(problem));
  const names = Object.keys(space.spec);
  const spec = AlgorithmSpec.parse({ surrogate: algorithm === 'gp' ? 'gp' : 'hmc-bnn', acquisition: 'log-ei', seed, initialTrials: defaultInitialTrials(problem.dim) });
  const policy = makePolicy(algorithm, spec);
  const noiseRng = createRng(deriveSeed(seed, 0x0015e));
  const completed: Observation[] = [];
  const regret: number[] = [];
  const modelAskMs: number[] = [];
  const modelAskCpuMs: number[] = [];
  let fallbacks = 0;
  let state: PolicyState | undefined;
  let best = Infinity;
  for (let t = 0; t < budget; t++) {
    const a0 = performance.now();
    const c0 = process.cpuUsage();
    const decision = await policy.suggest({ space, algorithm: spec, direction: 'minimize', completed, pending: [], count: 1, state });
    const ms = performance.now() - a0;
    const cpu = process.cpuUsage(c0);
    if (decision.diagnostics.phase === 'model') {
      modelAskMs.push(ms);
      modelAskCpuMs.push((cpu.user + cpu.system) / 1000);
    }
    if (decision.diagnostics.phase === 'fallback') {
      fallbacks++;
      if (fallbacks === 1) console.error(`${problem.name} ${algorithm} seed ${seed}: fallback at ask ${t}: ${String(decision.diagnostics.fallbackReason)}`);
    }
    state = decision.state;
    const x = names.map((n) => decision.suggestions[0][n] as number);
    const clean = problem.f(x);
    completed.push({ params: decision.suggestions[0], value: problem.noise > 0 ? clean + problem.noise * noiseRng.normal() : clean });
    best = Math.min(best, clean);
    regret.push(best - problem.optimum);
  }
  return { problem: problem.name, algorithm, seed, budget, finalRegret: regret[budget - 1], regret, modelAskMs, modelAskCpuMs, fallbacks };
}

function table(rows: Row[]): string {
  const keys = [...new Set(rows.map((r) => `${r.problem}|${r.algorithm}`))];
  const lines = ['| problem | algorithm | runs | median final regret | median model-ask ms (wall) | median model-ask CPU ms | max model-ask CPU ms | fallbacks |', '|---|---|---|---|---|---|---|---|'];
  for (const k of keys) {
    const rs = rows.filter((r) => `${r.problem}|${r.algorithm}` === k);
    const asks = rs.flatMap((r) => r.modelAskMs);
    const cpu = rs.flatMap((r) => r.modelAskCpuMs);
    lines.push(`| ${rs[0].problem} | ${rs[0].algorithm} | ${rs.length} | ${fmt(median(rs.map((r) => r.finalRegret)))} | ${Math.round(median(asks))} | ${Math.round(median(cpu))} | ${Math.round(Math.max(...cpu))} | ${rs.reduce((a, r) => a + r.fallbacks, 0)} |`);
  }
  return lines.join('\n');
}

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
if (args.has('table')) {
  const rows = readFileSync(args.get('table')!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
  console.log(table(rows));
} else {
  const problems = (args.get('problems') ?? 'branin,hartmann6').split(',').map(getProblem);
  const algorithms = (args.get('algorithms') ?? 'gp,bnn-fanin,bnn-gp').split(',');
  const seeds = Number(args.get('seeds') ?? 3);
  const firstSeed = Number(args.get('first-seed') ?? 0);
  const budget = Number(args.get('budget') ?? 50);
  const out = args.get('out');
  const rows: Row[] = [];
  let from: Awaited<ReturnType<typeof provenance>> | undefined;
  for (const problem of problems)
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++)
      for (const algorithm of algorithms) {
        const row = await runOne(problem, algorithm, seed, budget);
        rows.push(row);
        if (out) appendFileSync(out, JSON.stringify({ ...row, provenance: (from ??= await provenance({ loadTensorBackend: true })) }) + '\n');
        console.error(`${problem.name} ${algorithm} seed ${seed}: regret ${fmt(row.finalRegret)}, median ask ${Math.round(median(row.modelAskMs))} ms, fallbacks ${row.fallbacks}`);
      }
  console.log(table(rows));
}
