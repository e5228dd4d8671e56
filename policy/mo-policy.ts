/**
 * The multi-outcome BO policy: several objectives and/or outcome constraints (SuggestRequest.outcomes).
 * Initial scrambled-Sobol design as BoPolicy, then per ask: one independent model per objective
 * and per constraint metric, all fitted on the same points (objectives sign-flipped to maximize,
 * every outcome z-scored, an affine map so reference point and bounds map exactly), then
 * - 'qlognehvi': log noisy EHVI over each MC sample's feasible front (acquisitions/mo/scores.ts),
 *   w.r.t. the user's reference point or Ax's inferred one;
 * - 'qnparego': constrained qLogNEI of an augmented Chebyshev scalarization with fresh Dirichlet(1)
 *   weights per pick (Knowles 2006; Daulton et al. 2020's qNParEGO);
 * - 'qlognei' (one objective with constraints): constrained qLogNEI;
 * a qlognehvi study's first `algorithm.scalarizedStart` model asks run qnparego (policy/scalarized-start.ts);
 * each weighted by the smooth probability of feasibility, q picks by sequential greedy with
 * pending points in the head. A failing fit or acquisition falls back to space filling, said in
 * diagnostics. Deterministic: seeds derive from algorithm.seed and the number of trials.
 */
import { BoError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, deriveSeed } from '../core/rng.js';
import { standardize } from '../core/standardize.js';
import type { SearchSpace } from '../core/space-types.js';
import type { OutcomeBound } from '../acquisitions/mo/feasibility.js';
import { dirichletWeights } from '../acquisitions/mo/simplex-weights.js';
import { chebyshev, defaultBoxAlpha, FIRST_OBJECTIVE, logNehviScore, logNeiScore, type BoxStats, type OutcomeLayout } from '../acquisitions/mo/scores.js';
import { suggestOutcomes } from '../acquisitions/mo/suggest-outcomes.js';
import { createSurrogate } from '../surrogates/registry.js';
import type { FittedSurrogate, Surrogate, SurrogateState } from '../surrogates/types.js';
import { RAW_SAMPLES, RESTARTS } from './acquire.js';
import { defaultInitialTrials } from './bo-policy.js';
import { multiOutcomeAcquisition } from './outcome-resolution.js';
import { objectiveSigns, paretoSummary } from './pareto-summary.js';
import { askAcquisition } from './scalarized-start.js';
import { containsPoint, pickSpaceFilling } from './space-filling.js';
import type { Diagnostics, OutcomeSpec, Policy, PolicyState, SuggestDecision, SuggestRequest } from './types.js';

/** Options of the multi-outcome policy (tests inject a surrogate and optimizer effort). */
export interface MoPolicyOptions {
  readonly surrogate?: Surrogate;
  readonly rawSamples?: number;
  readonly restarts?: number;
  readonly samples?: number;
}

function stack(rows: readonly Float64Array[], d: number): Matrix {
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => data.set(r, i * d));
  return { rows: rows.length, cols: d, data };
}

/** Multi-objective / constrained BO (see the file comment). */
export class MoPolicy implements Policy {
  constructor(private readonly options: MoPolicyOptions = {}) {}

