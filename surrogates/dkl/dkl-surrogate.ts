/**
 * Deep kernel learning surrogate (kind 'dkl'; Wilson et al. 2016, as in Li, Rudner & Wilson's BNN-BO
 * code, seed-specs §1.2): an MLP feature map φ_w, an exact float64 GP with ScaleKernel(Matérn-5/2 or
 * RBF ARD) on the features [x, φ_w(x)] (the raw inputs are kept by default, skipInputs), learned noise; w and the GP hyperparameters are trained jointly by Adam
 * on the log marginal likelihood + hyperpriors. Cold fit: per start, fresh PyTorch-style weights
 * (optionally MSE pre-trained), hyperparameters initialized at the GP's MAP on those initial
 * features (L-BFGS-B, gp-fit.ts), then joint Adam; 1 + restarts starts when n ≤ smallN. Warm fit:
 * the previous ask's weights and hyperparameters, fewer steps, plus one fresh start every
 * coldEvery-th consecutive warm fit. With n ≥ minValidationN about 20% of the rows (a fixed
 * hash of the row index) are held out and training stops on its predictive log density (DKL's marginal likelihood
 * overfits at small n: σ² → 1e-4 and held-out log density −30 to −300 nats on hartmann6, n ≤ 50);
 * the kept network then gets MAP hyperparameters on all points. When every start diverges the plain
 * GP (GpSurrogate) is fitted instead and diagnostics() says so.
 */
import { BoError, invalidArgument } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { deriveSeed, type Rng } from '../../core/rng.js';
import { FittedGp } from '../gp/fitted-gp.js';
import { fitGpModel } from '../gp/gp-fit.js';
import { factorize } from '../gp/gp-likelihood.js';
import { GpSurrogate } from '../gp/gp-surrogate.js';
import { ensureTensorBackend } from '../neural/backend.js';
import type { FitOptions, FittedSurrogate, Surrogate, SurrogateState, TrainingData } from '../types.js';
import { DklOptions, resolveFeatureDim, type DklOptionsInput } from './dkl-options.js';
import { dklModel, type DklModel, type Pullback } from './dkl-objective.js';
import { pretrainNetwork, trainDkl, type TrainResult } from './dkl-train.js';
import { FallbackGp } from './fallback-gp.js';
import { forwardBatch, initialWeights, networkLayout, pullback, type NetworkShape } from './feature-network.js';
import { FittedDkl, type DklState } from './fitted-dkl.js';
import { tfInputs, tfPullback, type TfInputs } from './tf-pullback.js';

export { DklOptions, type DklOptionsInput } from './dkl-options.js';
export { FittedDkl } from './fitted-dkl.js';

/** The DKL surrogate family. */
export class DklSurrogate implements Surrogate {
  readonly kind = 'dkl';
  readonly options: DklOptions;

