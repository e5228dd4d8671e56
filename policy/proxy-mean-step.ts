/**
 * One ask of the multi-fidelity policy's 'proxy-mean' model in pool mode (issue 22): RegMix's
 * recipe made sequential and Bayesian.
 *  1. Proxy design: `proxyRuns` random rows of the cheapest lower level (RegMix trains its proxies
 *     up front and at random; a random design keeps the regression unbiased).
 *  2. Verify: with fewer than 2 target-level results, the target rows the proxy regression φ
 *     (policy/proxy-mean.ts) predicts best, in that order.
 *  3. Model (`targetModel`): 'linear', a Bayesian linear model at the target level
 *     (surrogates/bayes-linear.ts), z_T = a + c·φ(x) + wᵀ(x − x̄) + ε with c ~ N(1, 1), so the target
 *     results decide how far φ is trusted (c) and correct it linearly (w); or 'gp', φ plus a GP on
 *     the target residuals (policy/proxy-target-gp.ts). The free target row of highest posterior
 *     mean is asked next.
 * Lower-level rows are only asked in the design, or when no target row is left. This is the
 * "level-bias" form of a multi-fidelity model (the target is the proxy law plus a learned
 * correction, Kennedy & O'Hagan 2000 with the lower level summarised by a regression), which lets
 * target results override proxies that rank mixtures differently (ADMIRE IFT's 0.5B level has a
 * rank correlation of 0.48 with 7B).
 */
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import { levelOf, type MfLayout, type Pick } from '../acquisitions/mf/select.js';
import { fitBayesLinear } from '../surrogates/bayes-linear.js';
import { fitTargetGp } from './proxy-target-gp.js';
import { fitProxyMean, proxyColumns, type ProxyMean } from './proxy-mean.js';

/** What one proxy-mean ask needs. */
export interface ProxyMeanInput {
  readonly space: SearchSpace;
  readonly layout: MfLayout;
  /** Observed rows (encoded) with their levels, per-level standardized values and raw values (both maximized). */
  readonly Xobs: readonly Float64Array[];
  readonly level: readonly number[];
  readonly z: ArrayLike<number>;
  readonly targetValues: ArrayLike<number>;
  /** Pending rows (encoded). */
  readonly Xpend: readonly Float64Array[];
  /** The encoded pool and its free rows (not observed, not pending, passing the lowLevelRows filter). */
  readonly pool: Matrix;
  readonly free: readonly number[];
  /** Rows the proxy design draws from first (1): the proxies of target rows, i.e. of mixtures that can be chosen. */
  readonly preferred?: Uint8Array;
  readonly q: number;
  /** Size of the proxy design at the cheapest lower level. */
  readonly proxyRuns: number;
  readonly rng: Rng;
  /** The proxy law φ fitted by the caller (the GP law); absent: the ridge on the lower-level runs. */
  readonly proxy?: ProxyMean;
  /** The design's rows in the order to ask them (the sequential design's targeted batch); absent: at random. */
  readonly designOrder?: readonly number[];
  /** The target model (3): 'linear' (the Bayesian linear model) or 'gp' (φ plus a GP on the residuals) ['linear']. */
  readonly targetModel?: 'linear' | 'gp';
}

/** The ask's picks, its phase, the recommendation and what was fitted. */
export interface ProxyMeanResult {
  readonly picks: Pick[];
  readonly phase: 'proxy-design' | 'proxy-verify' | 'model';
  /** Why this phase runs now (diagnostics.phaseReason). */
  readonly phaseReason: string;
  /** Pool index of the target row with the best prediction, and (from the target model) its predicted value in the values' units. */
  readonly recommendation?: { readonly poolIndex: number; readonly predicted?: number };
  readonly proxy: ProxyMean;
  /** The linear target model: posterior mean and sd of φ's coefficient c, how far the target results trust the proxies. */
  readonly proxyWeight?: { readonly mean: number; readonly sd: number };
  /** Phase 'model': the target model that ranked the rows, on how many target results, and why (a failed GP fit falls back to 'linear'). */
  readonly targetModel?: TargetModelReport;
  readonly acquisitionValues: number[];
}

