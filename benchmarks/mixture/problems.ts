/**
 * Pool benchmarks built from the ADMIRE datasets (seed-specs §3.3–3.5). A query of a pool row
 * reveals that run's target value and costs its level's relative cost.
 */
import type { Params, SpaceSpec } from '../../protocol/space.js';
import { loadAdmireIft, loadRegmixPile, type MixtureDataset } from './data.js';

/** A pool-mode data-mixture problem. */
export interface PoolProblem {
  readonly name: string;
  readonly space: SpaceSpec;
  readonly direction: 'maximize' | 'minimize';
  readonly levelNames: readonly string[];
  readonly costs: readonly number[];
  readonly target: number;
  /** Candidate rows (params incl. the fidelity level), their level and true value. */
  readonly pool: Params[];
  readonly poolLevel: number[];
  readonly poolValue: number[];
  /** Best target-level value in the pool. */
  readonly best: number;
  /** Success tolerance on the best target-level value found. */
  readonly epsilon: number;
  /** Cheapest-level runs outside the pool that a regression baseline may train on (RegMix's own 512 proxy runs). */
  readonly extraProxies?: readonly { readonly weights: readonly number[]; readonly value: number }[];
}

/** Build a pool problem: `take[k]` rows of level k (all when undefined), in file order. */
function poolProblem(
  name: string,
  data: MixtureDataset,
  costs: number[],
  direction: 'maximize' | 'minimize',
  take: (number | undefined)[],
  epsilon: number,
): PoolProblem {
  const levels = data.levels.map((value, k) => ({ value, cost: costs[k] }));
  const target = data.levels.length - 1;
  const space: SpaceSpec = {
    mixture: { type: 'simplex', components: data.components },
    model: { type: 'fidelity', levels, target: data.levels[target] },
  };
  const pool: Params[] = [];
  const poolLevel: number[] = [];
  const poolValue: number[] = [];
  data.runs.forEach((runs, k) => {
    for (const r of runs.slice(0, take[k] ?? runs.length)) {
      pool.push({ mixture: Object.fromEntries(data.components.map((c, j) => [c, r.weights[j]])), model: data.levels[k] });
      poolLevel.push(k);
      poolValue.push(r.value);
    }
  });
  const targetValues = poolValue.filter((_, i) => poolLevel[i] === target);
  const best = direction === 'maximize' ? Math.max(...targetValues) : Math.min(...targetValues);
  return { name, space, direction, levelNames: data.levels, costs, target, pool, poolLevel, poolValue, best, epsilon };
}

/**
 * admire-ift: target metric_avg_id+ood at 7B (maximize); levels 0.5B/3B/7B with the relative mean
 * train times 0.177/0.482/1; pools: all 256 0.5B and 128 3B rows, the first 60 7B rows (ADMIRE's
 * pool; rows 60–75 are its held-out test set). ε = 0.001.
 */
export function admireIft(dir?: string): PoolProblem {
  return poolProblem('admire-ift', loadAdmireIft(dir), [0.177, 0.482, 1], 'maximize', [undefined, undefined, 60], 0.001);
}

/**
 * regmix-pile: target the average validation loss at 1B (minimize); levels 1M/60M/1B with costs
 * proportional to parameters (0.001/0.06/1, as ADMIRE); pools: the 256 1M test rows (the same
 * mixtures as the 60M rows; the 512 1M train rows are left out to keep the GP small), the 256 60M
 * rows, the first 48 1B rows (seed-specs §3.4). ε = 0.001.
 */
export function regmixPile(dir?: string): PoolProblem {
  const data = loadRegmixPile(dir);
  // runs[0] holds the 512 train rows, then the 256 test rows: keep the test rows only.
  const trimmed: MixtureDataset = { ...data, runs: [data.runs[0].slice(512), data.runs[1], data.runs[2]] };
  const extraProxies = data.runs[0].slice(0, 512).map((r) => ({ weights: Array.from(r.weights), value: r.value }));
  return { ...poolProblem('regmix-pile', trimmed, [0.001, 0.06, 1], 'minimize', [undefined, undefined, 48], 0.001), extraProxies };
}
