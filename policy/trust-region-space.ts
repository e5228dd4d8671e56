import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { Dimension, SearchSpace, SpaceSequence } from '../core/space-types.js';
import type { Box } from './trust-region.js';

/**
 * Encoded columns a trust region confines: continuous and integer parameters, except the int
 * parents of conditional parameters (moving them changes which columns are active, and the
 * optimizer moves them by discrete steps only). Categorical, simplex and fidelity columns keep
 * their whole range: a box has no meaning on a one-hot block or a simplex.
 */
export function confinableColumns(space: Pick<SearchSpace, 'dimensions' | 'conditionColumns'>): number[] {
  const parents = new Set(space.conditionColumns);
  return space.dimensions.filter((d) => (d.kind === 'continuous' || d.kind === 'integer') && !parents.has(d.index)).map((d) => (d as { index: number }).index);
}

/**
 * The space as the acquisition optimizer sees it inside a trust region: every raw sample, every
 * start and every returned point lies in `box` (x_j ∈ [lower_j, upper_j] for each confined
 * column j), so the acquisition is maximized over the region only; encode/decode are the inner
 * space's. How: sample and sequence map the inner space's Sobol points affinely into the box;
 * project clips to the box before the inner projection; the continuous relaxation reads the box
 * from `dimensions` (lower/upper), so L-BFGS-B never leaves it. An integer column lands on the
 * grid value whose cell contains the clipped value: within half a grid step of the box.
 */
export function trustRegionSpace(space: SearchSpace, box: Box): SearchSpace {
  const columns = confinableColumns(space);
  const confine = (x: Float64Array, affine: boolean): Float64Array => {
    for (const j of columns) {
      const lo = box.lower[j];
      const hi = box.upper[j];
      x[j] = affine ? lo + (hi - lo) * x[j] : Math.min(hi, Math.max(lo, x[j]));
    }
    return space.project(x);
  };
  const dimensions = space.dimensions.map((d): Dimension => {
    if (!columns.includes((d as { index?: number }).index ?? -1)) return d;
    if (d.kind === 'continuous') return { ...d, lower: box.lower[d.index], upper: box.upper[d.index] };
    if (d.kind !== 'integer') return d;
    if (d.grid.length === 0) return { ...d, lower: box.lower[d.index], upper: box.upper[d.index] };
    // The grid values inside the box, or the one nearest its middle when none is.
    const inside = d.grid.filter((g) => g >= box.lower[d.index] && g <= box.upper[d.index]);
    const mid = (box.lower[d.index] + box.upper[d.index]) / 2;
    const nearest = d.grid.reduce((a, g) => (Math.abs(g - mid) < Math.abs(a - mid) ? g : a), d.grid[0]);
    return { ...d, grid: inside.length > 0 ? inside : Float64Array.of(nearest) };
  });
  return {
    spec: space.spec,
    dim: space.dim,
    conditional: space.conditional,
    conditionColumns: space.conditionColumns,
    dimensions,
    encode: (p) => space.encode(p),
    decode: (x) => space.decode(x),
    validate: (p) => space.validate(p),
    activeParams: (p) => space.activeParams(p),
    inactiveCoordinates: (x) => space.inactiveCoordinates(x),
    project: (x) => confine(Float64Array.from(x), false),
    sample(n: number, rng: Rng): Matrix {
      const m = space.sample(n, rng);
      const d = space.dim;
      for (let i = 0; i < m.rows; i++) m.data.set(confine(m.data.slice(i * d, (i + 1) * d), true), i * d);
      return m;
    },
    sequence(rng: Rng): SpaceSequence {
      const inner = space.sequence(rng);
      return { point: (i) => confine(inner.point(i), true) };
    },
  };
}