  async suggest(request: SuggestRequest): Promise<SuggestDecision> {
    const { space, algorithm, completed, pending, count, outcomes } = request;
    if (!outcomes) throw new BoError('INVALID_ARGUMENT', 'the multi-outcome policy needs the study outcomes');
    if (!Number.isInteger(count) || count < 1) throw new BoError('INVALID_ARGUMENT', `count must be a positive integer, got ${count}`);
    const observed = completed.flatMap((o) => {
      const v = o.outcomes;
      return v && v.length === outcomes.objectives.length + outcomes.constraints.length && v.every(Number.isFinite) ? [{ params: o.params, outcomes: v }] : [];
    });
    const used = completed.length + pending.length;
    const Xobs = observed.map((o) => space.encode(o.params));
    const Xpend = pending.map((p) => space.encode(p));
    const nInit = algorithm.initialTrials ?? defaultInitialTrials(space.dim);
    const nDesign = Math.max(0, Math.min(count, nInit - used));
    const design = pickSpaceFilling(space, algorithm.seed, used, nDesign, [...Xobs, ...Xpend]);
    const state: PolicyState = request.state ?? {};
    const fill = (reason: Diagnostics): SuggestDecision => {
      const extra = pickSpaceFilling(space, algorithm.seed, used + nDesign, count - nDesign, [...Xobs, ...Xpend, ...design.points]);
      return this.decision(space, [...design.points, ...extra.points], state, { ...reason, sobolIndices: [...design.indices, ...extra.indices] });
    };
    if (nDesign === count) return this.decision(space, design.points, state, { phase: 'initial-design', sobolIndices: design.indices });
    if (observed.length < 2) return fill({ phase: 'initial-design', reason: `${observed.length} completed trial(s) with every outcome: the models need at least 2` });
    const surrogate = this.options.surrogate ?? createSurrogate(algorithm.surrogate, algorithm.surrogateOptions ?? {});
    try {
      return await this.modelStep(request, outcomes, surrogate, observed.map((o) => o.outcomes), Xobs, [...Xpend, ...design.points], count - nDesign, design.points);
    } catch (e) {
      return fill({ phase: 'fallback', fallbackReason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }

  private async modelStep(request: SuggestRequest, spec: OutcomeSpec, surrogate: Surrogate, values: readonly (readonly number[])[], Xobs: Float64Array[], taken: Float64Array[], q: number, designPoints: Float64Array[]): Promise<SuggestDecision> {
    const { space, algorithm } = request;
    const d = space.dim;
    const rng = createRng(deriveSeed(algorithm.seed, request.completed.length + request.pending.length));
    const signs = objectiveSigns(spec);
    const m = signs.length;
    const M = m + spec.constraints.length;
    // Outcome k in model units: z = (sign·v − mean)/std (sign = 1 for constraint metrics).
    const stats = Array.from({ length: M }, (_, k) => standardize(values.map((v) => (k < m ? signs[k] : 1) * v[k])));
    const X = stack(Xobs, d);
    const warm = (request.state?.outcomeModels as SurrogateState[] | undefined) ?? [];
    const t0 = performance.now();
    request.onProgress?.({ stage: 'fit', fraction: 0 });
    const models: FittedSurrogate[] = [];
    for (let k = 0; k < M; k++) {
      const w = warm[k];
      models.push(await surrogate.fit({ X, y: stats[k].y }, { rng: rng.split(), signal: request.signal, warmStart: w && w.kind === surrogate.kind ? w : undefined }));
    }
    const fitMs = performance.now() - t0;

    const bounds: OutcomeBound[] = spec.constraints.flatMap((c, j) => {
      const s = stats[m + j];
      return [
        ...(c.max !== undefined ? [{ column: m + j, kind: 'max' as const, value: (c.max - s.mean) / s.std }] : []),
        ...(c.min !== undefined ? [{ column: m + j, kind: 'min' as const, value: (c.min - s.mean) / s.std }] : []),
      ];
    });
    const layout: OutcomeLayout = { objectives: m, bounds };
    const summary = paretoSummary(spec, values, algorithm.referencePoint);
    const nInit = algorithm.initialTrials ?? defaultInitialTrials(d);
    const kind = askAcquisition(multiOutcomeAcquisition(algorithm.acquisition, m), algorithm.scalarizedStart, request.completed.length + request.pending.length - nInit);
    let makeScore: Parameters<typeof suggestOutcomes>[1];
    const extra: Record<string, unknown> = {};
    let boxStats: BoxStats | undefined;
    let boxAlpha = 0;
    if (kind === 'qlognehvi') {
      // Without a feasible point (and no user point) the reference is inferred from all observations.
      const ref = summary.referencePoint ? spec.objectives.map((o, k) => signs[k] * summary.referencePoint![o.name]) : inferredFromAll(values, signs);
      const refZ = ref.map((r, k) => (r - stats[k].mean) / stats[k].std);
      const alpha = defaultBoxAlpha(m);
      boxStats = { samples: 0, boxes: 0, dropped: 0, maxBoxes: 0 };
      const score = logNehviScore(layout, refZ, { alpha, stats: boxStats });
      makeScore = (draws) => score(draws);
      boxAlpha = alpha;
      extra.referencePoint = Object.fromEntries(spec.objectives.map((o, k) => [o.name, signs[k] * ref[k]]));
      extra.referencePointSource = summary.referencePointSource ?? 'inferred-all';
    } else if (kind === 'qnparego') {
      const lo = stats.slice(0, m).map((s) => Math.min(...s.y));
      const hi = stats.slice(0, m).map((s) => Math.max(...s.y));
      const wrng = rng.split();
      const weights: number[][] = [];
      makeScore = (draws) => {
        const w = dirichletWeights(m, wrng);
        weights.push(Array.from(w));
        return logNeiScore(layout, chebyshev(w, lo, hi))(draws);
      };
      extra.scalarizationWeights = weights;
    } else {
      makeScore = logNeiScore(layout, FIRST_OBJECTIVE);
    }
    request.onProgress?.({ stage: 'acquire', fraction: 0.5 });
    const t1 = performance.now();
    const result = suggestOutcomes(models, makeScore, space, {
      q,
      observed: X,
      pending: stack(taken, d),
      seed: Math.floor(rng.uniform() * 2 ** 32),
      rng: rng.split(),
      rawSamples: this.options.rawSamples ?? RAW_SAMPLES,
      restarts: this.options.restarts ?? RESTARTS,
      ...(this.options.samples !== undefined ? { samples: this.options.samples } : {}),
      ...(this.options.rawSamples !== undefined && this.options.rawSamples < RAW_SAMPLES ? { allowFewRawSamples: true } : {}),
      signal: request.signal,
      deadline: request.timeBudgetMs !== undefined ? Date.now() + request.timeBudgetMs : undefined,
    });
    const acquireMs = performance.now() - t1;
    if (boxStats && boxStats.samples > 0) {
      const per = (v: number): number => Math.round((10 * v) / boxStats!.samples) / 10;
      extra.boxDecomposition = { alpha: boxAlpha, boxesPerSample: per(boxStats.boxes), droppedPerSample: per(boxStats.dropped), maxBoxes: boxStats.maxBoxes };
    }
    const points = result.points.map((x) => space.project(x));
    for (const p of points) if (containsPoint([...Xobs, ...taken], p)) throw new Error('the acquisition optimum repeats a taken point');
    request.onProgress?.({ stage: 'done', fraction: 1 });
    return this.decision(space, [...designPoints, ...points], { ...(request.state ?? {}), outcomeModels: models.map((mdl) => mdl.state()) }, {
      phase: 'model',
      acquisition: kind,
      outcomes: [...spec.objectives.map((o) => o.name), ...spec.constraints.map((c) => c.name)],
      ...extra,
      hypervolume: summary.hypervolume,
      feasibleObserved: summary.feasible.length,
      paretoSize: summary.front.length,
      fitMs,
      acquireMs,
      acquisitionValues: result.values,
      optimizer: result.diagnostics,
      initialDesignInBatch: designPoints.length,
      models: models.map((mdl) => mdl.diagnostics()),
    });
  }

  private decision(space: SearchSpace, points: Float64Array[], state: PolicyState, diagnostics: Diagnostics): SuggestDecision {
    return { suggestions: points.map((x) => space.decode(x)), state, diagnostics };
  }
}

/** Ax's reference point from every observation (used only while no observation is feasible). */
function inferredFromAll(values: readonly (readonly number[])[], signs: number[]): number[] {
  const spec: OutcomeSpec = { objectives: signs.map((s, k) => ({ name: String(k), direction: s < 0 ? 'minimize' : 'maximize' })), constraints: [] };
  const s = paretoSummary(spec, values.map((v) => v.slice(0, signs.length)));
  return signs.map((sg, k) => sg * s.referencePoint![String(k)]);
}
