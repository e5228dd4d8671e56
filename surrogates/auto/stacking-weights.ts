/**
 * Stacking of predictive distributions (Yao, Vehtari, Simpson & Gelman 2018, "Using stacking to
 * average Bayesian predictive distributions", Bayesian Analysis 13(3), eq. 4): the weights
 *   w = argmax_{w ∈ simplex} Σ_i log Σ_k w_k p_k(y_i | y_−i)
 * over K candidates' leave-one-out predictive densities (ℓ_ik = log p_k(y_i | y_−i), n×K, all in the
 * same output-transform space). The objective is concave in w, so a fixed point of the EM update
 *   w_k ← w_k · (1/n) Σ_i p_ik / Σ_j w_j p_ij
 * (the mixture-weight EM step, monotone, Dempster, Laird & Rubin 1977) is the maximum. Convergence
 * test (a certificate, not a step size): with g_k = (1/n) Σ_i p_ik / p_i(w) (Σ_k w_k g_k = 1),
 * concavity gives f(w*) − f(w) ≤ n·(max_k g_k − 1), so the loop stops once the per-observation gap
 * max_k g_k − 1 is below `tolerance`.
 */

/** Weights below this are dropped and the rest re-solved on the remaining members (see dropSmall). */
export const MIN_STACK_WEIGHT = 0.01;

/** Per-observation optimality gap at which the solver stops (nats per observation). */
export const STACK_TOLERANCE = 1e-9;

/** EM iterations at most (K ≤ 6, n ≤ a few hundred: 1e5 iterations cost well under a second). */
export const STACK_MAX_ITERATIONS = 100_000;

/** The solved weights with the certificate that they are optimal. */
export interface StackingSolution {
  /** Length K, on the simplex. */
  readonly weights: Float64Array;
  /** Σ_i log Σ_k w_k p_ik at `weights` (the stacked LOO elpd, nats). */
  readonly objective: number;
  /** max_k g_k − 1 at `weights`: the objective is within n·gap of the optimum. */
  readonly gap: number;
  readonly iterations: number;
}

/**
 * Solve the stacking problem for log densities `logDensities[k][i]` (K arrays of length n), over the
 * members `active` (default all; the others get weight 0). Densities are rescaled per observation by
 * their largest member (exact: a per-row constant does not move the argmax) so exp never underflows.
 */
export function stackingWeights(logDensities: readonly Float64Array[], active?: readonly boolean[], tolerance = STACK_TOLERANCE, start?: Float64Array): StackingSolution {
  const K = logDensities.length;
  if (K === 0) throw new RangeError('stackingWeights: no candidates');
  const n = logDensities[0].length;
  const on = Array.from({ length: K }, (_, k) => active?.[k] ?? true);
  const members = on.filter(Boolean).length;
  if (members === 0) throw new RangeError('stackingWeights: no active candidate');
  const { p, rowMax } = rowScaledDensities(logDensities, on);
  // EM keeps a zero weight at zero, so a warm start lifts every active member off zero before renormalizing.
  let w = start === undefined ? Float64Array.from(on, (a) => (a ? 1 / members : 0)) : warmStart(start, on);
  const g = new Float64Array(K);
  let gap = Infinity;
  let iterations = 0;
  const gradient = (): void => {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      let mix = 0;
      for (let k = 0; k < K; k++) mix += w[k] * p[i * K + k];
      if (!(mix > 0)) continue;
      for (let k = 0; k < K; k++) g[k] += p[i * K + k] / mix / n;
    }
  };
  for (; iterations < STACK_MAX_ITERATIONS; iterations++) {
    gradient();
    gap = -Infinity;
    for (let k = 0; k < K; k++) if (on[k]) gap = Math.max(gap, g[k] - 1);
    if (gap <= tolerance || n === 0) break;
    const next = Float64Array.from(w, (wk, k) => wk * g[k]);
    let s = 0;
    for (const v of next) s += v;
    w = Float64Array.from(next, (v) => v / s);
  }
  let objective = 0;
  for (let i = 0; i < n; i++) {
    let mix = 0;
    for (let k = 0; k < K; k++) mix += w[k] * p[i * K + k];
    objective += Math.log(mix) + rowMax[i];
  }
  return { weights: w, objective, gap: Math.max(gap, 0), iterations };
}

/**
 * The densities as an n×K row-major matrix p[i*K + k] = exp(ℓ_ik − max_k ℓ_ik) over the members `on`
 * (the others 0): each row's top member has density 1, so exp never underflows, and the per-row
 * constant rowMax[i] does not move the argmax over weights.
 */
export function rowScaledDensities(logDensities: readonly Float64Array[], on: readonly boolean[]): { p: Float64Array; rowMax: Float64Array } {
  const K = logDensities.length;
  const n = logDensities[0]?.length ?? 0;
  const p = new Float64Array(n * K);
  const rowMax = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let top = -Infinity;
    for (let k = 0; k < K; k++) if (on[k] && logDensities[k][i] > top) top = logDensities[k][i];
    rowMax[i] = top;
    for (let k = 0; k < K; k++) p[i * K + k] = on[k] && Number.isFinite(top) ? Math.exp(logDensities[k][i] - top) : 0;
  }
  return { p, rowMax };
}

/**
 * Stacking weights with members below `minWeight` dropped: the problem is solved, every member under
 * the threshold is removed and it is solved again on the rest, until none is under it. Why drop: a
 * member at weight < 1% moves log Σ w_k EI_k by less than log(1.01)·(EI_k/EI_mix) where it does not
 * dominate, yet costs a full posterior per acquisition evaluation and gets about one of qLogNEI's
 * 128 stratified draws. Re-solving (rather than renormalizing) keeps the weights optimal on the
 * members that remain.
 */
export function stackingWeightsWithDrop(logDensities: readonly Float64Array[], minWeight = MIN_STACK_WEIGHT, tolerance = STACK_TOLERANCE, start?: Float64Array): StackingSolution & { readonly dropped: readonly { readonly index: number; readonly weight: number }[] } {
  const K = logDensities.length;
  const active = Array.from({ length: K }, () => true);
  const dropped: { index: number; weight: number }[] = [];
  for (;;) {
    const s = stackingWeights(logDensities, active, tolerance, dropped.length === 0 ? start : undefined);
    const small = [...s.weights.keys()].filter((k) => active[k] && s.weights[k] < minWeight);
    if (small.length === 0 || small.length === active.filter(Boolean).length) return { ...s, dropped };
    for (const k of small) {
      active[k] = false;
      dropped.push({ index: k, weight: s.weights[k] });
    }
  }
}

/** A start for EM on the active members: `start` floored at 1e-3 (EM cannot move a weight off zero), renormalized. */
function warmStart(start: Float64Array, on: readonly boolean[]): Float64Array {
  const w = Float64Array.from(on, (a, k) => (a ? Math.max(start[k] ?? 0, 1e-3) : 0));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}
