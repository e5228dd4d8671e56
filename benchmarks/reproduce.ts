/**
 * Re-runs stored benchmark records on today's code and says which reproduce exactly: the trace
 * hash when the record has one (every suggestion and observed value), else the regret curve at
 * the stored 6 significant digits. Prints, per record, the first evaluation that differs and
 * what differs in the record's provenance (commit, dirty tree, linalg backend, OpenBLAS core).
 *
 * Usage: npx tsx benchmarks/reproduce.ts FILE [--limit 5] [--algorithm gp-qlognei] [--problem NAME]
 *   (FILE: a result file or a progress log; force a backend with BO_LINALG=js|wasm|native)
 */
import { fileURLToPath } from 'node:url';
import { linalgBackendName } from '../server/health-probes.js';
import { runOne } from './loop.js';
import { getProblem } from './problems/all.js';
import { provenance } from './provenance.js';
import { readRecords, type CompactRun } from './run-records.js';

/** The outcome of re-running one record. */
export interface Reproduction {
  readonly key: string;
  readonly matched: boolean;
  /** 0-based index of the first evaluation whose regret differs; -1 when none does. */
  readonly firstDiff: number;
  /** What differs between the record's provenance and this process. */
  readonly differences: string[];
}

/** Re-runs one record and compares. */
export async function reproduce(r: CompactRun, here: { gitCommit: string; linalg: string; blas?: string }): Promise<Reproduction> {
  const again = await runOne(getProblem(r.problem), r.algorithm, r.seed, r.budget, r.initialTrials);
  const curve = again.regret.map((v) => Number(v.toPrecision(6)));
  const firstDiff = curve.findIndex((v, i) => v !== r.regret[i]);
  const matched = r.traceHash !== undefined ? r.traceHash === again.traceHash : firstDiff < 0;
  const differences: string[] = [];
  if (r.gitCommit === undefined) differences.push('record has no commit');
  else if (r.gitCommit !== here.gitCommit) differences.push(`commit ${r.gitCommit.slice(0, 7)} -> ${here.gitCommit.slice(0, 7)}`);
  if (r.gitDirty) differences.push('record ran on a dirty tree');
  if (r.linalg === undefined) differences.push('record has no linalg backend');
  else if (r.linalg !== here.linalg) differences.push(`linalg ${r.linalg} -> ${here.linalg}`);
  else if (r.blas !== undefined && r.blas !== here.blas) differences.push(`${r.blas} -> ${here.blas ?? 'none'} (${coreHint(r.blas)})`);
  if (r.spec === undefined) differences.push('record has no algorithm spec');
  return { key: `${r.problem} ${r.algorithm} seed ${r.seed}`, matched, firstDiff, differences };
}

/** How to get a record's OpenBLAS kernel back: the environment variable OpenBLAS reads at load. */
export function coreHint(blas: string): string {
  const core = /core=(\S+)/.exec(blas)?.[1];
  return core ? `run with OPENBLAS_CORETYPE=${core}` : 'unknown OpenBLAS core';
}

async function main(argv: readonly string[]): Promise<void> {
  const opt = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const file = argv.find((a) => a.endsWith('.json') || a.endsWith('.jsonl'));
  if (!file) throw new Error('usage: npx tsx benchmarks/reproduce.ts FILE [--limit N] [--algorithm A] [--problem P]');
  const picks = readRecords(file)
    .runs.filter((r) => (opt('--algorithm') ?? r.algorithm) === r.algorithm && (opt('--problem') ?? r.problem) === r.problem)
    .slice(0, Number(opt('--limit') ?? 5));
  const from = await provenance();
  const here = { gitCommit: from.gitCommit, linalg: await linalgBackendName(), ...(from.blas ? { blas: from.blas } : {}) };
  let ok = 0;
  for (const r of picks) {
    const rep = await reproduce(r, here);
    ok += +rep.matched;
    process.stdout.write(`${rep.matched ? 'same' : 'DIFFERS'}  ${rep.key}${rep.firstDiff >= 0 ? ` (first differing evaluation ${rep.firstDiff + 1})` : ''}${rep.differences.length ? `  [${rep.differences.join('; ')}]` : ''}\n`);
  }
  process.stdout.write(`${ok} of ${picks.length} records reproduced (linalg ${here.linalg}, commit ${here.gitCommit.slice(0, 7)})\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