/** What the 'model' phase ran (diagnostics.targetModel). */
export interface TargetModelReport {
  readonly model: 'linear' | 'gp';
  readonly targetRuns: number;
  readonly reason: string;
  /** 'gp': the residual GP's noise variance, constant mean (standardized units) and φ's lengthscale (how far the discrepancy follows the law). */
  readonly noise?: number;
  readonly offset?: number;
  readonly phiLengthscale?: number;
}

/** The pool's row r as a fresh array. */
function rowOf(pool: Matrix, r: number): Float64Array {
  return pool.data.slice(r * pool.cols, (r + 1) * pool.cols);
}

/** Rows stacked as a matrix, with the fidelity column zeroed (the target GP sees one level). */
function targetMatrix(rows: readonly ArrayLike<number>[], d: number, fidelityIndex: number | undefined): Matrix {
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    data.set(r, i * d);
    if (fidelityIndex !== undefined) data[i * d + fidelityIndex] = 0;
  });
  return { rows: rows.length, cols: d, data };
}

/** `n` random entries of `from` (without replacement). */
function sample(from: readonly number[], n: number, rng: Rng): number[] {
  const left = [...from];
  const out: number[] = [];
  while (out.length < n && left.length > 0) out.push(left.splice(rng.int(left.length), 1)[0]);
  return out;
}

/** The first `n` rows of `order` that are in `from`. */
function inOrder(order: readonly number[], from: readonly number[], n: number): number[] {
  const allowed = new Set(from);
  return order.filter((r) => allowed.has(r)).slice(0, n);
}

/** Where the proxy design stands: the free target and cheapest rows, and how many design runs are still to ask. */
interface DesignState {
  readonly target: number;
  readonly cheapest: number;
  readonly levelOfRow: (r: number) => number;
  readonly freeTarget: readonly number[];
  /** Free cheapest-level rows the design draws from (proxies of target rows when there are any). */
  readonly freeCheap: readonly number[];
  readonly needProxies: number;
}

/** The inputs the design's state reads. */
export type DesignInput = Omit<ProxyMeanInput, 'space' | 'level' | 'z' | 'targetValues' | 'q' | 'rng' | 'proxy' | 'designOrder'>;

function designState(input: DesignInput): DesignState {
  const { layout, pool, free } = input;
  const f = layout.fidelity;
  const target = f ? f.target : 0;
  const d = pool.cols;
  const levelOfRow = (r: number) => levelOf(layout, pool.data.subarray(r * d, (r + 1) * d));
  const lower = f ? Array.from(f.grid, (_, k) => k).filter((k) => k !== target) : [];
  const cheapest = lower.reduce((a, k) => (layout.costs[k] < layout.costs[a] ? k : a), lower[0] ?? target);
  const freeTarget = free.filter((r) => levelOfRow(r) === target);
  const cheapRows = free.filter((r) => levelOfRow(r) === cheapest && cheapest !== target);
  const preferredCheap = cheapRows.filter((r) => input.preferred?.[r] === 1);
  const freeCheap = preferredCheap.length > 0 ? preferredCheap : cheapRows;
  const proxiesSoFar = [...input.Xobs, ...input.Xpend].filter((x) => levelOf(layout, x) === cheapest && cheapest !== target).length;
  return { target, cheapest, levelOfRow, freeTarget, freeCheap, needProxies: Math.max(0, input.proxyRuns - proxiesSoFar) };
}

/** Design runs proxy-mean would still ask at the cheapest level (0 once the design is asked or no cheapest row is free). */
export function proxyDesignLeft(input: DesignInput): number {
  const s = designState(input);
  return s.freeCheap.length > 0 ? s.needProxies : 0;
}

