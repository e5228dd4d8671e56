/**
 * The plain GP standing in for a DKL model whose training diverged: every call is the GP's, the
 * kind stays 'dkl' (the study asked for dkl, and the next fit tries DKL again), and diagnostics()
 * carries `fallback: 'gp'` and `reason`, which the BO policy lifts to `diagnostics.modelFallback`.
 */
import type { Matrix } from '../../core/matrix.js';
import type { FittedGp } from '../gp/fitted-gp.js';
import type { ModelCapabilities } from '../capabilities.js';
import type { FittedSurrogate, PointPrediction, Posterior, SurrogateState } from '../types.js';

/** A FittedGp reported as kind 'dkl' with the fallback noted. */
export class FallbackGp implements FittedSurrogate {
  readonly kind = 'dkl';
  readonly dim: number;

  constructor(
    readonly gp: FittedGp,
    readonly reason: string,
  ) {
    this.dim = gp.dim;
  }

  /** The stand-in GP's posterior and noise; its cross moments stay hidden, as before the capabilities were typed (the model is still reported as dkl). */
  get capabilities(): ModelCapabilities {
    return { posteriorKind: 'gaussian', noiseVariance: this.gp.noise };
  }

  posterior(X: Matrix, options?: { observationNoise?: boolean }): Posterior {
    return this.gp.posterior(X, options);
  }

  predictWithGradient(x: ArrayLike<number>): PointPrediction {
    return this.gp.predictWithGradient(x);
  }

  condition(X: Matrix, y: Float64Array): FittedSurrogate {
    return new FallbackGp(this.gp.condition(X, y), this.reason);
  }

  /** No DKL weights to keep: the next fit starts cold. */
  state(): SurrogateState {
    return { kind: 'dkl', fallback: 'gp' };
  }

  diagnostics(): Record<string, unknown> {
    return { model: 'dkl', fallback: 'gp', reason: this.reason, ...this.gp.diagnostics() };
  }
}
