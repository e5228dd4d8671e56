/**
 * Side-by-side statistics of the mixture runner: per pair of methods, the ratio of median costs to
 * ε (queried) and the one-sided Mann-Whitney p that the first is cheaper (runs that never reach ε
 * tie at the top). Pairs: mf-bo against every other method present.
 */
import { mannWhitneyU } from '../mann-whitney.js';
import { median } from '../stats.js';
import type { RunTrace } from './loop.js';

/** Markdown lines comparing mf-bo (or the first method) with each other method. */
export function comparisons(traces: Record<string, RunTrace[]>, maxCost: number): string[] {
  const names = Object.keys(traces);
  const lead = names.includes('mf-bo') ? 'mf-bo' : names[0];
  if (lead === undefined || names.length < 2) return [];
  const cost = (m: string) => traces[m]!.map((t) => t.costToEpsilon);
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : `> ${maxCost}`);
  const out = [`Cost to ε (queried), ${lead} against each method: median ratio (other / ${lead}), one-sided Mann-Whitney p (${lead} cheaper), two-sided p:`, ''];
  out.push(`| vs | median ${lead} | median other | ratio | p (${lead} cheaper) | p (two-sided) |`, '|---|---|---|---|---|---|');
  const a = cost(lead);
  for (const other of names) {
    if (other === lead) continue;
    const b = cost(other);
    const ma = median(a);
    const mb = median(b);
    const ratio = Number.isFinite(ma) && Number.isFinite(mb) ? (mb / ma).toFixed(2) : '–';
    out.push(`| ${other} | ${fmt(ma)} | ${fmt(mb)} | ${ratio} | ${mannWhitneyU(a, b, 'less').p.toPrecision(3)} | ${mannWhitneyU(a, b, 'two-sided').p.toPrecision(3)} |`);
  }
  return out;
}
