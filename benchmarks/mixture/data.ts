/**
 * Loaders for the ADMIRE-BayesOpt data-mixture datasets (seed-specs §3.4; CC BY-NC-SA 4.0).
 * The data are READ from their location (default ../shared/data relative to the repository, or
 * the MIXTURE_DATA_DIR environment variable, or a path the caller gives) and never copied into
 * the repository; nothing here writes them anywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The data directory: `dir`, else $MIXTURE_DATA_DIR, else <repo>/../shared/data. */
export function mixtureDataDir(dir?: string): string {
  if (dir) return resolve(dir);
  if (process.env.MIXTURE_DATA_DIR) return resolve(process.env.MIXTURE_DATA_DIR);
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return resolve(repo, '..', 'shared', 'data');
}

/** Whether the two datasets are present under `dir` (tests skip otherwise). */
export function mixtureDataAvailable(dir?: string): boolean {
  const d = mixtureDataDir(dir);
  return existsSync(join(d, 'admire_ift_runs', 'admire_ift_runs.csv')) && existsSync(join(d, 'regmix_pile', 'test_pile_loss_1B.csv'));
}

/** A parsed CSV: header and rows of strings (the files have no quoted fields). */
function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** One training run: its level (fidelity index), mixture weights (renormalised to sum 1), target value and extra fields. */
export interface MixtureRun {
  readonly level: number;
  readonly weights: Float64Array;
  readonly value: number;
  /** Training wall time in minutes (ADMIRE) when known. */
  readonly trainTime?: number;
}

/** A dataset: component names (valid parameter names), level names, runs grouped by level in file order. */
export interface MixtureDataset {
  readonly components: string[];
  readonly levels: string[];
  readonly runs: MixtureRun[][];
}

/** Make a column name a valid protocol Name (letters, digits, _ . -; not starting with a digit). */
function safeName(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(t) ? t : `_${t}`;
}

function normalised(w: number[]): Float64Array {
  const s = w.reduce((a, b) => a + b, 0);
  return Float64Array.from(w, (v) => v / s);
}

/** ADMIRE IFT runs: levels 0.5B/3B/7B, target column (default metric_avg_id+ood), rows in file order per level. */
export function loadAdmireIft(dir?: string, targetColumn = 'metric_avg_id+ood'): MixtureDataset {
  const { header, rows } = readCsv(join(mixtureDataDir(dir), 'admire_ift_runs', 'admire_ift_runs.csv'));
  const ratio = header.flatMap((h, i) => (h.startsWith('ratio_') ? [i] : []));
  const yCol = header.indexOf(targetColumn);
  const tCol = header.indexOf('train_time');
  if (yCol < 0) throw new Error(`admire_ift_runs.csv: no column ${targetColumn}`);
  const levels = ['Qwen2.5-0.5B', 'Qwen2.5-3B', 'Qwen2.5-7B'];
  const runs: MixtureRun[][] = levels.map(() => []);
  for (const r of rows) {
    const level = levels.indexOf(r[0]);
    if (level < 0) continue;
    runs[level].push({ level, weights: normalised(ratio.map((i) => Number(r[i]))), value: Number(r[yCol]), trainTime: Number(r[tCol]) });
  }
  return { components: ratio.map((i) => safeName(header[i].slice('ratio_'.length))), levels: ['0.5B', '3B', '7B'], runs };
}

/**
 * The Pile runs (RegMix): levels 1M (train + test files), 60M, 1B; target = the average validation
 * loss (last column). Mixture and loss rows pair up by `index`.
 */
export function loadRegmixPile(dir?: string): MixtureDataset {
  const base = join(mixtureDataDir(dir), 'regmix_pile');
  const files: [number, string, string][] = [
    [0, 'train_mixture_1m.csv', 'train_pile_loss_1m.csv'],
    [0, 'test_mixture_1m.csv', 'test_pile_loss_1m.csv'],
    [1, 'test_mixture_60m.csv', 'test_pile_loss_60m.csv'],
    [2, 'test_mixture_1B.csv', 'test_pile_loss_1B.csv'],
  ];
  let components: string[] = [];
  const runs: MixtureRun[][] = [[], [], []];
  for (const [level, mixFile, lossFile] of files) {
    const mix = readCsv(join(base, mixFile));
    const loss = readCsv(join(base, lossFile));
    components = mix.header.slice(1).map((h) => safeName(h.replace(/^train_the_pile_/, '')));
    const byIndex = new Map(loss.rows.map((r) => [r[0], Number(r[r.length - 1])]));
    for (const r of mix.rows) {
      const value = byIndex.get(r[0]);
      if (value === undefined) continue;
      runs[level].push({ level, weights: normalised(r.slice(1).map(Number)), value });
    }
  }
  return { components, levels: ['1M', '60M', '1B'], runs };
}
