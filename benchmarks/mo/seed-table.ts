/**
 * Per-seed hypervolume of several algorithms on one problem, from recorded runs (--files: our
 * mo-run.ts JSON files, partial ones too; --peers: optuna_mo.py JSON files), at each budget of
 * --at (default 50,100), only the seeds every listed algorithm has, so medians compare the same
 * seeds side by side; also each algorithm's median wall ms per model ask:
 *   npx tsx benchmarks/mo/seed-table.ts --problem branin-currin --at 50,100 --files a.json,b.json --peers optuna.json
 */
import { readFileSync } from 'node:fs';
import { getMoProblem } from './problems.js';
import { hvCurve, type MoRunResult } from './mo-loop.js';
import { quartiles } from './mo-run.js';
import { arg } from './cli-arg.js';

interface Curve {
  readonly algorithm: string;
  readonly seed: number;
  readonly hv: readonly number[];
  readonly modelAskMs?: number;
}

const problem = getMoProblem(arg('problem'));
const list = (name: string): string[] => arg(name, '').split(',').filter((f) => f.length > 0);
const ours: Curve[] = list('files').flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { runs: MoRunResult[] }).runs)
  .filter((r) => r.problem === problem.name)
  .map((r) => {
    const model = r.askMs.filter((_, t) => r.phases[t] === 'model');
    return { algorithm: r.algorithm, seed: r.seed, hv: r.hv, modelAskMs: model.length > 0 ? quartiles(model)[0] : undefined };
  });
const peers: Curve[] = list('peers').flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { runs: { problem: string; algorithm: string; seed: number; evaluations: { f: number[]; c: number[] }[] }[] }).runs)
  .filter((r) => r.problem === problem.name)
  .map((r) => ({ algorithm: r.algorithm, seed: r.seed, hv: hvCurve(problem, r.evaluations) }));

for (const at of arg('at', '50,100').split(',').map(Number)) {
  // One curve per (algorithm, seed): the longest recorded (a partial file repeats finished runs).
  const best = new Map<string, Curve>();
  for (const c of [...ours, ...peers]) {
    if (c.hv.length < at) continue;
    const k = `${c.algorithm}\u0000${c.seed}`;
    if (!best.has(k) || best.get(k)!.hv.length < c.hv.length) best.set(k, c);
  }
  const algorithms = [...new Set([...best.values()].map((c) => c.algorithm))];
  if (algorithms.length === 0) continue;
  const seeds = [...new Set([...best.values()].map((c) => c.seed))].sort((a, b) => a - b).filter((s) => algorithms.every((a) => best.has(`${a}\u0000${s}`)));
  const hvAt = (a: string, s: number): number => best.get(`${a}\u0000${s}`)!.hv[at - 1];
  const lines = [`HV after ${at} evaluations, ${problem.name}, seeds every algorithm reached ${at} with (${seeds.length}):`, '', `| seed | ${algorithms.join(' | ')} |`, `|---|${algorithms.map(() => '---|').join('')}`];
  for (const s of seeds) lines.push(`| ${s} | ${algorithms.map((a) => hvAt(a, s).toFixed(2)).join(' | ')} |`);
  const med = algorithms.map((a) => quartiles(seeds.map((s) => hvAt(a, s))));
  lines.push(`| **median [q1, q3]** | ${med.map(([m, q1, q3]) => `**${m.toFixed(2)}** [${q1.toFixed(2)}, ${q3.toFixed(2)}]`).join(' | ')} |`);
  lines.push(`| log10 regret of the median | ${med.map(([m]) => Math.log10(Math.max(problem.maxHv.value - m, 1e-12)).toFixed(2)).join(' | ')} |`);
  const askMs = algorithms.map((a) => {
    const v = seeds.map((s) => best.get(`${a}\u0000${s}`)!.modelAskMs).filter((x): x is number => x !== undefined);
    return v.length > 0 ? String(Math.round(quartiles(v)[0])) : '—';
  });
  lines.push(`| median ms per model ask | ${askMs.join(' | ')} |`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
