/**
 * One study: history, trial table, parallel coordinates, the model's importance and slices,
 * mixtures, learning curves and the Pareto front when the study has what they need. Live: it
 * subscribes to the study's room through the SDK and redraws as trials are asked and told.
 */
import { SdkError, autoChoiceLine, proxyDesignLine, proxyLawLine, proxyPhaseLine, type Client, type StudyHandle, type StudySlices, type Trial } from '../../sdk/index.js';
import { disposeCharts, drawChart, type ChartOption } from './charts.js';
import { chartBox, h, panel } from './dom.js';
import type { HistoryAxis } from './history.js';
import { learningCurves } from './learning-curves.js';
import { bestMixtures } from './mixtures.js';
import { importanceOption, sliceOption } from './model-charts.js';
import { paretoPoints } from './pareto.js';
import { curvesOption, historyOption, mixtureOption, paretoOption, parallelOption } from './trial-charts.js';
import { TrialTable } from './trial-table.js';

/** A trial event is followed by one re-read this much later, however many events came meanwhile. */
const TRIALS_DELAY_MS = 250;
/**
 * Slices are re-read at most this often while tells arrive: each new set of completed trials is a
 * fit on the server's compute plane, queued with the study's own asks.
 */
const SLICES_DELAY_MS = 3000;

/**
 * Coalesces calls: the first schedules `fn` after `ms`; calls until it starts add nothing; a call
 * while it runs schedules one more run after it. So a steady stream of events gives one run per
 * `ms` (never starved, as a debounce would be) and never two runs at once.
 */
function coalesced(fn: () => Promise<void>, ms: number): () => void {
  let scheduled = false;
  let running = false;
  let again = false;
  const run = async () => {
    scheduled = false;
    running = true;
    await fn().catch(() => undefined);
    running = false;
    if (again) {
      again = false;
      schedule();
    }
  };
  const schedule = () => {
    if (running) again = true;
    else if (!scheduled) {
      scheduled = true;
      setTimeout(() => void run(), ms);
    }
  };
  return schedule;
}

