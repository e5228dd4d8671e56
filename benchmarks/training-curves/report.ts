/**
 * Summarizes the learning-curve benchmark's result files (run.ts and optuna_peer.py write the same
 * format): median regret over seeds at epoch checkpoints, and the epochs at which each method's
 * median regret first reaches the `bo` (no pruning) method's final median regret (bo spends the
 * whole budget, so budget / those epochs is the saving). `--budget B` reads every file as a run of
 * B epochs: exact for runs of a larger budget, since trials run one at a time and a run's first
 * B epochs do not depend on its budget.
 *
 *   npx tsx benchmarks/training-curves/report.ts benchmarks/training-curves/results [--budget 1000] [--spend 125]
 *
 * `--spend E` adds what each method spent its first E epochs on (means over seeds): trials started,
 * runs that got all their epochs, epochs in those runs and in stopped ones, a stopped run's epochs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface RunFile {
  readonly algorithm: string;
  readonly budget: number;
  readonly runs: readonly { readonly seed: number; readonly trace: readonly [number, number | null][]; readonly trials?: number; readonly pruned?: number }[];
}

/** Regret of one run after `epochs` epochs (the last trial finished by then; Infinity before any completed trial). */
export function regretAt(trace: readonly [number, number | null][], epochs: number): number {
  let r = Infinity;
  for (const [e, v] of trace) {
    if (e > epochs) break;
    r = v ?? Infinity;
  }
  return r;
}

/** Median (upper middle for even counts is averaged; Infinity propagates). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** First epoch (on a grid of 10 epochs) at which the median regret over seeds is <= target. */
export function epochsToReach(file: RunFile, target: number): number | undefined {
  for (let e = 10; e <= file.budget; e += 10) if (median(file.runs.map((r) => regretAt(r.trace, e))) <= target) return e;
  return undefined;
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { budget: { type: 'string' }, spend: { type: 'string' } } });
  const dir = positionals[0] ?? 'benchmarks/training-curves/results';
  const files: RunFile[] = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  const shortest = Math.min(...files.map((f) => f.budget));
  const budget = values.budget !== undefined ? Number(values.budget) : shortest;
  if (!(budget <= shortest)) throw new Error(`--budget ${budget} exceeds the shortest run's budget ${shortest}`);
  for (const f of files) (f as { budget: number }).budget = budget;
  const checkpoints = [1 / 16, 1 / 8, 1 / 4, 1 / 2, 3 / 4, 1].map((q) => Math.round(q * budget));
  const bo = files.find((f) => f.algorithm === 'bo');
  const target = bo ? median(bo.runs.map((r) => regretAt(r.trace, budget))) : undefined;
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '—');
  console.log(`| method | seeds | ${checkpoints.map((c) => `${c} ep`).join(' | ')} | epochs to bo's final (${target !== undefined ? fmt(target) : '—'}) | mean trials (pruned, full runs only) |`);
  console.log(`|---|---|${checkpoints.map(() => '---').join('|')}|---|---|`);
  for (const f of files) {
    const medians = checkpoints.map((c) => median(f.runs.map((r) => regretAt(r.trace, c))));
    const reach = target !== undefined ? epochsToReach(f, target) : undefined;
    // Trials started within the budget (a run of a larger budget is cut at it).
    const trials = f.runs.map((r) => r.trace.filter(([e]) => e <= budget).length);
    const pruned = f.runs.map((r) => (r.trace.at(-1)![0] <= budget ? (r.pruned ?? NaN) : NaN));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const reachText = reach !== undefined ? `${reach} (budget/${(budget / reach).toFixed(2)})` : 'not reached';
    console.log(`| ${f.algorithm} | ${f.runs.length} | ${medians.map(fmt).join(' | ')} | ${reachText} | ${mean(trials).toFixed(1)} (${Number.isNaN(mean(pruned)) ? '?' : mean(pruned).toFixed(1)}) |`);
  }
  if (values.spend !== undefined) spendTable(files, Number(values.spend));
}

/** A trial's epochs are the trace's step from the previous trial; a run of the longest length counts as a full run. */
function spendTable(files: readonly RunFile[], epochs: number): void {
  const runLength = Math.max(...files.flatMap((f) => f.runs.flatMap((r) => r.trace.map(([e], i) => e - (i ? r.trace[i - 1]![0] : 0)))));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`\n| method (first ${epochs} epochs) | trials started | full runs (${runLength} epochs) | epochs in full runs | epochs in stopped runs | epochs per stopped run | median regret |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const f of files) {
    const rows = f.runs.map((r) => {
      const lengths: number[] = [];
      for (let i = 0, prev = 0; i < r.trace.length && prev < epochs; prev = r.trace[i]![0], i++) lengths.push(Math.min(r.trace[i]![0], epochs) - prev);
      const full = lengths.filter((l) => l === runLength);
      const cut = lengths.filter((l) => l < runLength);
      return [lengths.length, full.length, full.length * runLength, cut.reduce((a, b) => a + b, 0), cut.length ? mean(cut) : 0];
    });
    const col = (k: number) => mean(rows.map((row) => row[k]!)).toFixed(1);
    console.log(`| ${f.algorithm} | ${col(0)} | ${col(1)} | ${col(2)} | ${col(3)} | ${col(4)} | ${median(f.runs.map((r) => regretAt(r.trace, epochs))).toFixed(4)} |`);
  }
}

main();
