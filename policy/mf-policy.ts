/**
 * The policy for data-mixture style studies: a fidelity parameter (levels with costs and a target)
 * and/or a finite candidate pool. ADMIRE-BayesOpt's loop (seed-specs §3.3) as an ask/tell policy:
 * multi-fidelity GP (LinearTruncatedFidelityKernel), cost-aware MF-MES (or cost-weighted LogEI),
 * pool argmax or continuous search on the simplex per level; pending points as fantasies.
 */
import { BoError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, deriveSeed, type Rng } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import type { Params } from '../protocol/space.js';
import { levelCosts } from '../acquisitions/mf/level-costs.js';
import { levelStandardize } from '../acquisitions/mf/level-transform.js';
import { gumbelMaxValues } from '../acquisitions/mf/mf-mes.js';
import { believe, levelOf, selectContinuous, selectFromPool, toModel, type MfAcquisitionKind, type MfLayout, type Pick } from '../acquisitions/mf/select.js';
import type { ExactGpModel } from '../acquisitions/mf/target-moments.js';
import { MF_GP_KIND, fitMfGp, type MfGpFitOptions } from '../surrogates/mf-gp/mf-gp.js';
import { containsPoint, pickSpaceFilling } from './space-filling.js';
import { PoolIndex } from './pool-index.js';
import { cappedLevels } from './low-level-cap.js';
import { mixingLawPrior } from './mixing-law-prior.js';
import { levelCorrelations } from '../surrogates/mf-gp/level-correlation.js';
import { poolExhausted } from './pool.js';
import { MIN_PROXY_RUNS, proxyColumns, type ProxyMean } from './proxy-mean.js';
import { fitGpProxyMean } from './proxy-mean-gp.js';
import { proxyDesignLeft, proxyMeanStep } from './proxy-mean-step.js';
import { chooseProxyLaw, MIN_CHOICE_RUNS, type ProxyLawChoice } from './proxy-law-choice.js';
import { sequentialDesign, sequentialSettings, type SequentialDesignState, type SequentialSettings } from './proxy-design-sequence.js';
import { designTop, type DesignCheckpoint } from './proxy-design-top.js';
import type { Diagnostics, Policy, PolicyState, SuggestDecision, SuggestRequest } from './types.js';

