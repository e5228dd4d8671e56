/**
 * Merge the raw traces of several runner invocations (run.ts --json FILE) and print the runner's
 * side-by-side statistics over all of them (compare.ts: median ratios, Mann-Whitney p), for runs
 * split over processes or seed ranges (same problem, cap and options; this script checks the
 * problem and the cap, not the options).
 *   npx tsx benchmarks/mixture/merge-runs.ts a.json b.json ...
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

const files = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunFile);
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
