import { BoError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, deriveSeed } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import { halfRankLogWarp, type HalfRankStats } from '../core/output-warp.js';
import { heavyTailRatio, standardize, yeoJohnson, yeoJohnsonLambda, yeoJohnsonTransform, type Standardized } from '../core/standardize.js';
import { defaultAcquisition, type OutputTransformKind, type SurrogateKind } from '../protocol/algorithm.js';
import { autoSelectionOf } from '../surrogates/auto/fitted-auto.js';
import { createSurrogate } from '../surrogates/registry.js';
import { capabilitiesOf, type Surrogate } from '../surrogates/types.js';
import { acquire, type OptimizerSettings } from './acquire.js';
import { surrogateOptionsToRun } from './auto-combine.js';
import { confinedByRegion, withReferenceInLocalRegion } from './auto-local-region.js';
import { HeldModels } from './held-models.js';
import { defaultOutputTransform } from './output-transform-default.js';
import { resolveTransform, transformedVariances } from './outcome-variance.js';
import { exploitDecision } from './exploit.js';
import { explorationDecision } from './exploration.js';
import { defaultExploration } from './exploration-default.js';
import { containsPoint, pickSpaceFilling } from './space-filling.js';
import { noisyRefit } from './noisy-refit.js';
import { defaultNoisyRefit, resolveNoisyRefit } from './noisy-refit-default.js';
import { localSearchSpace } from './trust-region-step.js';
import { pickVerification } from './verify-outlier.js';
import type { Diagnostics, Policy, PolicyState, SuggestDecision, SuggestRequest } from './types.js';

/** How the incumbent f* handed to the acquisition is chosen. */
export type IncumbentRule = 'auto' | 'observed' | 'posterior-mean';

/** Options of the BO policy; all optional (the algorithm spec of each request drives the rest). */
export interface BoPolicyOptions {
  /** Use this surrogate instead of createSurrogate(algorithm.surrogate, surrogateOptionsToRun(algorithm)) (tests inject one). */
  readonly surrogate?: Surrogate;
  /**
   * 'observed': best standardized y; 'posterior-mean': best posterior mean at the observed points;
   * 'auto' (default): posterior mean when the fitted noise variance exceeds NOISY_VARIANCE.
   */
  readonly incumbent?: IncumbentRule;
  /**
   * How observed values become the model's y, ahead of the spec's algorithm.outputTransform (default:
   * policy/output-transform-default.ts); see OutputTransform.
   * Every transform is monotone, so the argmax is unchanged.
   */
  readonly outputTransform?: OutputTransform;
  /** Acquisition-optimizer start heuristics (policy/acquire.ts DEFAULT_OPTIMIZER when absent). */
  readonly optimizer?: OptimizerSettings;
}

/**
 * Outcome transform applied after the sign flip for minimization (y is maximized):
 * - 'standardize': z-score.
 * - 'yeo-johnson': Yeo-Johnson with maximum-likelihood λ on the raw values, then z-score (core/standardize.ts).
 * - 'power': z-score, then Yeo-Johnson with λ = max(1, λ_ML), then z-score again. λ ≥ 1 only
 *   compresses the low (bad) tail and never squashes the values near the optimum; the first
 *   z-score makes it invariant to the objective's scale and offset.
 * - 'auto': per ask, 'power' when the values are heavy-tailed, heavyTailRatio(y) = sd/(1.4826·MAD)
 *   > HEAVY_TAIL_RATIO (a few extreme values set the scale, so the bulk of the data sits in a
 *   sliver of z-units, under the GP's noise floor), else 'standardize'.
 * - 'half-rank': Vizier's output warping (core/output-warp.ts): values below the median become
 *   Gaussian rank quantiles on the good half's scale, then a log warp stretches the top, then z-score.
 */
export type OutputTransform = OutputTransformKind;