/** Options of the multi-fidelity policy (defaults in brackets). */
export interface MfPolicyOptions {
  /** Candidate pool: rows of params (incl. the fidelity value); asks return unqueried rows. */
  readonly pool?: readonly Params[];
  /** The user's row number of each pool entry (a row without a level expands to one entry per level); reported as diagnostics.poolRows. */
  readonly poolRow?: ArrayLike<number>;
  /** 'mf-mes' (ADMIRE, information gain about the target max ÷ cost) or 'cost-ei' ['mf-mes']. */
  readonly acquisition?: MfAcquisitionKind;
  /** Only the target level (single-fidelity BO, the ADMIRE-BO baseline) [false]. */
  readonly targetOnly?: boolean;
  /** Initial design size, at the cheapest allowed level [algorithm.initialTrials, else 2 (pool) or min(10, max(3, ⌈d/2⌉))]. */
  readonly initialTrials?: number;
  /** Max-value samples for MF-MES [8]. */
  readonly maxValueSamples?: number;
  /** Per-level y standardization (see level-transform.ts) instead of one z-score [true]. */
  readonly levelStandardize?: boolean;
  /**
   * Pool mode: which lower-level rows are candidates. 'twins': only rows whose point (all
   * coordinates but the fidelity) also appears as a target-level pool row, i.e. proxies of the
   * candidates that can actually be chosen at the target; 'all': every row ['twins' when the pool
   * has any twin, else 'all'].
   */
  readonly lowLevelRows?: 'twins' | 'all';
  /** GP fit effort and kernel extensions [biasScale: true, levelNoise: false]. */
  readonly fit?: MfGpFitOptions;
  /**
   * Cap on the share of the cumulative cost spent below the target level: a lower level is a
   * candidate only while low + c ≤ share·(total + c) + max(nInit·c, c_target) (c: the cheapest
   * lower level's cost; the initial design and one target run's worth of proxies are always
   * allowed, so very cheap proxies such as RegMix's 1M models stay usable). Keeps MF-MES
   * from spending most of the budget on proxies that correlate weakly with the target (ADMIRE IFT;
   * benchmarks/mixture/README.md). When the pool has no free target row left, proxies are allowed
   * again. 1 disables the cap; 'model': a cap per level from the fitted model's correlation with
   * the target (policy/low-level-cap.ts) [0.1].
   */
  readonly lowLevelShare?: number | 'model';
  /** Prior of the GP's mean: 'mixing-law' (policy/mixing-law-prior.ts) or 'none' ['none']. */
  readonly prior?: 'none' | 'mixing-law';
  /**
   * Pool mode with a fidelity parameter: 'joint' (one MF-GP over all levels, MF-MES picks the
   * level) or 'proxy-mean' (a random proxy design at the cheapest level, a regression on it as the
   * target GP's prior mean; policy/proxy-mean-step.ts) ['joint'].
   */
  readonly model?: 'joint' | 'proxy-mean';
  /**
   * 'proxy-mean': the proxy law φ, 'linear' (RegMix's ridge), 'gp' (policy/proxy-mean-gp.ts) or
   * 'auto' (the one the design's runs favour by 5-fold cross-validation, policy/proxy-law-choice.ts)
   * ['linear', what studies stored before the law existed ran; the server resolves 'auto' at create].
   */
  readonly proxyLaw?: 'linear' | 'gp' | 'auto';
  /** 'proxy-mean': cost of the proxy design in target runs (⌈budget·c_target/c_cheapest⌉ runs) [3]. */
  readonly proxyBudget?: number;
  /**
   * 'proxy-mean': 'fixed' asks the whole design before any target run; 'sequential' stops it at the
   * first checkpoint where the proxy law's top target row did not move (policy/proxy-design-sequence.ts)
   * ['fixed', what studies stored before the option existed ran].
   */
  readonly proxyDesign?: 'fixed' | 'sequential';
  /**
   * 'sequential': a repeated top target row stops the design only when it leads the runner-up by at
   * least this many posterior sd of φ's gap (policy/proxy-design-margin.ts) [0: the repeat alone].
   */
  readonly proxyStopMargin?: number;
  /**
   * 'proxy-mean': the model of the target results, 'linear' (a Bayesian linear model on φ and the
   * weights) or 'gp' (φ plus a GP on the residuals, policy/proxy-target-gp.ts) ['linear', what
   * studies stored before the option existed ran].
   */
  readonly targetModel?: 'linear' | 'gp';
  /** The sequential design's shape (benchmarks vary it; studies run sequentialSettings(proxyStopMargin)). */
  readonly sequentialSettings?: Partial<SequentialSettings>;
  /** Continuous mode: raw samples / restarts / L-BFGS-B iterations per level [256 / 2 / 40]. */
  readonly rawSamples?: number;
  readonly restarts?: number;
  readonly maxIterations?: number;
}

/** Stream id for the policy's random choices (initial pool rows). */
const STREAM = 0x3f1d;
/** Stream id of the proxy laws' GP fits (independent of the number of trials, so the law is the same on every ask). */
const LAW_STREAM = 0x3f1e;

/** The encoded pool, its lowLevelRows filter and the rows that are proxies of target rows. */
interface PoolFilters {
  readonly index: PoolIndex;
  readonly twins: Uint8Array;
  readonly proxyOfTarget: Uint8Array;
}
/** Observed rows the model's level correlations are averaged over (a kernel evaluation of L×L each). */
const CORRELATION_ROWS = 200;
/** Target-level Sobol points added to the max-value candidate set in continuous mode. */
const MAX_VALUE_CANDIDATES = 256;

/** The fidelity layout of a space (model value of level k: cost_k/cost_target, clamped to [0,1]; ADMIRE's choice). */
export function mfLayout(space: SearchSpace, costs?: Float64Array): MfLayout {
  const dim = space.dimensions.find((d) => d.kind === 'fidelity');
  if (!dim || dim.kind !== 'fidelity') return { space, costs: costs ?? Float64Array.of(1) };
  const fixed = dim.costs;
  const modelValue = Float64Array.from(fixed, (c, k) => (k === dim.target ? 1 : Math.min(1, c / fixed[dim.target])));
  return { space, fidelity: { index: dim.index, grid: dim.grid, target: dim.target, modelValue }, costs: costs ?? Float64Array.from(fixed) };
}

function stack(rows: readonly Float64Array[], d: number): Matrix {
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => data.set(r, i * d));
  return { rows: rows.length, cols: d, data };
}

