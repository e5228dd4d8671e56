/**
 * Whether the default GP's fitted noise separates the noise models (issue 20, session 18): runs one
 * algorithm on bbob selection cells (one seed) and, per cell, reads the fitted noise variance of every
 * model ask (ask diagnostics `model.noise`, in the model's transformed-y units) over the second half of
 * the run; prints its median and the share of asks above each threshold, one row per cell, then the
 * same per noise model. A gate on fitted noise can only act differently on noisy and noiseless runs
 * if these distributions separate.
 *   node --import tsx benchmarks/bbob/noise-gate-probe.ts --dims 10 --noise none,gauss-low,gauss-high,cauchy,mult [--functions 1-24] [--seed 0] [--algorithm gp-qlognei-explore]
 */
import { runOne } from '../loop.js';
import { getProblem } from '../problems/all.js';
import { bbobGrid, parseIntList } from '../problems/bbob/sets.js';
import type { BbobNoise } from '../problems/bbob/noise.js';
import { cliArg, runLength } from './one-run-cli.js';

const algorithm = cliArg('algorithm', 'gp-qlognei-explore');
const seed = Number(cliArg('seed', '0'));
const dims = parseIntList(cliArg('dims', '10'));
const fids = parseIntList(cliArg('functions', '1-24'));
const noises = cliArg('noise', 'none,gauss-low,gauss-high,cauchy,mult').split(',') as BbobNoise[];
const THRESHOLDS = [1e-3, 1e-2, 3e-2, 0.1];

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : '-');

const byNoise = new Map<string, number[]>();
console.log(`| cell | median fitted noise, asks in the second half | ${THRESHOLDS.map((t) => `share > ${t}`).join(' | ')} |`);
console.log(`|---|---|${THRESHOLDS.map(() => '---').join('|')}|`);
for (const { problem: name, dim } of bbobGrid('selection', fids, dims, noises, [seed])) {
  const problem = getProblem(name);
  const { budget, initial } = runLength(problem);
  const noise: number[] = [];
  await runOne(problem, algorithm, seed, budget, initial, (t, diag) => {
    const fitted = (diag.model as { noise?: number } | undefined)?.noise;
    if (diag.phase === 'model' && t >= budget / 2 && typeof fitted === 'number') noise.push(fitted);
  });
  const key = `d${dim} ${/_(none|gauss-low|gauss-high|cauchy|mult)$/.exec(name)?.[1] ?? 'none'}`;
  byNoise.set(key, [...(byNoise.get(key) ?? []), ...noise]);
  console.log(`| ${name} | ${fmt(median(noise))} | ${THRESHOLDS.map((t) => fmt(noise.filter((v) => v > t).length / noise.length)).join(' | ')} |`);
}
console.log(`\n| noise | asks | median fitted noise | ${THRESHOLDS.map((t) => `share > ${t}`).join(' | ')} |`);
console.log(`|---|---|---|${THRESHOLDS.map(() => '---').join('|')}|`);
for (const [key, v] of byNoise) console.log(`| ${key} | ${v.length} | ${fmt(median(v))} | ${THRESHOLDS.map((t) => fmt(v.filter((x) => x > t).length / v.length)).join(' | ')} |`);