  constructor(options: DklOptionsInput = {}) {
    const parsed = DklOptions.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidArgument(['surrogateOptions', ...(issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p))], issue?.message ?? 'invalid DKL options');
    }
    this.options = parsed.data;
  }

  async fit(data: TrainingData, fit: FitOptions): Promise<FittedSurrogate> {
    validate(data);
    const t0 = performance.now();
    const o = this.options;
    const d = data.X.cols;
    const n = data.X.rows;
    const shape = dklShape(o, d);
    const net = networkLayout(shape);
    const model = dklModel(shape, net, o);
    let inputs: Pick<TfInputs, 'dispose'> | undefined;
    let backend: string | undefined;
    try {
      const warm = warmStart(fit.warmStart, shape, model);
      const warmFits = warm ? warm.warmFits + 1 : 0;
      const refresh = warm !== null && o.coldEvery > 0 && warmFits >= o.coldEvery;
      const starts = warm ? (refresh ? 2 : 1) : 1 + (n <= o.smallN ? o.restarts : 0);
      const split = holdOut(data, o.validationFraction, o.minValidationN);
      const fitData = split ? split.train : data;
      let pull: Pullback;
      if (o.engine === 'tfjs') {
        backend = (await ensureTensorBackend()).name;
        if (backend === 'webgpu') {
          // The network's inputs stay in the device thread for the whole training loop.
          const dev = (await import('./dkl-device.js')).devicePullback(shape, net, fitData.X);
          inputs = dev;
          pull = (w, _cache, G) => dev.pull(w, G);
        } else {
          const tfX = tfInputs(fitData.X);
          inputs = tfX;
          pull = (w, _cache, G) => tfPullback(shape, net, w, tfX, G);
        }
      } else {
        pull = (w, cache, G) => pullback(shape, net, w, cache, G);
      }
      const results: TrainResult[] = [];
      for (let s = 0; s < starts; s++) {
        fit.onProgress?.({ stage: 'dkl-train', fraction: s / starts, message: `start ${s + 1}/${starts}` });
        let w: Float64Array;
        let v: Float64Array;
        const fromWarm = warm !== null && s === 0;
        if (fromWarm) ({ w, v } = warm);
        else {
          const rng = fit.rng.split();
          w = initialWeights(net, rng);
          if (o.pretrainSteps > 0) w = await pretrainNetwork(model, fitData, w, pull, o.pretrainSteps, o.learningRate);
          v = await initialHyperparameters(model, w, fitData, rng);
        }
        const steps = fromWarm ? o.warmSteps : o.steps;
        results.push(
          await trainDkl(model, fitData, w, v, pull, {
            steps,
            learningRate: o.learningRate,
            patience: o.patience,
            tolerance: o.tolerance,
            signal: fit.signal,
            ...(split ? { validation: split.validation } : {}),
          }),
        );
      }
      const good = results.filter((r) => r.stopped !== 'diverged' && Number.isFinite(r.value));
      if (good.length === 0) return await fallback(data, fit, `all ${starts} DKL training start(s) diverged`);
      const key = (r: TrainResult): number => (split ? (Number.isFinite(r.validation) ? r.validation : -Infinity) : r.value);
      const best = good.reduce((a, b) => (key(b) > key(a) ? b : a));
      const F = forwardBatch(shape, net, best.w, data.X).F;
      const fdata: TrainingData = { X: F, y: data.y, ...(data.yVar ? { yVar: data.yVar } : {}) };
      const v = split ? await refitHyperparameters(model, best.v, fdata, fit.rng.split()) : best.v;
      let factor;
      try {
        factor = factorize(model.gp, v, fdata);
      } catch (e) {
        return await fallback(data, fit, `final factorization failed: ${(e as Error).message}`);
      }
      const gp = new FittedGp(model.gp, v, fdata, factor, {}, 'dkl');
      return new FittedDkl(shape, net, best.w, gp, {
        objective: best.value,
        steps: results.reduce((a, r) => a + r.steps, 0),
        starts,
        warm: warm !== null,
        warmFits: refresh ? 0 : warmFits,
        refreshed: refresh,
        stopped: best.stopped,
        engine: o.engine,
        ...(backend ? { backend } : {}),
        fitMs: performance.now() - t0,
        startObjectives: results.map((r) => r.value),
        ...(split ? { validation: best.validation, heldOut: split.validation.y.length } : {}),
      });
    } catch (e) {
      if (e instanceof BoError) throw e;
      throw new BoError('INTERNAL', `dkl fit failed: ${(e as Error).message}`);
    } finally {
      inputs?.dispose();
    }
  }
}

/** The GP hyperparameters' MAP on the initial features (a few L-BFGS-B iterations); the prior mode if that fails. */
async function initialHyperparameters(model: DklModel, w: Float64Array, data: TrainingData, rng: Rng): Promise<Float64Array> {
  const F = forwardBatch(model.shape, model.net, w, data.X).F;
  try {
    const g = await fitGpModel(model.spec, model.gpOptions, { X: F, y: data.y, ...(data.yVar ? { yVar: data.yVar } : {}) }, { rng });
    return g.params.slice();
  } catch {
    const v = new Float64Array(model.gp.size);
    v.set(model.gp.kernel.initialTheta());
    v[model.gp.noiseIndex] = model.noise.prior.modeTheta();
    return v;
  }
}

/**
 * Hold-out rows chosen by a hash of the row INDEX (row i is held out when hash(i)/2³² < fraction),
 * so across asks (append-only data) a row is always on the same side: a warm-started network
 * never trained on the rows that now judge it. Null when fraction is 0, n < minN, or either side
 * would have fewer than 2 rows.
 */
