/**
 * The scalarized-start selection table (RESULTS.md, 2026-12-05 session 8): reads the selection
 * runs' result files (--files a.json,b.json,...; each holds 'default-s<k>' runs), keeps the seeds
 * that finished the budget for EVERY k on EVERY problem, and prints per problem and k the median
 * [q1, q3] of log10 hypervolume regret after --at evaluations (default: the budget) and after 40,
 * then each k's score (mean over problems of the medians) and the k the stated rule picks:
 *   npx tsx benchmarks/mo/select-start.ts --files "$(ls benchmarks/results/mo8-select-*-s1??.json | paste -sd,)" --at 70
 * The rule: lowest score; a k > 0 must beat k = 0 by more than 0.02; within 0.02 the smaller k.
 */
import { existsSync, readFileSync } from 'node:fs';
import { getMoProblem } from './problems.js';
import { quartiles } from './mo-run.js';
import type { MoRunResult } from './mo-loop.js';
import { arg } from './cli-arg.js';

const MARGIN = 0.02;

const files = arg('files').split(',').filter((f) => f.length > 0 && existsSync(f));
const runs = files.flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { runs: MoRunResult[] }).runs);
const at = Number(arg('at', String(Math.max(...runs.map((r) => r.budget)))));
const finished = runs.filter((r) => r.hv.length >= at);
const kOf = (r: MoRunResult): number => Number(/^default-s(\d+)$/.exec(r.algorithm)?.[1] ?? NaN);
const problems = [...new Set(finished.map((r) => r.problem))].sort();
const ks = [...new Set(finished.map(kOf))].filter(Number.isFinite).sort((a, b) => a - b);
// Seeds that every (problem, k) pair finished: the comparison is paired.
const seeds = [...new Set(finished.map((r) => r.seed))].filter((s) => problems.every((p) => ks.every((k) => finished.some((r) => r.problem === p && kOf(r) === k && r.seed === s)))).sort((a, b) => a - b);
const regret = (r: MoRunResult, n: number): number => Math.log10(Math.max(getMoProblem(r.problem).maxHv.value - r.hv[n - 1], 1e-12));
const fmt = (q: [number, number, number]): string => `${q[0].toFixed(3)} [${q[1].toFixed(3)}, ${q[2].toFixed(3)}]`;

const lines = [`Seeds finished for every k on every problem: ${seeds.join(', ') || 'none'} (${seeds.length}).`, '', `| problem | k | log10 HV regret after ${at}, median [q1, q3] | after 40 | HV after ${at}, median |`, '|---|---|---|---|---|'];
const score = new Map<number, number>();
for (const k of ks) score.set(k, 0);
for (const p of problems) {
  for (const k of ks) {
    const rs = seeds.map((s) => finished.find((r) => r.problem === p && kOf(r) === k && r.seed === s)!);
    const q = quartiles(rs.map((r) => regret(r, at)));
    score.set(k, score.get(k)! + q[0] / problems.length);
    lines.push(`| ${p} | ${k} | ${fmt(q)} | ${fmt(quartiles(rs.map((r) => regret(r, 40))))} | ${quartiles(rs.map((r) => r.hv[at - 1]))[0].toPrecision(4)} |`);
  }
}
lines.push('', `Score (mean over problems of the median regret after ${at}): ${ks.map((k) => `k = ${k}: ${score.get(k)!.toFixed(3)}`).join(', ')}.`);
if (seeds.length > 0 && score.has(0)) {
  const best = Math.min(...ks.map((k) => score.get(k)!));
  const candidates = ks.filter((k) => k > 0 && score.get(k)! < score.get(0)! - MARGIN && score.get(k)! <= best + MARGIN);
  const chosen = candidates.length > 0 ? Math.min(...candidates) : 0;
  lines.push(`The rule picks k = ${chosen}.`);
}
process.stdout.write(lines.join('\n') + '\n');
