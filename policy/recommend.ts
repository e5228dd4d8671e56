/**
 * Model-based recommendation (issue 14 item 3): the point the model believes best — the argmax of
 * the posterior mean ('posterior-mean' acquisition, acquisitions/optimize.ts) at the target
 * fidelity in multi-fidelity studies, over the pool's target rows in pool studies, over the space
 * otherwise — with its predicted value and a 95% interval in user units. Pure: no I/O, so the
 * service can run it on a worker (server/recommend.ts).
 */
import { BoError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, deriveSeed, type Rng } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import { standardize } from '../core/standardize.js';
import type { AlgorithmSpec } from '../protocol/algorithm.js';
import type { FidelityParam, Params } from '../protocol/space.js';
import { levelStandardize } from '../acquisitions/mf/level-transform.js';
import { levelOf, toModel, type MfLayout } from '../acquisitions/mf/select.js';
import { buildMomentObjective, optimizeAcquisition, type OptimizeOptions } from '../acquisitions/optimize.js';
import { createPosteriorMean } from '../acquisitions/posterior-mean.js';
import { fitMfGp } from '../surrogates/mf-gp/mf-gp.js';
import { createSurrogate } from '../surrogates/registry.js';
import type { FittedSurrogate } from '../surrogates/types.js';
import { surrogateOptionsToRun } from './auto-combine.js';
import { mfPolicyOptions } from './create-policy.js';
import { mfLayout } from './mf-policy.js';
import type { Observation } from './types.js';

/** Completed trials with a value a recommendation needs (the policies model from 2 on, too). */
export const RECOMMEND_MIN_OBSERVATIONS = 2;
/** z of the two-sided 95% normal interval. */
const Z95 = 1.959963984540054;
/** Stream id of the recommendation's random choices. */
const STREAM = 0x7ec0;
/** Rows scored per posterior call when scoring a candidate set. */
const CHUNK = 256;

/** What a recommendation needs: the study's space, algorithm and completed trials (pool studies: the expanded pool). */
export interface RecommendRequest {
  readonly space: SearchSpace;
  readonly algorithm: AlgorithmSpec;
  readonly direction: 'minimize' | 'maximize';
  readonly completed: readonly Observation[];
  /** Pool studies: one candidate per (row, level) and the user's row of each (policy/pool.ts ExpandedPool). */
  readonly pool?: { readonly params: readonly Params[]; readonly row: ArrayLike<number> };
  readonly signal?: AbortSignal;
  /** Wall-clock budget of the optimizer, ms (the fit honours only the signal). */
  readonly timeBudgetMs?: number;
}

/** The model's best point: posterior mean and sd of the objective there, user units, and a 95% interval. */
export interface Recommendation {
  readonly params: Params;
  readonly mean: number;
  readonly sd: number;
  readonly lower: number;
  readonly upper: number;
  /** The model that produced it: a surrogate kind ('gp', 'nngp', ...) or 'mf-gp'. */
  readonly model: string;
  readonly observations: number;
  /** Pool studies: the user's pool row of the recommended point. */
  readonly poolRow?: number;
  readonly note?: string;
}

/** The target level of a space's fidelity parameter (core/search-space.ts: `target`, else the costliest level), or null. */
export function targetFidelity(space: SearchSpace): { name: string; value: string | number } | null {
  const dim = space.dimensions.find((d) => d.kind === 'fidelity');
  if (!dim || dim.kind !== 'fidelity') return null;
  return { name: dim.name, value: (space.spec[dim.name] as FidelityParam).levels[dim.target]!.value };
}

/** A fitted model over space rows (the fidelity pinned to the target inside) and its map back to user units. */
export interface Fitted {
  readonly model: FittedSurrogate;
  readonly name: string;
  toUser(mean: number, variance: number): { mean: number; sd: number };
  readonly note?: string;
}

function notEnough(message: string): BoError {
  return new BoError('FAILED_PRECONDITION', `${message}; study.best() returns the best observed trial meanwhile`, [{ path: ['studyId'], message: 'not enough data for a model' }]);
}

function stack(rows: readonly Float64Array[], d: number): Matrix {
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => data.set(r, i * d));
  return { rows: rows.length, cols: d, data };
}

/**
 * The recommendation for a study. FAILED_PRECONDITION before RECOMMEND_MIN_OBSERVATIONS completed
 * trials with a value, or (fidelity studies) before one at the target level: below that a
 * model's optimum and interval say nothing. The interval is mean ± 1.96·sd of the posterior of the
 * latent objective (not of a new noisy measurement); for Student-t, ensemble and bar posteriors
 * it is the normal interval with their mean and variance.
 */
