import { projectToCappedSimplex } from '../core/capped-simplex.js';
import type { Dimension, SearchSpace } from '../core/space-types.js';

/**
 * The continuous relaxation the acquisition optimizer searches, built from space.dimensions:
 * free box coordinates (continuous; integers relaxed between their first and last grid value)
 * and simplex blocks reparameterized as w = u/Σu with u ∈ [0,1]^K (box bounds reach w_k = 0
 * exactly; the map is scale-invariant, so the gradient is orthogonal to u and never drives Σu
 * to 0). A simplex with mixture bounds maps w = P(u/Σu), P the projection onto the capped simplex
 * (core/capped-simplex.ts), so every iterate meets the bounds; minWeight is left to space.project. Categorical and fidelity coordinates stay at the start's values and are searched by
 * enumeration (DiscreteMove); pinned coordinates (`fixed`) are not variables at all.
 */
export type DiscreteMove =
  | { readonly kind: 'integer'; readonly index: number; readonly grid: Float64Array }
  | { readonly kind: 'categorical'; readonly indices: readonly number[] }
  | { readonly kind: 'levels'; readonly index: number; readonly grid: Float64Array };

type Segment = { readonly type: 'box'; readonly index: number; readonly v: number } | { readonly type: 'simplex'; readonly indices: readonly number[]; readonly v: number; readonly bounds?: { lower: Float64Array; upper: Float64Array } };

/** A pinned coordinate of the encoded row (e.g. a fidelity at its target level). */
export interface FixedCoordinate {
  readonly index: number;
  readonly value: number;
}

/** Variables v ↔ encoded rows x for one space and set of pinned coordinates. */
export interface Relaxation {
  /** Number of continuous variables. */
  readonly size: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Integer / categorical / fidelity coordinates to search by enumeration. */
  readonly moves: readonly DiscreteMove[];
  /** x ← base with the variables v written in (base supplies categorical/fidelity/pinned values). */
  toX(v: Float64Array, base: Float64Array, out: Float64Array): void;
  /** The variables of a valid encoded row. */
  fromX(x: Float64Array): Float64Array;
  /** Chain rule: gv = (∂x/∂v)ᵀ gx at v. */
  pullback(v: Float64Array, gx: Float64Array, gv: Float64Array): void;
  /** Write the pinned values into x. */
  pin(x: Float64Array): void;
  /** Round relaxed integers to their nearest grid value (in place). */
  roundIntegers(x: Float64Array): void;
}

/**
 * gz ← Jᵀ gz for w = P(z), z = u/S: on the free set F (lo < w < hi) J = I − 11ᵀ/|F|, elsewhere 0
 * (P is piecewise linear; at a kink this is one of its one-sided derivatives).
 */
function boundedPullback(v: Float64Array, from: number, sum: number, b: { lower: Float64Array; upper: Float64Array }, gz: number[]): void {
  const K = gz.length;
  const z = Array.from({ length: K }, (_, k) => v[from + k] / sum);
  const w = projectToCappedSimplex(z, b.lower, b.upper);
  let n = 0;
  let mean = 0;
  for (let k = 0; k < K; k++) {
    if (w[k] > b.lower[k] && w[k] < b.upper[k]) {
      n++;
      mean += gz[k];
    }
  }
  mean = n > 0 ? mean / n : 0;
  for (let k = 0; k < K; k++) gz[k] = w[k] > b.lower[k] && w[k] < b.upper[k] ? gz[k] - mean : 0;
}

/** Index of the grid value nearest to t (grid ascending). */
export function nearestIndex(grid: Float64Array, t: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (grid[mid] <= t) lo = mid;
    else hi = mid;
  }
  return Math.abs(grid[hi] - t) < Math.abs(grid[lo] - t) ? hi : lo;
}

/**
 * Build the relaxation of a space with some coordinates pinned. Integer columns in `discreteOnly`
 * are not relaxed, only moved by grid steps (int parents of conditional parameters: relaxing them
 * would change which columns are active in the middle of a continuous search).
 */