/**
 * Multi-fidelity / pool BO policy. Each ask: encode → per-level standardize (minimize negated) →
 * fit the MF-GP (warm start from the previous state) → condition on pending points → max-value
 * samples at the target level → cost-aware acquisition over the pool rows or, continuous, over the
 * simplex with the fidelity pinned per level. Diagnostics carry the pool indices, levels, the
 * costs used and the recommendations: the best posterior mean at the target level over observed
 * points (`recommendation`) and, in pool mode, over the pool's target rows (`poolRecommendation`).
 * Deterministic given algorithm.seed and the number of trials so far.
 */
export class MfPolicy implements Policy {
  /** The pool encoded once for the space it was last asked with (a study's space never changes). */
  private index?: PoolFilters;
  /** 'proxy-mean': the last proxy law (and its GP φ) and the runs it was computed on. */
  private law?: { key: string; choice: ProxyLawChoice | undefined; proxy: ProxyMean | undefined };
  /** 'proxy-mean' with the sequential design: the top target row per checkpoint, by the runs it was fitted on. */
  private readonly tops = new Map<string, DesignCheckpoint>();

  constructor(private readonly options: MfPolicyOptions = {}) {}

  /** The encoded pool and its lowLevelRows filter, built on first use per space. */
  private poolIndex(space: SearchSpace, layout: MfLayout): PoolFilters {
    if (!this.index || this.index.index.space !== space) {
      const index = new PoolIndex(space, this.options.pool ?? []);
      const keep = twinFilter(index.X, layout, this.options.lowLevelRows);
      const twins = Uint8Array.from({ length: index.X.rows }, (_, i) => (keep(index.row(i)) ? 1 : 0));
      // Rows that are proxies of a target row (all rows when the pool has no such pair): the proxy-mean design draws from them first.
      const ofTarget = twinFilter(index.X, layout, 'twins');
      const proxyOfTarget = Uint8Array.from({ length: index.X.rows }, (_, i) => (ofTarget(index.row(i)) ? 1 : 0));
      this.index = { index, twins, proxyOfTarget };
    }
    return this.index;
  }

  async suggest(request: SuggestRequest): Promise<SuggestDecision> {
    const { space, algorithm, completed, pending, count } = request;
    if (!Number.isInteger(count) || count < 1) throw new BoError('INVALID_ARGUMENT', `count must be a positive integer, got ${count}`);
    const d = space.dim;
    const layout0 = mfLayout(space);
    const f = layout0.fidelity;
    const L = f ? f.grid.length : 1;
    const target = f ? f.target : 0;
    const allLevels = this.options.targetOnly || !f ? [target] : Array.from({ length: L }, (_, k) => k);
    let levels = allLevels;
    const observed = completed.filter((o) => Number.isFinite(o.value));
    const Xobs = observed.map((o) => space.encode(o.params));
    const Xpend = pending.map((p) => space.encode(p));
    if (f && levels.length > 1) {
      const spent = [
        ...observed.map((o, i) => { const k = levelOf(layout0, Xobs[i]); return { level: k, cost: o.cost ?? layout0.costs[k] }; }),
        ...Xpend.map((x) => { const k = levelOf(layout0, x); return { level: k, cost: layout0.costs[k] }; }),
      ];
      const correlation = request.state?.levelCorrelation;
      const nInit0 = this.options.initialTrials ?? algorithm.initialTrials ?? 2;
      levels = cappedLevels(levels, target, layout0.costs, spent, this.options.lowLevelShare ?? 0.1, nInit0, Array.isArray(correlation) ? correlation : undefined);
    }
    const used = completed.length + pending.length;
    const rng = createRng(deriveSeed(algorithm.seed, STREAM, used));
    const told = observed.flatMap((o, i) => (o.cost !== undefined ? [{ level: levelOf(layout0, Xobs[i]), cost: o.cost }] : []));
    const layout: MfLayout = { ...layout0, costs: f ? levelCosts(Array.from(layout0.costs), told) : layout0.costs };
    const pi = this.options.pool ? this.poolIndex(space, layout) : undefined;
    const pool = pi?.index.X;
    const taken = [...Xobs, ...Xpend];
    const allowed = pi ? (i: number) => levels.includes(pi.index.level[i]) && pi.twins[i] === 1 : undefined;
    let free = pi && allowed ? pi.index.free(taken, allowed) : undefined;
    if (pi && allowed && free && free.length < count && levels !== allLevels) {
      // The share cap left too few target rows: the remaining proxies are better than nothing.
      levels = allLevels;
      free = pi.index.free(taken, allowed);
    }
    if (pi && free && free.length < count) {
      let n = 0;
      for (let i = 0; i < pi.index.X.rows; i++) if (allowed!(i)) n++;
      throw poolExhausted(free.length, count, n);
    }
    if (this.options.model === 'proxy-mean' && pi && f && !this.options.targetOnly) return this.proxyMeanAsk(request, layout, Xobs, Xpend, pi, taken, rng);
    return this.jointAsk(request, layout, levels, Xobs, Xpend, pool, free, rng);
  }

