/**
 * The stacked mixture's leave-one-out log density with its weights held out too. The in-sample test of
 * stack-candidates.ts scores the mixture on the very densities its weights were fitted to, so at small
 * n the fitted weights look better than they are (choosing among K members on n points is optimistic by
 * about (K − 1)/n nats per observation, as in AIC). Here observation i is scored with the weights solved
 * on the other n − 1 rows: log Σ_k w_k^(−i) p_k(y_i | y_−i). Row i's held-out density is never above its
 * in-sample one (w* maximizes F, w^(−i) maximizes F − f_i; adding the two optimality inequalities gives
 * f_i(w^(−i)) ≤ f_i(w*)), so the held-out test is the stricter one. The members' own densities stay the
 * closed-form leave-one-out ones at hyperparameters fitted on all n points (refitting them per row would
 * cost a full fit per observation).
 *
 * n solves per ask: each is an active-set Newton method on the simplex (a handful of iterations, where the
 * EM update of stacking-weights.ts takes hundreds to thousands), warm-started at the full-data weights,
 * with the same optimality certificate as EM and EM from Newton's point if the certificate is not met.
 */
import { backwardTInPlace, choleskyInPlace, forwardInPlace } from '../../core/linalg/dense-js.js';
import { MIN_STACK_WEIGHT, rowScaledDensities, stackingWeights } from './stacking-weights.js';

/** Per-observation optimality gap for the held-out solves: well below the paired differences the test reads. */
export const HELD_OUT_TOLERANCE = 1e-7;

const NEWTON_ITERATIONS = 60;

/**
 * For members' LOO log densities `logDensities[k][i]` (K arrays of length n) and the full-data weights
 * `start` (warm start), the mixture's log density at each i under weights solved without row i, with
 * members below MIN_STACK_WEIGHT dropped and the rest re-solved, as the full stack does.
 */
export function heldOutMixtureDensities(logDensities: readonly Float64Array[], start: Float64Array): Float64Array {
  const K = logDensities.length;
  const n = logDensities[0]?.length ?? 0;
  const { p, rowMax } = rowScaledDensities(logDensities, logDensities.map(() => true));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = solveWithDrop(p, n, K, i, start, logDensities);
    let mix = 0;
    for (let k = 0; k < K; k++) mix += w[k] * p[i * K + k];
    out[i] = Number.isFinite(rowMax[i]) ? rowMax[i] + Math.log(mix) : rowMax[i];
  }
  return out;
}

/** Weights on every row but `skip`, members under MIN_STACK_WEIGHT dropped and the rest re-solved (stackingWeightsWithDrop's loop). */
function solveWithDrop(p: Float64Array, n: number, K: number, skip: number, start: Float64Array, logDensities: readonly Float64Array[]): Float64Array {
  const active = Array.from({ length: K }, () => true);
  for (;;) {
    const w = solveOnRows(p, n, K, skip, active, start, logDensities);
    const small = [...w.keys()].filter((k) => active[k] && w[k] < MIN_STACK_WEIGHT);
    if (small.length === 0 || small.length === active.filter(Boolean).length) return w;
    for (const k of small) active[k] = false;
  }
}

/**
 * argmax over the simplex (inactive members at 0) of Σ_{j ≠ skip} log Σ_k w_k p_jk. Gradient g_k = Σ_j p_jk / m_j
 * and negative Hessian H_kl = Σ_j p_jk p_jl / m_j² (m_j = Σ_k w_k p_jk); the equality-constrained Newton
 * step on the support is Δ = H⁻¹(g − ν1) with ν making Σ Δ = 0; a step that would take a weight below
 * zero stops there and the member leaves the support; a member outside it with g_k above the support's
 * level comes back in. Stops on stackingWeights' certificate max_k g_k / N − 1 ≤ HELD_OUT_TOLERANCE.
 */
