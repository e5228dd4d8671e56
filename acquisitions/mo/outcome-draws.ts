/**
 * One outcome's joint posterior draws over the head (observed + pending points, fixed) and any
 * candidate x, from fixed base samples: the seam between the multi-outcome surface
 * (sample-surface.ts) and the posterior kinds (surrogates/types.ts), routed by the posterior's
 * kind:
 *   gaussian    the joint Gaussian through its moments with the head (gaussian-draws.ts)
 *   student-t   the joint multivariate t: the Gaussian root on base samples scaled by one fixed
 *               χ²_ν draw per sample (gaussian-draws.ts)
 *   ensemble    one member per sample, stratified and fixed, then that member's draws (ensemble-draws.ts)
 *   mixture     its members() as an ensemble (a mixture's joint draws are its members')
 *   bar         refused: a PFN predicts every row independently, so there are no joint draws
 * Base samples of outcome k, column j (head rows 0..h−1, the candidate h): createRng(deriveSeed(
 * seed, k, j)); the t's χ² column deriveSeed(seed, k, 0, 1), the members' permutation
 * deriveSeed(seed, k, 0, 2). Outcomes are independent and the surface is deterministic.
 */
import type { Matrix } from '../../core/matrix.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { gamma } from '../../core/simplex.js';
import { isEnsemble, isGaussian, isMixture, isStudentT, type EnsemblePosterior, type FittedSurrogate, type Posterior } from '../../surrogates/types.js';
import { ensembleDraws } from './ensemble-draws.js';
import { gaussianDraws } from './gaussian-draws.js';
import { outcomeMoments } from './outcome-moments.js';

/** One candidate's S draws and the chain rule back to x. */
export interface PointDraws {
  /** ξ_i(x), length S. */
  readonly xi: Float64Array;
  /** grad += Σ_i g_i ∂ξ_i/∂x (g: length S). */
  addGradient(g: Float64Array, grad: Float64Array): void;
}

/** Fixed-base joint draws of one outcome. */
export interface OutcomeDraws {
  /** S×h: sample i's draw at head row j sits at i·h + j. */
  readonly head: Float64Array;
  /** Draws at the rows of X (r rows): ξ_i(x_r) at r·S + i. */
  batch(X: Matrix): Float64Array;
  /** Draws at one x with their x-gradient; present when the model has analytic x-gradients for its kind. */
  point?(x: Float64Array): PointDraws;
  /** Set when the head covariance needed the pivoted root (gaussian-draws.ts): its rank, for diagnostics. */
  readonly pivotedRank?: number;
}

function baseColumn(seed: number, k: number, j: number, S: number): Float64Array {
  const rng = createRng(deriveSeed(seed, k, j));
  const c = new Float64Array(S);
  for (let i = 0; i < S; i++) c[i] = rng.normal();
  return c;
}

/** Standard-normal base samples of outcome k: zH S×h (sample i at i·h) and the candidate's zx. */
export function baseSamples(seed: number, k: number, h: number, S: number): { zH: Float64Array; zx: Float64Array } {
  const zH = new Float64Array(S * h);
  for (let j = 0; j < h; j++) {
    const c = baseColumn(seed, k, j, S);
    for (let i = 0; i < S; i++) zH[i * h + j] = c[i];
  }
  return { zH, zx: baseColumn(seed, k, h, S) };
}

/** The t's per-sample scales w_i = √((ν−2)/g_i), g_i ~ χ²_ν = 2·Gamma(ν/2) (fixed by seed and k). */
export function studentTScales(df: number, seed: number, k: number, S: number): Float64Array {
  if (!(df > 2)) throw new RangeError(`multi-outcome draws: a Student-t posterior needs ν > 2 for a covariance, got ${df}`);
  const rng = createRng(deriveSeed(seed, k, 0, 1));
  return Float64Array.from({ length: S }, () => Math.sqrt((df - 2) / (2 * gamma(df / 2, rng))));
}

/** The ensemble behind an ensemble or mixture posterior; undefined for other kinds. */
function membersOf(p: Posterior): EnsemblePosterior | undefined {
  if (isEnsemble(p)) return p;
  if (isMixture(p)) return p.members();
  return undefined;
}

/** Outcome k's draws from `model` over `head` with S samples (see the file comment). */
export function outcomeDraws(model: FittedSurrogate, head: Matrix, samples: number, seed: number, k: number): OutcomeDraws {
  const S = samples;
  const post = model.posterior(head);
  const base = baseSamples(seed, k, head.rows, S);
  if (isGaussian(post)) return gaussianDraws(outcomeMoments(model, head, post), base, S);
  if (isStudentT(post)) {
    const w = studentTScales(post.df, seed, k, S);
    const h = head.rows;
    for (let i = 0; i < S; i++) {
      base.zx[i] *= w[i];
      for (let j = 0; j < h; j++) base.zH[i * h + j] *= w[i];
    }
    return gaussianDraws(outcomeMoments(model, head, post), base, S);
  }
  const members = membersOf(post);
  if (members) {
    const at = (X: Matrix): EnsemblePosterior => {
      const e = membersOf(model.posterior(X));
      if (!e) throw new RangeError(`surrogate '${model.kind}' changed its posterior kind`);
      return e;
    };
    return ensembleDraws(model, members, at, base.zH, base.zx, S, deriveSeed(seed, k, 0, 2));
  }
  throw new RangeError(`multi-outcome acquisitions need joint posterior draws; surrogate '${model.kind}' gives a '${post.kind}' posterior, which predicts each point independently`);
}