  /** The joint MF-GP's ask: the initial design, then MF-GP + the acquisition (a failed fit falls back to the design, said in the diagnostics). */
  private async jointAsk(request: SuggestRequest, layout: MfLayout, levels: readonly number[], Xobs: Float64Array[], Xpend: Float64Array[], pool: Matrix | undefined, free: number[] | undefined, rng: Rng): Promise<SuggestDecision> {
    const { space, algorithm, completed, pending, count } = request;
    const d = space.dim;
    const observed = completed.filter((o) => Number.isFinite(o.value));
    const used = completed.length + pending.length;
    const taken = [...Xobs, ...Xpend];
    const cheapest = levels.reduce((a, k) => (layout.costs[k] < layout.costs[a] ? k : a), levels[0]);
    const nInit = this.options.initialTrials ?? algorithm.initialTrials ?? (pool ? 2 : Math.min(10, Math.max(3, Math.ceil(d / 2))));
    const nDesign = observed.length < 2 ? count : Math.max(0, Math.min(count, nInit - used));
    const state: PolicyState = request.state ?? {};

    const design = (n: number, reason?: string, phase = 'initial-design'): SuggestDecision => {
      const picks = pool && free ? randomPoolRows(pool, free, layout, cheapest, n, rng) : spaceFilling(space, layout, cheapest, algorithm.seed, used, n, taken);
      return this.decision(space, picks, state, { phase, ...(reason ? { fallbackReason: reason } : {}), costs: Array.from(layout.costs) });
    };
    if (nDesign >= count) return design(count);
    try {
      return await this.modelStep(request, layout, levels, Xobs, Xpend, pool, free, count - nDesign, nDesign > 0 ? design(nDesign).suggestions : [], rng);
    } catch (e) {
      if (e instanceof BoError && e.code === 'FAILED_PRECONDITION') throw e;
      return design(count, e instanceof Error ? `${e.name}: ${e.message}` : String(e), 'fallback');
    }
  }

