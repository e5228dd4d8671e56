/**
 * Does a run get stuck in one basin, and does its model rank anything (issue 20, session 12
 * diagnosis of the cells worse than random)? Runs one algorithm and random search on one bbob
 * problem and seed through benchmarks/loop.ts and prints one row: both final regrets, the closest
 * either came to x_opt (unit cube), where the algorithm's best point was found, its trust region's
 * restarts and how far the first global ask after each restart landed from the incumbent, the share
 * of late asks within 0.03 of an earlier point, and the model's skill: Spearman's rank correlation
 * between the closed-form leave-one-out means and the observations of a GP fitted (default options,
 * the default half-rank warp) on the first n evaluations, n = 30, 60, budget.
 *   node --import tsx benchmarks/bbob/basin-trace.ts --problem bbob_f021_i01_d02 [--algorithm gp-qlognei] [--seed 0] [--header]
 */
import { halfRankLogWarp } from '../../core/output-warp.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { capabilitiesOf } from '../../surrogates/types.js';
import { createSurrogate } from '../../surrogates/registry.js';
import { spearman } from '../../policy/rank-correlation.js';
import { runOne, type AskStep } from '../loop.js';
import { getProblem } from '../problems/all.js';
import { cliArg, cliFlag, runLength } from './one-run-cli.js';

const problem = getProblem(cliArg('problem', 'bbob_f021_i01_d02'));
const algorithm = cliArg('algorithm', 'gp-qlognei');
const seed = Number(cliArg('seed', '0'));
const d = problem.dim;
const { budget, initial } = runLength(problem);
const toUnit = (x: readonly number[]) => x.map((v, i) => (v - problem.lower[i]) / (problem.upper[i] - problem.lower[i]));
const dist = (a: readonly number[], b: readonly number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
const xopt = toUnit(problem.argmin);
const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : '-');

/** LOO Spearman of a default GP on the first n steps (the policy's y: −f, half-rank warped). */
async function looSkill(steps: readonly AskStep[], n: number): Promise<number> {
  const rows = steps.slice(0, n);
  const X = { rows: rows.length, cols: d, data: Float64Array.from(rows.flatMap((s) => toUnit(s.x))) };
  const y = halfRankLogWarp(rows.map((s) => -s.observed)).y;
  const model = await createSurrogate('gp', {}).fit({ X, y }, { rng: createRng(deriveSeed(seed, 0x5c1, n)) });
  const loo = capabilitiesOf(model).leaveOneOut?.();
  return loo ? spearman(Array.from(loo.mean), Array.from(y)) : Number.NaN;
}

const steps: AskStep[] = [];
const restartAsks: { t: number; fromIncumbent: number }[] = [];
let restarts = 0;
const result = await runOne(problem, algorithm, seed, budget, initial, (t, diag, _regret, step) => {
  const tr = diag.trustRegion as { restarts?: number } | undefined;
  if (tr?.restarts !== undefined && tr.restarts > restarts) {
    restarts = tr.restarts;
    const best = steps.reduce((a, s) => (s.observed < a.observed ? s : a), steps[0]);
    restartAsks.push({ t, fromIncumbent: dist(toUnit(step.x), toUnit(best.x)) });
  }
  steps.push(step);
});
const randomSteps: AskStep[] = [];
const random = await runOne(problem, 'random', seed, budget, initial, (_t, _diag, _regret, step) => randomSteps.push(step));
const closest = (s: readonly AskStep[]) => Math.min(...s.map((a) => dist(toUnit(a.x), xopt)));
const bestAt = steps.reduce((a, s, i) => (s.clean < steps[a].clean ? i : a), 0);
const late = steps.slice(budget / 2).filter((s, k) => {
  const i = budget / 2 + k;
  return Math.min(...steps.slice(0, i).map((e) => dist(toUnit(e.x), toUnit(s.x)))) < 0.03;
}).length;
const skills = [];
for (const n of [30, 60, budget]) skills.push(fmt(await looSkill(steps, n)));
if (cliFlag('header')) {
  console.log('| problem | seed | regret | random | → x_opt (closest ask) | random → x_opt | best found at ask | restarts | restart ask → incumbent | late asks within 0.03 | LOO Spearman n = 30 / 60 / end |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
}
console.log(
  `| ${problem.name} | ${seed} | ${fmt(result.regret.at(-1)!)} | ${fmt(random.regret.at(-1)!)} | ${fmt(closest(steps))} | ${fmt(closest(randomSteps))} | ${bestAt + 1} | ${restarts} | ${restartAsks.map((r) => `${r.t + 1}: ${fmt(r.fromIncumbent)}`).join(', ') || '-'} | ${late}/${budget / 2} | ${skills.join(' / ')} |`,
);
