import type { SpaceSpec } from '../protocol/space.js';
import type { Study, Trial } from '../protocol/study.js';

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
 * components split), one per objective, cost, created_at, finished_at, fail_reason. CRLF line ends.
 */
export function studyCsv(study: Study, trials: readonly Trial[]): string {
  const params = paramColumns(study.space);
  const objectives = Object.keys(study.objectives);
  const header = ['number', 'id', 'state', ...params.map((c) => c.header), ...objectives, 'cost', 'created_at', 'finished_at', 'fail_reason'];
  const rows = [header.map(csvField).join(',')];
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
    ];
    rows.push(row.map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
