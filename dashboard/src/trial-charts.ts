/** ECharts options of the views drawn from the trials alone: history, parallel coordinates, Pareto front, mixtures, learning curves. */
import type { Study, Trial } from '../../sdk/index.js';
import type { ChartOption } from './charts.js';
import { firstObjective, historyPoints, type HistoryAxis } from './history.js';
import type { MixtureGroup } from './mixtures.js';
import type { ParetoPoint } from './pareto.js';
import type { Curve } from './learning-curves.js';

const AXIS_NAMES: Record<HistoryAxis, string> = { number: 'trial number', cost: 'cumulative cost (1 per trial without one)', time: 'wall time since creation, s' };

/** Every completed trial's value (scatter) and the best so far (step line) against the chosen axis. */
export function historyOption(study: Study, trials: readonly Trial[], axis: HistoryAxis): ChartOption {
  const pts = historyPoints(study, trials, axis);
  const { name } = firstObjective(study);
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: AXIS_NAMES[axis], nameLocation: 'middle', nameGap: 25, scale: true },
    yAxis: { type: 'value', name, scale: true },
    series: [
      { name: 'completed trials', type: 'scatter', symbolSize: 6, data: pts.map((p) => ({ value: [p.x, p.value], trial: p.trial })) },
      { name: 'best so far', type: 'line', step: 'end', showSymbol: false, data: pts.filter((p) => Number.isFinite(p.best)).map((p) => [p.x, p.best]) },
    ],
  };
}

/** Flattened columns of a trial for parallel coordinates: simplex components each get an axis. */
function parallelColumns(study: Study): { name: string; get: (t: Trial) => unknown; categories?: string[] }[] {
  const cols: { name: string; get: (t: Trial) => unknown; categories?: string[] }[] = [];
  for (const [p, spec] of Object.entries(study.space)) {
    if (spec.type === 'simplex') {
      spec.components.forEach((c, i) => cols.push({ name: `${p}.${c}`, get: (t) => { const v = t.params[p]; return Array.isArray(v) ? v[i] : (v as Record<string, number> | undefined)?.[c]; } }));
    } else if (spec.type === 'categorical') {
      cols.push({ name: p, get: (t) => String(t.params[p]), categories: spec.choices.map(String) });
    } else if (spec.type === 'fidelity') {
      cols.push({ name: p, get: (t) => String(t.params[p]), categories: spec.levels.map((l) => String(l.value)) });
    } else {
      cols.push({ name: p, get: (t) => t.params[p] });
    }
  }
  for (const o of Object.keys(study.objectives)) cols.push({ name: o, get: (t) => t.values?.[o] });
  return cols;
}

/** One line per completed trial across every parameter and objective, coloured by the first objective. */
export function parallelOption(study: Study, trials: readonly Trial[]): ChartOption {
  const cols = parallelColumns(study);
  const { name, minimize } = firstObjective(study);
  const done = trials.filter((t) => t.state === 'completed' && Number.isFinite(t.values?.[name]));
  const values = done.map((t) => t.values![name]!);
  return {
    grid: {},
    parallel: { left: 40, right: 80, top: 40, bottom: 30 },
    parallelAxis: cols.map((c, dim) => ({ dim, name: c.name, ...(c.categories ? { type: 'category', data: c.categories } : { type: 'value', scale: true }) })),
    visualMap: { type: 'continuous', dimension: cols.length - Object.keys(study.objectives).length, min: Math.min(...values, 0), max: Math.max(...values, 1), inRange: { color: minimize ? ['#1a9850', '#fee08b', '#d73027'] : ['#d73027', '#fee08b', '#1a9850'] }, right: 0, top: 'middle', calculable: true, show: values.length > 0 },
    series: [{ type: 'parallel', lineStyle: { width: 1, opacity: 0.6 }, data: done.map((t) => cols.map((c) => c.get(t))) }],
  };
}

/** Completed trials by the first two objectives; the non-dominated ones marked and joined. */
export function paretoOption(study: Study, points: readonly ParetoPoint[]): ChartOption {
  const [a, b] = Object.keys(study.objectives);
  const front = points.filter((p) => p.front).sort((p, q) => p.a - q.a);
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: a, nameLocation: 'middle', nameGap: 25, scale: true },
    yAxis: { type: 'value', name: b, scale: true },
    series: [
      { name: 'dominated', type: 'scatter', symbolSize: 6, itemStyle: { opacity: 0.5 }, data: points.filter((p) => !p.front).map((p) => ({ value: [p.a, p.b], trial: p.trial })) },
      { name: 'Pareto front', type: 'line', step: false, symbolSize: 9, data: front.map((p) => ({ value: [p.a, p.b], trial: p.trial })) },
    ],
  };
}

/** Stacked bars of the weights of the best mixtures of one group (best on the left). */
export function mixtureOption(group: MixtureGroup): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 50, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'category', name: 'trial (value)', nameLocation: 'middle', nameGap: 25, data: group.trials.map((t) => `#${t.number} (${Number(t.value.toPrecision(4))})`) },
    yAxis: { type: 'value', max: 1, name: 'weight' },
    series: group.components.map((c, i) => ({ name: c, type: 'bar', stack: 'w', data: group.trials.map((t) => t.weights[i]) })),
  };
}

/** One line per trial's intermediate values. */
export function curvesOption(curves: readonly Curve[]): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    grid: { left: 60, right: 20, top: 20, bottom: 40 },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 25 },
    yAxis: { type: 'value', scale: true },
    series: curves.map((c) => ({ name: `#${c.trial}`, type: 'line', showSymbol: false, lineStyle: { width: 1, opacity: c.state === 'completed' ? 0.9 : 0.4 }, data: c.points })),
  };
}
