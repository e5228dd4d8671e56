/**
 * Child process of the benchmark runner: receives {id, problem, algorithm, seed, budget,
 * initialTrials} over IPC, runs it, sends {id, result} or {id, error}. Exits when the parent disconnects.
 */
import { runOne } from './loop.js';
import { getProblem } from './problems/all.js';

/** One task sent by the parent. */
export interface BenchTask {
  readonly id: number;
  readonly problem: string;
  readonly algorithm: string;
  readonly seed: number;
  readonly budget: number;
  readonly initialTrials: number;
}

process.on('message', (task: BenchTask) => {
  runOne(getProblem(task.problem), task.algorithm, task.seed, task.budget, task.initialTrials)
    .then((result) => process.send?.({ id: task.id, result }))
    .catch((e: unknown) => process.send?.({ id: task.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
});
process.on('disconnect', () => process.exit(0));
