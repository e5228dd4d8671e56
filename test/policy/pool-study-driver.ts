/**
 * Drives an MfPolicy over a fixed pool, one ask at a time, completing each asked row with a value
 * and cost computed from the row (shared by the proxy-mean tests). Returns each ask's pool index and
 * diagnostics in order.
 */
import type { SearchSpace } from '../../core/space-types.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import type { MfPolicy } from '../../policy/mf-policy.js';
import type { Observation } from '../../policy/types.js';

export interface PoolStudy {
  readonly space: SearchSpace;
  readonly pool: readonly Params[];
  /** The observed value of a completed row. */
  readonly value: (row: Params) => number;
  /** The cost of a completed row. */
  readonly cost: (row: Params) => number;
}

export async function runPoolStudy(policy: MfPolicy, study: PoolStudy, seed: number, asks: number) {
  const algorithm = AlgorithmSpec.parse({ seed });
  const completed: Observation[] = [];
  const out: { i: number; diagnostics: Record<string, unknown> }[] = [];
  for (let k = 0; k < asks; k++) {
    const d = await policy.suggest({ space: study.space, algorithm, direction: 'maximize', completed, pending: [], count: 1 });
    const i = (d.diagnostics.poolIndices as number[])[0];
    const row = study.pool[i];
    completed.push({ params: row, value: study.value(row), cost: study.cost(row) });
    out.push({ i, diagnostics: d.diagnostics });
  }
  return out;
}
