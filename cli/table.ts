/** Plain-text tables for humans (`--json` prints the data instead). */

/** Renders rows under a header, columns left-aligned and padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [header, ...rows].map((r) => r.map(cell));
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  return cells.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** One cell: numbers to 6 significant digits, objects as compact JSON, null/undefined as '-'. */
export function cell(v: unknown): string {
  if (v === undefined || v === null) return '-';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(6)) : x));
}

/** `key: value` lines, keys padded. */
export function fields(entries: readonly [string, unknown][]): string {
  const w = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${(k + ':').padEnd(w + 1)} ${cell(v)}`).join('\n') + '\n';
}