function solveOnRows(p: Float64Array, n: number, K: number, skip: number, active: readonly boolean[], start: Float64Array, logDensities: readonly Float64Array[]): Float64Array {
  const rows = n - 1;
  let w = Float64Array.from(active, (a, k) => (a ? Math.max(start[k] ?? 0, 1e-3) : 0));
  normalize(w);
  const g = new Float64Array(K);
  const H = new Float64Array(K * K);
  const objective = (v: Float64Array): number => {
    let f = 0;
    for (let j = 0; j < n; j++) {
      if (j === skip) continue;
      let m = 0;
      for (let k = 0; k < K; k++) m += v[k] * p[j * K + k];
      f += Math.log(m);
    }
    return f;
  };
  for (let it = 0; it < NEWTON_ITERATIONS; it++) {
    g.fill(0);
    H.fill(0);
    for (let j = 0; j < n; j++) {
      if (j === skip) continue;
      let m = 0;
      for (let k = 0; k < K; k++) m += w[k] * p[j * K + k];
      if (!(m > 0)) continue;
      for (let k = 0; k < K; k++) {
        const a = p[j * K + k] / m;
        g[k] += a;
        for (let l = 0; l <= k; l++) H[k * K + l] += a * (p[j * K + l] / m);
      }
    }
    let gap = -Infinity;
    for (let k = 0; k < K; k++) if (active[k]) gap = Math.max(gap, g[k] / rows - 1);
    if (gap <= HELD_OUT_TOLERANCE || rows === 0) return w;
    // Support: members with weight, plus any whose gradient says weight would pay (g_k / N > 1).
    const support = [...w.keys()].filter((k) => active[k] && (w[k] > 0 || g[k] / rows - 1 > HELD_OUT_TOLERANCE));
    const step = newtonStep(g, H, K, support);
    if (step === null) break;
    let t = 1;
    for (const [s, k] of support.entries()) if (step[s] < 0) t = Math.min(t, w[k] / -step[s]);
    const f0 = objective(w);
    const slope = support.reduce((acc, k, s) => acc + g[k] * step[s], 0);
    for (let tries = 0; tries < 40; tries++, t /= 2) {
      const next = Float64Array.from(w);
      support.forEach((k, s) => (next[k] = Math.max(0, next[k] + t * step[s])));
      normalize(next);
      if (objective(next) >= f0 + 1e-4 * t * slope) {
        w = next;
        break;
      }
    }
  }
  // Newton did not certify (a degenerate support): EM from its point, on copies without row `skip`.
  const rest = logDensities.map((d) => Float64Array.from({ length: rows }, (_, j) => d[j < skip ? j : j + 1]));
  return stackingWeights(rest, active, HELD_OUT_TOLERANCE, w).weights;
}

/** Δ on `support` with Σ Δ = 0 maximizing the quadratic model: Δ = H⁻¹(g − ν1), ν = 1ᵀH⁻¹g / 1ᵀH⁻¹1; null if H is not positive definite there. */
function newtonStep(g: Float64Array, H: Float64Array, K: number, support: readonly number[]): Float64Array | null {
  const m = support.length;
  const L = new Float64Array(m * m);
  let trace = 0;
  for (let a = 0; a < m; a++) trace += H[support[a] * K + support[a]];
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) L[a * m + b] = H[support[a] * K + support[b]];
    // A relative ridge keeps near-identical members (e.g. stp sharing nngp's kernel) solvable.
    L[a * m + a] += 1e-12 * trace;
  }
  if (!choleskyInPlace(L, m)) return null;
  const solve = (b: Float64Array): Float64Array => {
    forwardInPlace(L, m, b);
    backwardTInPlace(L, m, b);
    return b;
  };
  const hg = solve(Float64Array.from(support, (k) => g[k]));
  const h1 = solve(new Float64Array(m).fill(1));
  const nu = hg.reduce((s, v) => s + v, 0) / h1.reduce((s, v) => s + v, 0);
  return Float64Array.from(hg, (v, a) => v - nu * h1[a]);
}

function normalize(w: Float64Array): void {
  let s = 0;
  for (const v of w) s += v;
  for (let k = 0; k < w.length; k++) w[k] /= s;
}