export async function recommend(req: RecommendRequest): Promise<Recommendation> {
  const observed = req.completed.filter((o) => Number.isFinite(o.value));
  if (observed.length < RECOMMEND_MIN_OBSERVATIONS) {
    throw notEnough(`a recommendation needs at least ${RECOMMEND_MIN_OBSERVATIONS} completed trials, the study has ${observed.length}`);
  }
  const rng = createRng(deriveSeed(req.algorithm.seed, STREAM, observed.length));
  const deadline = req.timeBudgetMs !== undefined ? Date.now() + req.timeBudgetMs : undefined;
  const layout = mfLayout(req.space);
  const fitted = await fitForPrediction(req, observed, layout, rng);
  const pick = argmaxMean(req, fitted.model, layout, observed, rng, deadline);
  const post = fitted.model.posterior(stack([pick.x], req.space.dim));
  const { mean, sd } = fitted.toUser(post.mean()[0]!, Math.max(0, post.variance()[0]!));
  return {
    params: pick.params,
    mean,
    sd,
    lower: mean - Z95 * sd,
    upper: mean + Z95 * sd,
    model: fitted.name,
    observations: observed.length,
    ...(pick.poolRow !== undefined ? { poolRow: pick.poolRow } : {}),
    ...(fitted.note ? { note: fitted.note } : {}),
  };
}

/**
 * The model a recommendation (and the dashboard's slices, policy/slices.ts) predicts with: the
 * multi-fidelity GP in pool and fidelity studies (at the target level), else the study's own surrogate.
 */
export function fitForPrediction(req: RecommendRequest, observed: readonly Observation[], layout: MfLayout, rng: Rng): Promise<Fitted> {
  return req.pool !== undefined || layout.fidelity !== undefined ? fitMf(req, observed, layout, rng) : fitSingle(req, observed, rng);
}

/** The study's own surrogate (the default GP for surrogate 'none') on z-scored values, so the interval maps back exactly. */
async function fitSingle(req: RecommendRequest, observed: readonly Observation[], rng: Rng): Promise<Fitted> {
  const { space, algorithm } = req;
  const none = algorithm.surrogate === 'none';
  const surrogate = createSurrogate(none ? 'gp' : algorithm.surrogate, none ? {} : surrogateOptionsToRun(algorithm));
  const sign = req.direction === 'minimize' ? -1 : 1;
  const z = standardize(observed.map((o) => sign * o.value));
  const model = await surrogate.fit({ X: stack(observed.map((o) => space.encode(o.params)), space.dim), y: z.y }, { rng: rng.split(), signal: req.signal });
  return {
    model,
    name: surrogate.kind,
    toUser: (m, v) => ({ mean: sign * (m * z.std + z.mean), sd: Math.sqrt(v) * z.std }),
    ...(none ? { note: "the study samples without a model (surrogate 'none'); this recommendation fits the default GP" } : {}),
  };
}

/** The multi-fidelity GP of the study's MF/pool policy (policy/mf-policy.ts), predicting at the target level. */
async function fitMf(req: RecommendRequest, observed: readonly Observation[], layout: MfLayout, rng: Rng): Promise<Fitted> {
  const { space } = req;
  const f = layout.fidelity;
  const L = f ? f.grid.length : 1;
  const target = f ? f.target : 0;
  const options = mfPolicyOptions(req.algorithm);
  const Xobs = observed.map((o) => space.encode(o.params));
  const lev = Xobs.map((x) => levelOf(layout, x));
  if (f && !lev.includes(target)) {
    const t = targetFidelity(space)!;
    throw notEnough(`no completed trial at the target fidelity ${t.name}=${JSON.stringify(t.value)} yet: a prediction there would rest on the lower levels alone`);
  }
  const sign = req.direction === 'minimize' ? -1 : 1;
  const values = observed.map((o) => sign * o.value);
  const perLevel = options.levelStandardize !== false;
  const tr = perLevel ? levelStandardize(values, lev, L) : levelStandardize(values, lev.map(() => 0), 1);
  const k = perLevel ? target : 0;
  const fitted = await fitMfGp({ X: toModel(layout, stack(Xobs, space.dim)), y: tr.z }, f?.index, { rng: rng.split(), signal: req.signal }, {
    biasScale: true,
    ...options.fit,
    ...(f ? { levels: f.modelValue, target } : {}),
  });
  return {
    model: atTarget(fitted, layout),
    name: fitted.kind,
    toUser: (m, v) => ({ mean: sign * (m * tr.std[k]! + tr.mean[k]!), sd: Math.sqrt(v) * tr.std[k]! }),
  };
}

