/**
 * What the exploration skill gate reads on a run (policy/exploration.ts): runs one algorithm on each
 * named problem (seed `--seed`) through benchmarks/loop.ts and prints the distribution of the asks'
 * leave-one-out Spearman ρ (diagnostics.exploration.skill) and the share of asks below 0, 0.2 and 0.3,
 * the thresholds a gate could use. Reading aid for RESULTS.md, not a score.
 *
 * Usage: node --import tsx benchmarks/bbob/skill-trace.ts [--algorithm gp-qlognei-explore] [--seed 0] [--md out.md] PROBLEM...
 */
import { writeFileSync } from 'node:fs';
import { runOne } from '../loop.js';
import { getProblem } from '../problems/all.js';
import { defaultBudget, defaultInitialTrials } from '../problems/types.js';
import { fmt, quantile } from '../stats.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const algorithm = flag('--algorithm') ?? 'gp-qlognei-explore';
const seed = Number(flag('--seed') ?? 0);
const md = flag('--md');
const lines = [
  `| problem | final regret | asks with ρ | ρ 10% / 50% / 90% | share ρ < 0 | < 0.2 | < 0.3 |`,
  '|---|---|---|---|---|---|---|',
];
for (const name of args) {
  const problem = getProblem(name);
  const rho: number[] = [];
  const run = await runOne(problem, algorithm, seed, defaultBudget(problem.dim), defaultInitialTrials(problem.dim), (_t, diagnostics) => {
    const skill = (diagnostics.exploration as { skill?: unknown } | undefined)?.skill;
    if (typeof skill === 'number' && Number.isFinite(skill)) rho.push(skill);
  });
  const share = (t: number) => (rho.length === 0 ? '–' : `${Math.round((100 * rho.filter((v) => v < t).length) / rho.length)}%`);
  const spread = rho.length === 0 ? '–' : [0.1, 0.5, 0.9].map((q) => quantile(rho, q).toFixed(2)).join(' / ');
  lines.push(`| ${name} | ${fmt(run.regret[run.regret.length - 1])} | ${rho.length} | ${spread} | ${share(0)} | ${share(0.2)} | ${share(0.3)} |`);
  console.log(lines.at(-1));
}
const out = `${lines.join('\n')}\n\nAlgorithm ${algorithm}, seed ${seed}. Command: node --import tsx benchmarks/bbob/skill-trace.ts ${process.argv.slice(2).join(' ')}\n`;
if (md) writeFileSync(md, out);
