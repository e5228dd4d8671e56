/**
 * The per-run record format of benchmark result files, shared by run.ts (writes), merge.ts (reads)
 * and the progress log (one record per line, appended as each run finishes, so a run stopped before
 * its end loses nothing it finished and `--resume` continues it).
 * A compact record keeps curves to 6 significant digits, ask times to 0.01 ms and the per-ask phases
 * as counts plus the index of the first model ask.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunResult } from './loop.js';

/** One compact run record. */
export interface CompactRun extends Omit<RunResult, 'phases'> {
  readonly phaseCounts: Record<string, number>;
  readonly firstModelAsk: number;
}

/** The compact record of a finished run. */
export function compactRun({ phases, regret, askMs, ...rest }: RunResult): CompactRun {
  return {
    ...rest,
    regret: regret.map((v) => Number(v.toPrecision(6))),
    askMs: askMs.map((v) => Math.round(v * 100) / 100),
    phaseCounts: phases.reduce<Record<string, number>>((c, p) => ({ ...c, [p]: (c[p] ?? 0) + 1 }), {}),
    firstModelAsk: phases.indexOf('model'),
  };
}

/**
 * The per-ask phase list of a compact record: asks before the first model ask are the initial
 * design (named as in the record when it has one such name, so records round-trip: a random
 * baseline's asks are all 'random'); the `fallback` count is put at the end of the run (only
 * ms/model ask depends on where).
 */
export function rebuildPhases(r: CompactRun): string[] {
  const n = r.askMs.length;
  const fallbacks = r.phaseCounts.fallback ?? 0;
  const first = r.firstModelAsk >= 0 ? r.firstModelAsk : n - fallbacks;
  const early = Object.keys(r.phaseCounts).filter((k) => k !== 'model' && k !== 'fallback');
  const design = early.length === 1 ? early[0] : 'initial-design';
  return Array.from({ length: n }, (_, i) => (i < first ? design : i >= n - fallbacks ? 'fallback' : 'model'));
}

/** The key that identifies a run within a grid. */
export function runKey(r: { problem: string; algorithm: string; seed: number; budget: number }): string {
  return `${r.problem}|${r.algorithm}|${r.seed}|${r.budget}`;
}

/** Appends one finished run to a progress log (JSON lines). */
export function appendProgress(path: string, r: RunResult): void {
  appendFileSync(path, `${JSON.stringify(compactRun(r))}\n`);
}

/**
 * Records of a progress log; a missing file has none. A last line cut short by a kill is skipped
 * (its run is simply run again on resume).
 */
export function readProgress(path: string): CompactRun[] {
  if (!existsSync(path)) return [];
  const out: CompactRun[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as CompactRun);
    } catch {
      // a partial line from an interrupted write
    }
  }
  return out;
}

/** Records of a progress log, rewritten without a partial last line so that appends start on a line of their own. */
export function reopenProgress(path: string): CompactRun[] {
  const runs = readProgress(path);
  writeFileSync(path, runs.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return runs;
}

/** Runs of a result file (.json written at the end of a run) or a progress log (.jsonl). */
export function readRecords(path: string): { command: string; runs: CompactRun[] } {
  if (path.endsWith('.jsonl')) return { command: `(progress log ${path})`, runs: readProgress(path) };
  return JSON.parse(readFileSync(path, 'utf8')) as { command: string; runs: CompactRun[] };
}
