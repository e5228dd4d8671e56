/**
 * The fitted HMC-BNN: the kept networks (rows of a S×width matrix). Its posterior is either the
 * ensemble of the S networks (members f_s with variance 0, or the draw's noise variance σ_s² with
 * observationNoise; surrogates/ensemble.ts) or their moment-matched mixture (EnsemblePosterior,
 * kind 'mixture'). Gradients from a float64 pass through each kept network: per member ∂f_s/∂x,
 * and for the moment-matched form mean = (1/S)Σ f_s, var = (1/S)Σ f_s² − mean²,
 * ∂var = (2/S)Σ f_s ∂f_s − 2·mean·∂mean.
 */
import type { Matrix } from '../../core/matrix.js';
import { GaussianEnsemblePosterior, type EnsemblePointPrediction } from '../ensemble.js';
import type { ModelCapabilities } from '../capabilities.js';
import type { FittedSurrogate, PointPrediction, Posterior, PosteriorKind, SurrogateState } from '../types.js';
import { EnsemblePosterior } from './ensemble-posterior.js';
import { forward, INPUT_SCALE, toNetInput, type LayerSlot, type MlpShape } from './mlp.js';

/** A fitted HMC-BNN: the kept networks. */
export class FittedHmcBnn implements FittedSurrogate {
  readonly kind: string;
  readonly dim: number;
  readonly posteriorKind: PosteriorKind;

  constructor(
    private readonly shape: MlpShape,
    private readonly slots: readonly LayerSlot[],
    private readonly width: number,
    private readonly draws: Matrix,
    private readonly noiseVar: Float64Array,
    private readonly nextState: SurrogateState,
    private readonly info: Record<string, unknown>,
    posterior: 'ensemble' | 'moment-matched' = 'ensemble',
    /** 'bnn-sghmc' reuses this class for its kept networks. */
    kind = 'hmc-bnn',
  ) {
    this.kind = kind;
    this.dim = shape.inputDim;
    this.posteriorKind = posterior === 'ensemble' ? 'ensemble' : 'mixture';
  }

  /** Its posterior kind and the kept draws' mean noise variance. */
  get capabilities(): ModelCapabilities {
    let noise = 0;
    for (const v of this.noiseVar) noise += v / this.noiseVar.length;
    return { posteriorKind: this.posteriorKind, noiseVariance: noise };
  }

  /** f_s(x_j) for every kept network s and row j: S×m. */
  private evaluate(X: Matrix): Matrix {
    const S = this.draws.rows;
    const m = X.rows;
    const out = new Float64Array(S * m);
    const Xn = toNetInput(X.data);
    for (let s = 0; s < S; s++) {
      for (let j = 0; j < m; j++) out[s * m + j] = forward(this.shape, this.slots, this.draws.data, s * this.width, Xn.subarray(j * X.cols, (j + 1) * X.cols));
    }
    return { rows: S, cols: m, data: out };
  }

  posterior(X: Matrix, options?: { observationNoise?: boolean }): Posterior {
    const S = this.draws.rows;
    const noise = options?.observationNoise ? this.noiseVar : new Float64Array(S);
    const values = this.evaluate(X);
    if (this.posteriorKind === 'mixture') return new EnsemblePosterior(values, noise);
    const m = X.rows;
    const variances = new Float64Array(S * m);
    for (let s = 0; s < S; s++) variances.fill(noise[s], s * m, (s + 1) * m);
    return new GaussianEnsemblePosterior(values, { rows: S, cols: m, data: variances });
  }

  /** Each kept network's f_s(x) and ∂f_s/∂x (latent f: member variances 0). */
  predictEnsembleWithGradient(x: ArrayLike<number>): EnsemblePointPrediction {
    const S = this.draws.rows;
    const d = this.dim;
    const means = new Float64Array(S);
    const dMeans = new Float64Array(S * d);
    const xn = toNetInput(x);
    const g = new Float64Array(d);
    for (let s = 0; s < S; s++) {
      means[s] = forward(this.shape, this.slots, this.draws.data, s * this.width, xn, g);
      for (let k = 0; k < d; k++) dMeans[s * d + k] = g[k] * INPUT_SCALE;
    }
    return { means, variances: new Float64Array(S), dMeans: { rows: S, cols: d, data: dMeans }, dVariances: { rows: S, cols: d, data: new Float64Array(S * d) } };
  }

  predictWithGradient(x: ArrayLike<number>): PointPrediction {
    const S = this.draws.rows;
    const d = this.dim;
    const g = new Float64Array(d);
    const dMean = new Float64Array(d);
    const dSq = new Float64Array(d);
    let mean = 0;
    let sq = 0;
    const xn = toNetInput(x);
    for (let s = 0; s < S; s++) {
      const f = forward(this.shape, this.slots, this.draws.data, s * this.width, xn, g);
      // Chain rule through x' = (x − ½)·INPUT_SCALE.
      for (let k = 0; k < d; k++) g[k] *= INPUT_SCALE;
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
    return { ...this.info };
  }
}
