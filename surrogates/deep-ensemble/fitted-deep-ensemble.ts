/**
 * A fitted deep ensemble: M trained networks, each predicting N(μ_m(x), v_m(x)). The posterior is
 * the ensemble of these member Gaussians (surrogates/ensemble.ts), with or without
 * observationNoise: the head's v_m is the network's own predictive variance (the paper's
 * predictive is the mixture of exactly these), so latent and observed posteriors coincide.
 */
import type { Matrix } from '../../core/matrix.js';
import { GaussianEnsemblePosterior, type EnsemblePointPrediction } from '../ensemble.js';
import { INPUT_SCALE, toNetInput } from '../hmc-bnn/mlp.js';
import type { DenseSlot } from '../neural/dense.js';
import type { ModelCapabilities } from '../capabilities.js';
import type { FittedSurrogate, SurrogateState } from '../types.js';
import { predictPointWithGradient, predictRows, type HeadNetShape } from './gaussian-head-net.js';

/** The trained members (each a flat parameter vector of length P). */
export class FittedDeepEnsemble implements FittedSurrogate {
  readonly kind = 'deep-ensemble';
  readonly posteriorKind = 'ensemble' as const;
  readonly dim: number;

  constructor(
    private readonly shape: HeadNetShape,
    private readonly slots: readonly DenseSlot[],
    private readonly members: readonly Float64Array[],
    private readonly nextState: SurrogateState,
    private readonly info: Record<string, unknown>,
    /** The heads' variance averaged over members and training rows: the ensemble's observation-noise estimate. */
    private readonly noiseVariance: number,
  ) {
    this.dim = shape.inputDim;
  }

  /** An ensemble posterior and its noise estimate. */
  get capabilities(): ModelCapabilities {
    return { posteriorKind: 'ensemble', noiseVariance: this.noiseVariance };
  }

  posterior(X: Matrix): GaussianEnsemblePosterior {
    const M = this.members.length;
    const m = X.rows;
    const Xn = toNetInput(X.data);
    const means = new Float64Array(M * m);
    const vars = new Float64Array(M * m);
    this.members.forEach((theta, s) => {
      const out = predictRows(this.shape, this.slots, theta, Xn, m);
      for (let j = 0; j < m; j++) {
        means[s * m + j] = out[2 * j];
        vars[s * m + j] = out[2 * j + 1];
      }
    });
    return new GaussianEnsemblePosterior({ rows: M, cols: m, data: means }, { rows: M, cols: m, data: vars });
  }

  predictEnsembleWithGradient(x: ArrayLike<number>): EnsemblePointPrediction {
    const M = this.members.length;
    const d = this.dim;
    const xn = toNetInput(x);
    const means = new Float64Array(M);
    const variances = new Float64Array(M);
    const dM = new Float64Array(M * d);
    const dV = new Float64Array(M * d);
    this.members.forEach((theta, s) => {
      const p = predictPointWithGradient(this.shape, this.slots, theta, xn);
      means[s] = p.mean;
      variances[s] = p.variance;
      // Chain rule through x' = (x − ½)·INPUT_SCALE.
      for (let k = 0; k < d; k++) {
        dM[s * d + k] = p.dMean[k] * INPUT_SCALE;
        dV[s * d + k] = p.dVariance[k] * INPUT_SCALE;
      }
    });
    return { means, variances, dMeans: { rows: M, cols: d, data: dM }, dVariances: { rows: M, cols: d, data: dV } };
  }

  state(): SurrogateState {
    return this.nextState;
  }

  diagnostics(): Record<string, unknown> {
    return { ...this.info };
  }
}
