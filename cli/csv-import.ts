/**
 * `bayesopt import STUDY FILE.csv`: CSV rows -> completed trials for `trial:add`. The header names
 * the study's parameters (a simplex as `name.component` columns) and its objectives; `cost` is
 * optional. The columns of `bayesopt export --format csv` (number, id, state, created_at,
 * finished_at, fail_reason, intermediate) are accepted and ignored, except `state`: only `completed` rows are
 * imported, so an export of one study imports into another. Every problem names its line and column.
 */
import type { Direction, Study } from '../protocol/study.js';
import type { ParamSpec } from '../protocol/space.js';
import { CliError, EXIT } from './exit-codes.js';

/** Export columns that carry no params or values. */
const IGNORED = new Set(['number', 'id', 'created_at', 'finished_at', 'fail_reason', 'intermediate']);

/** RFC 4180: fields split on commas, quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new CliError('CSV: a quoted field is not closed', EXIT.refused);
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** One trial to add: params in user units, objective values, an optional cost. */
export interface ImportedTrial {
  params: Record<string, unknown>;
  values: Record<string, number>;
  cost?: number;
}

/** The export neutralises formula-like strings with a leading `'` (server/csv-export.ts); undo it. */
function unneutralise(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

function number(text: string, where: string): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) throw new CliError(`${where}: '${text}' is not a finite number`, EXIT.refused);
  return n;
}

/** A categorical choice or fidelity level whose text is `text` (choices may be numbers or booleans). */
function pick(options: readonly unknown[], text: string, where: string): unknown {
  const v = unneutralise(text);
  const hit = options.find((o) => String(o) === v);
  if (hit === undefined) throw new CliError(`${where}: '${text}' is not one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, EXIT.refused);
  return hit;
}

/** The server's strict rule on Σ weights when no tolerance is given (core/search-space.ts SIMPLEX_SUM_TOL). */
const STRICT_SIMPLEX_SUM = 1e-6;

/**
 * Converts the CSV's rows (header first) into trials of `study`; throws CliError (exit 6) naming
 * line and column. Simplex weights must sum to 1 within `simplexTolerance` (the server renormalises
 * them; default strict 1e-6), checked here so that no chunk is sent when a later row is bad.
 */
export function csvTrials(study: Pick<Study, 'space' | 'objectives'>, rows: readonly string[][], simplexTolerance?: number): { trials: ImportedTrial[]; skipped: number } {
  if (rows.length === 0) throw new CliError('CSV: the file is empty (expected a header line)', EXIT.refused);
  const header = rows[0]!.map((h) => h.trim());
  const col = new Map(header.map((h, j) => [h, j]));
  if (col.size !== header.length) throw new CliError(`CSV line 1: duplicate column in ${header.join(',')}`, EXIT.refused);
  const space = study.space as Record<string, ParamSpec>;
  const objectives = study.objectives as Record<string, Direction>;
  const expected = new Set<string>(['cost', 'state', ...IGNORED, ...Object.keys(objectives)]);
  for (const [name, spec] of Object.entries(space)) {
    if (spec.type === 'simplex') spec.components.forEach((c) => expected.add(`${name}.${c}`));
    else expected.add(name);
  }
  const unknown = header.filter((h) => !expected.has(h));
  if (unknown.length > 0) throw new CliError(`CSV line 1: unknown column(s) ${unknown.join(', ')}; the study has parameters ${Object.keys(space).join(', ')} and objectives ${Object.keys(objectives).join(', ')}`, EXIT.refused);
  const missing = [...expected].filter((h) => h !== 'cost' && h !== 'state' && !IGNORED.has(h) && !col.has(h));
  if (missing.length > 0) throw new CliError(`CSV line 1: missing column(s) ${missing.join(', ')}`, EXIT.refused);

  const trials: ImportedTrial[] = [];
  let skipped = 0;
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    if (row.length !== header.length) throw new CliError(`CSV line ${line}: ${row.length} fields for ${header.length} columns`, EXIT.refused);
    const get = (h: string) => row[col.get(h)!]!;
    if (col.has('state') && get('state') !== 'completed') {
      skipped++;
      return;
    }
    const at = (h: string) => `CSV line ${line}, column ${h}`;
    const params: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(space)) {
      // An empty cell of a conditional parameter: inactive in this row (the server checks which must be present).
      if (spec.when && get(name).trim() === '') continue;
      if (spec.type === 'simplex') {
        const weights = Object.fromEntries(spec.components.map((c) => [c, number(get(`${name}.${c}`), at(`${name}.${c}`))]));
        const sum = Object.values(weights).reduce((s, w) => s + w, 0);
        const tol = simplexTolerance ?? STRICT_SIMPLEX_SUM;
        if (!(Math.abs(sum - 1) <= tol)) {
          const hint = simplexTolerance === undefined ? ' (rounded weights: --simplex-tolerance 1e-2 renormalises them)' : '';
          throw new CliError(`CSV line ${line}, columns ${name}.*: weights sum to ${sum}, outside 1 ± ${tol}${hint}`, EXIT.refused);
        }
        params[name] = weights;
      }
      else if (spec.type === 'categorical') params[name] = pick(spec.choices, get(name), at(name));
      else if (spec.type === 'fidelity') params[name] = pick(spec.levels.map((l) => l.value), get(name), at(name));
      else params[name] = number(get(name), at(name));
    }
    const values = Object.fromEntries(Object.keys(objectives).map((o) => [o, number(get(o), at(o))]));
    const costText = col.has('cost') ? get('cost') : '';
    trials.push({ params, values, ...(costText.trim() === '' ? {} : { cost: number(costText, at('cost')) }) });
  });
  return { trials, skipped };
}