/** The MF model seen from space rows: whatever level a row names, it predicts the target level (model value 1). */
function atTarget(fitted: FittedSurrogate, layout: MfLayout): FittedSurrogate {
  const f = layout.fidelity;
  if (!f) return fitted;
  const pin = (x: ArrayLike<number>) => {
    const y = Float64Array.from(x);
    y[f.index] = 1;
    return y;
  };
  return {
    kind: fitted.kind,
    dim: fitted.dim,
    ...(fitted.posteriorKind ? { posteriorKind: fitted.posteriorKind } : {}),
    // Noise only: the cross moments and bounds of the fitted model are in its own coordinates, not the pinned ones.
    ...(fitted.capabilities ? { capabilities: { posteriorKind: fitted.capabilities.posteriorKind, ...(fitted.capabilities.noiseVariance !== undefined ? { noiseVariance: fitted.capabilities.noiseVariance } : {}) } } : {}),
    posterior: (X, o) => fitted.posterior(toModel(layout, X, true), o),
    ...(fitted.predictWithGradient ? { predictWithGradient: (x: ArrayLike<number>) => fitted.predictWithGradient!(pin(x)) } : {}),
    ...(fitted.predictEnsembleWithGradient ? { predictEnsembleWithGradient: (x: ArrayLike<number>) => fitted.predictEnsembleWithGradient!(pin(x)) } : {}),
    state: () => fitted.state(),
    diagnostics: () => fitted.diagnostics(),
  };
}

/** Posterior means of the rows of X, in chunks. */
function meansOf(model: FittedSurrogate, X: Matrix): Float64Array {
  const out = new Float64Array(X.rows);
  for (let s = 0; s < X.rows; s += CHUNK) {
    const e = Math.min(X.rows, s + CHUNK);
    out.set(model.posterior({ rows: e - s, cols: X.cols, data: X.data.subarray(s * X.cols, e * X.cols) }).mean(), s);
  }
  return out;
}

/**
 * The argmax of the posterior mean: over the pool's target rows (all rows when none is at the
 * target) in pool studies; else L-BFGS-B from Sobol starts (a candidate set for bar posteriors,
 * which have no gradients) with the fidelity pinned at the target, compared with the observed
 * points moved to the target, so the answer is never worse (by the model) than an observed point.
 */
function argmaxMean(req: RecommendRequest, model: FittedSurrogate, layout: MfLayout, observed: readonly Observation[], rng: Rng, deadline: number | undefined): { x: Float64Array; params: Params; poolRow?: number } {
  const { space } = req;
  const f = layout.fidelity;
  const toTarget = (x: Float64Array) => {
    if (f) x[f.index] = f.grid[f.target]!;
    return x;
  };
  if (req.pool) {
    const rows = req.pool.params.map((p) => space.encode(p));
    let idx = rows.map((_, i) => i).filter((i) => !f || levelOf(layout, rows[i]!) === f.target);
    if (idx.length === 0) idx = rows.map((_, i) => i);
    const means = meansOf(model, stack(idx.map((i) => toTarget(rows[i]!.slice())), space.dim));
    let best = 0;
    for (let j = 1; j < idx.length; j++) if (means[j]! > means[best]!) best = j;
    const i = idx[best]!;
    const t = targetFidelity(space);
    return { x: toTarget(rows[i]!.slice()), params: { ...req.pool.params[i]!, ...(t ? { [t.name]: t.value } : {}) }, poolRow: req.pool.row[i]! };
  }
  const candidates: Float64Array[] = observed.map((o) => toTarget(space.encode(o.params)));
  const options: OptimizeOptions = {
    rng: rng.split(),
    signal: req.signal,
    deadline,
    ...(f ? { fixed: [{ index: f.index, value: f.grid[f.target]! }] } : {}),
  };
  if (model.posteriorKind === 'bar') {
    const sample = space.sample(1024, rng.split());
    for (let i = 0; i < sample.rows; i++) candidates.push(toTarget(sample.data.slice(i * sample.cols, (i + 1) * sample.cols)));
  } else {
    const acq = createPosteriorMean();
    candidates.push(optimizeAcquisition(buildMomentObjective(model, acq, { best: 0, rng: rng.split() }), space, options).x);
  }
  const means = meansOf(model, stack(candidates, space.dim));
  let best = 0;
  for (let j = 1; j < candidates.length; j++) if (means[j]! > means[best]!) best = j;
  const x = space.project(candidates[best]!);
  return { x, params: space.decode(x) };
}
