/**
 * A candidate pool encoded once per study (not per ask): the encoded rows, each row's level and a
 * hash key, so finding the rows not yet completed or pending is O(pool + taken) per ask instead
 * of O(pool × taken × d).
 */
import type { Matrix } from '../core/matrix.js';
import type { SearchSpace } from '../core/space-types.js';
import type { Params } from '../protocol/space.js';

/** Key of an encoded row, rounded to 1e-9 so the same point read back from JSON matches. */
export function rowKey(x: ArrayLike<number>, skip = -1): string {
  const parts: string[] = [];
  for (let j = 0; j < x.length; j++) if (j !== skip) parts.push((Math.round(x[j] * 1e9) / 1e9).toString());
  return parts.join(',');
}

/** The pool's encoded rows (m×d), per-row level index (0 without fidelity) and keys. */
export class PoolIndex {
  readonly X: Matrix;
  readonly level: Int32Array;
  readonly keys: string[];
  /** Keys without the fidelity coordinate (the mixture alone), for matching the same point across levels. */
  readonly pointKeys: string[];

  constructor(
    readonly space: SearchSpace,
    readonly params: readonly Params[],
  ) {
    const d = space.dim;
    const f = space.dimensions.find((x) => x.kind === 'fidelity');
    const data = new Float64Array(params.length * d);
    this.level = new Int32Array(params.length);
    this.keys = new Array<string>(params.length);
    this.pointKeys = new Array<string>(params.length);
    params.forEach((p, i) => {
      const x = space.encode(p);
      data.set(x, i * d);
      if (f && f.kind === 'fidelity') {
        let best = 0;
        for (let k = 1; k < f.grid.length; k++) if (Math.abs(f.grid[k] - x[f.index]) < Math.abs(f.grid[best] - x[f.index])) best = k;
        this.level[i] = best;
      }
      this.keys[i] = rowKey(x);
      this.pointKeys[i] = rowKey(x, f && f.kind === 'fidelity' ? f.index : -1);
    });
    this.X = { rows: params.length, cols: d, data };
  }

  /** Encoded row i (a view; do not mutate). */
  row(i: number): Float64Array {
    return this.X.data.subarray(i * this.X.cols, (i + 1) * this.X.cols);
  }

  /** Row index by key, built on the first lookup (enqueue checks; asks never need it). */
  private byKey?: Map<string, number>;

  /**
   * The index of the pool row equal to the encoded point `x` (the same 1e-9 rounding that decides
   * whether a row is taken), or -1 when `x` is not a pool row.
   */
  find(x: ArrayLike<number>): number {
    if (!this.byKey) {
      this.byKey = new Map();
      // First occurrence wins: a duplicated row is one candidate as far as matching goes.
      for (let i = 0; i < this.keys.length; i++) if (!this.byKey.has(this.keys[i])) this.byKey.set(this.keys[i], i);
    }
    return this.byKey.get(rowKey(x)) ?? -1;
  }

  /** Indices of rows passing `keep` whose point (fidelity included) is not among `taken` (encoded rows). */
  free(taken: readonly ArrayLike<number>[], keep: (i: number) => boolean = () => true): number[] {
    const used = new Set(taken.map((x) => rowKey(x)));
    const out: number[] = [];
    for (let i = 0; i < this.keys.length; i++) if (keep(i) && !used.has(this.keys[i])) out.push(i);
    return out;
  }
}
