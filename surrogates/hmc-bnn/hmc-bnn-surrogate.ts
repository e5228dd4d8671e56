/**
 * Surrogate 'hmc-bnn': a Bayesian MLP whose weights (and noise variance) are sampled with HMC
 * (Li, Rudner, Wilson 2024 found HMC the best inference for fully stochastic BNN surrogates).
 * Chains run together on a batch dimension in TensorFlow.js; between asks they warm-start from the
 * last states, so a new observation needs a short re-adaptation rather than a full burn-in.
 * The posterior is the mixture over kept networks (EnsemblePosterior); input gradients come from a
 * float64 JS pass through each kept network.
 */
import { z } from 'zod';
import { BoError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { ensureTensorBackend, tf } from '../neural/backend.js';

type TfTensor1D = ReturnType<typeof tf.tensor1d>;
import type { FitOptions, FittedSurrogate, PointPrediction, Surrogate, SurrogateState, TrainingData } from '../types.js';
import { EnsemblePosterior } from './ensemble-posterior.js';
import { runHmc, type BatchedTarget } from './hmc.js';
import { makeLogPosterior, type LayerPrior } from './log-posterior.js';
import { forward, layout, type LayerSlot, type MlpShape } from './mlp.js';
import { fanInPriors, gpMatchedPriors } from './priors.js';

/** Options of the 'hmc-bnn' surrogate (defaults chosen for asks of a few seconds at n = 100, d = 6). */
export const HmcBnnOptions = z.strictObject({
  widths: z.array(z.number().int().min(1).max(512)).min(1).max(6).default([50, 50]),
  activation: z.enum(['tanh', 'relu', 'elu']).default('tanh'),
  prior: z.enum(['fan-in', 'gp-matched']).default('fan-in'),
  /** σ_w² of the fan-in prior: weight variance σ_w²/fan_in. */
  weightScale: z.number().positive().default(1),
  biasVar: z.number().positive().default(1),
  /** 'sampled' puts log σ² in the chain; a number fixes σ² (standardized units). */
  noise: z.union([z.literal('sampled'), z.number().positive()]).default('sampled'),
  chains: z.number().int().min(1).max(16).default(4),
  warmup: z.number().int().min(0).default(300),
  warmWarmup: z.number().int().min(0).default(60),
  samplesPerChain: z.number().int().min(1).default(100),
  thin: z.number().int().min(1).default(2),
  stepSize: z.number().positive().default(0.01),
  maxLeapfrog: z.number().int().min(1).max(500).default(25),
  /** Adam steps towards the posterior mode before a cold start (the seed's intended pre-training). */
  pretrainSteps: z.number().int().min(0).default(300),
  timeBudgetMs: z.number().positive().optional(),
});
export type HmcBnnOptions = z.infer<typeof HmcBnnOptions>;
export type HmcBnnOptionsInput = z.input<typeof HmcBnnOptions>;

interface HmcBnnState extends SurrogateState {
  kind: 'hmc-bnn';
  width: number;
  chains: number;
  last: number[];
  stepSize: number[];
}

export class HmcBnnSurrogate implements Surrogate {
  readonly kind = 'hmc-bnn';
  readonly options: HmcBnnOptions;

  constructor(options: HmcBnnOptionsInput = {}) {
    const parsed = HmcBnnOptions.safeParse(options);
    if (!parsed.success) throw new BoError('INVALID_ARGUMENT', `hmc-bnn options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.options = parsed.data;
  }

  async fit(data: TrainingData, fit: FitOptions): Promise<FittedSurrogate> {
    const o = this.options;
    const info = await ensureTensorBackend();
    const t0 = Date.now();
    const d = data.X.cols;
    const n = data.X.rows;
    const shape: MlpShape = { inputDim: d, widths: o.widths, activation: o.activation };
    const { layers: slots, size: P } = layout(shape);
    const priors = o.prior === 'gp-matched' ? await gpMatchedPriors(shape, fit.rng) : fanInPriors(slots, o.weightScale, o.biasVar);
    const sampledNoise = o.noise === 'sampled';
    const D = P + (sampledNoise ? 1 : 0);
    const noise = sampledNoise ? { kind: 'sampled' as const, priorMean: -3, priorSd: 1 } : { kind: 'fixed' as const, variance: o.noise as number };

    const Xt = tf.tensor2d(Float32Array.from(data.X.data), [n, d]);
    const yt = tf.tensor1d(Float32Array.from(data.y));
    const logPost = makeLogPosterior(tf, { shape, slots, paramCount: P, priors, noise }, Xt, yt);
    const valueAndGrad = tf.valueAndGrad(logPost);
    const C = o.chains;
    const dy = tf.ones([C]);
    const target: BatchedTarget = {
      dim: D,
      logDensity(states, chains, grad) {
        const out = tf.tidy(() => {
          const th = tf.tensor2d(Float32Array.from(states), [chains, D]);
          const { value, grad: g } = valueAndGrad(th, dy as TfTensor1D);
          return [value, g];
        });
        grad.set(out[1].dataSync());
        const value = Float64Array.from(out[0].dataSync());
        out.forEach((t) => t.dispose());
        return value;
      },
    };

    try {
      const warm = fit.warmStart as HmcBnnState | undefined;
      const isWarm = warm?.kind === 'hmc-bnn' && warm.width === D && warm.chains === C && warm.last.length === C * D;
      let init: Float64Array;
      let stepSize = o.stepSize;
      if (isWarm) {
        init = Float64Array.from(warm!.last);
        stepSize = warm!.stepSize.reduce((a, b) => a + b, 0) / C;
      } else {
        init = drawInit(slots, priors, C, D, sampledNoise, fit.rng);
        if (o.pretrainSteps > 0) await adamAscend(target, init, C, D, o.pretrainSteps, fit.signal);
      }
      const deadline = o.timeBudgetMs !== undefined ? t0 + o.timeBudgetMs : undefined;
      const res = await runHmc(target, { rows: C, cols: D, data: init }, {
        warmup: isWarm ? o.warmWarmup : o.warmup,
        samples: o.samplesPerChain,
        thin: o.thin,
        stepSize,
        pathLength: stepSize * o.maxLeapfrog * 0.5,
        maxLeapfrog: o.maxLeapfrog,
        rng: fit.rng,
        signal: fit.signal,
        deadline,
      });
      if (res.draws.rows === 0) throw new BoError('DEADLINE_EXCEEDED', 'hmc-bnn: no samples kept within the time budget');
      const draws = res.draws;
      const noiseVar = new Float64Array(draws.rows);
      for (let s = 0; s < draws.rows; s++) noiseVar[s] = sampledNoise ? Math.exp(draws.data[s * D + P]) : (o.noise as number);
      return new FittedHmcBnn(shape, slots, D, draws, noiseVar, {
        kind: 'hmc-bnn',
        width: D,
        chains: C,
        last: Array.from(res.last),
        stepSize: Array.from(res.stepSize),
      }, {
        backend: info.name,
        acceptRate: Array.from(res.acceptRate),
        stepSize: Array.from(res.stepSize),
        leapfrogSteps: res.leapfrogSteps,
        gradientEvaluations: res.gradientEvaluations,
        kept: draws.rows,
        warmStart: isWarm,
        stoppedEarly: res.stoppedEarly,
        fitMs: Date.now() - t0,
      });
    } finally {
      Xt.dispose();
      yt.dispose();
      dy.dispose();
    }
  }
}

/** Draws initial chain states from the prior (noise starts at the prior mean). */
function drawInit(slots: readonly LayerSlot[], priors: readonly LayerPrior[], C: number, D: number, sampledNoise: boolean, rng: Rng): Float64Array {
  const out = new Float64Array(C * D);
  for (let c = 0; c < C; c++) {
    slots.forEach((s, l) => {
      const sw = Math.sqrt(priors[l].weightVar);
      const sb = Math.sqrt(priors[l].biasVar);
      for (let k = 0; k < s.fanIn * s.fanOut; k++) out[c * D + s.wOffset + k] = sw * rng.normal();
      for (let k = 0; k < s.fanOut; k++) out[c * D + s.bOffset + k] = sb * rng.normal();
    });
    if (sampledNoise) out[c * D + D - 1] = -3;
  }
  return out;
}

/** Adam ascent on the log posterior, all chains at once (moves a random init near a mode before HMC). */
async function adamAscend(target: BatchedTarget, x: Float64Array, C: number, D: number, steps: number, signal?: AbortSignal): Promise<void> {
  const lr = 0.01;
  const m = new Float64Array(C * D);
  const v = new Float64Array(C * D);
  const g = new Float64Array(C * D);
  for (let t = 1; t <= steps; t++) {
    if (signal?.aborted) return;
    await target.logDensity(x, C, g);
    for (let i = 0; i < C * D; i++) {
      if (!Number.isFinite(g[i])) continue;
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      x[i] += (lr * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
    }
  }
}

/** A fitted HMC-BNN: the kept networks. */
export class FittedHmcBnn implements FittedSurrogate {
  readonly kind = 'hmc-bnn';
  readonly dim: number;

  constructor(
    private readonly shape: MlpShape,
    private readonly slots: readonly LayerSlot[],
    private readonly width: number,
    private readonly draws: Matrix,
    private readonly noiseVar: Float64Array,
    private readonly nextState: HmcBnnState,
    private readonly info: Record<string, unknown>,
  ) {
    this.dim = shape.inputDim;
  }

  /** f_s(x_j) for every kept network s and row j: S×m. */
  private evaluate(X: Matrix): Matrix {
    const S = this.draws.rows;
    const m = X.rows;
    const out = new Float64Array(S * m);
    for (let s = 0; s < S; s++) {
      for (let j = 0; j < m; j++) out[s * m + j] = forward(this.shape, this.slots, this.draws.data, s * this.width, X.data.subarray(j * X.cols, (j + 1) * X.cols));
    }
    return { rows: S, cols: m, data: out };
  }

  posterior(X: Matrix, options?: { observationNoise?: boolean }): EnsemblePosterior {
    const noise = options?.observationNoise ? this.noiseVar : new Float64Array(this.draws.rows);
    return new EnsemblePosterior(this.evaluate(X), noise);
  }

  predictWithGradient(x: ArrayLike<number>): PointPrediction {
    const S = this.draws.rows;
    const d = this.dim;
    const g = new Float64Array(d);
    const dMean = new Float64Array(d);
    const dSq = new Float64Array(d);
    let mean = 0;
    let sq = 0;
    for (let s = 0; s < S; s++) {
      const f = forward(this.shape, this.slots, this.draws.data, s * this.width, x, g);
      mean += f / S;
      sq += (f * f) / S;
      for (let k = 0; k < d; k++) {
        dMean[k] += g[k] / S;
        dSq[k] += (2 * f * g[k]) / S;
      }
    }
    const variance = Math.max(sq - mean * mean, 1e-12);
    const dVariance = new Float64Array(d);
    for (let k = 0; k < d; k++) dVariance[k] = dSq[k] - 2 * mean * dMean[k];
    return { mean, variance, dMean, dVariance };
  }

  state(): SurrogateState {
    return this.nextState;
  }

  diagnostics(): Record<string, unknown> {
    return this.info;
  }
}
