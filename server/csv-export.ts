import type { SpaceSpec } from '../protocol/space.js';
import type { Study, Trial } from '../protocol/study.js';

/** Leading characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 data cell that keeps types apart: numbers and booleans bare, strings (and objects,
 * as JSON) always quoted with quotes doubled, empty for null/undefined. A string starting with
 * = + - @ tab or CR gets a leading `'` so Excel, LibreOffice and Sheets show it as text instead
 * of running it (a categorical value or fail reason like `=HYPERLINK(...)` is user input).
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A header cell: names are validated wire names (letters, digits, _ . -, never a formula start), quoted only if ever needed. */
function csvHeader(name: string): string {
  return /[",\r\n]/.test(name) || FORMULA_START.test(name) ? csvField(name) : name;
}

/** Columns of one parameter: a simplex spreads over one column per component (`name.component`). */
function paramColumns(space: SpaceSpec): { header: string; get: (p: Record<string, unknown>) => unknown }[] {
  const cols: { header: string; get: (p: Record<string, unknown>) => unknown }[] = [];
  for (const [name, spec] of Object.entries(space)) {
    if (spec.type === 'simplex') {
      for (const c of spec.components) {
        cols.push({ header: `${name}.${c}`, get: (p) => (p[name] as Record<string, unknown> | undefined)?.[c] });
      }
    } else {
      cols.push({ header: name, get: (p) => p[name] });
    }
  }
  return cols;
}

/**
 * One row per trial ordered by number: number, id, state, one column per parameter (simplex
 * components split), one per objective, one per constraint metric, cost, created_at, finished_at, fail_reason, and, only when
 * some trial reported intermediate values, `intermediate`: its learning curve as JSON
 * `[[step, value], ...]`. CRLF line ends, the last line included. Cells: csvField (numbers bare,
 * strings quoted and formula-neutralised).
 */
export function studyCsv(study: Study, trials: readonly Trial[]): string {
  const params = paramColumns(study.space);
  const objectives = [...Object.keys(study.objectives), ...Object.keys(study.constraints ?? {})];
  const curves = trials.some((t) => t.intermediate !== undefined && t.intermediate.length > 0);
  const header = ['number', 'id', 'state', ...params.map((c) => c.header), ...objectives, 'cost', 'created_at', 'finished_at', 'fail_reason', ...(curves ? ['intermediate'] : [])];
  const rows = [header.map(csvHeader).join(',')];
  for (const t of [...trials].sort((a, b) => a.number - b.number)) {
    const row = [
      t.number,
      t.id,
      t.state,
      ...params.map((c) => c.get(t.params)),
      ...objectives.map((o) => t.values?.[o]),
      t.cost,
      t.createdAt,
      t.finishedAt,
      t.failReason,
      ...(curves ? [t.intermediate && t.intermediate.length > 0 ? JSON.stringify(t.intermediate.map((p) => [p.step, p.value])) : undefined] : []),
    ];
    rows.push(row.map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
