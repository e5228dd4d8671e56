/**
 * ECharts, trimmed to what the dashboard draws (line, scatter, bar, parallel coordinates) so the
 * bundle carries only those. Every chart is registered by name on `window.boCharts`, where the
 * browser tests (and anyone debugging) read the data a chart shows.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, ParallelComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, ParallelChart, ScatterChart, DataZoomComponent, GridComponent, LegendComponent, ParallelComponent, TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** An option object as ECharts takes it. */
export type ChartOption = echarts.EChartsCoreOption;

declare global {
  interface Window {
    boCharts?: Record<string, echarts.ECharts>;
  }
}

const dark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches === true;

/** Draws `option` into `el` (reusing the element's chart), registered as `name`. */
export function drawChart(el: HTMLElement, name: string, option: ChartOption): echarts.ECharts {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, dark() ? 'dark' : undefined, { renderer: 'canvas' });
  chart.setOption({ backgroundColor: 'transparent', animation: false, ...option }, { notMerge: true });
  (window.boCharts ??= {})[name] = chart;
  return chart;
}

/** Disposes every chart under `root` (a view being replaced) and forgets their names. */
export function disposeCharts(root: HTMLElement): void {
  for (const [name, chart] of Object.entries(window.boCharts ?? {})) {
    if (root.contains(chart.getDom())) {
      chart.dispose();
      delete window.boCharts![name];
    }
  }
}

window.addEventListener('resize', () => {
  for (const chart of Object.values(window.boCharts ?? {})) chart.resize();
});
