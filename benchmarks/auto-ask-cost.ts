/**
 * Where surrogate 'auto''s ask time goes (issue 21): one cold ask on n0 Hartmann6 observations
 * (d = 6, uniform points), then `steps` warm asks each with one more observation, the policy state
 * carried as in a study. Per algorithm: mean ask CPU ms (process.cpuUsage, the whole ask), mean
 * fit and acquisition wall ms, and for 'auto' each candidate's mean fit-and-score wall ms
 * (diagnostics.auto.scores[].ms) and how often it was chosen.
 *   nice -n 10 node --import tsx benchmarks/auto-ask-cost.ts [--n0 60] [--steps 10] [--algorithm gp-qlognei,auto]
 */
import { parseArgs } from 'node:util';
import type { Observation, PolicyState } from '../policy/types.js';
import { speedSetup } from './speed.js';
import { fmt } from './stats.js';

interface ScoreRow {
  candidate: string;
  ms?: number;
}

const mean = (a: readonly number[]) => (a.length === 0 ? NaN : a.reduce((x, y) => x + y, 0) / a.length);

/** One algorithm's warm sequence: ask CPU, fit and acquisition wall, per-candidate wall and choices. */
async function sequence(algorithm: string, n0: number, steps: number) {
  const { policy, base, all } = speedSetup(n0 + steps, algorithm);
  const seen: Observation[] = all.slice(0, n0);
  let state: PolicyState | undefined = (await policy.suggest({ ...base, completed: seen })).state;
  const cpu: number[] = [];
  const fit: number[] = [];
  const acquire: number[] = [];
  const perCandidate = new Map<string, number[]>();
  const choices = new Map<string, number>();
  for (let s = 0; s < steps; s++) {
    seen.push(all[n0 + s]);
    const c0 = process.cpuUsage();
    const d = await policy.suggest({ ...base, completed: seen, state });
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    fit.push(Number(d.diagnostics.fitMs));
    acquire.push(Number(d.diagnostics.acquireMs));
    const auto = d.diagnostics.auto as { choice: string; scores: ScoreRow[] } | undefined;
    if (auto) {
      choices.set(auto.choice, (choices.get(auto.choice) ?? 0) + 1);
      for (const r of auto.scores) if (r.ms !== undefined) perCandidate.set(r.candidate, [...(perCandidate.get(r.candidate) ?? []), r.ms]);
    }
    state = d.state;
  }
  const candidates = [...perCandidate].map(([k, v]) => `${k} ${fmt(mean(v))}`).join(', ') || '-';
  const chosen = [...choices].map(([k, v]) => `${k} ×${v}`).join(', ') || '-';
  return `| ${algorithm} | ${fmt(mean(cpu))} | ${fmt(mean(fit))} | ${fmt(mean(acquire))} | ${candidates} | ${chosen} |`;
}

const { values } = parseArgs({
  options: {
    n0: { type: 'string', default: '60' },
    steps: { type: 'string', default: '10' },
    algorithm: { type: 'string', default: 'gp-qlognei,auto' },
  },
});
const [n0, steps] = [Number(values.n0), Number(values.steps)];
const rows: string[] = [];
for (const a of values.algorithm!.split(',')) rows.push(await sequence(a, n0, steps));
process.stdout.write(
  `Hartmann6 (d = 6), n = ${n0} + ${steps} warm asks, means over the warm asks\n\n| algorithm | ask CPU ms | fit wall ms | acquisition wall ms | per-candidate fit+score wall ms | choices |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n\nCommand: node --import tsx benchmarks/auto-ask-cost.ts ${process.argv.slice(2).join(' ')}\n`,
);
