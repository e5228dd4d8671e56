/**
 * Surrogate 'hmc-bnn': a Bayesian MLP whose weights (and noise variance) are sampled with HMC
 * (Li, Rudner, Wilson 2024 found HMC the best inference for fully stochastic BNN surrogates).
 * Cold start: each chain starts from its own prior draw, moved towards a mode by Adam (the seed's
 * intended pre-training), then warm-up adapts step size and a diagonal mass matrix (hmc-adapt.ts).
 * Warm start: chains continue from the last states with the adapted step sizes and mass matrices,
 * so a new observation needs a short step-size re-adaptation, not a burn-in.
 * Engines for the log posterior: float64 JS (log-posterior-f64.ts, fastest for small nets) or
 * TensorFlow.js (log-posterior.ts, on the backend chosen by neural/backend.ts).
 */
import { BoError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { FitOptions, FittedSurrogate, Surrogate, TrainingData } from '../types.js';
import { FittedHmcBnn } from './fitted-hmc-bnn.js';
import { HmcBnnOptions, type HmcBnnOptionsInput } from './hmc-bnn-options.js';
import { runHmc, type BatchedTarget } from './hmc.js';
import { F64LogPosterior } from './log-posterior-f64.js';
import type { LayerPrior } from './log-posterior.js';
import { toNetInput, type LayerSlot } from './mlp.js';
import { tensorBackendIsHardwareGpu } from '../neural/gpu-preference.js';
import { bayesianMlpSpec } from './bayesian-mlp-spec.js';
import type { GpPriorTarget } from './gp-prior-target.js';
import { decodeF32, decodeF64, encodeF32, encodeF64 } from './state-codec.js';

export { FittedHmcBnn } from './fitted-hmc-bnn.js';
export { HmcBnnOptions, type HmcBnnOptionsInput } from './hmc-bnn-options.js';

/**
 * Above this n·P, tfjs (wasm) beats float64 JS per CPU-second (benchmarks/hmc-bnn/grad-speed.ts at n = 100:
 * P = 401: JS 3206/s vs wasm 2134/s; P = 1313: JS 1118/s vs wasm 1629/s).
 */
const JS_ENGINE_MAX_NP = 80_000;

/** The Bayesian MLP surrogate sampled by HMC. */
export class HmcBnnSurrogate implements Surrogate {
  readonly kind = 'hmc-bnn';
  readonly options: HmcBnnOptions;

  constructor(
    options: HmcBnnOptionsInput = {},
    /** The GP prior a 'gp-matched' prior targets instead of the options' (benchmarks only). */
    private readonly priorTargetOverride?: (d: number) => GpPriorTarget,
  ) {
    const parsed = HmcBnnOptions.safeParse(options);
    if (!parsed.success) throw new BoError('INVALID_ARGUMENT', `hmc-bnn options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.options = parsed.data;
  }

  async fit(data: TrainingData, fit: FitOptions): Promise<FittedSurrogate> {
    const o = this.options;
    const t0 = Date.now();
    const d = data.X.cols;
    const n = data.X.rows;
    const { spec, P, D, sampledNoise, priorMatch } = await bayesianMlpSpec(o, data, fit, this.priorTargetOverride);
    const { shape, slots, priors } = spec;
    const Xn = toNetInput(data.X.data);
    // 'auto': the device whenever it is a hardware GPU (all chains in one batched pass), else float64 JS for small n·P.
    const engine = o.engine === 'auto' ? (n * P > JS_ENGINE_MAX_NP || (await tensorBackendIsHardwareGpu()) ? 'tfjs' : 'js') : o.engine;
    let backend = 'js-f64';
    let target: BatchedTarget & { dispose?: () => void };
    if (engine === 'js') target = new F64LogPosterior(spec, Xn, data.y);
    else {
      // tfjs is loaded only for this engine (its import alone takes seconds).
      const { ensureTensorBackend } = await import('../neural/backend.js');
      const { makeTfTarget } = await import('./log-posterior-tf.js');
      backend = `tfjs-${(await ensureTensorBackend()).name}`;
      // On webgpu the kernels run in the device thread, which alone can read WebGPU results back.
      target = backend === 'tfjs-webgpu' ? (await import('./log-posterior-device.js')).makeDeviceTarget(spec, Xn, data.y) : makeTfTarget(spec, Xn, data.y);
    }
    const C = o.chains;
    const rng = fit.rng;
    try {
      const warm = readWarmState(fit.warmStart, C, D);
      let init: Float64Array;
      if (warm) init = warm.last;
      else {
        init = drawInit(slots, priors, C, D, sampledNoise ? o.noisePriorMean : null, rng);
        if (o.pretrainSteps > 0) await adamAscend(target, init, C, D, o.pretrainSteps, o.pretrainLr, fit.signal);
      }
      const res = await runHmc(target, { rows: C, cols: D, data: init }, {
        warmup: warm ? o.warmWarmup : o.warmup,
        samples: warm ? o.warmSamplesPerChain : o.samplesPerChain,
        thin: warm ? o.warmThin : o.thin,
        stepSize: warm ? warm.stepSize : o.stepSize,
        leapfrog: warm ? o.warmLeapfrog : o.leapfrog,
        // A warm start keeps its mass matrix: one more observation barely changes the posterior's scales.
        adaptMass: !warm,
        invMass: warm?.invMass,
        targetAccept: o.targetAccept,
        gamma: 0.15,
        rng,
        signal: fit.signal,
        deadline: o.timeBudgetMs !== undefined ? t0 + o.timeBudgetMs : undefined,
      });
      if (res.draws.rows === 0) throw new BoError('DEADLINE_EXCEEDED', 'hmc-bnn: no samples kept within the time budget');
      const draws = res.draws;
      const noiseVar = new Float64Array(draws.rows);
      let meanNoise = 0;
      for (let s = 0; s < draws.rows; s++) {
        noiseVar[s] = sampledNoise ? Math.exp(draws.data[s * D + P]) : (o.noise as number);
        meanNoise += noiseVar[s] / draws.rows;
      }
      const state = Object.freeze({
        kind: 'hmc-bnn',
        version: 1,
        width: D,
        chains: C,
        last: encodeF64(res.last),
        stepSize: Object.freeze(Array.from(res.stepSize)),
        invMass: encodeF32(res.invMass),
      });
      return new FittedHmcBnn(shape, slots, D, draws, noiseVar, state, {
        engine: backend,
        prior: o.prior,
        ...(priorMatch ? { priorMatch } : {}),
        noiseVariance: meanNoise,
        acceptRate: Array.from(res.acceptRate),
        stepSize: Array.from(res.stepSize),
        leapfrogSteps: res.leapfrogSteps,
        gradientEvaluations: res.gradientEvaluations,
        divergences: res.divergences,
        kept: draws.rows,
        chains: C,
        warmStart: warm !== null,
        stoppedEarly: res.stoppedEarly,
        fitMs: Date.now() - t0,
        posterior: o.posterior,
      }, o.posterior);
    } finally {
      target.dispose?.();
    }
  }
}

/** The previous state when it fits this run (same chains and parameter count), else null. */
function readWarmState(s: FitOptions['warmStart'], C: number, D: number): { last: Float64Array; stepSize: Float64Array; invMass: Float64Array } | null {
  if (!s || s.kind !== 'hmc-bnn' || s.version !== 1 || s.width !== D || s.chains !== C) return null;
  const last = decodeF64(s.last);
  const invMass = decodeF32(s.invMass);
  const step = Array.isArray(s.stepSize) ? Float64Array.from(s.stepSize as number[]) : null;
  if (!last || !invMass || !step || last.length !== C * D || invMass.length !== C * D || step.length !== C) return null;
  if (!last.every(Number.isFinite) || !invMass.every((v) => v > 0) || !step.every((v) => v > 0)) return null;
  return { last, stepSize: step, invMass };
}

/** Draws each chain's initial state from the prior (the noise starts at its prior mean). */
export function drawInit(slots: readonly LayerSlot[], priors: readonly LayerPrior[], C: number, D: number, noiseMean: number | null, rng: Rng): Float64Array {
  const out = new Float64Array(C * D);
  for (let c = 0; c < C; c++) {
    slots.forEach((s, l) => {
      const sw = Math.sqrt(priors[l].weightVar);
      const sb = Math.sqrt(priors[l].biasVar);
      for (let k = 0; k < s.fanIn * s.fanOut; k++) out[c * D + s.wOffset + k] = sw * rng.normal();
      for (let k = 0; k < s.fanOut; k++) out[c * D + s.bOffset + k] = sb * rng.normal();
    });
    if (noiseMean !== null) out[c * D + D - 1] = noiseMean;
  }
  return out;
}

/** Adam ascent on the log posterior, every chain from its own start (moves random inits near modes). */
async function adamAscend(target: BatchedTarget, x: Float64Array, C: number, D: number, steps: number, lr: number, signal?: AbortSignal): Promise<void> {
  const m = new Float64Array(C * D);
  const v = new Float64Array(C * D);
  const g = new Float64Array(C * D);
  for (let t = 1; t <= steps; t++) {
    if (signal?.aborted) return;
    await target.logDensity(x, C, g);
    const b1 = 1 - 0.9 ** t;
    const b2 = 1 - 0.999 ** t;
    for (let i = 0; i < C * D; i++) {
      if (!Number.isFinite(g[i])) continue;
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      x[i] += (lr * (m[i] / b1)) / (Math.sqrt(v[i] / b2) + 1e-8);
    }
  }
}
