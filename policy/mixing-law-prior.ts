/**
 * The mixing-law prior of the multi-fidelity policy (issue 22): a data-mixing law
 * (surrogates/mf-gp/mixing-law.ts) fitted on the runs below the target level, as the basis
 * function of the MF-GP's BasisKernel, so the GP's mean at every level follows the law as far as
 * the data support it. The law is fitted on the per-level standardized values of all lower-level
 * runs (z-scores of different levels are comparable: each level's mean and spread are removed)
 * and centred on those runs (the GP's constant mean keeps the offset). With fewer than 3 such
 * runs φ ≡ 0 (the kernel keeps its layout, so warm starts still match).
 */
import type { Matrix } from '../core/matrix.js';
import type { SearchSpace } from '../core/space-types.js';
import type { BasisFunction } from '../surrogates/mf-gp/basis-kernel.js';
import { fitMixingLaw, mixingLawGradient, mixingLawValue, type MixingLaw } from '../surrogates/mf-gp/mixing-law.js';

/** The basis and what was fitted (for diagnostics). */
export interface MixingLawPrior {
  readonly basis: BasisFunction;
  readonly law?: MixingLaw;
  /** Runs the law was fitted on. */
  readonly runs: number;
}

/** The simplex columns the law reads (the first simplex parameter's); undefined when the space has none. */
export function lawColumns(space: SearchSpace): readonly number[] | undefined {
  const dim = space.dimensions.find((d) => d.kind === 'simplex');
  return dim && dim.kind === 'simplex' ? dim.indices : undefined;
}

/** Fit the law on the rows of X (encoded, n×d) whose level is below `target`, values z (standardized). */
export function mixingLawPrior(space: SearchSpace, X: Matrix, level: readonly number[], z: ArrayLike<number>, target: number): MixingLawPrior {
  const cols = lawColumns(space);
  const rows = level.flatMap((l, i) => (l !== target ? [i] : []));
  const zero: BasisFunction = { value: () => 0, gradient: () => new Float64Array(X.cols) };
  if (!cols || rows.length < 3) return { basis: zero, runs: rows.length };
  const K = cols.length;
  const weights = (x: ArrayLike<number>) => Float64Array.from(cols, (c) => x[c]);
  const W = { rows: rows.length, cols: K, data: new Float64Array(rows.length * K) };
  rows.forEach((r, i) => W.data.set(weights(X.data.subarray(r * X.cols, (r + 1) * X.cols)), i * K));
  const law = fitMixingLaw(W, rows.map((r) => z[r]));
  if (!law) return { basis: zero, runs: rows.length };
  let centre = 0;
  for (let i = 0; i < rows.length; i++) centre += mixingLawValue(law, W.data.subarray(i * K, (i + 1) * K)) / rows.length;
  const basis: BasisFunction = {
    value: (x) => mixingLawValue(law, weights(x)) - centre,
    gradient: (x) => {
      const g = new Float64Array(X.cols);
      mixingLawGradient(law, weights(x)).forEach((v, j) => { g[cols[j]] = v; });
      return g;
    },
  };
  return { basis, law, runs: rows.length };
}