export function buildRelaxation(space: SearchSpace, fixed: readonly FixedCoordinate[] = [], discreteOnly: ReadonlySet<number> = new Set()): Relaxation {
  const pinned = new Map<number, number>();
  for (const f of fixed) {
    if (!(f.index >= 0 && f.index < space.dim)) throw new RangeError(`fixed index ${f.index} outside 0..${space.dim - 1}`);
    pinned.set(f.index, f.value);
  }
  const segments: Segment[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const moves: DiscreteMove[] = [];
  const integers: { index: number; grid: Float64Array }[] = [];
  const addBox = (index: number, lo: number, hi: number): void => {
    segments.push({ type: 'box', index, v: lower.length });
    lower.push(lo);
    upper.push(hi);
  };
  for (const dim of space.dimensions as readonly Dimension[]) {
    switch (dim.kind) {
      case 'continuous':
        if (!pinned.has(dim.index)) addBox(dim.index, dim.lower ?? 0, dim.upper ?? 1);
        break;
      case 'integer':
        if (pinned.has(dim.index)) break;
        if (dim.grid.length === 0) {
          if (!discreteOnly.has(dim.index)) addBox(dim.index, dim.lower ?? 0, dim.upper ?? 1); // huge range: relaxed, rounded by project
        } else if (dim.grid.length > 1) {
          if (!discreteOnly.has(dim.index)) addBox(dim.index, dim.grid[0], dim.grid[dim.grid.length - 1]);
          integers.push({ index: dim.index, grid: dim.grid });
          moves.push({ kind: 'integer', index: dim.index, grid: dim.grid });
        }
        break;
      case 'categorical':
        if (dim.choices > 1 && !dim.indices.some((i) => pinned.has(i))) moves.push({ kind: 'categorical', indices: dim.indices });
        break;
      case 'fidelity':
        if (!pinned.has(dim.index) && dim.grid.length > 1) moves.push({ kind: 'levels', index: dim.index, grid: dim.grid });
        break;
      case 'simplex':
        if (dim.indices.length > 1 && !dim.indices.some((i) => pinned.has(i))) {
          const bounds = dim.lower !== undefined && dim.upper !== undefined ? { lower: dim.lower, upper: dim.upper } : undefined;
          segments.push({ type: 'simplex', indices: dim.indices, v: lower.length, ...(bounds ? { bounds } : {}) });
          for (let k = 0; k < dim.indices.length; k++) {
            lower.push(0);
            upper.push(1);
          }
        }
        break;
    }
  }
  const size = lower.length;
  return {
    size,
    lower: Float64Array.from(lower),
    upper: Float64Array.from(upper),
    moves,
    toX(v, base, out) {
      out.set(base);
      for (const s of segments) {
        if (s.type === 'box') out[s.index] = v[s.v];
        else {
          const K = s.indices.length;
          let sum = 0;
          for (let k = 0; k < K; k++) sum += v[s.v + k];
          for (let k = 0; k < K; k++) out[s.indices[k]] = sum > 1e-300 ? v[s.v + k] / sum : 1 / K;
          if (s.bounds) {
            const w = projectToCappedSimplex(s.indices.map((i) => out[i]), s.bounds.lower, s.bounds.upper);
            for (let k = 0; k < K; k++) out[s.indices[k]] = w[k];
          }
        }
      }
      for (const [i, val] of pinned) out[i] = val;
    },
    fromX(x) {
      const v = new Float64Array(size);
      for (const s of segments) {
        if (s.type === 'box') v[s.v] = Math.min(upper[s.v], Math.max(lower[s.v], x[s.index]));
        else for (let k = 0; k < s.indices.length; k++) v[s.v + k] = Math.min(1, Math.max(0, x[s.indices[k]]));
      }
      return v;
    },
    pullback(v, gx, gv) {
      for (const s of segments) {
        if (s.type === 'box') gv[s.v] = gx[s.index];
        else {
          // w_k = u_k/S: ∂w_k/∂u_j = (δ_kj − w_k)/S, so gu_j = (g_j − Σ_k w_k g_k)/S.
          const K = s.indices.length;
          let sum = 0;
          for (let k = 0; k < K; k++) sum += v[s.v + k];
          if (!(sum > 1e-300)) {
            for (let k = 0; k < K; k++) gv[s.v + k] = 0;
            continue;
          }
          const gz = s.indices.map((i) => gx[i]);
          if (s.bounds) boundedPullback(v, s.v, sum, s.bounds, gz);
          let wg = 0;
          for (let k = 0; k < K; k++) wg += (v[s.v + k] / sum) * gz[k];
          for (let k = 0; k < K; k++) gv[s.v + k] = (gz[k] - wg) / sum;
        }
      }
    },
    pin(x) {
      for (const [i, val] of pinned) x[i] = val;
    },
    roundIntegers(x) {
      for (const it of integers) x[it.index] = it.grid[nearestIndex(it.grid, x[it.index])];
    },
  };
}