  private async modelStep(
    request: SuggestRequest,
    layout: MfLayout,
    levels: readonly number[],
    Xobs: Float64Array[],
    Xpend: Float64Array[],
    pool: Matrix | undefined,
    free: number[] | undefined,
    q: number,
    designParams: Params[],
    rng: Rng,
  ): Promise<SuggestDecision> {
    const { space, completed, direction } = request;
    const d = space.dim;
    const f = layout.fidelity;
    const L = f ? f.grid.length : 1;
    const target = f ? f.target : 0;
    const t0 = performance.now();
    const sign = direction === 'minimize' ? -1 : 1;
    const values = completed.filter((o) => Number.isFinite(o.value)).map((o) => sign * o.value);
    const lev = Xobs.map((x) => levelOf(layout, x));
    const tr = this.options.levelStandardize === false ? levelStandardize(values, lev.map(() => 0), 1) : levelStandardize(values, lev, L);
    const X = toModel(layout, stack(Xobs, d));
    const warm = request.state?.surrogate;
    // The law is fitted on lower-level runs: single-fidelity (targetOnly) studies have none.
    // Opt-in: it helped on admire-ift seeds 0-19 and hurt on regmix-pile seeds 0-4
    // (benchmarks/RESULTS.md 2026-12-05, issue 22), so it is not the default.
    const prior = this.options.prior === 'mixing-law' && f && !this.options.targetOnly ? mixingLawPrior(space, X, lev, tr.z, target) : undefined;
    const fitted = await fitMfGp({ X, y: tr.z }, f?.index, { rng: rng.split(), signal: request.signal, warmStart: warm && warm.kind === MF_GP_KIND ? warm : undefined }, { biasScale: true, ...this.options.fit, ...(f ? { levels: f.modelValue, target } : {}), ...(prior ? { basis: prior.basis } : {}) });
    const fitMs = performance.now() - t0;
    const designX = designParams.map((p) => space.encode(p));
    const model: ExactGpModel = believe(fitted, layout, stack([...Xpend, ...designX], d));

    // Max-value samples and incumbent at the target level.
    const obsT = toModel(layout, stack(Xobs, d), true);
    // f* ranges over what can be chosen at the target: the pool's target rows (all pool rows when it has none).
    const poolTargetIdx = pool ? indicesWhere(pool, (x) => levelOf(layout, x) === target) : [];
    const candIdx = pool ? (poolTargetIdx.length > 0 ? poolTargetIdx : indicesWhere(pool, () => true)) : [];
    const candT = toModel(layout, pool ? pickRows(pool, candIdx) : space.sample(MAX_VALUE_CANDIDATES, rng.split()), true);
    const both = { rows: obsT.rows + candT.rows, cols: d, data: new Float64Array((obsT.rows + candT.rows) * d) };
    both.data.set(obsT.data);
    both.data.set(candT.data, obsT.data.length);
    const post = model.posterior(both);
    const mu = post.mean();
    const kind = this.options.acquisition ?? 'mf-mes';
    const maxValues = gumbelMaxValues(mu, post.variance(), this.options.maxValueSamples ?? 8);
    let recIndex = 0;
    for (let i = 1; i < obsT.rows; i++) if (mu[i] > mu[recIndex]) recIndex = i;
    const ctx = { kind, maxValues, best: mu[recIndex] };
    // Pool mode: the pool row with the best posterior mean at the target (ADMIRE's recommendation, seed-specs §3.1).
    let poolRec = -1;
    for (let i = 0; i < candIdx.length; i++) if (poolRec < 0 || mu[obsT.rows + i] > mu[obsT.rows + poolRec]) poolRec = i;

    const t1 = performance.now();
    const picks: Pick[] = pool && free
      ? selectFromPool(model, layout, ctx, pool, free.filter((r) => !containsPoint(designX, pool.data.subarray(r * d, (r + 1) * d))), q)
      : selectContinuous(model, layout, ctx, q, {
          rng: rng.split(),
          levels,
          avoid: stack([...Xobs, ...Xpend, ...designX], d),
          rawSamples: this.options.rawSamples ?? 256,
          restarts: this.options.restarts ?? 2,
          maxIterations: this.options.maxIterations ?? 40,
          signal: request.signal,
          deadline: request.timeBudgetMs !== undefined ? Date.now() + request.timeBudgetMs : undefined,
        });
    if (picks.length < q) throw poolExhausted(picks.length, q, pool ? pool.rows : 0);
    const recX = Xobs[recIndex].slice();
    if (f) recX[f.index] = f.grid[target];
    const recPredicted = mu[recIndex] * tr.std[target] + tr.mean[target];
    // The model's correlation of each level with the target, over the observed mixtures (at most
    // CORRELATION_ROWS of them): the next ask's 'model' proxy cap reads it from the state.
    const levelCorrelation = f ? levelCorrelations(fitted.kernel, fitted.params.subarray(0, fitted.layout.kernel.size), firstRows(X, CORRELATION_ROWS), f.index, f.modelValue, target) : undefined;
    const decision = this.decision(space, picks, { ...(request.state ?? {}), surrogate: fitted.state(), ...(levelCorrelation ? { levelCorrelation } : {}) }, {
      phase: 'model',
      acquisition: kind,
      fitMs,
      acquireMs: performance.now() - t1,
      costs: Array.from(layout.costs),
      acquisitionValues: picks.map((p) => p.value),
      maxValues: Array.from(maxValues),
      recommendation: { params: space.decode(recX), predicted: sign * recPredicted },
      ...(poolRec >= 0 ? { poolRecommendation: { poolIndex: candIdx[poolRec], predicted: sign * (mu[obsT.rows + poolRec] * tr.std[target] + tr.mean[target]) } } : {}),
      ...(levelCorrelation ? { levelCorrelation } : {}),
      ...(prior ? { mixingLaw: prior.law ? { runs: prior.runs, rmse: prior.law.rmse } : { runs: prior.runs, fitted: false } } : {}),
      model: fitted.diagnostics(),
    });
    return { ...decision, suggestions: [...designParams, ...decision.suggestions] };
  }