/** Renders the study into `root`; resolves with the function that stops its live updates. */
export async function renderStudy(root: HTMLElement, client: Client, studyId: string): Promise<() => void> {
  const study: StudyHandle = await client.getStudy(studyId);
  const info = study.info;
  let trials: Trial[] = (await study.trials(undefined, { curves: true })) as Trial[];
  // Set false when the view is left: a re-read already under way must not draw into a detached page.
  let live = true;
  const eff = info.effectiveAlgorithm as Record<string, unknown> | undefined;
  const counts = h('span', { 'data-testid': 'trial-counts' });
  // Surrogate 'auto' re-chooses its family on every ask: the header shows the latest choice.
  const autoLine = h('p', { class: 'muted', 'data-testid': 'auto-choice' });
  // A 'proxy-mean' pool study chooses its proxy law once its design is in: the header names it and why.
  const lawLine = h('p', { class: 'muted', 'data-testid': 'proxy-law' });
  const header = h(
    'section',
    { class: 'panel head' },
    h('h2', {}, info.name),
    h('p', { class: 'muted' }, `${info.id} · objectives ${Object.entries(info.objectives).map(([k, d]) => `${k} (${d})`).join(', ')} · ${eff ? `${String(eff.surrogate ?? '')} + ${String(eff.acquisition ?? '')}${eff.trustRegion === 'on-stall' ? ' · trust region on stall' : ''}` : info.algorithm.surrogate}`),
    autoLine,
    lawLine,
    counts,
  );

  const axis = h('select', { 'aria-label': 'history x axis', 'data-testid': 'history-axis' }, h('option', { value: 'number' }, 'trial number'), h('option', { value: 'cost' }, 'cumulative cost'), h('option', { value: 'time' }, 'wall time'));
  const historyBox = chartBox('history-chart');
  const table = new TrialTable(info);
  const parallelBox = chartBox('parallel-chart', true);
  const importanceBox = chartBox('importance-chart');
  const slicesGrid = h('div', { class: 'grid', 'data-testid': 'slices' });
  const modelNote = h('p', { class: 'caption', 'data-testid': 'model-note' });
  const extras = h('div');

  root.replaceChildren(
    header,
    panel('Optimization history', 'Each completed trial\'s first objective and the best so far, against trial number, cumulative cost, or wall time.', h('div', { class: 'toolbar' }, axis), historyBox),
    panel('Trials', 'Click a header to sort; ↑/↓, Home/End move between rows; Enter shows the trial.', table.element),
    panel('Parallel coordinates', 'One line per completed trial, coloured by the first objective.', parallelBox),
    panel(
      'Model: parameter importance and slices',
      'Computed on the server by the study\'s fitted model, off the event loop. Importance: first-order Sobol index of the posterior mean over the space (Saltelli pick-freeze estimate). Slices: posterior mean and 95% band along each parameter, the others held at the best trial (the dot: its observed value).',
      modelNote,
      importanceBox,
      slicesGrid,
    ),
    extras,
  );

  const drawTrials = () => {
    const c = { completed: 0, running: 0, failed: 0, queued: 0, abandoned: 0 } as Record<string, number>;
    for (const t of trials) c[t.state] = (c[t.state] ?? 0) + 1;
    counts.textContent = Object.entries(c).map(([k, v]) => `${k} ${v}`).join(' · ');
    const chosen = autoChoiceLine(trials);
    autoLine.textContent = chosen ? `auto's current model: ${chosen}` : '';
    lawLine.textContent = [proxyLawLine(trials), proxyDesignLine(trials), proxyPhaseLine(trials)].filter((l) => l !== undefined).join(' · ');
    drawChart(historyBox, 'history', historyOption(info, trials, axis.value as HistoryAxis));
    table.update(trials);
    drawChart(parallelBox, 'parallel', parallelOption(info, trials));
    drawExtras();
  };
  const drawExtras = () => {
    const parts: HTMLElement[] = [];
    const charts: [HTMLElement, string, ChartOption][] = [];
    for (const g of bestMixtures(info, trials)) {
      const box = chartBox(`mixture-${g.param}-${String(g.level)}`);
      parts.push(panel(`Best mixtures: ${g.param}${g.level === null ? '' : ` at ${String(g.level)}`}`, 'Weights of the best completed trials, best on the left.', box));
      charts.push([box, `mixture:${g.param}:${String(g.level)}`, mixtureOption(g)]);
    }
    const curves = learningCurves(trials);
    if (curves.length > 0) {
      const box = chartBox('curves-chart');
      parts.push(panel('Learning curves', 'Intermediate values each trial reported.', box));
      charts.push([box, 'curves', curvesOption(curves)]);
    }
    if (Object.keys(info.objectives).length >= 2) {
      const box = chartBox('pareto-chart');
      parts.push(panel('Pareto front', 'Completed trials by the first two objectives; the non-dominated ones joined (computed in the page).', box));
      charts.push([box, 'pareto', paretoOption(info, paretoPoints(info.objectives, trials))]);
    }
    disposeCharts(extras);
    extras.replaceChildren(...parts);
    for (const [box, name, option] of charts) drawChart(box, name, option);
  };
  axis.addEventListener('change', () => drawChart(historyBox, 'history', historyOption(info, trials, axis.value as HistoryAxis)));

  const drawSlices = async () => {
    let data: StudySlices;
    try {
      data = await study.slices();
    } catch (e) {
      if (!live) return;
      modelNote.textContent = e instanceof SdkError ? `No model view yet: ${e.message}` : `No model view: ${String(e)}`;
      return;
    }
    if (!live) return;
    const skipped = data.skipped.map((s) => `${s.param} (${s.reason})`).join('; ');
    modelNote.textContent = `Model ${data.model.kind} on ${data.model.observations} completed trials; slices through trial #${data.incumbent.number}${data.fidelity ? ` at ${data.fidelity.name}=${String(data.fidelity.value)}` : ''}.${data.model.note ? ` ${data.model.note}.` : ''}${skipped ? ` No slice: ${skipped}.` : ''}`;
    drawChart(importanceBox, 'importance', importanceOption(data));
    const boxes = data.slices.map((s) => h('div', { class: 'chart small', 'data-testid': `slice-${s.param}` }));
    disposeCharts(slicesGrid);
    slicesGrid.replaceChildren(...boxes);
    data.slices.forEach((s, i) => drawChart(boxes[i]!, `slice:${s.param}`, sliceOption(s, data)));
  };

  drawTrials();
  await drawSlices();
  const refreshTrials = coalesced(async () => {
    const next = (await study.trials(undefined, { curves: true })) as Trial[];
    if (!live) return;
    trials = next;
    drawTrials();
  }, TRIALS_DELAY_MS);
  const refreshSlices = coalesced(drawSlices, SLICES_DELAY_MS);
  const offs = await Promise.all([
    study.on('trial:asked', () => refreshTrials()),
    study.on('study:updated', () => refreshTrials()),
    study.on('trial:reported', () => refreshTrials()),
    study.on('trial:completed', () => {
      refreshTrials();
      refreshSlices();
    }),
  ]);
  return () => {
    live = false;
    offs.forEach((off) => off());
  };
}
