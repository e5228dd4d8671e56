/**
 * The acquisition optimizer (DESIGN.md "Optimizer"): scrambled-Sobol raw samples scored in one
 * batch call, the best k as starts, L-BFGS-B on −value over the continuous relaxation (analytic
 * gradients where the objective has them, one-batch forward differences otherwise), then exact
 * handling of discrete parameters (integers rounded + grid local search, categoricals and
 * fidelity levels by enumeration), simplex blocks kept on the simplex by w = u/Σu. The winner is
 * always space.project(x), re-scored. Honours a deadline and an AbortSignal (best so far).
 */
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import { minimizeBounded } from '../core/optim/lbfgsb.js';
import type { FittedSurrogate } from '../surrogates/types.js';
import { discreteLocalSearch } from './discrete-search.js';
import { branchRelaxation, projectedScore } from './branch-relaxation.js';
import { buildRelaxation, type FixedCoordinate, type Relaxation } from './relaxation.js';
import type { AcquisitionContext, MomentAcquisition } from './types.js';

/** What the optimizer maximizes. values(): batch scoring of rows (m×d → m); higher is better. */
export interface AcquisitionObjective {
  values(X: Matrix): Float64Array;
  /** Value at one row, writing ∂value/∂x into grad (length d). Optional: finite differences otherwise. */
  valueAndGradient?(x: Float64Array, grad: Float64Array): number;
}

/** Options of optimizeAcquisition (defaults in brackets). */
export interface OptimizeOptions {
  readonly rng: Rng;
  /** Raw Sobol samples scored to pick starts [512; at least 512 unless `allowFewRawSamples`]. */
  readonly rawSamples?: number;
  /** Number of best raw points used as L-BFGS-B starts [8]. */
  readonly restarts?: number;
  /** L-BFGS-B iterations per start [100]. */
  readonly maxIterations?: number;
  readonly signal?: AbortSignal;
  /** Date.now() deadline in ms; the best point so far is returned when it passes. */
  readonly deadline?: number;
  /** Pinned encoded coordinates (e.g. a fidelity at its target level). */
  readonly fixed?: readonly FixedCoordinate[];
  /** Pool mode: score these rows (m×d, valid points) and return the best; no continuous search. */
  readonly candidates?: Matrix;
  /** Rows that must not be returned again (pending / observed points). */
  readonly avoid?: Matrix;
  /** L∞ distance under which a point counts as one of `avoid` [1e-6]. */
  readonly avoidDistance?: number;
  /** Tests and latency-critical callers may go below 512 raw samples / 8 restarts. */
  readonly allowFewRawSamples?: boolean;
  /**
   * Points (k×d, encoded) to sample raw candidates around, in addition to the Sobol ones: rawSamples
   * truncated-normal perturbations N(x_b, σ²I) on [0,1]^d, x_b drawn uniformly from these rows
   * (BoTorch's sample_around_best; suggestBatch passes the best observed points by posterior mean).
   */
  readonly aroundBest?: Matrix;
  /** σ of the perturbations around `aroundBest`, in encoded (unit-cube) units [1e-3, BoTorch's sample_around_best_sigma]. */
  readonly aroundBestSigma?: number;
  /**
   * How starts are picked from the scored raw samples: 'top' (the best k) or 'boltzmann' (BoTorch's
   * initialize_q_batch: k draws without replacement with weights exp(η·z), z the standardized raw
   * value, η = 1, and the best raw point always included) [top].
   */
  readonly startSelection?: 'top' | 'boltzmann';
}

/** Result of an optimization: a valid encoded row, its value and what it cost. */
export interface OptimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  /** Rows scored by values() (plus valueAndGradient calls). */
  readonly evaluations: number;
  /** Local searches run (0 in pool mode or when stopped before the first). */
  readonly starts: number;
  readonly stopped: 'done' | 'deadline' | 'aborted';
  readonly elapsedMs: number;
  readonly source: 'pool' | 'raw' | 'local';
}

const FD_STEP = 1e-6;

function linfDistance(a: ArrayLike<number>, b: Float64Array, bo: number, d: number): number {
  let m = 0;
  for (let j = 0; j < d; j++) m = Math.max(m, Math.abs(a[j] - b[bo + j]));
  return m;
}

