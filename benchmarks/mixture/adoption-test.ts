/**
 * The adoption test of benchmarks/results/mix10-rule.md on one dataset: the candidate's median cost
 * to ε (queried) against the better (lower median) of the reference models on the seeds all of them
 * ran, passing iff its median is at most `--margin` (1.05) times that model's and a one-sided
 * Mann-Whitney test of "candidate dearer" gives p ≥ 0.05; then the same against each reference alone.
 *   npx tsx benchmarks/mixture/adoption-test.ts cand=c.json joint=j1.json joint=j2.json fixed=f.json
 * `NAME=const:V` is a reference that costs V on every seed the candidate ran (a model whose cost does
 * not depend on the seed, e.g. a design that takes the whole pool). Files are run.ts --json outputs
 * (their mf-bo traces); runs that never reached ε count as +∞. `NAME=log:run.txt` reads the seeds a
 * run.ts invocation finished before it was stopped (its per-seed lines; run.ts writes the JSON only at
 * the end), each cost rebuilt exactly from its queries per level and `--level-costs c1,c2,...` (with
 * `--stop queried` a run stops at the query that reached ε, so its total cost is its cost to ε).
 * A `.jsonl` file is run.ts's `--jsonl` output (each finished seed's trace).
 */
import { readFileSync } from 'node:fs';
import { mannWhitneyU } from '../mann-whitney.js';
import { median } from '../stats.js';

interface RunFile {
  readonly firstSeed: number;
  readonly traces: Record<string, { costToEpsilon: number | null }[]>;
}

const option = (name: string, fallback: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : fallback);
const margin = Number(option('margin', '1.05'));
const levelCosts = option('level-costs', '').split(',').filter((c) => c !== '').map(Number);
const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));

/** Seed → cost to ε from a run.ts log's lines "… seed N: cost to ε queried X …, queries/level a/b/c, …". */
function fromLog(path: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /seed (\d+): cost to ε queried (> ?\S+|\S+) .*queries\/level ([\d/]+)/.exec(line);
    if (!m) continue;
    if (m[2]!.startsWith('>')) {
      out.set(Number(m[1]), Infinity);
      continue;
    }
    const counts = m[3]!.split('/').map(Number);
    if (counts.length !== levelCosts.length) throw new Error(`${path}: ${counts.length} levels, --level-costs gives ${levelCosts.length}`);
    out.set(Number(m[1]), counts.reduce((a, n, k) => a + n * levelCosts[k]!, 0));
  }
  return out;
}
const bySeed = new Map<string, Map<number, number>>();
const constants = new Map<string, number>();
for (const a of args) {
  const eq = a.indexOf('=');
  if (eq <= 0) throw new Error(`expected NAME=file.json or NAME=const:V, got ${a}`);
  const name = a.slice(0, eq);
  const what = a.slice(eq + 1);
  if (what.startsWith('const:')) {
    constants.set(name, Number(what.slice(6)));
    continue;
  }
  if (what.startsWith('log:')) {
    const m = bySeed.get(name) ?? new Map<number, number>();
    for (const [seed, c] of fromLog(what.slice(4))) m.set(seed, c);
    bySeed.set(name, m);
    continue;
  }
  const m = bySeed.get(name) ?? new Map<number, number>();
  if (what.endsWith('.jsonl')) {
    // run.ts --jsonl: one finished run per line.
    for (const line of readFileSync(what, 'utf8').split('\n').filter((l) => l.trim() !== '')) {
      const r = JSON.parse(line) as { method: string; seed: number; trace: { costToEpsilon: number | null } };
      if (r.method === 'mf-bo') m.set(r.seed, r.trace.costToEpsilon ?? Infinity);
    }
    bySeed.set(name, m);
    continue;
  }
  const f = JSON.parse(readFileSync(what, 'utf8')) as RunFile;
  f.traces['mf-bo']!.forEach((t, i) => m.set(f.firstSeed + i, t.costToEpsilon ?? Infinity));
  bySeed.set(name, m);
}
const [candidate, ...references] = [...new Set(args.map((a) => a.slice(0, a.indexOf('='))))];
const candRuns = bySeed.get(candidate!)!;
for (const [name, v] of constants) bySeed.set(name, new Map([...candRuns.keys()].map((s) => [s, v])));
const common = [...candRuns.keys()].filter((s) => references.every((r) => bySeed.get(r)!.has(s))).sort((a, b) => a - b);
const costs = (name: string) => common.map((s) => bySeed.get(name)!.get(s)!);
const cand = costs(candidate!);
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '> cap');

console.log(`seeds compared: ${common.length} (${common[0]}–${common[common.length - 1]}${common.length < common[common.length - 1]! - common[0]! + 1 ? ', with gaps' : ''}); margin ${margin}`);
const verdict = (ref: string) => {
  const other = costs(ref);
  const p = mannWhitneyU(cand, other, 'greater').p;
  const ok = median(cand) <= margin * median(other) && p >= 0.05;
  return { line: `${candidate} ${fmt(median(cand))} vs ${ref} ${fmt(median(other))}: ratio ${(median(cand) / median(other)).toFixed(3)}, one-sided p (${candidate} dearer) ${p.toPrecision(3)} → ${ok ? 'passes' : 'fails'}`, ok, med: median(other) };
};
const results = references.map((r) => ({ r, ...verdict(r) }));
for (const v of results) console.log(v.line);
const better = results.reduce((a, b) => (b.med < a.med ? b : a));
console.log(`against the better reference (${better.r}): ${better.ok ? 'PASSES' : 'FAILS'}`);