function holdOut(data: TrainingData, fraction: number, minN: number): { train: TrainingData; validation: { X: Matrix; y: Float64Array } } | null {
  const n = data.X.rows;
  if (fraction === 0 || n < minN) return null;
  const held: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < n; i++) (deriveSeed(0xd1c1, i) / 4294967296 < fraction ? held : kept).push(i);
  if (held.length < 2 || kept.length < 2) return null;
  const take = (rows: number[]): { X: Matrix; y: Float64Array; yVar?: Float64Array } => {
    const d = data.X.cols;
    const X = { rows: rows.length, cols: d, data: new Float64Array(rows.length * d) };
    rows.forEach((r, i) => X.data.set(data.X.data.subarray(r * d, (r + 1) * d), i * d));
    const y = Float64Array.from(rows, (r) => data.y[r]);
    return data.yVar ? { X, y, yVar: Float64Array.from(rows, (r) => data.yVar![r]) } : { X, y };
  };
  const val = take(held);
  return { train: take(kept), validation: { X: val.X, y: val.y } };
}

/** MAP GP hyperparameters on fixed features, L-BFGS-B from v (gp-fit.ts); v itself if that fails. */
async function refitHyperparameters(model: DklModel, v: Float64Array, fdata: TrainingData, rng: Rng): Promise<Float64Array> {
  const kind = 'dkl-features';
  const warmStart: SurrogateState = { kind, kernel: model.gp.kernel.name, names: [...model.gp.names], theta: Array.from(v) };
  try {
    const g = await fitGpModel(model.spec, model.gpOptions, fdata, { rng, warmStart }, kind);
    return g.params.slice();
  } catch {
    return v;
  }
}

/** The previous state's weights and θ when they fit this architecture and kernel; null otherwise. */
function warmStart(state: SurrogateState | undefined, shape: NetworkShape, model: DklModel): { w: Float64Array; v: Float64Array; warmFits: number } | null {
  if (!state || state.kind !== 'dkl') return null;
  const s = state as Partial<DklState>;
  const same =
    s.inputDim === shape.inputDim &&
    Array.isArray(s.widths) &&
    s.widths.length === shape.widths.length &&
    s.widths.every((x, i) => x === shape.widths[i]) &&
    s.activation === shape.activation &&
    (s.featureDim ?? undefined) === shape.featureDim &&
    (s.skipInputs ?? false) === (shape.skipInputs ?? false) &&
    s.kernel === model.gp.kernel.name &&
    Array.isArray(s.weights) &&
    s.weights.length === model.net.size &&
    Array.isArray(s.theta) &&
    s.theta.length === model.gp.size;
  if (!same) return null;
  const w = Float64Array.from(s.weights as number[]);
  const v = Float64Array.from(s.theta as number[]);
  const warmFits = typeof s.warmFits === 'number' && Number.isFinite(s.warmFits) ? s.warmFits : 0;
  return w.every(Number.isFinite) && v.every(Number.isFinite) ? { w, v, warmFits } : null;
}

/** The service's default GP (DEFAULT_GP_PRESET, the one surrogate 'gp' gives users), named in diagnostics as the fallback. */
async function fallback(data: TrainingData, fit: FitOptions, reason: string): Promise<FittedSurrogate> {
  const gp = await new GpSurrogate().fit(data, { rng: fit.rng, ...(fit.signal ? { signal: fit.signal } : {}) });
  return new FallbackGp(gp, reason);
}

function validate(data: TrainingData): void {
  const { X, y, yVar } = data;
  const bad = (what: string, msg: string): never => {
    throw invalidArgument([what], `dkl: ${msg}`);
  };
  if (X.rows < 1) bad('X', 'need at least one observation');
  if (X.cols < 1) bad('X', 'need at least one input dimension');
  if (X.data.length !== X.rows * X.cols) bad('X', `X data has ${X.data.length} entries for ${X.rows}×${X.cols}`);
  if (y.length !== X.rows) bad('y', `y has ${y.length} entries, X has ${X.rows} rows`);
  if (yVar && yVar.length !== X.rows) bad('yVar', `yVar has ${yVar.length} entries, X has ${X.rows} rows`);
  if (!X.data.every(Number.isFinite)) bad('X', 'X has a non-finite entry');
  if (!y.every(Number.isFinite)) bad('y', 'y has a non-finite entry');
  if (yVar && !yVar.every((v) => v >= 0 && Number.isFinite(v))) bad('yVar', 'yVar must be finite and >= 0');
}

/** Exposed for tests: the same shape the surrogate would build for inputs of dimension d. */
export function dklShape(options: DklOptions, d: number): NetworkShape {
  const featureDim = resolveFeatureDim(options, d);
  return { inputDim: d, widths: options.widths, activation: options.activation, skipInputs: options.skipInputs, ...(featureDim !== undefined ? { featureDim } : {}) };
}
