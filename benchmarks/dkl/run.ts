/**
 * dkl vs gp in a BO loop driven directly (the policy cannot build 'dkl' until it is registered):
 * 10 scrambled-Sobol points, then per ask: standardize −f (maximize), fit (warm start from the
 * previous ask's state), LogEI with f* = max y, optimizeAcquisition (512 raw, 8 restarts).
 * Ask time = fit + acquisition optimization. Prints a markdown table and writes results.json.
 * Run: npx tsx benchmarks/dkl/run.ts [seeds=3] [budget=50] [problems=branin,hartmann6] [models=gp,dkl]
 */
import { provenance } from '../provenance.js';
import { writeFileSync } from 'node:fs';
import { createLogEi } from '../../acquisitions/log-ei.js';
import { buildMomentObjective, optimizeAcquisition } from '../../acquisitions/optimize.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { sobol } from '../../core/sobol.js';
import { standardize } from '../../core/standardize.js';
import { DklSurrogate } from '../../surrogates/dkl/dkl-surrogate.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import type { Surrogate, SurrogateState } from '../../surrogates/types.js';
import { getProblem } from '../problems/all.js';
import type { Problem } from '../problems/types.js';
import { problemSpace } from '../loop.js';

/** One run's trace. */
interface Trace {
  readonly problem: string;
  readonly model: string;
  readonly seed: number;
  readonly finalRegret: number;
  readonly regret: number[];
  readonly askMs: number[];
  readonly fallbacks: number;
}

const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

function surrogate(name: string): Surrogate {
  return name === 'dkl' ? new DklSurrogate() : new GpSurrogate({ preset: 'botorch' });
}

async function runOne(problem: Problem, model: string, seed: number, budget: number): Promise<Trace> {
  const space = createSearchSpace(problemSpace(problem));
  const d = problem.dim;
  const rng = createRng(deriveSeed(seed, 0xd41));
  const toUser = (x: ArrayLike<number>): number[] => Array.from({ length: d }, (_, j) => problem.lower[j] + x[j] * (problem.upper[j] - problem.lower[j]));
  const X: number[] = [];
  const f: number[] = [];
  const init = sobol(10, d, rng.split());
  for (let i = 0; i < 10; i++) {
    const x = init.data.subarray(i * d, (i + 1) * d);
    X.push(...x);
    f.push(problem.f(toUser(x)));
  }
  const s = surrogate(model);
  let state: SurrogateState | undefined;
  const askMs: number[] = [];
  let fallbacks = 0;
  while (f.length < budget) {
    const t0 = performance.now();
    const st = standardize(f.map((v) => -v));
    const n = f.length;
    const fitted = await s.fit({ X: { rows: n, cols: d, data: Float64Array.from(X) }, y: st.y }, { rng: rng.split(), ...(state ? { warmStart: state } : {}) });
    if (fitted.diagnostics().fallback) fallbacks++;
    state = fitted.state();
    let best = -Infinity;
    for (const v of st.y) best = Math.max(best, v);
    const objective = buildMomentObjective(fitted, createLogEi(), { best, rng: rng.split() });
    const r = optimizeAcquisition(objective, space, { rng: rng.split() });
    askMs.push(performance.now() - t0);
    X.push(...r.x);
    f.push(problem.f(toUser(r.x)));
  }
  const regret: number[] = [];
  let b = Infinity;
  for (const v of f) regret.push((b = Math.min(b, v)) - problem.optimum);
  return { problem: problem.name, model, seed, finalRegret: regret[regret.length - 1], regret, askMs, fallbacks };
}

async function main(): Promise<void> {
  const seeds = Number(process.argv[2] ?? 3);
  const budget = Number(process.argv[3] ?? 50);
  const problems = (process.argv[4] ?? 'branin,hartmann6').split(',');
  const models = (process.argv[5] ?? 'gp,dkl').split(',');
  const traces: Trace[] = [];
  const lines = ['| problem | model | seeds | median final regret | mean log10 final regret | median ask (ms) | max ask (ms) | fallbacks |', '|---|---|---|---|---|---|---|---|'];
  for (const name of problems) {
    const problem = getProblem(name);
    for (const model of models) {
      const mine: Trace[] = [];
      for (let seed = 0; seed < seeds; seed++) {
        const t = await runOne(problem, model, seed, budget);
        mine.push(t);
        traces.push(t);
        console.error(`${name} ${model} seed ${seed}: regret ${t.finalRegret.toExponential(3)}, median ask ${median(t.askMs).toFixed(0)} ms`);
      }
      const asks = mine.flatMap((t) => t.askMs);
      const logr = mine.map((t) => Math.log10(Math.max(t.finalRegret, 1e-12)));
      lines.push(`| ${name} | ${model} | ${seeds} | ${median(mine.map((t) => t.finalRegret)).toExponential(2)} | ${(logr.reduce((a, v) => a + v, 0) / logr.length).toFixed(2)} | ${median(asks).toFixed(0)} | ${Math.max(...asks).toFixed(0)} | ${mine.reduce((a, t) => a + t.fallbacks, 0)} |`);
    }
  }
  console.log(lines.join('\n'));
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ provenance: await provenance({ loadTensorBackend: true }), seeds, budget, traces }, null, 1) + '\n');
}

await main();
