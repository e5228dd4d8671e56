/** Small DOM helpers: elements built with text content only (never innerHTML), so server data cannot inject markup. */

/** Creates an element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

/** A number for a table cell: up to 6 significant digits, '' for none. */
export function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString();
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(4)) : x));
  return String(v);
}

/** A panel: a titled section with an optional caption saying how its content is computed. */
export function panel(title: string, caption: string | null, ...body: Node[]): HTMLElement {
  return h('section', { class: 'panel', 'aria-label': title }, h('h2', {}, title), caption ? h('p', { class: 'caption' }, caption) : null, ...body);
}

/** A div a chart is drawn into. */
export function chartBox(testId: string, tall = false): HTMLDivElement {
  return h('div', { class: tall ? 'chart tall' : 'chart', 'data-testid': testId });
}
