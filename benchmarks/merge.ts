/**
 * Merge the result files of several `npm run bench -- --out F` runs (for example the same grid split
 * into seed ranges with --seed-offset, when one run does not fit the time available) and print the
 * tables that run.ts prints for one run. A (problem, algorithm, seed) present in several files is
 * taken from the last file named.
 *
 * The files keep compact per-run records (run.ts): the phase of each ask is rebuilt from
 * `firstModelAsk` and `phaseCounts` (asks before the first model ask are the initial design; the
 * `fallback` count is kept, at the end of the run, which only matters for ms/model ask).
 *
 * Usage: npx tsx benchmarks/merge.ts a.json b.json [...] [--md out.md]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunResult } from './loop.js';
import { loadPeers } from './peers.js';
import { peerTable, resultsTable, summarise } from './report.js';

/** One compact run record as run.ts writes it. */
interface CompactRun extends Omit<RunResult, 'phases'> {
  readonly phaseCounts: Record<string, number>;
  readonly firstModelAsk: number;
}

/** Rebuild the per-ask phase list of a compact record (see the file comment). */
export function rebuildPhases(r: CompactRun): string[] {
  const n = r.askMs.length;
  const fallbacks = r.phaseCounts.fallback ?? 0;
  const first = r.firstModelAsk >= 0 ? r.firstModelAsk : n - fallbacks;
  return Array.from({ length: n }, (_, i) => (i < first ? 'initial-design' : i >= n - fallbacks ? 'fallback' : 'model'));
}

/** Runs of several files, deduplicated by (problem, algorithm, seed), later files winning. */
export function mergeRuns(files: readonly { runs: CompactRun[] }[]): RunResult[] {
  const byKey = new Map<string, RunResult>();
  for (const f of files) for (const r of f.runs) byKey.set(`${r.problem}|${r.algorithm}|${r.seed}`, { ...r, phases: rebuildPhases(r) });
  return [...byKey.values()];
}

function main(argv: readonly string[]): void {
  const mdAt = argv.indexOf('--md');
  const mdPath = mdAt >= 0 ? argv[mdAt + 1] : undefined;
  const paths = argv.filter((a, i) => a.endsWith('.json') && !(mdAt >= 0 && i === mdAt + 1));
  const files = paths.map((p) => JSON.parse(readFileSync(p, 'utf8')) as { command: string; runs: CompactRun[] });
  const summaries = summarise(mergeRuns(files));
  const peers = loadPeers();
  let md = `## Simple regret (median over seeds), merged from ${paths.length} runs\n\n${resultsTable(summaries)}\n`;
  if (peers) md += `\n## Against peers.md (median final regret)\n\n${peerTable(summaries, peers)}\n`;
  md += `\nMerged with: npx tsx benchmarks/merge.ts ${argv.join(' ')}\nRuns:\n${files.map((f, i) => `- ${paths[i]}: ${f.command}`).join('\n')}\n`;
  process.stdout.write(md);
  if (mdPath) writeFileSync(mdPath, md);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
