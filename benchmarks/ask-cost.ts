/**
 * What one benchmark run of an algorithm costs in this process (issue 20, "Benchmark speed"): CPU
 * seconds of the whole run (process.cpuUsage, user + system, every thread of the process), median
 * ms per model ask, and the run's traceHash and final regret, so a speedup can be checked for an
 * identical trajectory on the same commit-independent seed. Run it under `node --cpu-prof` to see
 * where the time goes (benchmarks/cpu-profile-top.mjs reads the profile).
 *
 *   node --import tsx benchmarks/ask-cost.ts --problems bbob_f001_i06_d20,bbob_f015_i06_d20 [--algorithm gp-qlognei] [--seed 0] [--budget N] [--from N]
 *
 * Prints one JSON line per run (askMsByN: median model-ask ms per 40 observations). `--budget` shortens a
 * run (default: the bbob budget of its dimension);
 * `--from` reports the median ask only over asks with at least that many observations.
 */
import { runOne } from './loop.js';
import { getProblem } from './problems/all.js';
import { bbobBudget } from './problems/bbob/sets.js';
import { defaultInitialTrials } from './problems/types.js';
import { linalgBackendName } from '../server/health-probes.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const problems = (option('problems') ?? 'bbob_f001_i06_d20').split(',');
const algorithm = option('algorithm') ?? 'gp-qlognei';
const seed = Number(option('seed') ?? 0);
const from = Number(option('from') ?? 0);

for (const name of problems) {
  const problem = getProblem(name);
  const budget = Number(option('budget') ?? bbobBudget(problem.dim));
  const init = defaultInitialTrials(problem.dim);
  const c0 = process.cpuUsage();
  const r = await runOne(problem, algorithm, seed, budget, init);
  const cpu = process.cpuUsage(c0);
  const modelAsks = r.askMs.filter((_, t) => r.phases[t] !== 'initial-design' && t >= from);
  process.stdout.write(
    JSON.stringify({
      problem: name,
      algorithm,
      seed,
      budget,
      linalg: await linalgBackendName(),
      cpuS: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      wallS: Number((r.wallMs / 1000).toFixed(2)),
      medianAskMs: Number(median(modelAsks).toFixed(1)),
      // Median ms of the model asks with n observations in [lo, lo + 40): how the ask grows with n.
      askMsByN: Object.fromEntries(
        Array.from({ length: Math.ceil(budget / 40) }, (_, b) => b * 40)
          .map((lo) => [`${lo}-${lo + 39}`, r.askMs.filter((_, t) => r.phases[t] !== 'initial-design' && t >= lo && t < lo + 40)] as const)
          .filter(([, v]) => v.length > 0)
          .map(([k, v]) => [k, Number(median(v).toFixed(1))]),
      ),
      finalRegret: r.regret[r.regret.length - 1],
      traceHash: r.traceHash,
    }) + '\n',
  );
}