function isAvoided(x: ArrayLike<number>, avoid: Matrix | undefined, tol: number): boolean {
  if (!avoid) return false;
  for (let r = 0; r < avoid.rows; r++) if (linfDistance(x, avoid.data, r * avoid.cols, avoid.cols) <= tol) return true;
  return false;
}

function rowOf(m: Matrix, i: number): Float64Array {
  return m.data.slice(i * m.cols, (i + 1) * m.cols);
}

/** −value and −gradient in the relaxation's variables (analytic or one-batch forward differences). */
function makeNegObjective(obj: AcquisitionObjective, rel: Relaxation, base: Float64Array, count: () => void) {
  const d = base.length;
  const x = new Float64Array(d);
  const gx = new Float64Array(d);
  return (v: Float64Array, gv: Float64Array): number => {
    count();
    rel.toX(v, base, x);
    if (obj.valueAndGradient) {
      gx.fill(0);
      const f = obj.valueAndGradient(x, gx);
      rel.pullback(v, gx, gv);
      for (let i = 0; i < gv.length; i++) gv[i] = -gv[i];
      return -f;
    }
    const n = v.length;
    const data = new Float64Array((n + 1) * d);
    data.set(x, 0);
    const steps = new Float64Array(n);
    const vv = v.slice();
    for (let k = 0; k < n; k++) {
      const h = v[k] + FD_STEP <= rel.upper[k] ? FD_STEP : -FD_STEP;
      steps[k] = h;
      vv[k] = v[k] + h;
      rel.toX(vv, base, data.subarray((k + 1) * d, (k + 2) * d));
      vv[k] = v[k];
    }
    const f = obj.values({ rows: n + 1, cols: d, data });
    for (let k = 0; k < n; k++) gv[k] = -(f[k + 1] - f[0]) / steps[k];
    return -f[0];
  };
}