/** Apply an outcome transform to maximized values (see OutputTransform). */
export function transformOutcomes(values: readonly number[], kind: OutputTransform): Standardized & { lambda?: number; halfRank?: HalfRankStats } {
  if (kind === 'half-rank') return halfRankLogWarp(values);
  if (kind === 'auto') return transformOutcomes(values, heavyTailRatio(values) > HEAVY_TAIL_RATIO ? 'power' : 'standardize');
  if (kind === 'standardize') return standardize(values);
  if (kind === 'yeo-johnson') return yeoJohnson(values);
  const z0 = standardize(values);
  const lambda = Math.max(1, yeoJohnsonLambda(z0.y));
  return { ...standardize(yeoJohnsonTransform(z0.y, lambda)), lambda };
}

/** 'auto' uses 'power' above this sd/MAD ratio (≈ 1 for Gaussian data). */
export const HEAVY_TAIL_RATIO = 5;

/** Fitted noise variance (standardized units) above which data count as noisy: noise sd > ~3% of y's sd. */
export const NOISY_VARIANCE = 1e-3;

/**
 * Previous models held for factor reuse, per process (a compute worker holds at most 16 studies,
 * the same bound; with fits on the event loop this caps the memory of all studies together).
 */
const HELD_MODELS = 16;
const held = new HeldModels<BoPolicy>(HELD_MODELS);

/** Default initial design size: max(5, 2·d). */
export function defaultInitialTrials(dim: number): number {
  return Math.max(5, 2 * dim);
}

/**
 * A surrogate that stood in another model for the one asked (DKL whose training diverged -> the
 * default GP) says so in its diagnostics as `fallback` and `reason`; lifted to the top level
 * (`modelFallback`, `modelFallbackReason`) so users, the SDK and benchmarks see it without
 * knowing each surrogate's diagnostics.
 */
function modelFallback(diag: Record<string, unknown>): { modelFallback?: string; modelFallbackReason?: string } {
  if (typeof diag.fallback !== 'string') return {};
  return { modelFallback: diag.fallback, ...(typeof diag.reason === 'string' ? { modelFallbackReason: diag.reason } : {}) };
}

/** Stack encoded rows into an n×d matrix. */
function stack(rows: readonly Float64Array[], d: number): Matrix {
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => data.set(r, i * d));
  return { rows: rows.length, cols: d, data };
}

/**
 * Bayesian optimization: initial scrambled-Sobol design (algorithm.initialTrials, default
 * max(5, 2·d), counting completed + pending trials), then encode → standardize (minimize is
 * negated so the model maximizes) → fit (warm start from the previous state) → acquisition
 * (incumbent per BoPolicyOptions.incumbent) → optimize (pending points and earlier batch members
 * enter as fantasies or as qLogNEI's pending set) → decode. Any error in fit or acquisition falls
 * back to space-filling points with diagnostics {phase: 'fallback', fallbackReason}.
 * Deterministic: the rng derives from algorithm.seed and the number of completed + pending trials.
 */
export class BoPolicy implements Policy {
  private readonly options: BoPolicyOptions;

  constructor(options: BoPolicyOptions = {}) {
    this.options = options;
  }