/** The proxy-mean ask (see the file comment). */
export async function proxyMeanStep(input: ProxyMeanInput): Promise<ProxyMeanResult> {
  const { space, layout, pool, free, q, rng } = input;
  const f = layout.fidelity;
  const d = pool.cols;
  const { target, levelOfRow, freeTarget, freeCheap, needProxies } = designState(input);
  const X = targetMatrix(input.Xobs, d, undefined);
  const proxy = input.proxy ?? fitProxyMean(space, X, input.level, input.z, target, f?.index);
  const picksOf = (rows: readonly number[], values: readonly number[]): Pick[] => rows.map((r, i) => ({ x: rowOf(pool, r), value: values[i] ?? NaN, poolIndex: r, level: levelOfRow(r) }));

  if ((needProxies > 0 && freeCheap.length > 0) || freeTarget.length === 0) {
    // The design, or no target row left: the cheapest proxies (then any free row) at random.
    const cheapFirst = freeCheap.length > 0 ? freeCheap : free;
    const want = Math.min(q, freeTarget.length === 0 ? q : needProxies);
    const rows = input.designOrder ? inOrder(input.designOrder, cheapFirst, want) : [];
    rows.push(...sample(cheapFirst.filter((r) => !rows.includes(r)), want - rows.length, rng));
    if (rows.length < q) rows.push(...sample(freeTarget.filter((r) => !rows.includes(r)), q - rows.length, rng));
    const phaseReason = freeTarget.length === 0 ? 'no target row is left: free rows of the cheapest level' : `the cheapest-level design: ${needProxies} of ${input.proxyRuns} runs still to ask`;
    return { picks: picksOf(rows, []), phase: 'proxy-design', phaseReason, proxy, acquisitionValues: rows.map(() => NaN), recommendation: proxyRecommendation(pool, levelOfRow, target, proxy) };
  }

  const targetObs = input.level.flatMap((l, i) => (l === target ? [i] : []));
  if (targetObs.length < 2) {
    // Verify the regression's best candidates at the target (RegMix's last step).
    const phi = freeTarget.map((r) => proxy.basis.value(pool.data.subarray(r * d, (r + 1) * d)));
    const order = freeTarget.map((_, i) => i).sort((a, b) => phi[b] - phi[a] || freeTarget[a] - freeTarget[b]);
    const rows = order.slice(0, q).map((i) => freeTarget[i]);
    const phaseReason = `${targetObs.length} target result(s), fewer than 2: the target rows the proxy law predicts best, in its order`;
    return { picks: picksOf(rows, rows.map((_, i) => phi[order[i]])), phase: 'proxy-verify', phaseReason, proxy, acquisitionValues: rows.map((_, i) => phi[order[i]]), recommendation: proxyRecommendation(pool, levelOfRow, target, proxy) };
  }

  // The target model: z_T = a + c·φ(x) + wᵀ(x − x̄) + ε, a ~ N(0, 1), c ~ N(1, 1), w ~ N(0, τ²I), ε ~ N(0, σ²).
  const cols = proxyColumns(space, f?.index);
  const allTarget = Array.from({ length: pool.rows }, (_, r) => r).filter((r) => levelOfRow(r) === target);
  const centre = new Float64Array(cols.length);
  for (const r of allTarget) cols.forEach((c, j) => { centre[j] += pool.data[r * d + c] / allTarget.length; });
  const features = (x: ArrayLike<number>): Float64Array => Float64Array.of(1, proxy.basis.value(x), ...cols.map((c, j) => x[c] - centre[j]));
  const m0 = Float64Array.from({ length: cols.length + 2 }, (_, j) => (j === 1 ? 1 : 0));
  const v0 = Float64Array.from({ length: cols.length + 2 }, (_, j) => (j < 2 ? 1 : TARGET_WEIGHT_VARIANCE));
  const zT = standardized(targetObs.map((i) => input.targetValues[i]));
  const Fobs = targetObs.map((i) => features(input.Xobs[i]));
  const yObs = Array.from(zT);
  const model = fitBayesLinear(Fobs, yObs, m0, v0, TARGET_NOISE);
  const rowAt = (r: number) => pool.data.subarray(r * d, (r + 1) * d);
  let meanAt = (rows: readonly number[]) => model.predict(rows.map((r) => features(rowAt(r)))).mean;
  let report: TargetModelReport = { model: 'linear', targetRuns: targetObs.length, reason: `${targetObs.length} target results: a Bayesian linear model on φ and the weights ranks the target rows` };
  if (input.targetModel === 'gp') {
    try {
      const gp = await fitTargetGp(targetObs.map((i) => input.Xobs[i]), zT, cols, proxy.basis, rng.split());
      meanAt = (rows) => gp.mean(rows.map(rowAt));
      report = {
        model: 'gp',
        targetRuns: targetObs.length,
        noise: gp.noise,
        offset: gp.offset,
        ...(gp.lengthscales.length > 0 ? { phiLengthscale: gp.lengthscales[gp.lengthscales.length - 1] } : {}),
        reason: `${targetObs.length} target results: φ plus a GP on their residuals (Matérn-5/2 ARD on the weights and φ) ranks the target rows`,
      };
    } catch (e) {
      report = { ...report, reason: `${report.reason} (the 'gp' target model's fit failed, so the linear model ran: ${(e as Error).message})` };
    }
  }
  const everywhere = meanAt(allTarget);
  let rec = 0;
  for (let i = 1; i < allTarget.length; i++) if (everywhere[i] > everywhere[rec]) rec = i;
  // Pick by the posterior mean (greedy; pending rows are not free and a believer would keep the
  // mean): on ADMIRE IFT, exploring by the target model's variance (LogEI, MF-MES) cost more than
  // following its mean (benchmarks/RESULTS.md 2026-12-05, session 8).
  const left = [...freeTarget];
  const mu = meanAt(left);
  const order = left.map((_, i) => i).sort((a, b) => mu[b] - mu[a] || left[a] - left[b]);
  const rows = order.slice(0, q).map((i) => left[i]);
  const values = order.slice(0, q).map((i) => mu[i]);
  const zMean = mean(targetObs.map((i) => input.targetValues[i]));
  const zStd = spread(targetObs.map((i) => input.targetValues[i]));
  return {
    picks: picksOf(rows, values),
    phase: 'model',
    phaseReason: report.reason,
    proxy,
    // φ's coefficient is the linear model's; with the GP φ's weight is fixed at one.
    ...(report.model === 'linear' ? { proxyWeight: { mean: model.mean[1], sd: Math.sqrt(model.covariance[m0.length + 1]) } } : {}),
    targetModel: report,
    acquisitionValues: values,
    recommendation: { poolIndex: allTarget[rec], predicted: everywhere[rec] * zStd + zMean },
  };
}

