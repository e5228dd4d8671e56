/** ECharts options of the model views: a slice (posterior mean, 95% band, the incumbent) and parameter importance. */
import type { ParamSlice, StudySlices } from '../../sdk/index.js';
import type { ChartOption } from './charts.js';

/**
 * The band is drawn as a stacked area (an invisible `lower` line, then `upper − lower` filled on
 * top of it), the mean as a line and the incumbent's observed value as a point at its own x.
 */
export function sliceOption(s: ParamSlice, data: StudySlices): ChartOption {
  const categorical = s.kind === 'categorical';
  const xs = s.x.map((v) => (categorical ? String(v) : (v as number)));
  const pair = (ys: number[]) => (categorical ? ys : ys.map((y, i) => [xs[i], y]));
  const incX = data.incumbent.params[s.param];
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 55, right: 15, top: 25, bottom: 40 },
    xAxis: categorical ? { type: 'category', data: xs, name: s.param, nameLocation: 'middle', nameGap: 25 } : { type: s.log ? 'log' : 'value', name: s.param, nameLocation: 'middle', nameGap: 25, min: 'dataMin', max: 'dataMax', axisLine: { onZero: false } },
    yAxis: { type: 'value', scale: true, name: data.objective },
    series: [
      { name: 'lower', type: 'line', stack: 'band', showSymbol: false, lineStyle: { opacity: 0 }, data: pair(s.lower) },
      { name: '95% band', type: 'line', stack: 'band', showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.25 }, data: pair(s.upper.map((u, i) => u - s.lower[i]!)) },
      { name: 'posterior mean', type: 'line', showSymbol: categorical, data: pair(s.mean) },
      { name: 'incumbent (observed)', type: 'scatter', symbolSize: 10, data: [[categorical ? String(incX) : incX, data.incumbent.value]] },
    ],
  };
}

/** A horizontal bar per parameter, most important on top. */
export function importanceOption(data: StudySlices): ChartOption {
  const sorted = [...data.importance].sort((a, b) => a.value - b.value);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 100, right: 20, top: 10, bottom: 30 },
    xAxis: { type: 'value', max: 1, name: 'first-order Sobol index' },
    yAxis: { type: 'category', data: sorted.map((i) => i.param) },
    series: [{ type: 'bar', data: sorted.map((i) => i.value) }],
  };
}