  async suggest(request: SuggestRequest): Promise<SuggestDecision> {
    const { space, algorithm, completed, pending, count } = request;
    if (!Number.isInteger(count) || count < 1) throw new BoError('INVALID_ARGUMENT', `count must be a positive integer, got ${count}`);
    const d = space.dim;
    // Excluded (pruned) trials used a design point each: they count and are never repeated, but the model does not see them.
    const Xexcl = (request.excluded ?? []).map((p) => space.encode(p));
    const used = completed.length + pending.length + Xexcl.length;
    const observed = completed.filter((o) => Number.isFinite(o.value));
    const Xobs = observed.map((o) => space.encode(o.params));
    /** Points a space-filling pick must not repeat besides the pending ones: observed and excluded. */
    const Xseen = [...Xobs, ...Xexcl];
    const Xpend = pending.map((p) => space.encode(p));
    const nInit = algorithm.initialTrials ?? defaultInitialTrials(d);
    const nDesign = Math.max(0, Math.min(count, nInit - used));
    const design = pickSpaceFilling(space, algorithm.seed, used, nDesign, [...Xseen, ...Xpend]);
    const state: PolicyState = request.state ?? {};
    if (nDesign === count) return this.decision(space, design.points, state, { phase: 'initial-design', sobolIndices: design.indices });
    if (observed.length < 2) {
      const extra = pickSpaceFilling(space, algorithm.seed, used + nDesign, count - nDesign, [...Xseen, ...Xpend, ...design.points]);
      return this.decision(space, [...design.points, ...extra.points], state, {
        phase: 'initial-design',
        reason: `${observed.length} completed trial(s) with a value: the model needs at least 2`,
        sobolIndices: [...design.indices, ...extra.indices],
      });
    }
    // An unavailable surrogate kind is a configuration error for the caller, not a numerical one: it throws.
    const surrogate = this.options.surrogate ?? createSurrogate(algorithm.surrogate, surrogateOptionsToRun(algorithm));
    try {
      return await this.modelStep(request, surrogate, Xobs, [...Xpend, ...design.points], count - nDesign, design.points, nDesign, Xexcl);
    } catch (e) {
      const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      const extra = pickSpaceFilling(space, algorithm.seed, used + nDesign, count - nDesign, [...Xseen, ...Xpend, ...design.points]);
      return this.decision(space, [...design.points, ...extra.points], state, { phase: 'fallback', fallbackReason: reason, sobolIndices: extra.indices });
    }
  }

