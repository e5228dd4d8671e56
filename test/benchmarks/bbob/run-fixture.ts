/** A hand-made benchmark run whose final regret is `final` (two steps), for the bbob table tests. */
import type { RunResult } from '../../../benchmarks/loop.js';

export function fakeRun(problem: string, algorithm: string, seed: number, final: number): RunResult {
  return { problem, algorithm, seed, budget: 2, initialTrials: 1, regret: [final * 2, final], askMs: [0, 0], phases: ['a', 'b'], fallbackReasons: {}, wallMs: 0 };
}
