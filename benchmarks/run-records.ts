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
 * The per-ask phase list of a compact record, with exactly the record's phase counts (so a record
 * read back, by `--resume` or merge.ts, and written again keeps them) and its first model ask. The
 * order within a record is not stored, so it is laid out as: asks before the first model ask are the
 * initial design (named as in the record: 'initial-design', or the one name a record without model
 * asks has, e.g. 'random'), then any other phase that came before it (an exploratory ask can);
 * from the first model ask on, the model asks, then the other phases ('exploration', ...), then the
 * fallbacks at the end of the run. Only ms per model ask depends on where they sit.
 */
export function rebuildPhases(r: CompactRun): string[] {
  const n = r.askMs.length;
  const left: Record<string, number> = { ...r.phaseCounts };
  const others = Object.keys(left).filter((k) => k !== 'model' && k !== 'fallback');
  const design = others.length === 1 ? others[0] : 'initial-design';
  const rest = others.filter((k) => k !== design);
  const take = (order: readonly string[]): string => {
    const name = order.find((k) => (left[k] ?? 0) > 0) ?? design;
    left[name] = (left[name] ?? 0) - 1;
    return name;
  };
  const first = r.firstModelAsk >= 0 ? r.firstModelAsk : n;
  return Array.from({ length: n }, (_, i) => (i < first ? take([design, ...rest, 'fallback']) : take(['model', ...rest, 'fallback'])));
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
