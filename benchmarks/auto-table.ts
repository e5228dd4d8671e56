/**
 * Side-by-side table of surrogate 'auto' against a baseline from benchmark result files (run.ts
 * --out): median final regret per problem, the ratio, median ms per ask, and how often 'auto'
 * chose each candidate over all its model asks (RunResult.autoChoices).
 *   node --import tsx benchmarks/auto-table.ts <auto-name> <baseline-name> results.json [more.json or progress .jsonl ...]
 * With files that share runs, the later file wins (one run per problem, algorithm and seed). Only
 * seeds run by both algorithms count, so a partial progress log compares like with like.
 */
import { readRecords, runKey } from './run-records.js';

interface Run {
  problem: string;
  algorithm: string;
  regret: number[];
  askMs: number[];
  autoChoices?: Record<string, number>;
  seed: number;
  traceHash?: string;
}

const [autoName, baseName, ...files] = process.argv.slice(2);
if (!autoName || !baseName || files.length === 0) throw new Error('usage: auto-table.ts <auto-name> <baseline-name> results.json [...]');
const byKey = new Map(files.flatMap((f) => readRecords(f).runs).map((r) => [runKey(r), r]));
const runs = [...byKey.values()] as unknown as Run[];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const fmt = (v: number) => Number(v.toPrecision(3)).toString();

const problems = [...new Set(runs.map((r) => r.problem))];
console.log(`| problem | seeds | ${baseName} final regret | ${autoName} final regret | ${autoName} / ${baseName} | ${autoName} <= ${baseName} | ${baseName} ms/ask | ${autoName} ms/ask | ${autoName} choices (share of model asks) | seeds: same trace / ${autoName} better / worse |`);
console.log('|---|---|---|---|---|---|---|---|---|---|');
let le = 0;
let compared = 0;
let lt = 0;
for (const p of problems) {
  // Only seeds both have (a partial progress log may hold one side of a seed): medians over the same seeds.
  const seedsOf = (name: string) => new Set(runs.filter((r) => r.problem === p && r.algorithm === name).map((r) => r.seed));
  const both = new Set([...seedsOf(baseName)].filter((s) => seedsOf(autoName).has(s)));
  const base = runs.filter((r) => r.problem === p && r.algorithm === baseName && both.has(r.seed));
  const auto = runs.filter((r) => r.problem === p && r.algorithm === autoName && both.has(r.seed));
  if (base.length === 0 || auto.length === 0) continue;
  const b = median(base.map((r) => r.regret.at(-1)!));
  const a = median(auto.map((r) => r.regret.at(-1)!));
  const choices: Record<string, number> = {};
  for (const r of auto) for (const [k, v] of Object.entries(r.autoChoices ?? {})) choices[k] = (choices[k] ?? 0) + v;
  const total = Object.values(choices).reduce((s, v) => s + v, 0) || 1;
  const shares = Object.entries(choices).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${Math.round((100 * v) / total)}%`).join(', ');
  // Paired by seed: a run whose trace hash equals the baseline's is the same run (auto kept its reference on every ask).
  const pairs = auto.flatMap((r) => base.filter((q) => q.seed === r.seed).map((q) => [r, q] as const));
  const same = pairs.filter(([r, q]) => r.traceHash !== undefined && r.traceHash === q.traceHash).length;
  const better = pairs.filter(([r, q]) => r.regret.at(-1)! < q.regret.at(-1)!).length;
  const worse = pairs.filter(([r, q]) => r.regret.at(-1)! > q.regret.at(-1)!).length;
  compared++;
  if (a <= b) le++;
  if (a < b) lt++;
  console.log(`| ${p} | ${auto.length} | ${fmt(b)} | ${fmt(a)} | ${b > 0 ? (a / b).toFixed(2) : 'n/a'} | ${a <= b ? 'yes' : '**no**'} | ${Math.round(median(base.map((r) => median(r.askMs))))} | ${Math.round(median(auto.map((r) => median(r.askMs))))} | ${shares} | ${same} / ${better} / ${worse} |`);
}
console.log(`\n${autoName} <= ${baseName} on ${le} of ${compared} problems (median final regret), strictly better on ${lt}.`);
