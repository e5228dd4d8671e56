/**
 * An initial design centred on a mixture's natural (token) distribution (issue 22): practitioners
 * start from the corpus's natural proportions, and RegMix (Liu et al. 2024, §3) samples its proxy
 * mixtures from a Dirichlet centred on the token distribution. Point 0 of the study's space-filling
 * sequence gets the natural mixture itself; point i ≥ 1 gets a draw from Dirichlet(K·p) (p the
 * natural weights over K components: its mean is p, and a uniform p gives Dirichlet(1,…,1), the
 * uniform simplex the default design covers). Components with natural weight 0 stay at 0 in the
 * draws. Every point is then projected into the parameter's mixture constraints. The draw of point
 * i depends only on (seed, i), so parallel asks and restarted workers agree.
 */
import type { SimplexParam } from '../protocol/space.js';
import type { FieldIssue } from '../protocol/errors.js';
import { NATURAL_SUM_TOL } from '../protocol/mixture.js';
import { createRng, deriveSeed, type Rng } from './rng.js';
import { dirichlet } from './simplex.js';
import type { SearchSpace, SpaceSequence } from './space-types.js';

/** Stream id of the natural-design draws (any fixed constant). */
const NATURAL_STREAM = 0x7a7e1;

/** Issues of a simplex spec's `natural` field, paths under ['space', name, 'natural', ...]. */
export function naturalIssues(name: string, p: SimplexParam): FieldIssue[] {
  if (p.natural === undefined) return [];
  const comps = new Set(p.components);
  const unknown = Object.keys(p.natural).filter((c) => !comps.has(c));
  if (unknown.length > 0) return unknown.map((c) => ({ path: ['space', name, 'natural', c], message: `unknown component '${c}'` }));
  const sum = Object.values(p.natural).reduce((s, w) => s + w, 0);
  if (Math.abs(sum - 1) > NATURAL_SUM_TOL) return [{ path: ['space', name, 'natural'], message: `the natural weights sum to ${sum}, expected 1 (±${NATURAL_SUM_TOL})` }];
  return [];
}

/** The natural weights in component order, renormalised to sum 1; undefined when the spec has none. */
export function naturalWeights(p: SimplexParam): Float64Array | undefined {
  if (p.natural === undefined) return undefined;
  const w = Float64Array.from(p.components, (c) => p.natural![c] ?? 0);
  const sum = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / sum);
}

/** A Dirichlet(K·p) draw over p's support (entries where p is 0 stay 0). */
export function naturalDraw(p: Float64Array, rng: Rng): Float64Array {
  const k = p.length;
  const support = Array.from({ length: k }, (_, i) => i).filter((i) => p[i] > 0);
  const w = new Float64Array(k);
  const draw = dirichlet(support.map((i) => k * p[i]), rng);
  support.forEach((i, j) => { w[i] = draw[j]; });
  return w;
}

/**
 * The study's space-filling sequence with every simplex block that has a natural distribution
 * replaced as described above (the other coordinates keep their Sobol values); `seq` itself when
 * no parameter has one.
 */
export function centreOnNatural(space: SearchSpace, seq: SpaceSequence, seed: number): SpaceSequence {
  const blocks = space.dimensions.flatMap((d) => (d.kind === 'simplex' && d.natural ? [{ indices: d.indices, natural: d.natural }] : []));
  if (blocks.length === 0) return seq;
  return {
    point(i) {
      const x = seq.point(i);
      const rng = createRng(deriveSeed(seed, NATURAL_STREAM, i));
      for (const b of blocks) {
        const w = i === 0 ? b.natural : naturalDraw(b.natural, rng);
        b.indices.forEach((col, j) => { x[col] = w[j]; });
      }
      return space.project(x);
    },
  };
}