  /** The 'proxy-mean' model's ask (policy/proxy-mean-step.ts); a failed fit falls back to random free rows, said in the diagnostics. */
  private async proxyMeanAsk(request: SuggestRequest, layout: MfLayout, Xobs: Float64Array[], Xpend: Float64Array[], pi: PoolFilters, taken: Float64Array[], rng: Rng): Promise<SuggestDecision> {
    const { space, completed, count, direction } = request;
    const f = layout.fidelity!;
    const free = this.proxyFree(pi, taken, count);
    const sign = direction === 'minimize' ? -1 : 1;
    const lev = Xobs.map((x) => levelOf(layout, x));
    const values = completed.filter((o) => Number.isFinite(o.value)).map((o) => sign * o.value);
    const tr = levelStandardize(values, lev, f.grid.length);
    const state: PolicyState = request.state ?? {};
    const t0 = performance.now();
    try {
      const seq = this.options.proxyDesign === 'sequential' ? await this.sequentialDesign(request, layout, Xobs, lev, values, pi) : undefined;
      const sequential = seq?.state;
      const proxyRuns = sequential?.size ?? this.proxyRuns(layout);
      const designLeft = proxyDesignLeft({ layout, pool: pi.index.X, free, preferred: pi.proxyOfTarget, Xobs, Xpend, proxyRuns });
      const law = designLeft > 0 ? undefined : await this.proxyLaw(request, layout, Xobs, lev, values, tr.z, proxyRuns);
      const r = await proxyMeanStep({
        space, layout, Xobs, Xpend, level: lev, z: tr.z, targetValues: values, pool: pi.index.X, free, preferred: pi.proxyOfTarget, q: count, proxyRuns,
        rng: rng.split(), ...(law?.proxy ? { proxy: law.proxy } : {}), ...(seq?.order ? { designOrder: seq.order } : {}),
        ...(this.options.targetModel ? { targetModel: this.options.targetModel } : {}),
      });
      const lawDiagnostics = this.options.proxyLaw === undefined || this.options.proxyLaw === 'linear' ? {} : { proxyLaw: law ? { law: law.proxy ? 'gp' : 'linear', ...(law.choice ?? {}) } : { law: 'pending', reason: `chosen once the cheapest-level design is asked (${designLeft} runs left)` } };
      return this.decision(space, r.picks, state, {
        phase: r.phase,
        phaseReason: r.phaseReason,
        multiFidelityModel: 'proxy-mean',
        ...lawDiagnostics,
        acquisition: 'posterior-mean',
        fitMs: performance.now() - t0,
        costs: Array.from(layout.costs),
        acquisitionValues: r.acquisitionValues,
        proxyMean: { runs: r.proxy.runs, design: proxyRuns, ...(r.proxy.looRmse !== undefined ? { looRmse: r.proxy.looRmse, lambda: r.proxy.lambda } : { fitted: false }) },
        ...(r.recommendation ? { poolRecommendation: { poolIndex: r.recommendation.poolIndex, ...(r.recommendation.predicted !== undefined ? { predicted: sign * r.recommendation.predicted } : {}) } } : {}),
        ...(r.proxyWeight ? { proxyWeight: r.proxyWeight } : {}),
        ...(r.targetModel ? { targetModel: r.targetModel } : {}),
        ...(sequential ? { proxyDesign: { mode: 'sequential', ...sequential } } : {}),
      });
    } catch (e) {
      if (e instanceof BoError && e.code === 'FAILED_PRECONDITION') throw e;
      const picks = randomPoolRows(pi.index.X, free, layout, f.target, count, rng);
      return this.decision(space, picks, state, { phase: 'fallback', fallbackReason: e instanceof Error ? `${e.name}: ${e.message}` : String(e), costs: Array.from(layout.costs) });
    }
  }

  /** Free pool rows of the proxy-mean model (its lowLevelRows filter, no share cap); FAILED_PRECONDITION when fewer than `count`. */
  private proxyFree(pi: PoolFilters, taken: Float64Array[], count: number): number[] {
    const free = pi.index.free(taken, (i) => pi.twins[i] === 1);
    if (free.length < count) throw poolExhausted(free.length, count, pi.twins.reduce((a, t) => a + t, 0));
    return free;
  }

  /** Size of proxy-mean's design: ⌈proxyBudget·c_target/c_cheapest⌉ cheapest-level runs (at least MIN_PROXY_RUNS). */
  private proxyRuns(layout: MfLayout): number {
    const f = layout.fidelity!;
    const lower = Array.from(f.grid, (_, k) => k).filter((k) => k !== f.target);
    const cCheap = Math.min(...lower.map((k) => layout.costs[k]));
    return Math.max(MIN_PROXY_RUNS, Math.ceil((this.options.proxyBudget ?? 3) * layout.costs[f.target] / cCheap - 1e-9));
  }

  /** The cheapest level below the target. */
  private static cheapestLevel(layout: MfLayout): number {
    const f = layout.fidelity!;
    const lower = Array.from(f.grid, (_, k) => k).filter((k) => k !== f.target);
    return lower.reduce((a, k) => (layout.costs[k] < layout.costs[a] ? k : a), lower[0]);
  }