/** Maximize an acquisition objective over a search space; always returns a valid encoded point. */
export function optimizeAcquisition(objective: AcquisitionObjective, space: SearchSpace, options: OptimizeOptions): OptimizeResult {
  const t0 = Date.now();
  const { rng, signal, deadline } = options;
  const few = options.allowFewRawSamples === true;
  const rawCount = Math.max(few ? 1 : 512, Math.floor(options.rawSamples ?? 512));
  const restarts = Math.max(few ? 1 : 8, Math.floor(options.restarts ?? 8));
  const maxIterations = options.maxIterations ?? 100;
  const tol = options.avoidDistance ?? 1e-6;
  const d = space.dim;
  const baseRel = buildRelaxation(space, options.fixed ?? []);
  let evaluations = 0;
  const stopReason = (): 'aborted' | 'deadline' | null =>
    signal?.aborted ? 'aborted' : deadline !== undefined && Date.now() > deadline ? 'deadline' : null;
  const score = (X: Matrix): Float64Array => {
    evaluations += X.rows;
    const v = objective.values(X);
    for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) v[i] = -Infinity;
    return v;
  };
  const finish = (x: Float64Array, value: number, starts: number, source: OptimizeResult['source']): OptimizeResult => ({
    x,
    value,
    evaluations,
    starts,
    stopped: stopReason() ?? 'done',
    elapsedMs: Date.now() - t0,
    source,
  });
  const validate = (x: ArrayLike<number>): Float64Array => {
    const y = Float64Array.from(x);
    baseRel.pin(y);
    return space.project(y);
  };

  // Pool mode: score the given rows once; the value is the pool's score (Thompson draws are joint).
  if (options.candidates) {
    const C = options.candidates;
    if (C.rows === 0) throw new RangeError('optimizeAcquisition: empty candidate pool');
    const vals = score(C);
    const order = Array.from(vals.keys()).sort((a, b) => vals[b] - vals[a]);
    const pick = order.find((i) => !isAvoided(validate(rowOf(C, i)), options.avoid, tol)) ?? order[0];
    return finish(validate(rowOf(C, pick)), vals[pick], 0, 'pool');
  }

  // Stopped before we start: one valid point, scored.
  if (stopReason()) {
    const x = validate(rowOf(space.sample(1, rng), 0));
    return finish(x, score({ rows: 1, cols: d, data: x })[0], 0, 'raw');
  }

  const sobol = space.sample(rawCount, rng);
  const near = options.aroundBest && options.aroundBest.rows > 0 ? perturbAround(options.aroundBest, rawCount, options.aroundBestSigma ?? 1e-3, rng) : undefined;
  const raw: Matrix = near ? { rows: sobol.rows + near.rows, cols: d, data: concat(sobol.data, near.data) } : sobol;
  for (let i = 0; i < raw.rows; i++) raw.data.set(validate(raw.data.subarray(i * d, (i + 1) * d)), i * d);
  const rawVals = score(raw);
  const order = Array.from(rawVals.keys()).sort((a, b) => rawVals[b] - rawVals[a]);
  const startOrder = options.startSelection === 'boltzmann' ? boltzmannStarts(rawVals, order, restarts, rng) : order;
  const pool: { x: Float64Array; value: number; source: OptimizeResult['source'] }[] = [];
  let starts = 0;
  for (const i of startOrder) {
    if (starts >= restarts || stopReason()) break;
    // An avoided start is still a fine start: the avoid check applies to the final pick only.
    const x0 = rowOf(raw, i);
    starts++;
    const res = localSearch(x0, rawVals[i]);
    pool.push({ x: res.x, value: res.value, source: 'local' });
  }
  for (const i of order) pool.push({ x: rowOf(raw, i), value: rawVals[i], source: 'raw' });
  pool.sort((a, b) => b.value - a.value);
  const best = pool.find((p) => !isAvoided(p.x, options.avoid, tol)) ?? pool[0];
  return finish(best.x, best.value, starts, best.source);

  /**
   * Continuous L-BFGS-B, then integer rounding + discrete enumeration; alternated twice at most.
   * On conditional spaces each round searches the branch active at x (acquisitions/branch-relaxation.ts).
   */
  function localSearch(start: Float64Array, startValue: number): { x: Float64Array; value: number } {
    let x: Float64Array = start.slice();
    let value = startValue;
    const scoreMoves = projectedScore(space, score);
    for (let round = 0; round < 2 && !stopReason(); round++) {
      const rel = branchRelaxation(space, options.fixed ?? [], x, baseRel);
      if (rel.size > 0) {
        const fg = makeNegObjective(objective, rel, x, () => (evaluations += objective.valueAndGradient ? 1 : rel.size + 1));
        const r = minimizeBounded(fg, rel.fromX(x), rel.lower, rel.upper, { maxIterations, signal, deadline });
        const xc = new Float64Array(d);
        rel.toX(r.x, x, xc);
        rel.roundIntegers(xc);
        const xp = validate(xc);
        const v = score({ rows: 1, cols: d, data: xp })[0];
        if (v > value) {
          x = xp;
          value = v;
        }
      }
      const ds = discreteLocalSearch(x, value, rel.moves, scoreMoves, rng, () => stopReason() !== null);
      if (!(ds.value > value)) break;
      const xp = validate(ds.x);
      const v = score({ rows: 1, cols: d, data: xp })[0];
      if (v >= value) {
        x = xp;
        value = v;
      }
      if (rel.size === 0) break; // else the continuous part may move again at the new discrete point
    }
    return { x, value };
  }
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * m points x = x_b + σ·ε, x_b a uniformly drawn row of `centers`, each coordinate a N(x_b, σ²)
 * draw truncated to [0, 1] (by resampling; clamped after 20 tries). BoTorch
 * sample_truncated_normal_perturbations, for d < 20 where it perturbs every coordinate.
 */
export function perturbAround(centers: Matrix, m: number, sigma: number, rng: Rng): Matrix {
  const d = centers.cols;
  const data = new Float64Array(m * d);
  for (let r = 0; r < m; r++) {
    const b = Math.min(centers.rows - 1, Math.floor(rng.uniform() * centers.rows));
    for (let j = 0; j < d; j++) {
      const c = centers.data[b * d + j];
      let v = c + sigma * rng.normal();
      for (let t = 0; t < 20 && (v < 0 || v > 1); t++) v = c + sigma * rng.normal();
      data[r * d + j] = Math.min(1, Math.max(0, v));
    }
  }
  return { rows: m, cols: d, data };
}

