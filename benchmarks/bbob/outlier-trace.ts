/**
 * Which observations a robust GP fit flags as outliers on one run, and where they rank (issue 20,
 * session 20): for each model ask, the number of flagged rows, the observed-value ranks of the
 * flagged rows (1 = best observed), and whether the flagged rows were true outliers (the observation
 * differs from the noise-free value by more than 1e-9 relative), with the run's regret.
 *   node --import tsx benchmarks/bbob/outlier-trace.ts --problem bbob_f022_i01_d02 --algorithm gp-qlognei-explore-robust [--seed 0] [--every 5]
 */
import { runOne, type AskStep } from '../loop.js';
import { getProblem } from '../problems/all.js';
import { cliArg, runLength } from './one-run-cli.js';

const problem = getProblem(cliArg('problem', 'bbob_f022_i01_d02'));
const algorithm = cliArg('algorithm', 'gp-qlognei-explore-robust');
const seed = Number(cliArg('seed', '0'));
const every = Number(cliArg('every', '5'));
const steps: AskStep[] = [];
const rows: string[] = ['| ask | phase | flagged | flagged ranks (1 = best observed) | true outliers among flagged | run regret |', '|---|---|---|---|---|---|'];
const result = await runOne(problem, algorithm, seed, runLength(problem).budget, runLength(problem).initial, (t, diagnostics, regret, step) => {
  const model = diagnostics.model as { robust?: { outlierRows?: number[] } } | undefined;
  const flagged = model?.robust?.outlierRows ?? [];
  // The fit saw the observations before this ask, in order.
  const order = steps.map((s, i) => ({ i, v: s.observed })).sort((a, b) => a.v - b.v).map((e) => e.i);
  const rank = new Map(order.map((row, r) => [row, r + 1]));
  const isOutlier = (row: number) => Math.abs(steps[row].observed - steps[row].clean) > 1e-9 * Math.max(1, Math.abs(steps[row].clean));
  if (t % every === 0 || flagged.length > 0) {
    rows.push(`| ${t} | ${String(diagnostics.phase)} | ${flagged.length} | ${flagged.map((r) => rank.get(r)).sort((a, b) => (a ?? 0) - (b ?? 0)).join(', ')} | ${flagged.filter(isOutlier).length} | ${regret.toPrecision(3)} |`);
  }
  steps.push(step);
});
console.log(`${problem.name} ${algorithm} seed ${seed}: final regret ${result.regret.at(-1)?.toPrecision(3)}`);
console.log(rows.join('\n'));
