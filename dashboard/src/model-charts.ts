/** ECharts options of the model views: a slice (posterior mean, 95% band, the incumbent) and parameter importance. */
import type { ParamSlice, StudySlices } from '../../sdk/index.js';
import type { ChartOption } from './charts.js';

/**
 * The band is drawn stacked: an invisible `lower`, then `upper − lower` on top of it (a filled
 * area along a numeric parameter, a bar per choice of a categorical one, where a line between
 * choices would mean nothing). stackStrategy 'all' because ECharts' default stacks only values of
 * the same sign, which would draw a band with a negative lower bound from 0. The mean is a line
 * (points for choices) and the incumbent's observed value a point at its own x.
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
      categorical
        ? { name: 'lower', type: 'bar', stack: 'band', stackStrategy: 'all', itemStyle: { opacity: 0 }, barWidth: '40%', data: pair(s.lower) }
        : { name: 'lower', type: 'line', stack: 'band', stackStrategy: 'all', showSymbol: false, lineStyle: { opacity: 0 }, data: pair(s.lower) },
      categorical
        ? { name: '95% band', type: 'bar', stack: 'band', stackStrategy: 'all', itemStyle: { opacity: 0.3 }, barWidth: '40%', data: pair(s.upper.map((u, i) => u - s.lower[i]!)) }
        : { name: '95% band', type: 'line', stack: 'band', stackStrategy: 'all', showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.25 }, data: pair(s.upper.map((u, i) => u - s.lower[i]!)) },
      categorical ? { name: 'posterior mean', type: 'scatter', symbolSize: 8, data: pair(s.mean) } : { name: 'posterior mean', type: 'line', showSymbol: false, data: pair(s.mean) },
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