  /**
   * The sequential design's state (policy/proxy-design-sequence.ts): its cap is the fixed design's
   * size, at most the pool's cheapest rows the study may ask; its runs are the completed
   * cheapest-level runs in trial order. Each checkpoint's top row is computed once per set of runs
   * and cached (a cold worker recomputes the same: the fits are seeded by the study's seed).
   */
  private async sequentialDesign(request: SuggestRequest, layout: MfLayout, Xobs: Float64Array[], lev: readonly number[], values: readonly number[], pi: PoolFilters): Promise<{ state: SequentialDesignState; order?: readonly number[] }> {
    const f = layout.fidelity!;
    const cheapest = MfPolicy.cheapestLevel(layout);
    const settings: SequentialSettings = sequentialSettings(this.options.proxyStopMargin, this.options.sequentialSettings);
    const { X: pool, level } = pi.index;
    const cheapRows: number[] = [];
    const targetRows: number[] = [];
    for (let i = 0; i < pool.rows; i++) {
      if (level[i] === cheapest && pi.twins[i] === 1) cheapRows.push(i);
      if (level[i] === f.target) targetRows.push(i);
    }
    const cap = Math.min(this.proxyRuns(layout), cheapRows.length);
    const runs = lev.flatMap((l, i) => (l === cheapest ? [i] : []));
    const seed = deriveSeed(request.algorithm.seed, LAW_STREAM);
    const law = this.options.proxyLaw ?? 'linear';
    let order: readonly number[] | undefined;
    const state = await sequentialDesign(cap, MIN_CHOICE_RUNS, runs.length, async (n) => {
      const first = runs.slice(0, n);
      const key = `${seed}:${law}:${settings.targeted}:${first.map((i) => `${Array.from(Xobs[i]).join('/')}=${values[i]}`).join(',')}`;
      let hit = this.tops.get(key);
      if (!hit) {
        hit = await designTop({
          space: request.space, X: first.map((i) => Xobs[i]), values: first.map((i) => values[i]), cheapest, target: f.target, levels: f.grid.length,
          fidelityIndex: f.index, pool, targetRows, law, seed, ...(settings.targeted ? { candidates: cheapRows } : {}),
        });
        this.tops.set(key, hit);
      }
      order = hit.order;
      return hit.top;
    }, settings);
    return { state, ...(state.phase === 'cheap' && order ? { order } : {}) };
  }

  /**
   * The proxy law once the design is asked: 'linear' → nothing (proxyMeanStep fits the ridge);
   * 'gp' → the GP φ; 'auto' → the choice on the design's completed cheapest-level runs (the first
   * `proxyRuns` in trial order) and, when it says 'gp', the GP φ on every lower-level run. Computed
   * once per set of runs (a cold worker recomputes the same: both fits are seeded by the study's seed).
   */
  private async proxyLaw(request: SuggestRequest, layout: MfLayout, Xobs: Float64Array[], lev: readonly number[], values: readonly number[], z: ArrayLike<number>, proxyRuns: number): Promise<{ choice?: ProxyLawChoice; proxy?: ProxyMean }> {
    const mode = this.options.proxyLaw ?? 'linear';
    if (mode === 'linear') return {};
    const f = layout.fidelity!;
    const seed = deriveSeed(request.algorithm.seed, LAW_STREAM);
    const lowerRuns = lev.flatMap((l, i) => (l !== f.target ? [i] : []));
    const key = `${seed}:${lowerRuns.map((i) => `${i}=${values[i]}`).join(',')}`;
    if (this.law?.key === key) return { ...(this.law.choice ? { choice: this.law.choice } : {}), ...(this.law.proxy ? { proxy: this.law.proxy } : {}) };
    let choice: ProxyLawChoice | undefined;
    if (mode === 'auto') {
      const cheapest = MfPolicy.cheapestLevel(layout);
      const design = lowerRuns.filter((i) => lev[i] === cheapest).slice(0, proxyRuns);
      const cols = proxyColumns(request.space, f.index);
      const X: Matrix = { rows: design.length, cols: cols.length, data: Float64Array.from(design.flatMap((i) => cols.map((c) => Xobs[i][c]))) };
      choice = await chooseProxyLaw(X, design.map((i) => values[i]), seed);
    }
    const useGp = mode === 'gp' || choice?.law === 'gp';
    const proxy = useGp && lowerRuns.length >= MIN_PROXY_RUNS ? await fitGpProxyMean(request.space, stack(Xobs, request.space.dim), lev, z, f.target, f.index, seed) : undefined;
    this.law = { key, choice, proxy };
    return { ...(choice ? { choice } : {}), ...(proxy ? { proxy } : {}) };
  }

