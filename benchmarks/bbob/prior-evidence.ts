/**
 * Which lengthscale prior the data of a run support (issue 20, session 17): runs one algorithm on one bbob
 * problem and seed (benchmarks/loop.ts), and at the given trial counts fits the GP to the trials so far
 * under each lengthscale prior ('gamma', 'dimension-scaled'), on the default outcome transform (half-rank),
 * and prints each fit's Laplace log evidence (surrogates/gp/laplace-evidence.ts), its fitted noise and
 * lengthscale range, and the leave-one-out log density.
 *   node --import tsx benchmarks/bbob/prior-evidence.ts --problem bbob_f001_i01_d20_gauss-high [--algorithm gp-qlognei-explore] [--seed 0] [--at 50,100,150]
 */
import { halfRankLogWarp } from '../../core/output-warp.js';
import { fromRows } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { fitGp } from '../../surrogates/gp/gp-fit.js';
import { GpOptions, resolveModelSpec } from '../../surrogates/gp/gp-options.js';
import { laplaceLogEvidence } from '../../surrogates/gp/laplace-evidence.js';
import { runOne, type AskStep } from '../loop.js';
import { getProblem } from '../problems/all.js';
import { cliArg, runLength } from './one-run-cli.js';

const problem = getProblem(cliArg('problem', 'bbob_f001_i01_d20_gauss-high'));
const algorithm = cliArg('algorithm', 'gp-qlognei-explore');
const seed = Number(cliArg('seed', '0'));
const d = problem.dim;
const { budget, initial } = runLength(problem);
const at = cliArg('at', '50,100,150').split(',').map(Number).filter((n) => n > 2 && n <= budget);

const steps: AskStep[] = [];
const result = await runOne(problem, algorithm, seed, budget, initial, (_t, _diag, _regret, step) => steps.push(step));
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4));

console.log(`${problem.name} ${algorithm} seed ${seed}: final regret ${fmt(result.regret[result.regret.length - 1])}`);
console.log('| n | prior | log evidence (Laplace) | log marginal likelihood | free | fitted noise | lengthscales | LOO log density (mean) |');
console.log('|---|---|---|---|---|---|---|');
for (const n of at) {
  const X = fromRows(steps.slice(0, n).map((s) => s.x.map((v, i) => (v - problem.lower[i]) / (problem.upper[i] - problem.lower[i]))), d);
  const y = halfRankLogWarp(steps.slice(0, n).map((s) => s.observed)).y;
  for (const prior of ['gamma', 'dimension-scaled'] as const) {
    const options = GpOptions.parse({ lengthscalePrior: prior });
    const fitted = await fitGp(options, { X, y }, { rng: createRng(seed) });
    const ev = laplaceLogEvidence(resolveModelSpec(options, d), fitted);
    const ls = Array.from(fitted.params.subarray(0, d), Math.exp);
    const loo = fitted.capabilities.leaveOneOut!();
    let lpd = 0;
    for (let i = 0; i < n; i++) lpd += -0.5 * Math.log(2 * Math.PI * loo.variance[i]) - (y[i] - loo.mean[i]) ** 2 / (2 * loo.variance[i]);
    console.log(`| ${n} | ${prior} | ${fmt(ev.logEvidence)} | ${fmt(ev.logMarginalLikelihood)} | ${ev.free} | ${fmt(fitted.noise)} | ${fmt(Math.min(...ls))}–${fmt(Math.max(...ls))} | ${fmt(lpd / n)} |`);
  }
}
