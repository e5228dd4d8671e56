/**
 * Per-cell comparison on the bbob grid (issue 20's "Must show"): for each function × dimension ×
 * noise cell, the median over seeds (one instance per seed) of the final simple regret of each
 * algorithm, and whether ours is <= Optuna TPE, <= Optuna CMA-ES and <= random search.
 * Reads result files or progress logs of `npm run bench -- --bbob ...` and of
 * benchmarks/peers/run_bbob_peers.py (same record format; later files win on duplicates).
 *
 * Usage: npx tsx benchmarks/bbob/compare.ts FILE... [--ours gp-qlognei] [--baseline other-of-ours] [--seeds N] [--md out.md]
 * --seeds N keeps seeds 0..N-1 only, so every algorithm is scored on the same instances.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mergeRuns } from '../merge.js';
import type { RunResult } from '../loop.js';
import { cellOf, parseBbobName, type BbobId } from '../problems/bbob/problem.js';
import { readRecords } from '../run-records.js';
import { fmt, median } from '../stats.js';

/** Peer algorithm names in the records. */
export const TPE = 'optuna-tpe';
export const CMAES = 'optuna-cmaes';
export const RANDOM = ['optuna-random', 'random'] as const;

/** One cell: median final regret per algorithm, with the seed count. */
export interface Cell {
  readonly cell: string;
  readonly medians: Record<string, { median: number; n: number }>;
}

/** The function, dimension and noise of a cell name (a problem name without its instance). */
function cellId(cell: string): BbobId {
  return parseBbobName(cell.replace(/_d/, '_i01_d'))!;
}

/** Cells of bbob runs (others are ignored), sorted by noise, dimension, function. */
export function cells(runs: readonly RunResult[]): Cell[] {
  const by = new Map<string, Map<string, number[]>>();
  for (const r of runs) {
    if (!parseBbobName(r.problem)) continue;
    const cell = cellOf(r.problem);
    const algos = by.get(cell) ?? new Map<string, number[]>();
    algos.set(r.algorithm, [...(algos.get(r.algorithm) ?? []), r.regret[r.regret.length - 1]]);
    by.set(cell, algos);
  }
  const key = (c: string) => {
    const id = cellId(c);
    return `${id.noise}|${String(id.dim).padStart(3, '0')}|${String(id.fid).padStart(3, '0')}`;
  };
  return [...by.entries()]
    .sort(([a], [b]) => key(a).localeCompare(key(b)))
    .map(([cell, algos]) => ({ cell, medians: Object.fromEntries([...algos].map(([a, v]) => [a, { median: median(v), n: v.length }])) }));
}

/** The markdown table and totals for algorithm `ours` against the peers (cells where `ours` has no run are left out). */
export function compareTable(all: readonly Cell[], ours: string, baseline?: string): string {
  // An optional second algorithm of ours (e.g. the old default) as a column beside the peers, not scored.
  const extra = baseline ? ` ${baseline} |` : '';
  const head = `| cell | ${ours} | n |${extra} optuna TPE | optuna CMA-ES | random | ≤ TPE | ≤ CMA-ES | ≤ random |`;
  const rows = [head, `|---|---|---|${baseline ? '---|' : ''}---|---|---|---|---|---|`];
  const tally = { tpe: [0, 0], cma: [0, 0], rnd: [0, 0] };
  const sets = new Map<string, SetTally>();
  const mark = (mine: number, peer: number | undefined, t: number[], s: number[]) => {
    if (peer === undefined || !Number.isFinite(mine)) return '–';
    t[1]++;
    s[1]++;
    if (mine <= peer) {
      t[0]++;
      s[0]++;
    }
    return mine <= peer ? 'yes' : '**no**';
  };
  for (const c of all) {
    const m = c.medians[ours];
    if (!m) continue;
    const tpe = c.medians[TPE]?.median;
    const cma = c.medians[CMAES]?.median;
    const rnd = RANDOM.map((r) => c.medians[r]?.median).find((v) => v !== undefined);
    const mine = m.median;
    const cellsText = [mine, tpe, cma, rnd].map((v) => (v === undefined || Number.isNaN(v) ? '–' : fmt(v)));
    const base = baseline ? ` ${c.medians[baseline] ? fmt(c.medians[baseline].median) : '–'} |` : '';
    const set = setOf(sets, c.cell);
    set.cells++;
    set.seeds = Math.min(set.seeds, m.n);
    const rndMark = mark(mine, rnd, tally.rnd, set.rnd);
    if (rndMark === '**no**') set.worseThanRandom.push(`f${cellId(c.cell).fid}`);
    rows.push(`| ${c.cell} | ${cellsText[0]} | ${m.n} |${base} ${cellsText.slice(1).join(' | ')} | ${mark(mine, tpe, tally.tpe, set.tpe)} | ${mark(mine, cma, tally.cma, set.cma)} | ${rndMark} |`);
  }
  const pct = ([k, n]: number[]) => `${k}/${n}${n > 0 ? ` (${((100 * k) / n).toFixed(0)}%)` : ''}`;
  const bySet = [...sets.values()].map((t) => `| ${t.dim} | ${t.noise} | ${t.cells} | ${t.seeds} | ${pct(t.tpe)} | ${pct(t.cma)} | ${pct(t.rnd)} | ${t.worseThanRandom.join(', ') || '–'} |`);
  const setTable = ['| d | noise | cells | seeds (fewest in a cell) | ≤ TPE | ≤ CMA-ES | ≤ random | worse than random |', '|---|---|---|---|---|---|---|---|', ...bySet].join('\n');
  return `${rows.join('\n')}\n\nCells with both: ≤ TPE ${pct(tally.tpe)}, ≤ CMA-ES ${pct(tally.cma)}, ≤ random ${pct(tally.rnd)}.\n\nBy dimension and noise model:\n\n${setTable}`;
}

/** Counts of one dimension × noise set of cells. */
interface SetTally {
  readonly dim: number;
  readonly noise: string;
  cells: number;
  seeds: number;
  readonly tpe: number[];
  readonly cma: number[];
  readonly rnd: number[];
  readonly worseThanRandom: string[];
}

function setOf(sets: Map<string, SetTally>, cell: string): SetTally {
  const id = cellId(cell);
  const key = `${id.dim}|${id.noise}`;
  let t = sets.get(key);
  if (!t) sets.set(key, (t = { dim: id.dim, noise: id.noise, cells: 0, seeds: Infinity, tpe: [0, 0], cma: [0, 0], rnd: [0, 0], worseThanRandom: [] }));
  return t;
}

function main(argv: readonly string[]): void {
  const opt = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const ours = opt('--ours') ?? 'gp-qlognei';
  const baseline = opt('--baseline');
  const md = opt('--md');
  const maxSeed = Number(opt('--seeds') ?? Infinity);
  const files = argv.filter((a, i) => (a.endsWith('.json') || a.endsWith('.jsonl')) && argv[i - 1] !== '--md');
  const records = files.map(readRecords);
  const runs = mergeRuns(records).filter((r) => r.seed < maxSeed);
  const text = `${compareTable(cells(runs), ours, baseline)}\n\nCompared with: npx tsx benchmarks/bbob/compare.ts ${argv.join(' ')}\nRuns:\n${files.map((f, i) => `- ${f}: ${records[i].command}`).join('\n')}\n`;
  process.stdout.write(text);
  if (md) writeFileSync(md, text);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