  /** Fit, acquire and optimize `q` points; `taken` are points that must not be suggested again. */
  private async modelStep(
    request: SuggestRequest, surrogate: Surrogate, Xobs: Float64Array[], taken: Float64Array[], q: number, designPoints: Float64Array[], nDesign: number, excluded: Float64Array[],
  ): Promise<SuggestDecision> {
    const { space, algorithm, completed, pending, direction } = request;
    const d = space.dim;
    const deadline = request.timeBudgetMs !== undefined ? Date.now() + request.timeBudgetMs : undefined;
    const rng = createRng(deriveSeed(algorithm.seed, completed.length + pending.length));
    const sign = direction === 'minimize' ? -1 : 1;
    const finite = completed.filter((o) => Number.isFinite(o.value));
    const values = finite.map((o) => sign * o.value);
    // Defaults per family in policy/output-transform-default.ts (stored studies are pinned to what they
    // resolved by server/algorithm-to-run.ts). 'auto' scores its candidates on one y, the GP's.
    const firstTransform = this.options.outputTransform ?? algorithm.outputTransform ?? defaultOutputTransform(surrogate.kind);
    const X = stack(Xobs, d);
    // Forecast observations (pruned trials' predicted finals) carry their variance as known noise.
    const forecasts = finite.filter((o) => o.variance !== undefined).length;

    const warm = request.state?.surrogate;
    const t0 = performance.now();
    request.onProgress?.({ stage: 'fit', fraction: 0 });
    const warmStart = warm && warm.kind === surrogate.kind ? warm : undefined;
    // The latest model of this policy (its study's, in a worker's per-study entry): the surrogate
    // checks that it matches the state before reusing its factor.
    const previous = held.take(this);
    const fitOn = async (transform: OutputTransform, reuse: boolean) => {
      const zt = transformOutcomes(values, transform);
      const yVarT = forecasts > 0 ? transformedVariances(values, finite.map((o) => o.variance ?? 0), resolveTransform(values, transform, HEAVY_TAIL_RATIO)) : undefined;
      const fit = await surrogate.fit({ X, y: zt.y, ...(yVarT ? { yVar: yVarT } : {}) }, { rng: rng.split(), signal: request.signal, ...(reuse ? { warmStart, ...(warmStart && previous ? { previous } : {}) } : {}) });
      const wrapped = withReferenceInLocalRegion(fit, confinedByRegion({ space, spec: algorithm.trustRegion, surrogateKind: surrogate.kind, values, X, rows: Xobs, initial: algorithm.initialTrials ?? defaultInitialTrials(d), noisyVariance: NOISY_VARIANCE }));
      return { z: zt, yVar: yVarT, fitted: fit, model: wrapped };
    };
    const first = await fitOn(firstTransform, true);
    held.put(this, first.fitted);
    // A second fit on noisy asks (algorithm.noisyRefit, else policy/noisy-refit-default.ts; policy/noisy-refit.ts).
    const second = resolveNoisyRefit(algorithm.noisyRefit ?? defaultNoisyRefit(surrogate.kind));
    const alternative = second && d >= second.minDim && d <= second.maxDim ? second.transform : undefined;
    const refit = await noisyRefit(first, firstTransform, alternative, NOISY_VARIANCE, (t) => fitOn(t, false));
    const { z, yVar, model } = refit.used;
    const outputTransform = refit.transform;
    const fitMs = performance.now() - t0;

    const noise = capabilitiesOf(model).noiseVariance;
    const rule = this.options.incumbent ?? 'auto';
    // One noise gate for the acquisition's incumbent and a trust region with incumbent 'auto'.
    const noisy = noise !== undefined && noise > NOISY_VARIANCE;
    const usePosterior = rule === 'posterior-mean' || (rule === 'auto' && noisy);
    // Posterior mean at the observed points: the incumbent under noise, and what a region with
    // `incumbent: 'posterior-mean'` replays; computed once, on first use.
    let meansAtObserved: number[] | undefined;
    const posteriorMeans = (): number[] => (meansAtObserved ??= Array.from(model.posterior(X).mean()));
    let best = -Infinity;
    for (const v of usePosterior ? posteriorMeans() : z.y) best = Math.max(best, v);

    // An exploratory ask (algorithm.exploration, else policy/exploration-default.ts; policy/exploration.ts) takes the study's next space-filling points instead of the acquisition's.
    const exploration = explorationDecision(algorithm.exploration ?? defaultExploration(surrogate.kind), algorithm.seed, completed.length + pending.length, model, z.y, { X, y: z.y, ...(yVar ? { yVar } : {}) });
    // The study's next space-filling points in place of the acquisition's (phase 'exploration'), the fit kept as warm state.
    const spaceFillingStep = (why: Record<string, unknown>): SuggestDecision => {
      const spread = pickSpaceFilling(space, algorithm.seed, completed.length + pending.length + excluded.length + nDesign, q, [...Xobs, ...taken, ...excluded]);
      return this.decision(space, [...designPoints, ...spread.points], { ...(request.state ?? {}), surrogate: model.state() }, {
        phase: 'exploration', ...why, sobolIndices: spread.indices, outputTransform, ...refit.diagnostics, fitMs, initialDesignInBatch: nDesign, model: model.diagnostics(),
      });
    };
    if (exploration?.explore) return spaceFillingStep({ exploration });
    // A robust GP with verifyOutliers asks for a suspected outlier to be measured again (policy/verify-outlier.ts):
    // the whole ask when it is one point, one slot of a batch (the acquisition fills the rest with it as pending).
    const toVerify = capabilitiesOf(model).outliersToVerify;
    const verification = toVerify ? pickVerification(toVerify, Xobs, z.y, [...taken, ...excluded]) : undefined;
    const verifyPoints = verification ? [Xobs[verification.row]] : [];
    if (verification && q === 1) {
      return this.decision(space, [...designPoints, Xobs[verification.row]], { ...(request.state ?? {}), surrogate: model.state() }, {
        phase: 'verification', verification, outputTransform, ...refit.diagnostics, fitMs, initialDesignInBatch: nDesign, ...(exploration ? { exploration } : {}), model: model.diagnostics(),
      });
    }
    const selection = autoSelectionOf(model);
    // Acquisition 'auto' is the default of the family 'auto' chose this ask.
    const acquisition = algorithm.acquisition === 'auto' ? defaultAcquisition((selection?.kind ?? model.kind) as SurrogateKind) : algorithm.acquisition;
    request.onProgress?.({ stage: 'acquire', fraction: 0.5 });
    // A trust region in its local phase narrows where the acquisition is maximized (policy/trust-region-step.ts).
    const modelDiagnostics = model.diagnostics();
    const region = localSearchSpace(space, algorithm.trustRegion, surrogate.kind, values, posteriorMeans, noisy, Xobs, algorithm.initialTrials ?? defaultInitialTrials(d), modelDiagnostics);
    // A run after a trust-region restart that starts from a fresh design (restartDesign 'space-filling').
    if (region.spaceFilling) return spaceFillingStep({ trustRegion: region.diagnostics, ...(exploration ? { exploration } : {}) });
    // Inside a region the spec may swap in Thompson sampling (TuRBO's acquisition).
    // A greedy ask (algorithm.exploit) maximizes the posterior mean where the acquisition would run.
    const exploit = exploitDecision(algorithm.exploit, completed.length + pending.length, q, noisy, region.acquisition !== undefined);
    const used = region.acquisition ?? (exploit?.greedy ? 'posterior-mean' : acquisition);
    const t1 = performance.now();
    const result = await acquire({
      model,
      space: region.space,
      kind: used,
      ucbBeta: algorithm.ucbBeta,
      best,
      X,
      pending: stack([...taken, ...verifyPoints], d),
      q: q - verifyPoints.length,
      rng: rng.split(),
      signal: request.signal,
      deadline,
      optimizer: this.options.optimizer,
    });
    const acquireMs = performance.now() - t1;

    // Guard: an acquisition peak exactly on a taken point (or a repeat inside the batch) is replaced
    // by a space-filling point, so parallel workers never get the same point twice.
    const points: Float64Array[] = [];
    let replaced = 0;
    const takenNow: Float64Array[] = [...taken, ...excluded, ...verifyPoints];
    for (const x of result.points) {
      let p = space.project(x);
      if (containsPoint(takenNow, p)) {
        replaced++;
        p = pickSpaceFilling(space, algorithm.seed, completed.length + pending.length + excluded.length + nDesign, 1, [...Xobs, ...takenNow]).points[0];
      }
      takenNow.push(p);
      points.push(p);
    }
    request.onProgress?.({ stage: 'done', fraction: 1 });
    return this.decision(space, [...designPoints, ...verifyPoints, ...points], { ...(request.state ?? {}), surrogate: model.state() }, {
      phase: 'model',
      ...modelFallback(modelDiagnostics),
      outputTransform,
      ...refit.diagnostics,
      ...(forecasts > 0 ? { forecastObservations: forecasts } : {}),
      ...(z.lambda !== undefined ? { lambda: z.lambda } : {}),
      ...(z.halfRank ? { halfRank: z.halfRank } : {}),
      fitMs,
      acquireMs,
      acquisition: used,
      ...(selection ? { auto: selection } : {}),
      incumbent: best,
      incumbentRule: usePosterior ? 'posterior-mean' : 'observed',
      initialDesignInBatch: nDesign,
      ...(region.diagnostics ? { trustRegion: region.diagnostics } : {}),
      ...(exploration ? { exploration } : {}),
      ...(exploit ? { exploit } : {}),
      ...(verification ? { verification } : {}),
      replacedDuplicates: replaced,
      acquisitionValues: result.values,
      optimizer: result.diagnostics,
      model: modelDiagnostics,
    });
  }

  private decision(space: SearchSpace, points: Float64Array[], state: PolicyState, diagnostics: Diagnostics): SuggestDecision {
    return { suggestions: points.map((x) => space.decode(x)), state, diagnostics };
  }
}
