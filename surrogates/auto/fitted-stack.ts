/**
 * The model surrogate 'auto' runs under combine 'stack': the weighted mixture Σ_k w_k·M_k of the
 * candidate families fitted this ask, with stacking weights (stacking-weights.ts). Its posterior is
 * a StackedPosterior (an ensemble posterior with weights and per-member degrees of freedom); it
 * declares the `stack` capability so qLogNEI runs per member on weight-stratified draws
 * (acquisitions/qlognei-stack.ts), and per-member moments with x-gradients for the moment
 * acquisitions (LogEI/LogPI as log Σ w_k EI_k, UCB as the mixture quantile). Only built with two or
 * more members: a single surviving member is run as that family's own model.
 */
import type { Matrix } from '../../core/matrix.js';
import type { LeaveOneOut, ModelCapabilities } from '../capabilities.js';
import { capabilitiesOf } from '../capabilities.js';
import type { EnsemblePointPrediction } from '../ensemble.js';
import type { FittedSurrogate, SurrogateState } from '../types.js';
import { StackedPosterior } from './stacked-posterior.js';

export class FittedStack implements FittedSurrogate {
  readonly kind = 'stack';
  readonly posteriorKind = 'ensemble' as const;
  readonly dim: number;

  constructor(
    readonly members: readonly FittedSurrogate[],
    /** On the simplex, every weight > 0, one per member. */
    readonly weights: Float64Array,
  ) {
    if (members.length < 2 || members.length !== weights.length) throw new RangeError('FittedStack: two or more members, one weight each');
    this.dim = members[0].dim;
  }

  /** The member with the largest weight (first on ties): its diagnostics shape a trust region. */
  get leading(): FittedSurrogate {
    let best = 0;
    this.weights.forEach((w, k) => (w > this.weights[best] ? (best = k) : 0));
    return this.members[best];
  }

  /**
   * The mixture's capabilities: `stack`; fitted noise Σ_k w_k σ²_k (the noisy-incumbent rule's
   * input) when every member has one; leave-one-out as the mixture's LOO moments (mean Σ w_k μ_k,−i,
   * variance by total variance, Gaussian: the exploration gate reads only the means' ranks);
   * the rows any member asks to have measured again (a robust GP with verifyOutliers), ascending.
   */
  get capabilities(): ModelCapabilities {
    const caps = this.members.map((m) => capabilitiesOf(m));
    const noises = caps.map((c) => c.noiseVariance);
    const loos = caps.map((c) => c.leaveOneOut);
    const toVerify = caps.some((c) => c.outliersToVerify) ? [...new Set(caps.flatMap((c) => c.outliersToVerify ?? []))].sort((a, b) => a - b) : undefined;
    return {
      ...(toVerify ? { outliersToVerify: toVerify } : {}),
      posteriorKind: 'ensemble',
      stack: { weights: this.weights, members: this.members },
      ...(noises.every((v) => v !== undefined) ? { noiseVariance: noises.reduce((s, v, k) => s + this.weights[k] * v!, 0) } : {}),
      ...(loos.every((f) => f !== undefined) ? { leaveOneOut: () => mixtureLoo(loos.map((f) => f!()), this.weights) } : {}),
    };
  }

  posterior(X: Matrix, options?: { observationNoise?: boolean }): StackedPosterior {
    return new StackedPosterior(this.members.map((m) => m.posterior(X, options)), this.weights);
  }

  /** Each member's marginal moments and x-gradients (members' predictWithGradient; a t member sets its df). */
  predictEnsembleWithGradient(x: ArrayLike<number>): EnsemblePointPrediction {
    const M = this.members.length;
    const d = this.dim;
    const means = new Float64Array(M);
    const variances = new Float64Array(M);
    const dMeans = new Float64Array(M * d);
    const dVariances = new Float64Array(M * d);
    const memberDf = new Float64Array(M);
    this.members.forEach((m, k) => {
      if (!m.predictWithGradient) throw new RangeError(`stack member '${m.kind}' has no predictWithGradient`);
      const p = m.predictWithGradient(x);
      means[k] = p.mean;
      variances[k] = p.variance;
      dMeans.set(p.dMean, k * d);
      dVariances.set(p.dVariance, k * d);
      memberDf[k] = p.df ?? Infinity;
    });
    return { means, variances, dMeans: { rows: M, cols: d, data: dMeans }, dVariances: { rows: M, cols: d, data: dVariances }, weights: this.weights, memberDf };
  }

  /** Every member conditioned on the fantasies, weights kept (fantasies are not held-out evidence). */
  condition(X: Matrix, y: Float64Array): FittedStack {
    return new FittedStack(this.members.map((m) => {
      if (!m.condition) throw new RangeError(`stack member '${m.kind}' cannot be conditioned`);
      return m.condition(X, y);
    }), this.weights);
  }

  /** Not used for warm starts: FittedAuto keeps every candidate's own state. */
  state(): SurrogateState {
    return { kind: 'stack' };
  }

  /** The leading member's diagnostics (its lengthscales and noise shape a trust region), with the weights. */
  diagnostics(): Record<string, unknown> {
    return { ...this.leading.diagnostics(), stackWeights: Array.from(this.weights), stackMembers: this.members.map((m) => m.kind) };
  }
}

/** LOO moments of the mixture: mean Σ w_k μ_k, variance Σ w_k (v_k + μ_k²) − mean² (a t member's v is its scale², times ν/(ν−2)). */
function mixtureLoo(loos: readonly LeaveOneOut[], w: Float64Array): LeaveOneOut {
  const n = loos[0].mean.length;
  const mean = new Float64Array(n);
  const second = new Float64Array(n);
  loos.forEach((l, k) => {
    const f = l.df !== undefined && l.df > 2 ? l.df / (l.df - 2) : 1;
    for (let i = 0; i < n; i++) {
      mean[i] += w[k] * l.mean[i];
      second[i] += w[k] * (l.variance[i] * f + l.mean[i] ** 2);
    }
  });
  return { mean, variance: Float64Array.from(second, (s, i) => Math.max(s - mean[i] ** 2, 0)) };
}
