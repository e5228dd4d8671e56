import { BoError } from '../../core/errors.js';
import { minimizeBounded } from '../../core/optim/lbfgsb.js';
import type { FitOptions, SurrogateState, TrainingData } from '../types.js';
import { FittedGp } from './fitted-gp.js';
import {
  factorize,
  logMarginalLikelihoodWithGradient,
  logPrior,
  parameterLayout,
  type GpFactor,
  type GpParameterLayout,
  type NoiseModel,
} from './gp-likelihood.js';
import { fitBudget, resolveModelSpec, type GpModelSpec, type GpOptions } from './gp-options.js';
import { encodeHashes, readReuseRecord, reuseBlocker, reuseHyperparameters, rowHashes } from './factor-reuse.js';
import { fitSubsetRows, subsetData } from './fit-subset.js';

/** Above this n one evaluation costs too much for the prior-mode safety check of warm fits. */
const MODE_CHECK_MAX_N = 1000;

/** One start's outcome. */
interface StartResult {
  readonly v: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly message: string;
}

/**
 * MAP fit of the GP hyperparameters: minimize −(log p(y|v) + log p(v)) / n over the box of the
 * layout with L-BFGS-B (BoTorch's fit_gpytorch_mll scales the same way: ExactMarginalLogLikelihood
 * divides by n). Starts: the warm state if it matches (then `warmRestarts` more), else the prior
 * mode plus `restarts` prior draws. The best finite start wins; none finite → BoError INTERNAL.
 * Synchronous within a start; yields to the event loop between starts.
 */
export async function fitGp(options: GpOptions, data: TrainingData, fit: FitOptions): Promise<FittedGp> {
  return fitGpModel(resolveModelSpec(options, data.X.cols), options, data, fit);
}

/**
 * The same MAP fit for any kernel (spec.kernel may be an NNGP, deep or custom kernel): the GP
 * only talks to the Kernel interface. `kind` names the fitted model and its warm-start state.
 */
