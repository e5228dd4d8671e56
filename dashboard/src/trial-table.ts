/**
 * The trial table: params, values, state, duration, diagnostics phase and fallbacks. Sortable
 * (click or Enter on a header), filterable (text over every cell, and by state), keyboard
 * navigable (one focusable row at a time: ↑/↓, Home/End, PageUp/PageDown; Enter shows the trial).
 */
import type { Study, Trial } from '../../sdk/index.js';
import { fmt, h } from './dom.js';

interface Column {
  readonly key: string;
  readonly label: string;
  readonly value: (t: Trial) => unknown;
}

/** Why a trial did not come from the model, '' when it did. */
export function fallbackOf(t: Trial): string {
  const d = t.diagnostics ?? {};
  if (d.phase === 'fallback') return `fallback: ${String(d.fallbackReason ?? 'no reason given')}`;
  if (typeof d.modelFallback === 'string') return `stand-in ${d.modelFallback}: ${String(d.modelFallbackReason ?? '')}`;
  return '';
}

function columnsOf(study: Study): Column[] {
  const duration = (t: Trial) => (t.finishedAt ? (Date.parse(t.finishedAt) - Date.parse(t.createdAt)) / 1000 : undefined);
  return [
    { key: '#', label: '#', value: (t) => t.number },
    { key: 'state', label: 'state', value: (t) => t.state },
    ...Object.keys(study.objectives).map((o) => ({ key: `v:${o}`, label: o, value: (t: Trial) => t.values?.[o] })),
    ...Object.keys(study.space).map((p) => ({ key: `p:${p}`, label: p, value: (t: Trial) => t.params[p] })),
    { key: 'duration', label: 'duration s', value: duration },
    { key: 'phase', label: 'phase', value: (t) => t.diagnostics?.phase },
    { key: 'fallback', label: 'fallbacks', value: fallbackOf },
  ];
}

function compare(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return fmt(a).localeCompare(fmt(b), undefined, { numeric: true });
}

/** A live trial table: `update(trials)` re-renders keeping sort, filter and the focused trial. */
export class TrialTable {
  readonly element: HTMLElement;
  private readonly columns: Column[];
  private readonly body: HTMLTableSectionElement;
  private readonly head: HTMLTableRowElement;
  private readonly detail: HTMLElement;
  private readonly count: HTMLElement;
  private trials: readonly Trial[] = [];
  private sortKey = '#';
  private sortDesc = false;
  private text = '';
  private state = '';
  private focusedNumber: number | null = null;

  constructor(study: Study) {
    this.columns = columnsOf(study);
    const filter = h('input', { type: 'search', placeholder: 'filter trials', 'aria-label': 'filter trials', 'data-testid': 'trial-filter' });
    filter.addEventListener('input', () => {
      this.text = filter.value.trim().toLowerCase();
      this.render();
    });
    const states = h('select', { 'aria-label': 'trial state' }, h('option', { value: '' }, 'all states'), ...['completed', 'running', 'queued', 'failed', 'abandoned'].map((s) => h('option', { value: s }, s)));
    states.addEventListener('change', () => {
      this.state = states.value;
      this.render();
    });
    this.count = h('span', { class: 'muted' });
    this.head = h('tr');
    this.body = h('tbody');
    this.body.addEventListener('keydown', (e) => this.onKey(e));
    this.detail = h('pre', { class: 'detail', 'data-testid': 'trial-detail', 'aria-live': 'polite' });
    const table = h('table', { class: 'trials', 'data-testid': 'trial-table' }, h('thead', {}, this.head), this.body);
    this.element = h('div', {}, h('div', { class: 'toolbar' }, filter, states, this.count), h('div', { class: 'table-wrap' }, table), this.detail);
    this.renderHead();
  }

  /** Shows these trials (all of the study's, any order). */
  update(trials: readonly Trial[]): void {
    this.trials = trials;
    this.render();
  }

  private renderHead(): void {
    this.head.replaceChildren(
      ...this.columns.map((c) => {
        const sorted = c.key === this.sortKey;
        const button = h('button', { type: 'button', class: 'sort' }, c.label + (sorted ? (this.sortDesc ? ' ▼' : ' ▲') : ''));
        button.addEventListener('click', () => {
          this.sortDesc = sorted ? !this.sortDesc : false;
          this.sortKey = c.key;
          this.renderHead();
          this.render();
        });
        return h('th', { scope: 'col', 'aria-sort': sorted ? (this.sortDesc ? 'descending' : 'ascending') : 'none' }, button);
      }),
    );
  }

  private visible(): Trial[] {
    const col = this.columns.find((c) => c.key === this.sortKey)!;
    return this.trials
      .filter((t) => (this.state === '' || t.state === this.state) && (this.text === '' || this.columns.some((c) => fmt(c.value(t)).toLowerCase().includes(this.text))))
      .sort((a, b) => (this.sortDesc ? -1 : 1) * compare(col.value(a), col.value(b)) || a.number - b.number);
  }

  private render(): void {
    const rows = this.visible();
    const hadFocus = this.body.contains(document.activeElement);
    if (this.focusedNumber === null || !rows.some((t) => t.number === this.focusedNumber)) this.focusedNumber = rows[0]?.number ?? null;
    this.body.replaceChildren(
      ...rows.map((t) => {
        const tr = h('tr', { tabindex: t.number === this.focusedNumber ? 0 : -1, 'data-trial': t.number, class: `state-${t.state}` }, ...this.columns.map((c) => h('td', {}, fmt(c.value(t)))));
        tr.addEventListener('click', () => this.focus(t.number, true));
        return tr;
      }),
    );
    this.count.textContent = `${rows.length} of ${this.trials.length} trials`;
    if (hadFocus && this.focusedNumber !== null) this.rowOf(this.focusedNumber)?.focus();
  }

  private rowOf(n: number): HTMLTableRowElement | null {
    return this.body.querySelector(`tr[data-trial="${n}"]`);
  }

  private focus(n: number, show = false): void {
    const prev = this.focusedNumber === null ? null : this.rowOf(this.focusedNumber);
    prev?.setAttribute('tabindex', '-1');
    this.focusedNumber = n;
    const row = this.rowOf(n);
    row?.setAttribute('tabindex', '0');
    row?.focus();
    if (show) {
      const t = this.trials.find((x) => x.number === n);
      this.detail.textContent = t ? JSON.stringify(t, null, 2) : '';
    }
  }

  private onKey(e: KeyboardEvent): void {
    const rows = [...this.body.rows];
    const i = rows.findIndex((r) => Number(r.dataset.trial) === this.focusedNumber);
    const moves: Record<string, number> = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: rows.length - 1, PageDown: i + 10, PageUp: i - 10 };
    if (e.key === 'Enter' && i >= 0) {
      this.focus(Number(rows[i]!.dataset.trial), true);
      e.preventDefault();
      return;
    }
    if (!(e.key in moves) || rows.length === 0) return;
    e.preventDefault();
    const j = Math.max(0, Math.min(rows.length - 1, moves[e.key]!));
    this.focus(Number(rows[j]!.dataset.trial));
  }
}
