/** The studies list: name, state counts, best value, a sparkline of trials over time, and a search box. */
import type { Client, Study, Trial } from '../../sdk/index.js';
import { fmt, h } from './dom.js';
import { countsForBest } from './fidelity.js';
import { firstObjective } from './history.js';

/** An SVG sparkline of the cumulative number of trials against creation time (no chart library: one polyline). */
export function sparkline(trials: readonly Trial[], width = 120, height = 24): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${trials.length} trials over time`);
  const times = trials.map((t) => Date.parse(t.createdAt)).sort((a, b) => a - b);
  if (times.length > 0) {
    const t0 = times[0]!;
    const span = Math.max(1, times[times.length - 1]! - t0);
    const pts = times.map((t, i) => `${(((t - t0) / span) * (width - 2) + 1).toFixed(1)},${(height - 1 - ((i + 1) / times.length) * (height - 2)).toFixed(1)}`);
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', [`1,${height - 1}`, ...pts].join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', 'currentColor');
    svg.append(line);
  }
  return svg;
}

/** The best value of the first objective among completed trials (at the target fidelity level, as trial:best), or undefined. */
function bestValue(study: Study, trials: readonly Trial[]): number | undefined {
  const { name, minimize } = firstObjective(study);
  const counts = countsForBest(study);
  const vs = trials.filter((t) => t.state === 'completed' && counts(t)).map((t) => t.values?.[name]).filter((v): v is number => Number.isFinite(v));
  return vs.length === 0 ? undefined : minimize ? Math.min(...vs) : Math.max(...vs);
}

/** Renders the list into `root`; returns a function that refreshes it (the page calls it on a timer). */
export async function renderStudies(root: HTMLElement, client: Client): Promise<() => Promise<void>> {
  const search = h('input', { type: 'search', placeholder: 'search studies', 'aria-label': 'search studies', 'data-testid': 'study-search' });
  const body = h('tbody');
  const table = h('table', { class: 'studies', 'data-testid': 'studies-table' }, h('thead', {}, h('tr', {}, ...['name', 'id', 'completed', 'running', 'failed', 'best', 'trials over time'].map((c) => h('th', { scope: 'col' }, c)))), body);
  root.replaceChildren(h('section', { class: 'panel' }, h('h2', {}, 'Studies'), h('div', { class: 'toolbar' }, search), h('div', { class: 'table-wrap' }, table)));
  let rows: { study: Study; trials: Trial[] }[] = [];
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    body.replaceChildren(
      ...rows
        .filter(({ study }) => q === '' || study.name.toLowerCase().includes(q) || study.id.toLowerCase().includes(q))
        .map(({ study, trials }) =>
          h(
            'tr',
            { 'data-study': study.id },
            h('td', {}, h('a', { href: `#/study/${encodeURIComponent(study.id)}` }, study.name)),
            h('td', { class: 'muted' }, study.id),
            h('td', {}, String(study.trialCounts.completed)),
            h('td', {}, String(study.trialCounts.running)),
            h('td', {}, String(study.trialCounts.failed)),
            h('td', {}, fmt(bestValue(study, trials))),
            h('td', {}, sparkline(trials)),
          ),
        ),
    );
  };
  search.addEventListener('input', draw);
  const refresh = async () => {
    const handles = await client.listStudies();
    rows = await Promise.all(handles.map(async (s) => ({ study: s.info, trials: (await s.trials()) as Trial[] })));
    draw();
  };
  await refresh();
  return refresh;
}
