/**
 * Head-to-head of two algorithms on the bbob grid, per cell (median final regret over seeds): the
 * candidate's median, the baseline's, their ratio, and the totals a default is chosen by
 * (benchmarks/README.md: cells better / worse / tied, and the geometric mean of the ratios
 * (candidate + ε) / (baseline + ε), ε = 1e-8 so solved cells (regret 0) count as ties).
 *
 * Usage: npx tsx benchmarks/bbob/versus.ts FILE... --candidate A --baseline B [--seeds N] [--md out.md]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mergeRuns } from '../merge.js';
import { readRecords } from '../run-records.js';
import { fmt } from '../stats.js';
import { cells, type Cell } from './compare.js';

/** Regret floor added before taking ratios. */
export const RATIO_EPS = 1e-8;

/** Totals of a head-to-head over the cells where both algorithms ran. */
export interface VersusTotals {
  readonly cells: number;
  readonly better: number;
  readonly worse: number;
  readonly ties: number;
  /** exp(mean log((cand + ε)/(base + ε))). */
  readonly geometricMeanRatio: number;
}

/** Per-cell rows and totals of `candidate` against `baseline`. */
export function versus(all: readonly Cell[], candidate: string, baseline: string): { rows: string[]; totals: VersusTotals } {
  const rows = [`| cell | ${candidate} | ${baseline} | ratio | n |`, '|---|---|---|---|---|'];
  let better = 0;
  let worse = 0;
  let ties = 0;
  let logSum = 0;
  let n = 0;
  for (const c of all) {
    const a = c.medians[candidate];
    const b = c.medians[baseline];
    if (!a || !b) continue;
    const ratio = (a.median + RATIO_EPS) / (b.median + RATIO_EPS);
    n++;
    logSum += Math.log(ratio);
    if (a.median < b.median) better++;
    else if (a.median > b.median) worse++;
    else ties++;
    rows.push(`| ${c.cell} | ${fmt(a.median)} | ${fmt(b.median)} | ${fmt(ratio)} | ${a.n}/${b.n} |`);
  }
  return { rows, totals: { cells: n, better, worse, ties, geometricMeanRatio: n > 0 ? Math.exp(logSum / n) : NaN } };
}

/** Cells grouped by their dimension (the `_dNN` of the cell name), ascending; cells without one are left out. */
export function perDimension(all: readonly Cell[]): Map<number, Cell[]> {
  const out = new Map<number, Cell[]>();
  for (const c of all) {
    const d = /_d(\d+)/.exec(c.cell)?.[1];
    if (d === undefined) continue;
    const key = Number(d);
    out.set(key, [...(out.get(key) ?? []), c]);
  }
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

/** Cells grouped by their noise model (the suffix after `_dNN_`; 'none' without one), in order of first appearance. */
export function perNoise(all: readonly Cell[]): Map<string, Cell[]> {
  const out = new Map<string, Cell[]>();
  for (const c of all) {
    const noise = /_d\d+_(.+)$/.exec(c.cell)?.[1] ?? 'none';
    out.set(noise, [...(out.get(noise) ?? []), c]);
  }
  return out;
}

function main(argv: readonly string[]): void {
  const opt = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const candidate = opt('--candidate');
  const baseline = opt('--baseline');
  if (!candidate || !baseline) throw new Error('usage: versus.ts FILE... --candidate A --baseline B [--seeds N] [--md out.md]');
  const md = opt('--md');
  const maxSeed = Number(opt('--seeds') ?? Infinity);
  const files = argv.filter((a, i) => (a.endsWith('.json') || a.endsWith('.jsonl')) && argv[i - 1] !== '--md');
  const runs = mergeRuns(files.map(readRecords)).filter((r) => r.seed < maxSeed);
  const { rows, totals: t } = versus(cells(runs), candidate, baseline);
  const byDim = [...perDimension(cells(runs))].map(([d, group]) => {
    const g = versus(group, candidate, baseline).totals;
    return `- d = ${d}: ${g.cells} cells, better ${g.better}, worse ${g.worse}, tied ${g.ties}; geometric mean ${fmt(g.geometricMeanRatio)}`;
  });
  // Reported, not part of README rule 4: which noise model carries a total (session 14).
  const byNoise = [...perNoise(cells(runs))].map(([noise, group]) => {
    const g = versus(group, candidate, baseline).totals;
    return `- ${noise}: ${g.cells} cells, better ${g.better}, worse ${g.worse}, tied ${g.ties}; geometric mean ${fmt(g.geometricMeanRatio)}`;
  });
  const text = `${rows.join('\n')}\n\n${candidate} against ${baseline} on ${t.cells} cells: better ${t.better}, worse ${t.worse}, tied ${t.ties}; geometric mean of the ratios ${fmt(t.geometricMeanRatio)}.\n\nBy dimension:\n${byDim.join('\n')}\n\nBy noise model:\n${byNoise.join('\n')}\n\nCompared with: npx tsx benchmarks/bbob/versus.ts ${argv.join(' ')}\n`;
  process.stdout.write(text);
  if (md) writeFileSync(md, text);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
