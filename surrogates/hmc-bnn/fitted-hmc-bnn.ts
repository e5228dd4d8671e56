/**
 * The fitted HMC-BNN: the kept networks (rows of a S×width matrix), a mixture posterior over them
 * (EnsemblePosterior), and ∂/∂x of the mixture mean and variance from a float64 pass through each
 * kept network: mean = (1/S)Σ f_s, var = (1/S)Σ f_s² − mean², ∂var = (2/S)Σ f_s ∂f_s − 2·mean·∂mean.
 */
import type { Matrix } from '../../core/matrix.js';
import type { FittedSurrogate, PointPrediction, SurrogateState } from '../types.js';
import { EnsemblePosterior } from './ensemble-posterior.js';
import { forward, INPUT_SCALE, toNetInput, type LayerSlot, type MlpShape } from './mlp.js';

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
    private readonly nextState: SurrogateState,
    private readonly info: Record<string, unknown>,
  ) {
    this.dim = shape.inputDim;
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