/**
 * Prior variance τ² of the target model's weight coefficients and its noise variance σ²
 * (standardized units). σ² = 1 says one target result moves the mean as much as the proxies'
 * prediction does: ADMIRE IFT's 7B values differ by less than their noise near the top. τ² = 0.03
 * keeps the linear correction small: with 0.3 the correction chased the first target results on
 * regmix-pile (31 1B runs where φ's order needs 6) and was no better on admire-ift. Both chosen
 * in a simulation of this policy on random streams 100-499 (never the reported seeds) and the
 * regmix-pile pool (benchmarks/RESULTS.md 2026-12-05, session 8).
 */
export const TARGET_WEIGHT_VARIANCE = 0.03;
export const TARGET_NOISE = 1;

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/** Standard deviation (ddof 0), 1 when the values do not spread. */
function spread(v: readonly number[]): number {
  const m = mean(v);
  const s = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
  return s > 1e-12 * Math.max(1, Math.abs(m)) ? s : 1;
}

/** z-scores of the target values (ddof 0). */
function standardized(v: readonly number[]): Float64Array {
  const m = mean(v);
  const s = spread(v);
  return Float64Array.from(v, (x) => (x - m) / s);
}

/** Before the target model: the target row φ predicts best (undefined while φ ≡ 0). */
function proxyRecommendation(pool: Matrix, levelOfRow: (r: number) => number, target: number, proxy: ProxyMean): ProxyMeanResult['recommendation'] {
  if (proxy.looRmse === undefined) return undefined;
  const d = pool.cols;
  let best: { poolIndex: number; phi: number } | undefined;
  for (let r = 0; r < pool.rows; r++) {
    if (levelOfRow(r) !== target) continue;
    const v = proxy.basis.value(pool.data.subarray(r * d, (r + 1) * d));
    if (!best || v > best.phi) best = { poolIndex: r, phi: v };
  }
  return best ? { poolIndex: best.poolIndex } : undefined;
}
