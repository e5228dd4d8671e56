import type { AlgorithmSpec } from '../../protocol/algorithm.js';
import { defaultInitialTrials } from '../../policy/bo-policy.js';

/** What placement looks at: the algorithm and the counts the policy will see. */
export interface PlacementInput {
  readonly algorithm: AlgorithmSpec;
  readonly dim: number;
  /** Completed observations with a finite value. */
  readonly completed: number;
  readonly pending: number;
  readonly count: number;
  /** A fidelity parameter or a candidate pool routes to the multi-fidelity policy. */
  readonly multiFidelity: boolean;
}

/**
 * The one placement rule: true when the ask is a cheap phase that stays on the event loop.
 * The initial Sobol design costs ~1 ms; a worker round trip would cost more than the work
 * (benchmarks/load.ts). The rule mirrors BoPolicy.suggest's own phase test (a whole batch inside
 * the initial design, or fewer than 2 values to fit) and is conservative elsewhere: when unsure
 * (multi-fidelity defaults differ), the ask goes to a worker, which is always correct, only slower.
 */
export function runsInProcess(p: PlacementInput): boolean {
  if (p.algorithm.surrogate === 'none') return true;
  if (p.completed < 2) return true;
  if (p.multiFidelity) return false;
  const nInit = p.algorithm.initialTrials ?? defaultInitialTrials(p.dim);
  return p.completed + p.pending + p.count <= nInit;
}