export async function fitGpModel(
  spec: GpModelSpec,
  options: GpOptions,
  data: TrainingData,
  fit: FitOptions,
  kind = 'gp',
): Promise<FittedGp> {
  const t0 = performance.now();
  const n = data.X.rows;
  if (spec.kernel.dim !== data.X.cols) throw new RangeError(`gp fit: kernel dim ${spec.kernel.dim}, X has ${data.X.cols} columns`);
  const layout = parameterLayout(spec.kernel, spec.minNoise, spec.maxNoise, spec.fixedNoise);
  const noise: NoiseModel = { prior: spec.noisePrior, fixed: spec.fixedNoise !== undefined };
  const warmStart = warmVector(layout, fit.warmStart, kind);
  // Warm fits may keep the previous hyperparameters and extend their factor (factor-reuse.ts says when).
  let refitReason: string | undefined;
  if (warmStart) {
    const record = readReuseRecord(fit.warmStart);
    refitReason = options.factorReuse ? reuseBlocker(layout, record, data) : 'factor reuse disabled';
    if (refitReason === undefined) {
      const previous = fit.previous instanceof FittedGp ? fit.previous : undefined;
      const out = reuseHyperparameters(layout, warmStart, data, record!, previous);
      if (out.reused) {
        return new FittedGp(layout, warmStart, out.data, out.factor, {
          logPrior: logPrior(layout, noise, warmStart),
          iterations: 0,
          evaluations: 0,
          starts: 0,
          warm: true,
          path: out.extended ? 'extended' : 'refactored',
          reuse: out.record,
          ...(out.order ? { rowOrder: out.order } : {}),
          fitMs: performance.now() - t0,
        }, kind);
      }
      refitReason = out.reason;
    }
  }
  // Large n: the hyperparameters are fit on a row subset, the posterior uses every row (fit-subset.ts).
  const fitData = subsetData(data, fitSubsetRows(data, options.fitRows));
  const m = fitData.X.rows;
  const budget = fitBudget(options, n, warmStart !== undefined);

  const starts: Float64Array[] = [];
  const modeStart = (): Float64Array => {
    const v = new Float64Array(layout.size);
    v.set(layout.kernel.initialTheta());
    v[layout.noiseIndex] = spec.fixedNoise !== undefined ? Math.log(spec.fixedNoise) : spec.noisePrior.modeTheta();
    v[layout.meanIndex] = 0;
    return clip(layout, v);
  };
  // Warm: the warm vector, then (extraStarts) the prior mode and prior draws. Cold: the mode, then draws.
  if (warmStart) starts.push(warmStart);
  if (!warmStart || budget.extraStarts > 0) starts.push(modeStart());
  const wanted = 1 + budget.extraStarts;
  while (starts.length < wanted) {
    const v = new Float64Array(layout.size);
    v.set(layout.kernel.sampleTheta(fit.rng));
    v[layout.noiseIndex] = spec.fixedNoise !== undefined ? Math.log(spec.fixedNoise) : spec.noisePrior.sampleTheta(fit.rng);
    v[layout.meanIndex] = 0;
    starts.push(clip(layout, v));
  }

  const objective = makeObjective(layout, noise, fitData);
  let best: StartResult | undefined;
  let iterations = 0;
  let evaluations = 0;
  let errors = 0;
  let lastError = '';
  let ran = 0;
  let modeChecked = false;
  for (let s = 0; s < starts.length; s++) {
    if (s > 0) {
      // Yield between starts so an abort (timeout, cancelled ask) can be seen during long fits.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (fit.signal?.aborted) break;
    }
    ran++;
    try {
      const r = minimizeBounded(objective, starts[s], layout.lower, layout.upper, {
        maxIterations: budget.maxIterations,
        signal: fit.signal,
        // scipy's L-BFGS-B defaults (as BoTorch) cold; warm starts sit near the optimum, where
        // a looser factr saves a third of the evaluations for a ~1e-5 nat loss (measured n=100, d=6).
        pgtol: 1e-5,
        factr: warmStart ? 1e9 : 1e7,
      });
      iterations += r.iterations;
      evaluations += r.evaluations;
      if (Number.isFinite(r.f) && (!best || r.f < best.f)) best = { ...r, v: r.x };
    } catch (e) {
      errors++;
      lastError = (e as Error).message;
    }
    fit.onProgress?.({ stage: 'gp-fit', fraction: (s + 1) / starts.length });
    // A lone warm start can sit in a stale local optimum after the data moved: one evaluation at
    // the prior mode is a cheap check, and only if the mode is already better is it optimized.
    if (!modeChecked && m <= MODE_CHECK_MAX_N && warmStart && budget.extraStarts === 0 && best && !fit.signal?.aborted) {
      modeChecked = true;
      const mode = modeStart();
      const kept = objective.last;
      if (objective(mode, new Float64Array(layout.size)) < best.f) starts.push(mode);
      else objective.last = kept;
      evaluations++;
    }
  }
  if (!best) {
    throw new BoError(
      'INTERNAL',
      `gp fit failed: no start gave a finite marginal likelihood (${starts.length} starts, ${errors} errors${lastError ? `; last: ${lastError}` : ''})`,
    );
  }
  // The log-posterior gain over the warm start (rule (b) of factor-reuse.ts), on the rows the
  // optimizer saw; NaN if that start failed.
  const gain = m * ((objective.first ?? NaN) - best.f);
  let full: GpObjective | undefined;
  if (m < n && options.polishIterations > 0 && !fit.signal?.aborted) {
    // A few full-data iterations from the subset's optimum: the subset locates the basin, the
    // full likelihood moves the hyperparameters the last step (each step costs one full evaluation).
    full = makeObjective(layout, noise, data);
    try {
      const r = minimizeBounded(full, best.v, layout.lower, layout.upper, { maxIterations: options.polishIterations, signal: fit.signal, pgtol: 1e-5, factr: 1e9 });
      evaluations += r.evaluations;
      iterations += r.iterations;
      if (Number.isFinite(r.f)) best = { ...r, v: r.x };
    } catch {
      // The subset's optimum stands.
    }
  }
  // The optimizer's best point is usually its latest evaluation: reuse that factor instead of
  // refactoring (the full-data objective's, when the optimizer saw a subset).
  const last = m === n ? objective.last : full?.last;
  let factor: GpFactor;
  if (last && sameVector(last.v, best.v)) factor = last.factor;
  else {
    try {
      factor = factorize(layout, best.v, data);
    } catch (e) {
      throw new BoError('INTERNAL', `gp fit failed: final factorization: ${(e as Error).message}`);
    }
  }
  if (!Number.isFinite(factor.lml)) throw new BoError('INTERNAL', 'gp fit failed: non-finite log marginal likelihood at the optimum');
  const fitGain = warmStart && Number.isFinite(gain) ? gain : null;
  return new FittedGp(layout, best.v, data, factor, {
    logPrior: logPrior(layout, noise, best.v),
    path: warmStart ? 'refit' : 'cold',
    ...(refitReason !== undefined ? { refitReason } : {}),
    reuse: { rows: n, rowHashes: encodeHashes(rowHashes(data.X)), jitter: factor.jitter, fitRows: n, fitGain },
    ...(m < n ? { hyperparameterRows: m } : {}),
    iterations,
    evaluations,
    starts: ran,
    warm: warmStart !== undefined,
    converged: best.converged,
    message: best.message,
    fitMs: performance.now() - t0,
  }, kind);
}

