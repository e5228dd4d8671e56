/**
 * How far a cell's "random" figure can move by chance: the sampling distribution of the 10-seed
 * median of uniform random search on the evaluation instances (seed k on instance 6 + k, as the
 * peers run it), by Monte Carlo. Each repetition draws, per seed, the cell's budget of points
 * uniform in the box and keeps the best noise-free regret; the median over the 10 seeds is one
 * draw of the figure a random-search peer reports. Random search never reads observations, so the
 * band is the same for every noise model of a function and dimension.
 *
 * With result files it places the stored 10-seed medians of `--ours` and of the random peer in that
 * band (the share of repetitions whose median is at or below each): a cell where every method sits
 * inside the band cannot be called worse than random at 10 seeds.
 *
 * Usage: npx tsx benchmarks/bbob/random-band.ts --cells f023_d05,f023_d10 [--reps 2000] [--seed 0]
 *          [--ours gp-qlognei-explore] [--md out.md] FILE...
 * Reading aid for RESULTS.md, not a score; the cell list names functions and dimensions (noise suffixes
 * in FILE cells are matched to the band of their function and dimension).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, deriveSeed } from '../../core/rng.js';
import { mergeRuns } from '../merge.js';
import { readRecords } from '../run-records.js';
import { getProblem } from '../problems/all.js';
import { bbobName } from '../problems/bbob/problem.js';
import { INSTANCE_SETS, bbobBudget } from '../problems/bbob/sets.js';
import { fmt, median, quantile } from '../stats.js';
import { cells, RANDOM } from './compare.js';

/** One repetition's 10-seed median of uniform random search on a function and dimension. */
export function randomMedianDraw(fid: number, dim: number, rep: number, seed: number): number {
  const budget = bbobBudget(dim);
  const finals = INSTANCE_SETS.evaluation.map((instance, k) => {
    const p = getProblem(bbobName({ fid, instance, dim, noise: 'none' }));
    const rng = createRng(deriveSeed(deriveSeed(seed, rep), k));
    const x = new Float64Array(dim);
    let best = Infinity;
    for (let t = 0; t < budget; t++) {
      for (let i = 0; i < dim; i++) x[i] = p.lower[i] + rng.uniform() * (p.upper[i] - p.lower[i]);
      best = Math.min(best, p.f(x) - p.optimum);
    }
    return best;
  });
  return median(finals);
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
  const wanted = (flag('--cells') ?? '').split(',').filter(Boolean);
  const reps = Number(flag('--reps') ?? 2000);
  const seed = Number(flag('--seed') ?? 0);
  const ours = flag('--ours') ?? 'gp-qlognei-explore';
  const md = flag('--md');
  if (wanted.length === 0) throw new Error('--cells: name at least one cell, e.g. f023_d10');
  const stored = args.length > 0 ? cells(mergeRuns(args.map(readRecords))) : [];
  const lines = [
    `| cell | random's 10-seed median: 5% / 50% / 95% (${reps} repetitions) | stored | ours (${ours}) | share of draws ≤ ours | random peer | share of draws ≤ the peer |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const name of wanted) {
    const m = /^f0*(\d+)_d0*(\d+)$/.exec(name);
    if (!m) throw new Error(`--cells: '${name}' is not fNNN_dNN`);
    const fid = Number(m[1]);
    const dim = Number(m[2]);
    const draws = Array.from({ length: reps }, (_, r) => randomMedianDraw(fid, dim, r, seed)).sort((a, b) => a - b);
    const share = (v: number) => `${((100 * draws.filter((x) => x <= v).length) / reps).toFixed(1)}%`;
    const band = `${fmt(quantile(draws, 0.05))} / ${fmt(quantile(draws, 0.5))} / ${fmt(quantile(draws, 0.95))}`;
    const prefix = `bbob_f${String(fid).padStart(3, '0')}_d${String(dim).padStart(2, '0')}`;
    const matching = stored.filter((c) => c.cell === prefix || c.cell.startsWith(`${prefix}_`));
    if (matching.length === 0) lines.push(`| ${prefix} | ${band} | – | – | – | – | – |`);
    for (const c of matching) {
      const mine = c.medians[ours]?.median;
      const peerName = RANDOM.find((r) => c.medians[r] !== undefined);
      const peer = peerName ? c.medians[peerName].median : undefined;
      lines.push(`| ${prefix} | ${band} | ${c.cell} | ${mine === undefined ? '–' : fmt(mine)} | ${mine === undefined ? '–' : share(mine)} | ${peer === undefined ? '–' : fmt(peer)} | ${peer === undefined ? '–' : share(peer)} |`);
    }
  }
  const out = `${lines.join('\n')}\n\nCommand: npx tsx benchmarks/bbob/random-band.ts ${process.argv.slice(2).join(' ')}\n`;
  console.log(out);
  if (md) writeFileSync(md, out);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
