/**
 * What the one-run trace tools of this folder share (noise-trace, basin-trace, outlier-trace,
 * prior-evidence, noise-gate-probe): `--key value` options and the run length the quality runner
 * gives a problem, so a trace is the run the runner makes.
 */
import { parseBbobName } from '../problems/bbob/problem.js';
import { bbobBudget } from '../problems/bbob/sets.js';
import { defaultBudget, defaultInitialTrials, type Problem } from '../problems/types.js';

const argv = process.argv.slice(2);

/** The value after `--key` on the command line, else `fallback`. */
export function cliArg(key: string, fallback: string): string {
  const i = argv.indexOf(`--${key}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

/** Whether the bare flag `--key` is on the command line. */
export function cliFlag(key: string): boolean {
  return argv.includes(`--${key}`);
}

/** Budget and initial design as benchmarks/run.ts gives them: bbob's budget (200 at d = 20) for a bbob problem, the suite's otherwise. */
export function runLength(problem: Problem): { budget: number; initial: number } {
  const d = problem.dim;
  return { budget: parseBbobName(problem.name) ? bbobBudget(d) : defaultBudget(d), initial: defaultInitialTrials(d) };
}
