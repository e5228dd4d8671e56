/**
 * Merge the raw traces of several runner invocations (run.ts --json FILE) and print the runner's
 * side-by-side statistics over all of them (compare.ts: median ratios, Mann-Whitney p), for runs
 * split over processes or seed ranges (same problem, cap and options; this script checks the
 * problem and the cap, not the options).
 *   npx tsx benchmarks/mixture/merge-runs.ts a.json b.json ...
 * `NAME=file.json` names that file's mf-bo traces NAME (several mf-bo variants side by side); the
 * first file's methods lead the comparison (compare.ts: mf-bo, else the first method).
 *   npx tsx benchmarks/mixture/merge-runs.ts ours=auto.json joint=joint.json base.json
 * A `.jsonl` file is run.ts's --jsonl output (seeds in any order, sorted here; cap from --max-cost, 40).
 */
import { readFileSync } from 'node:fs';
import { median } from '../stats.js';
import { comparisons } from './compare.js';
import type { RunTrace } from './loop.js';

interface RunFile {
  readonly problem: string;
  readonly maxCost: number;
  readonly firstSeed: number;
  readonly seeds: number;
  readonly traces: Record<string, RunTrace[]>;
}

const named = process.argv.slice(2).map((a) => {
  const eq = a.indexOf('=');
  return eq > 0 ? { as: a.slice(0, eq), path: a.slice(eq + 1) } : { path: a };
});
/** A run.ts --jsonl file (one finished run per line) as a RunFile; its cap is --max-cost's (40 unless given). */
function fromJsonl(path: string): RunFile {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { problem: string; method: string; seed: number; trace: RunTrace });
  if (lines.length === 0) throw new Error(`${path}: no runs`);
  const traces: Record<string, RunTrace[]> = {};
  for (const l of [...lines].sort((a, b) => a.seed - b.seed)) (traces[l.method] ??= []).push(l.trace);
  const seeds = lines.map((l) => l.seed);
  const cap = process.argv.indexOf('--max-cost');
  return { problem: lines[0]!.problem, maxCost: cap >= 0 ? Number(process.argv[cap + 1]) : 40, firstSeed: Math.min(...seeds), seeds: new Set(seeds).size, traces };
}

const files = named.filter(({ path }) => !path.startsWith('--') && !/^\d+(\.\d+)?$/.test(path)).map(({ as, path }) => {
  const f = path.endsWith('.jsonl') ? fromJsonl(path) : (JSON.parse(readFileSync(path, 'utf8')) as RunFile);
  if (as === undefined) return f;
  const { 'mf-bo': mf, ...rest } = f.traces;
  return { ...f, traces: mf ? { [as]: mf, ...rest } : rest };
});
if (files.length === 0) throw new Error('usage: merge-runs.ts a.json b.json ...');
const { problem, maxCost } = files[0];
for (const f of files) if (f.problem !== problem || f.maxCost !== maxCost) throw new Error(`mixed runs: ${f.problem}/${f.maxCost} vs ${problem}/${maxCost}`);
const traces: Record<string, RunTrace[]> = {};
for (const f of files) {
  for (const [method, ts] of Object.entries(f.traces)) {
    // JSON writes a run that never reached ε (Infinity) as null.
    (traces[method] ??= []).push(...ts.map((t) => ({ ...t, costToEpsilon: t.costToEpsilon ?? Infinity, costToEpsilonRecommended: t.costToEpsilonRecommended ?? Infinity })));
  }
}
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : `> ${maxCost}`);
console.log(`${problem}, cap ${maxCost}, files: ${files.map((f) => `seeds ${f.firstSeed}–${f.firstSeed + f.seeds - 1}`).join(', ')}`);
console.log('');
console.log('| method | runs | median cost to ε (queried) | reached | median cost to ε (recommended) |');
console.log('|---|---|---|---|---|');
for (const [method, ts] of Object.entries(traces)) {
  const q = ts.map((t) => t.costToEpsilon);
  console.log(`| ${method} | ${ts.length} | ${fmt(median(q))} | ${q.filter(Number.isFinite).length}/${ts.length} | ${fmt(median(ts.map((t) => t.costToEpsilonRecommended ?? Infinity)))} |`);
}
console.log('');
console.log(comparisons(traces, maxCost).join('\n'));