/**
 * BoTorch initialize_q_batch (η = 1): k indices drawn without replacement with probability ∝
 * exp(η·(v − mean)/sd) over the finite raw values (η halved until no weight overflows), the
 * argmax forced in as the last pick when missed. Returns the picks first, then the rest of `order`.
 */
export function boltzmannStarts(values: Float64Array, order: readonly number[], k: number, rng: Rng, eta = 1): number[] {
  const idx = order.filter((i) => Number.isFinite(values[i]));
  if (idx.length <= k) return [...order];
  let mean = 0;
  for (const i of idx) mean += values[i];
  mean /= idx.length;
  let v2 = 0;
  for (const i of idx) v2 += (values[i] - mean) ** 2;
  const sd = Math.sqrt(v2 / (idx.length - 1));
  if (!(sd > 0)) return [...order];
  let e = eta;
  let w = idx.map((i) => Math.exp((e * (values[i] - mean)) / sd));
  while (w.some((x) => !Number.isFinite(x))) {
    e *= 0.5;
    w = idx.map((i) => Math.exp((e * (values[i] - mean)) / sd));
  }
  const picks: number[] = [];
  let total = w.reduce((a, b) => a + b, 0);
  for (let t = 0; t < k && total > 0; t++) {
    let u = rng.uniform() * total;
    let j = 0;
    while (j < w.length - 1 && (u -= w[j]) > 0) j++;
    if (w[j] === 0) j = w.findIndex((x) => x > 0);
    picks.push(idx[j]);
    total -= w[j];
    w[j] = 0;
  }
  if (!picks.includes(order[0])) picks[picks.length - 1] = order[0];
  const chosen = new Set(picks);
  return [...picks, ...order.filter((i) => !chosen.has(i))];
}

/** Rows scored per posterior call: bounds the m×m joint covariance some posteriors build. */
const CHUNK = 256;

/**
 * Objective for a MomentAcquisition: values from model.posterior(X) (latent f, in chunks) and,
 * when the model offers predictWithGradient, ∇x value = a_μ·∇μ + a_v·∇v (chain rule through fromMoments);
 * for an ensemble posterior ∇x value = Σ_s a_μs·∇μ_s + a_vs·∇v_s (fromEnsemble, predictEnsembleWithGradient).
 */
export function buildMomentObjective(model: FittedSurrogate, acq: MomentAcquisition, context: AcquisitionContext): AcquisitionObjective {
  const values = (X: Matrix): Float64Array => {
    const out = new Float64Array(X.rows);
    for (let s = 0; s < X.rows; s += CHUNK) {
      const e = Math.min(X.rows, s + CHUNK);
      const part = { rows: e - s, cols: X.cols, data: X.data.subarray(s * X.cols, e * X.cols) };
      out.set(acq.evaluate(model.posterior(part), context), s);
    }
    return out;
  };
  const ensemble = model.posteriorKind === 'ensemble' ? model.predictEnsembleWithGradient?.bind(model) : undefined;
  const fromEnsemble = acq.fromEnsemble?.bind(acq);
  if (ensemble && fromEnsemble) {
    return {
      values,
      valueAndGradient(x: Float64Array, grad: Float64Array): number {
        const p = ensemble(x);
        const g = fromEnsemble(p.means, p.variances, context, { ...(p.weights ? { weights: p.weights } : {}), ...(p.memberDf ? { df: p.memberDf } : {}) });
        const d = grad.length;
        grad.fill(0);
        for (let s = 0; s < p.means.length; s++) {
          for (let j = 0; j < d; j++) grad[j] += g.dMeans[s] * p.dMeans.data[s * d + j] + g.dVariances[s] * p.dVariances.data[s * d + j];
        }
        return g.value;
      },
    };
  }
  // An ensemble model's predictWithGradient (if any) is its moment-matched Gaussian: not the surface values() scores.
  const predict = model.posteriorKind === 'ensemble' ? undefined : model.predictWithGradient?.bind(model);
  if (!predict) return { values };
  return {
    values,
    valueAndGradient(x: Float64Array, grad: Float64Array): number {
      const p = predict(x);
      const g = acq.fromMoments(p.mean, p.variance, context, p.df);
      for (let j = 0; j < grad.length; j++) grad[j] = g.dMean * p.dMean[j] + g.dVariance * p.dVariance[j];
      return g.value;
    },
  };
}
