/**
 * A fitted deep-kernel GP: f(x) = g(φ_w(x)) with g an exact GP at fixed hyperparameters on the
 * features (FittedGp, whose "X" is F = φ_w(X)). Posterior through the seam: Gaussian, the GP's
 * posterior at φ_w(X*). Gradients in x by the chain rule through the network's input Jacobian
 * J = ∂φ/∂x (k×d): ∇ₓμ = Jᵀ ∇_φ μ, ∇ₓs² = Jᵀ ∇_φ s² (float64 forward mode, feature-network.ts).
 */
import type { Matrix } from '../../core/matrix.js';
import type { FittedGp } from '../gp/fitted-gp.js';
import type { MvnPosterior } from '../gp/mvn-posterior.js';
import type { ModelCapabilities } from '../capabilities.js';
import type { FittedSurrogate, PointPrediction, SurrogateState } from '../types.js';
import { featuresWithJacobian, forwardBatch, type NetworkLayout, type NetworkShape } from './feature-network.js';

/** How the network and hyperparameters were obtained (for diagnostics). */
export interface DklFitInfo {
  readonly objective: number;
  readonly steps: number;
  readonly starts: number;
  readonly warm: boolean;
  /** Consecutive warm fits since the last fit that trained a fresh start (kept in the state). */
  readonly warmFits: number;
  /** Whether this warm fit also trained a fresh start (coldEvery). */
  readonly refreshed: boolean;
  readonly stopped: string;
  readonly engine: string;
  readonly backend?: string;
  readonly fitMs: number;
  readonly startObjectives: readonly number[];
  /** Mean held-out log density of the kept network (when a hold-out was used) and the hold-out size. */
  readonly validation?: number;
  readonly heldOut?: number;
}

/** State layout stored between asks (JSON). */
export interface DklState extends SurrogateState {
  readonly kind: 'dkl';
  readonly inputDim: number;
  readonly widths: number[];
  readonly activation: string;
  readonly featureDim: number | null;
  readonly skipInputs: boolean;
  readonly kernel: string;
  readonly weights: number[];
  readonly theta: number[];
  readonly warmFits: number;
}

/** Immutable fitted DKL model (kind 'dkl'). */
export class FittedDkl implements FittedSurrogate {
  readonly kind = 'dkl';
  readonly dim: number;

  constructor(
    readonly shape: NetworkShape,
    readonly net: NetworkLayout,
    readonly weights: Float64Array,
    /** The GP on the features at fixed hyperparameters (dim = feature dimension k). */
    readonly gp: FittedGp,
    readonly info: DklFitInfo,
  ) {
    this.dim = shape.inputDim;
  }

  /** A Gaussian posterior and the feature GP's fitted noise (no cross moments: the gradients would chain through the network). */
  get capabilities(): ModelCapabilities {
    return { posteriorKind: 'gaussian', noiseVariance: this.gp.noise };
  }

  /** F = φ_w(X) (m×k). */
  features(X: Matrix): Matrix {
    if (X.cols !== this.dim) throw new RangeError(`dkl: X has ${X.cols} columns, expected ${this.dim}`);
    return forwardBatch(this.shape, this.net, this.weights, X).F;
  }

  posterior(X: Matrix, options?: { observationNoise?: boolean }): MvnPosterior {
    return this.gp.posterior(this.features(X), options);
  }

  predictWithGradient(x: ArrayLike<number>): PointPrediction {
    const d = this.dim;
    const { phi, J } = featuresWithJacobian(this.shape, this.net, this.weights, x);
    const p = this.gp.predictWithGradient(phi);
    const k = J.rows;
    const dMean = new Float64Array(d);
    const dVariance = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      const gm = p.dMean[c];
      const gv = p.dVariance[c];
      for (let j = 0; j < d; j++) {
        const jcj = J.data[c * d + j];
        dMean[j] += gm * jcj;
        dVariance[j] += gv * jcj;
      }
    }
    return { mean: p.mean, variance: p.variance, dMean, dVariance };
  }

  /** Same weights and hyperparameters, data augmented with (X, y): the GP's block-Cholesky update on φ(X). */
  condition(X: Matrix, y: Float64Array): FittedDkl {
    return new FittedDkl(this.shape, this.net, this.weights, this.gp.condition(this.features(X), y), this.info);
  }

  state(): DklState {
    return {
      kind: 'dkl',
      inputDim: this.dim,
      widths: [...this.shape.widths],
      activation: this.shape.activation,
      featureDim: this.shape.featureDim ?? null,
      skipInputs: this.shape.skipInputs ?? false,
      kernel: this.gp.kernel.name,
      weights: Array.from(this.weights),
      theta: Array.from(this.gp.params),
      warmFits: this.info.warmFits,
    };
  }

  diagnostics(): Record<string, unknown> {
    const i = this.info;
    const g = this.gp.diagnostics();
    return {
      model: 'dkl',
      widths: [...this.shape.widths],
      activation: this.shape.activation,
      featureDim: this.net.featureDim,
      skipInputs: this.net.skip > 0,
      parameters: this.net.size,
      kernel: g.kernel,
      lengthscale: g.lengthscale,
      outputscale: g.outputscale,
      noise: g.noise,
      mean: g.mean,
      lml: g.lml,
      objective: i.objective,
      n: g.n,
      steps: i.steps,
      starts: i.starts,
      startObjectives: i.startObjectives,
      warm: i.warm,
      warmFits: i.warmFits,
      refreshed: i.refreshed,
      stopped: i.stopped,
      engine: i.engine,
      ...(i.backend ? { backend: i.backend } : {}),
      fitMs: i.fitMs,
      ...(i.validation !== undefined ? { validation: i.validation, heldOut: i.heldOut } : {}),
    };
  }
}