/** The MAP objective, remembering the factor of its latest finite evaluation (reused by the fit's result). */
export interface GpObjective {
  (v: Float64Array, grad: Float64Array): number;
  /** Factor and vector of the latest finite evaluation. */
  last?: { readonly v: Float64Array; readonly factor: GpFactor };
  /** The value of the first evaluation (NaN if it failed): the warm start's, on a warm fit. */
  first?: number;
}

/** f(v) = −(lml + log prior)/n and its gradient; non-finite (failed factorization) makes the line search back off. */
export function makeObjective(layout: GpParameterLayout, noise: NoiseModel, data: TrainingData): GpObjective {
  const n = data.X.rows;
  const objective: GpObjective = (v, grad) => {
    let factor: GpFactor;
    try {
      factor = logMarginalLikelihoodWithGradient(layout, v, data, grad);
    } catch {
      grad.fill(NaN);
      objective.first ??= NaN;
      return NaN;
    }
    const lp = logPrior(layout, noise, v, grad);
    for (let i = 0; i < grad.length; i++) grad[i] = -grad[i] / n;
    if (noise.fixed) grad[layout.noiseIndex] = 0;
    const f = -(factor.lml + lp) / n;
    objective.first ??= Number.isFinite(f) ? f : NaN;
    if (Number.isFinite(f)) objective.last = { v: v.slice(), factor };
    return f;
  };
  return objective;
}

/** The warm state's vector when it matches this layout (same kind and names, finite), clipped to the box. */
function warmVector(layout: GpParameterLayout, state: SurrogateState | undefined, kind: string): Float64Array | undefined {
  if (!state || state.kind !== kind) return undefined;
  const names = state.names;
  const theta = state.theta;
  if (!Array.isArray(names) || !Array.isArray(theta) || theta.length !== layout.size) return undefined;
  if (state.kernel !== layout.kernel.name || names.length !== layout.size) return undefined;
  for (let i = 0; i < layout.size; i++) if (names[i] !== layout.names[i] || typeof theta[i] !== 'number' || !Number.isFinite(theta[i])) return undefined;
  return clip(layout, Float64Array.from(theta as number[]));
}

function sameVector(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function clip(layout: GpParameterLayout, v: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) v[i] = Math.min(layout.upper[i], Math.max(layout.lower[i], v[i]));
  return v;
}
