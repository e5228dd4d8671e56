/**
 * The statistic of the sequential cheap design (policy/proxy-design-sequence.ts): the target row
 * that the proxy law fitted on the design's first n cheapest-level runs puts first. The law is fitted
 * exactly as MfPolicy fits it once the design is done (policy/proxy-mean.ts's ridge or
 * policy/proxy-mean-gp.ts's GP on per-level standardized values, with the law stream's seed; for
 * 'auto' the law policy/proxy-law-choice.ts picks on those n runs), so the checkpoint the design
 * stops at ranks the target rows as the target model will.
 */
import type { Matrix } from '../core/matrix.js';
import type { SearchSpace } from '../core/space-types.js';
import { levelStandardize } from '../acquisitions/mf/level-transform.js';
import { chooseProxyLaw, type ProxyLawChoice } from './proxy-law-choice.js';
import { fitProxyMean, proxyColumns, type ProxyMean } from './proxy-mean.js';
import { fitGpProxyMean } from './proxy-mean-gp.js';
import type { CheckpointTop } from './proxy-design-sequence.js';
import { targetedOrder } from './proxy-design-batch.js';
import { topMargin } from './proxy-design-margin.js';

/** What the top row's law is fitted on. */
export interface DesignTopInput {
  readonly space: SearchSpace;
  /** Encoded rows of the design's first n runs (all at the cheapest level) and their values (maximized). */
  readonly X: readonly Float64Array[];
  readonly values: readonly number[];
  readonly cheapest: number;
  readonly target: number;
  readonly levels: number;
  readonly fidelityIndex: number;
  /** The encoded pool and its target rows (pool indices). */
  readonly pool: Matrix;
  readonly targetRows: readonly number[];
  readonly law: 'linear' | 'gp' | 'auto';
  readonly seed: number;
  /** Cheapest-level pool rows to order for the next batch (GP law only; policy/proxy-design-batch.ts); absent: no order. */
  readonly candidates?: readonly number[];
}

/** A checkpoint's top row and, with the GP law and candidates, the order the next batch asks them in. */
export interface DesignCheckpoint {
  readonly top: CheckpointTop;
  readonly order?: readonly number[];
}

/** The proxy law φ on the given runs (and, for 'auto', the choice that named it). */
export async function designLaw(input: Omit<DesignTopInput, 'pool' | 'targetRows'>): Promise<{ law: 'linear' | 'gp'; proxy: ProxyMean; choice?: ProxyLawChoice }> {
  const { space, X, values, cheapest, target, levels, fidelityIndex, seed } = input;
  const n = X.length;
  const d = space.dim;
  const Xm: Matrix = { rows: n, cols: d, data: new Float64Array(n * d) };
  X.forEach((x, i) => Xm.data.set(x, i * d));
  const lev = X.map(() => cheapest);
  const z = levelStandardize(values, lev, levels).z;
  let choice: ProxyLawChoice | undefined;
  if (input.law === 'auto') {
    const cols = proxyColumns(space, fidelityIndex);
    const F: Matrix = { rows: n, cols: cols.length, data: Float64Array.from(X.flatMap((x) => cols.map((c) => x[c]))) };
    choice = await chooseProxyLaw(F, values, seed);
  }
  const law = input.law === 'gp' || choice?.law === 'gp' ? 'gp' : 'linear';
  const proxy = law === 'gp' ? await fitGpProxyMean(space, Xm, lev, z, target, fidelityIndex, seed) : fitProxyMean(space, Xm, lev, z, target, fidelityIndex);
  return { law, proxy, ...(choice ? { choice } : {}) };
}

/** The target rows ordered by φ, highest first (lower pool index on a tie). */
function byPhi(proxy: ProxyMean, pool: Matrix, rows: readonly number[]): number[] {
  const d = pool.cols;
  const phi = rows.map((r) => proxy.basis.value(pool.data.subarray(r * d, (r + 1) * d)));
  return rows.map((r, i) => ({ r, v: phi[i] })).sort((a, b) => b.v - a.v || a.r - b.r).map((e) => e.r);
}

/** The target row of highest φ (lowest pool index on a tie), its margin over the runner-up and, for the GP law, the next batch's order. */
export async function designTop(input: DesignTopInput): Promise<DesignCheckpoint> {
  const { law, proxy } = await designLaw(input);
  const [top, second] = byPhi(proxy, input.pool, input.targetRows);
  const order = law === 'gp' && input.candidates && second !== undefined ? targetedOrder(proxy, input.pool, top, second, input.candidates) : undefined;
  const margin = second !== undefined ? topMargin(proxy, input.pool, top, second) : undefined;
  return { top: { runs: input.X.length, top, law, ...(second !== undefined ? { runnerUp: second } : {}), ...(margin ? { margin } : {}) }, ...(order ? { order } : {}) };
}