  private decision(space: SearchSpace, picks: readonly Pick[], state: PolicyState, diagnostics: Diagnostics): SuggestDecision {
    const poolIndices = picks.map((p) => p.poolIndex);
    const rowOf = this.options.poolRow;
    return {
      // Pool rows are returned exactly as given (a fixed menu of mixtures), not re-decoded.
      suggestions: picks.map((p) => (p.poolIndex !== undefined && this.options.pool ? this.options.pool[p.poolIndex] : space.decode(p.x))),
      state,
      diagnostics: {
        ...diagnostics,
        levels: picks.map((p) => p.level),
        ...(poolIndices.every((i) => i !== undefined) ? { poolIndices, ...(rowOf ? { poolRows: poolIndices.map((i) => rowOf[i!]) } : {}) } : {}),
      },
    };
  }
}

/** Key of a row without its fidelity coordinate (rounded, so equal mixtures from a file match). */
function pointKey(x: ArrayLike<number>, layout: MfLayout): string {
  const parts: string[] = [];
  for (let j = 0; j < x.length; j++) if (j !== layout.fidelity?.index) parts.push(x[j].toFixed(9));
  return parts.join(',');
}

/** The lowLevelRows filter: target rows always pass; lower-level rows pass when they are twins of a target row ('twins'). */
function twinFilter(pool: Matrix, layout: MfLayout, mode: 'twins' | 'all' | undefined): (x: Float64Array) => boolean {
  const f = layout.fidelity;
  if (!f || mode === 'all') return () => true;
  const keys = new Set<string>();
  for (let r = 0; r < pool.rows; r++) {
    const x = pool.data.subarray(r * pool.cols, (r + 1) * pool.cols);
    if (levelOf(layout, x) === f.target) keys.add(pointKey(x, layout));
  }
  let anyTwin = false;
  for (let r = 0; r < pool.rows && !anyTwin; r++) {
    const x = pool.data.subarray(r * pool.cols, (r + 1) * pool.cols);
    anyTwin = levelOf(layout, x) !== f.target && keys.has(pointKey(x, layout));
  }
  if (!anyTwin) return () => true;
  return (x) => levelOf(layout, x) === f.target || keys.has(pointKey(x, layout));
}

/** Indices of the rows of X passing `keep`. */
function indicesWhere(X: Matrix, keep: (x: Float64Array) => boolean): number[] {
  const out: number[] = [];
  for (let r = 0; r < X.rows; r++) if (keep(X.data.subarray(r * X.cols, (r + 1) * X.cols))) out.push(r);
  return out;
}

/** The first n rows of X (all when it has fewer). */
function firstRows(X: Matrix, n: number): Matrix {
  const rows = Math.min(n, X.rows);
  return { rows, cols: X.cols, data: X.data.subarray(0, rows * X.cols) };
}

/** The rows `idx` of X as a new matrix. */
function pickRows(X: Matrix, idx: readonly number[]): Matrix {
  return stack(idx.map((r) => X.data.slice(r * X.cols, (r + 1) * X.cols)), X.cols);
}

/** n random free pool rows, preferring the given level (then any free row). */
function randomPoolRows(pool: Matrix, free: readonly number[], layout: MfLayout, level: number, n: number, rng: Rng): Pick[] {
  const d = pool.cols;
  const row = (r: number) => pool.data.slice(r * d, (r + 1) * d);
  const preferred = free.filter((r) => levelOf(layout, row(r)) === level);
  const rest = free.filter((r) => levelOf(layout, row(r)) !== level);
  const picks: Pick[] = [];
  for (const group of [preferred, rest]) {
    const g = [...group];
    while (picks.length < n && g.length > 0) {
      const r = g.splice(rng.int(g.length), 1)[0];
      picks.push({ x: row(r), value: NaN, poolIndex: r, level: levelOf(layout, row(r)) });
    }
  }
  return picks;
}

/** n space-filling points (the study's scrambled Sobol sequence) with the fidelity set to `level`. */
function spaceFilling(space: SearchSpace, layout: MfLayout, level: number, seed: number, start: number, n: number, taken: readonly Float64Array[]): Pick[] {
  const f = layout.fidelity;
  const { points } = pickSpaceFilling(space, seed, start, n, taken);
  return points.map((x) => {
    if (f) x[f.index] = f.grid[level];
    return { x: space.project(x), value: NaN, level };
  });
}
