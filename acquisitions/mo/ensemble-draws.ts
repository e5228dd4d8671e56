/**
 * Fixed-base joint draws of one outcome with an ensemble posterior (surrogates/ensemble.ts: M
 * equally weighted members, member s Gaussian N(μ_s(x), v_s(x)) independent across rows, v_s = 0
 * for a function draw such as one HMC network), as BoTorch's EnsemblePosterior samples: draw i
 * belongs to member s_i for every row it covers, head and candidate alike,
 *   head         Y_ij = μ_{s_i}(H_j) + √v_{s_i}(H_j)·z_ij           (S×h, fixed)
 *   candidate    ξ_i(x) = μ_{s_i}(x) + √v_{s_i}(x)·z_ix,
 *   gradient     Σ_i g_i ∇ξ_i = Σ_s [(Σ_{i: s_i = s} g_i) ∇μ_s + (Σ_{i: s_i = s} g_i z_ix)/(2√v_s)·∇v_s]
 * (from the model's predictEnsembleWithGradient). Members are stratified: s_i = ⌊π(i)·M/S⌋ with π a
 * seeded permutation of the S samples per outcome, so every member gets S/M draws (±1) as in
 * EnsemblePosterior.sampleFromBase, the assignment is fixed across optimizer iterations (common
 * random numbers) and, with one permutation per outcome, the members of different outcomes are
 * paired at random instead of index by index (the outcomes' models are independent fits, so
 * member s of one outcome has nothing to do with member s of another).
 */
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import type { EnsemblePosterior, FittedSurrogate } from '../../surrogates/types.js';
import type { OutcomeDraws, PointDraws } from './outcome-draws.js';

/** Member of each of S samples for M members: stratified, shuffled by `seed` (Fisher–Yates). */
export function stratifiedMembers(samples: number, members: number, seed: number): Int32Array {
  const perm = Int32Array.from({ length: samples }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = samples - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return Int32Array.from(perm, (p) => Math.floor((p * members) / samples));
}

/**
 * Draws of one ensemble outcome: `headPosterior` at the head's h rows, `membersAt(X)` the same
 * model's ensemble at other rows, zH (S×h) and zx (S) standard-normal base samples, `memberSeed`
 * the permutation's seed.
 */
export function ensembleDraws(model: FittedSurrogate, headPosterior: EnsemblePosterior, membersAt: (X: Matrix) => EnsemblePosterior, zH: Float64Array, zx: Float64Array, samples: number, memberSeed: number): OutcomeDraws {
  const S = samples;
  const M = headPosterior.members;
  const h = headPosterior.size;
  const member = stratifiedMembers(S, M, memberSeed);
  const mu = headPosterior.memberMeans().data;
  const v = headPosterior.memberVariances().data;
  const head = new Float64Array(S * h);
  for (let i = 0; i < S; i++) {
    const o = member[i] * h;
    for (let j = 0; j < h; j++) head[i * h + j] = mu[o + j] + (v[o + j] > 0 ? Math.sqrt(v[o + j]) * zH[i * h + j] : 0);
  }
  const draws: OutcomeDraws = {
    head,
    batch(X: Matrix): Float64Array {
      const post = membersAt(X);
      if (post.members !== M) throw new RangeError(`surrogate '${model.kind}' changed its number of members (${M} -> ${post.members})`);
      const m = X.rows;
      const means = post.memberMeans().data;
      const vars = post.memberVariances().data;
      const out = new Float64Array(m * S);
      for (let r = 0; r < m; r++) {
        for (let i = 0; i < S; i++) {
          const o = member[i] * m + r;
          out[r * S + i] = means[o] + (vars[o] > 0 ? Math.sqrt(vars[o]) * zx[i] : 0);
        }
      }
      return out;
    },
  };
  const predict = model.predictEnsembleWithGradient?.bind(model);
  if (predict) {
    draws.point = (x: Float64Array): PointDraws => {
      const p = predict(x);
      if (p.means.length !== M) throw new RangeError(`surrogate '${model.kind}' predicts ${p.means.length} members at a point, ${M} at the head`);
      const sd = Float64Array.from(p.variances, (vs) => (vs > 0 ? Math.sqrt(vs) : 0));
      const xi = Float64Array.from(member, (s, i) => p.means[s] + sd[s] * zx[i]);
      return {
        xi,
        addGradient(g: Float64Array, grad: Float64Array): void {
          const d = grad.length;
          const gMean = new Float64Array(M);
          const gSd = new Float64Array(M);
          for (let i = 0; i < S; i++) {
            gMean[member[i]] += g[i];
            gSd[member[i]] += g[i] * zx[i];
          }
          for (let s = 0; s < M; s++) {
            const cv = sd[s] > 0 ? gSd[s] / (2 * sd[s]) : 0;
            if (gMean[s] === 0 && cv === 0) continue;
            for (let t = 0; t < d; t++) grad[t] += gMean[s] * p.dMeans.data[s * d + t] + cv * p.dVariances.data[s * d + t];
          }
        },
      };
    };
  }
  return draws;
}
