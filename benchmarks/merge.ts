/**
 * Merge the result files of several `npm run bench -- --out F` runs (for example the same grid split
 * into seed ranges with --seed-offset, when one run does not fit the time available) and print the
 * tables that run.ts prints for one run. A (problem, algorithm, seed) present in several files is
 * taken from the last file named.
 *
 * The files keep compact per-run records (run-records.ts). A progress log (`<out>.progress.jsonl`,
 * written while a run goes on) can be named too, so a run stopped early still counts.
 *
 * Usage: npx tsx benchmarks/merge.ts a.json b.progress.jsonl [...] [--md out.md]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunResult } from './loop.js';
import { loadPeers } from './peers.js';
import { cellOf } from './problems/bbob/problem.js';
import { peerTable, resultsTable, summarise } from './report.js';
import { rebuildPhases, readRecords, type CompactRun } from './run-records.js';

export { rebuildPhases } from './run-records.js';

/** Runs of several files, deduplicated by (problem, algorithm, seed), later files winning. */
export function mergeRuns(files: readonly { runs: CompactRun[] }[]): RunResult[] {
  const byKey = new Map<string, RunResult>();
  for (const f of files) for (const r of f.runs) byKey.set(`${r.problem}|${r.algorithm}|${r.seed}`, { ...r, phases: rebuildPhases(r) });
  return [...byKey.values()];
}

function main(argv: readonly string[]): void {
  const mdAt = argv.indexOf('--md');
  const mdPath = mdAt >= 0 ? argv[mdAt + 1] : undefined;
  const paths = argv.filter((a, i) => (a.endsWith('.json') || a.endsWith('.jsonl')) && !(mdAt >= 0 && i === mdAt + 1));
  const files = paths.map(readRecords);
  const summaries = summarise(mergeRuns(files), cellOf);
  const peers = loadPeers();
  let md = `## Simple regret (median over seeds), merged from ${paths.length} runs\n\n${resultsTable(summaries)}\n`;
  if (peers) md += `\n## Against peers.md (median final regret)\n\n${peerTable(summaries, peers)}\n`;
  md += `\nMerged with: npx tsx benchmarks/merge.ts ${argv.join(' ')}\nRuns:\n${files.map((f, i) => `- ${paths[i]}: ${f.command}`).join('\n')}\n`;
  process.stdout.write(md);
  if (mdPath) writeFileSync(mdPath, md);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
