/**
 * Surrogate 'stp': the Student-t process obtained as a scale mixture of GPs/NNGPs (Lee et al.,
 * ICLR 2022): heavy-tailed, robust to outliers. Base kernel NNGP (ReLU, depth 3) by default, or
 * any ARD kernel of the GP. α, β of the inverse-gamma scale prior are fitted (MAP, weak LogNormal
 * priors with mode 2, the reference code's default) or fixed; kernel θ, noise and constant mean too.
 */
import { z } from 'zod';
import { BoError, invalidArgument } from '../../core/errors.js';
import { vstack, type Matrix } from '../../core/matrix.js';
import { minimizeBounded } from '../../core/optim/lbfgsb.js';
import { fittedGpFromHyperparameters, type FittedGp } from '../gp/fitted-gp.js';
import { parameterLayout, type GpParameterLayout } from '../gp/gp-likelihood.js';
import { GpOptions, resolveModelSpec } from '../gp/gp-options.js';
import type { Kernel } from '../gp/kernel.js';
import { logNormalPrior } from '../gp/priors.js';
import { NetworkKernel } from '../nngp/network-kernel.js';
import type { CrossPredictor, ModelCapabilities } from '../capabilities.js';
import type { FitOptions, FittedSurrogate, GaussianPosterior, PointPrediction, Surrogate, SurrogateState, TrainingData } from '../types.js';
import { stpLogMarginal } from './stp-likelihood.js';
import { MvtPosterior } from './student-t-posterior.js';

/** Options of the 'stp' surrogate (surrogateOptions), strict: an unknown key is refused. */
export const StpOptions = z.strictObject({
  kernel: z.enum(['nngp', 'rbf', 'matern52']).default('nngp'),
  activation: z.enum(['relu', 'erf']).default('relu'),
  depth: z.number().int().min(1).max(20).default(3),
  /** Fix α and β (not fitted) when given. */
  alpha: z.number().gt(1).optional(),
  beta: z.number().positive().optional(),
  restarts: z.number().int().min(0).max(32).default(2),
  maxIterations: z.number().int().min(1).max(10000).default(100),
});
export type StpOptions = z.infer<typeof StpOptions>;
export type StpOptionsInput = z.input<typeof StpOptions>;

/** Prior of ln α and ln β (exported for the profile fit, stp-on-gp.ts). */
export const SCALE_PRIOR = logNormalPrior(Math.log(2) + 1, 1); // mode e^{μ−σ²} = 2
const NOISE_PRIOR = logNormalPrior(-4, 1);

/** The kernel family for dimension d. */
export function stpKernel(o: StpOptions, d: number): Kernel {
  if (o.kernel === 'nngp') return new NetworkKernel({ kind: 'nngp', activation: o.activation, depth: o.depth, dim: d });
  // The 'botorch' preset's dimension-scaled lengthscale prior, named: the STP was measured with it.
  return resolveModelSpec(GpOptions.parse({ preset: 'botorch', kernel: o.kernel }), d).kernel;
}

export class StpSurrogate implements Surrogate {
  readonly kind = 'stp';
  readonly options: StpOptions;

  constructor(options: StpOptionsInput = {}) {
    const parsed = StpOptions.safeParse(options);
    if (!parsed.success) throw invalidArgument(['surrogateOptions', ...(parsed.error.issues[0]?.path ?? []).map(String)], parsed.error.issues[0]?.message ?? 'invalid stp options');
    this.options = parsed.data;
  }

  async fit(data: TrainingData, fit: FitOptions): Promise<FittedStp> {
    const o = this.options;
    const t0 = performance.now();
    const kernel = stpKernel(o, data.X.cols);
    const layout = parameterLayout(kernel, 1e-4, 10);
    const P = layout.size + 2;
    const lower = new Float64Array(P);
    const upper = new Float64Array(P);
    lower.set(layout.lower);
    upper.set(layout.upper);
    lower[P - 2] = o.alpha !== undefined ? Math.log(o.alpha) : Math.log(1.01);
    upper[P - 2] = o.alpha !== undefined ? Math.log(o.alpha) : Math.log(1e3);
    lower[P - 1] = o.beta !== undefined ? Math.log(o.beta) : Math.log(1e-3);
    upper[P - 1] = o.beta !== undefined ? Math.log(o.beta) : Math.log(1e3);
    const n = data.X.rows;
    const grad = new Float64Array(P);
    const objective = (v: Float64Array, g: Float64Array): number => {
      let ev;
      try {
        ev = stpLogMarginal(layout, v, data, grad);
      } catch {
        return Number.NaN;
      }
      let lp = kernel.logPrior(v.subarray(0, kernel.size), grad.subarray(0, kernel.size));
      const np = NOISE_PRIOR.logDensity(v[layout.noiseIndex]);
      lp += np.value;
      grad[layout.noiseIndex] += np.grad;
      for (const k of [P - 2, P - 1]) {
        const r = SCALE_PRIOR.logDensity(v[k]);
        lp += r.value;
        grad[k] += r.grad;
      }
      // Minimize −(log p(y) + log prior)/n, as the GP fit does (keeps tolerances n-independent).
      for (let k = 0; k < P; k++) g[k] = -grad[k] / n;
      return -(ev.lml + lp) / n;
    };
    const start = (theta: Float64Array, noise: number, a: number, b: number): Float64Array => {
      const v = new Float64Array(P);
      v.set(theta);
      v[layout.noiseIndex] = noise;
      v[layout.meanIndex] = 0;
      v[P - 2] = o.alpha !== undefined ? Math.log(o.alpha) : a;
      v[P - 1] = o.beta !== undefined ? Math.log(o.beta) : b;
      for (let k = 0; k < P; k++) v[k] = Math.min(upper[k], Math.max(lower[k], v[k]));
      return v;
    };
    // Starts as in the GP fit (gp-fit.ts): cold, the default point plus `restarts` prior draws at
    // scipy's tolerance; warm, the previous optimum alone at a looser tolerance (it sits near the
    // new optimum), with the default point optimized too only if one evaluation says it is better
    // (a cheap guard against a stale local optimum after the data moved).
    const warm = fit.warmStart as { kind?: string; v?: number[] } | undefined;
    const warmVector = warm?.kind === 'stp' && Array.isArray(warm.v) && warm.v.length === P ? Float64Array.from(warm.v) : undefined;
    const defaultStart = start(kernel.initialTheta(), NOISE_PRIOR.modeTheta(), Math.log(2), Math.log(2));
    const starts: Float64Array[] = [];
    if (warmVector) starts.push(start(warmVector.subarray(0, kernel.size), warmVector[layout.noiseIndex], warmVector[P - 2], warmVector[P - 1]));
    else {
      starts.push(defaultStart);
      for (let r = 0; r < o.restarts; r++) starts.push(start(kernel.sampleTheta(fit.rng), NOISE_PRIOR.sampleTheta(fit.rng), SCALE_PRIOR.sampleTheta(fit.rng), SCALE_PRIOR.sampleTheta(fit.rng)));
    }
    let best: { x: Float64Array; f: number; iterations: number } | null = null;
    let defaultChecked = !warmVector;
    for (let s = 0; s < starts.length; s++) {
      if (fit.signal?.aborted) break;
      const res = minimizeBounded(objective, starts[s], lower, upper, { maxIterations: o.maxIterations, signal: fit.signal, pgtol: 1e-5, factr: warmVector && s === 0 ? 1e9 : 1e7 });
      if (Number.isFinite(res.f) && (!best || res.f < best.f)) best = { x: res.x, f: res.f, iterations: res.iterations };
      if (!defaultChecked) {
        defaultChecked = true;
        const f0 = objective(defaultStart, new Float64Array(P));
        if (!best || (Number.isFinite(f0) && f0 < best.f)) starts.push(defaultStart);
      }
      await new Promise((r) => setImmediate(r));
    }
    if (!best) throw new BoError('INTERNAL', 'stp: no start gave a finite marginal likelihood');
    return FittedStp.at(layout, best.x, data, { fitMs: performance.now() - t0, iterations: best.iterations, objective: best.f });
  }
}

/** A fitted Student-t process at fixed hyperparameters. */
export class FittedStp implements FittedSurrogate {
  readonly kind = 'stp';
  readonly dim: number;

  private constructor(
    private readonly layout: GpParameterLayout,
    private readonly data: TrainingData,
    private readonly v: Float64Array,
    private readonly unit: FittedGp,
    readonly df: number,
    readonly scaleFactor: number,
    private readonly info: Record<string, unknown>,
  ) {
    this.dim = unit.dim;
  }

  /**
   * The process at v = [θ, ln σ_n², c, ln α, ln β] on a unit GP already fitted at v's first
   * layout.size entries (no new kernel matrix or factor); quad = (y − c)ᵀK̃_y⁻¹(y − c) of that GP.
   */
  static onUnit(layout: GpParameterLayout, v: Float64Array, data: TrainingData, unit: FittedGp, quad: number, lml: number, info: Record<string, unknown> = {}): FittedStp {
    const alpha = Math.exp(v[layout.size]);
    const beta = Math.exp(v[layout.size + 1]);
    const df = 2 * alpha + data.X.rows;
    const scaleFactor = (2 * beta + quad) / df;
    const diag = { ...info, alpha, beta, df, scaleFactor, noise: Math.exp(v[layout.noiseIndex]), mean: v[layout.meanIndex], kernel: layout.kernel.natural(v.subarray(0, layout.kernel.size)), lml };
    return new FittedStp(layout, data, Float64Array.from(v), unit, df, scaleFactor, diag);
  }

  /** Builds the fitted process from v = [θ, ln σ_n², c, ln α, ln β]. */
  static at(layout: GpParameterLayout, v: Float64Array, data: TrainingData, info: Record<string, unknown> = {}): FittedStp {
    const p = layout.kernel.size;
    const unit = fittedGpFromHyperparameters({ kernel: layout.kernel, theta: v.subarray(0, p), noise: Math.exp(v[layout.noiseIndex]), mean: v[layout.meanIndex] }, data);
    const { quad, lml } = stpLogMarginal(layout, v, data);
    const alpha = Math.exp(v[layout.size]);
    const beta = Math.exp(v[layout.size + 1]);
    const n = data.X.rows;
    const df = 2 * alpha + n;
    return new FittedStp(layout, data, Float64Array.from(v), unit, df, (2 * beta + quad) / df, {
      ...info,
      alpha,
      beta,
      df,
      scaleFactor: (2 * beta + quad) / df,
      noise: Math.exp(v[layout.noiseIndex]),
      mean: v[layout.meanIndex],
      kernel: layout.kernel.natural(v.subarray(0, p)),
      lml,
    });
  }

  /** The same process (every hyperparameter, α and β included) on other data: 'auto''s decision score refits on a prefix this way. */
  onData(data: TrainingData): FittedStp {
    return FittedStp.at(this.layout, this.v, data);
  }

  /**
   * Student-t posterior; fitted noise; closed-form LOO: y_i | y_−i is t with ν − 1 degrees of
   * freedom (ν = 2α + n), the unit GP's LOO mean μ_i and scale² (2β + q_−i)/(ν − 1)·σ̃²_i, where
   * q_−i = q − (y_i − μ_i)²/σ̃²_i (block inverse of K_y) and 2β + q = scaleFactor·ν.
   * Cross moments with a fixed set: the t's covariances (the multi-outcome surfaces' gradients).
   */
  get capabilities(): ModelCapabilities {
    return {
      posteriorKind: 'student-t',
      crossPredictor: (H) => this.crossPredictor(H),
      noiseVariance: Math.exp(this.v[this.layout.noiseIndex]),
      leaveOneOut: () => {
        // this.data is the unit GP's data, in its row order; the result goes back to the caller's (FittedGp.inCallerOrder).
        const unit = this.unit.leaveOneOutInModelOrder();
        const n = unit.mean.length;
        const total = this.scaleFactor * this.df;
        const variance = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const r = this.data.y[i] - unit.mean[i];
          variance[i] = ((total - (r * r) / unit.variance[i]) / (this.df - 1)) * unit.variance[i];
        }
        return this.unit.inCallerOrder({ mean: unit.mean, variance, df: this.df - 1 });
      },
    };
  }

  posterior(X: Matrix, options?: { observationNoise?: boolean }): MvtPosterior {
    return new MvtPosterior(this.unit.posterior(X, options) as GaussianPosterior, this.df, this.scaleFactor);
  }

  /**
   * Joint moments of points with a fixed set H as the t's covariances: the unit GP's cross
   * moments times c = ν/(ν−2)·s (variance, cross and their x-gradients; the mean is the unit GP's),
   * df set, consistent with posterior([H; X]).covariance().
   */
  crossPredictor(H: Matrix): CrossPredictor {
    const unit = this.unit.crossPredictor(H);
    const c = (this.df / (this.df - 2)) * this.scaleFactor;
    const times = (a: Float64Array): Float64Array => Float64Array.from(a, (v) => v * c);
    return {
      point: (x) => {
        const p = unit.point(x);
        return { mean: p.mean, dMean: p.dMean, variance: p.variance * c, dVariance: times(p.dVariance), cross: times(p.cross), dCross: { ...p.dCross, data: times(p.dCross.data) }, df: this.df };
      },
      batch: (Xs) => {
        const b = unit.batch(Xs);
        return { mean: b.mean, variance: times(b.variance), cross: { ...b.cross, data: times(b.cross.data) } };
      },
    };
  }

  /** Marginal t moments at x: variance ν/(ν−2)·s·σ̃², with x-gradients; df marks the t marginal. */
  predictWithGradient(x: ArrayLike<number>): PointPrediction {
    const g = this.unit.predictWithGradient(x);
    const f = (this.df / (this.df - 2)) * this.scaleFactor;
    const dVariance = Float64Array.from(g.dVariance, (t) => t * f);
    return { mean: g.mean, variance: g.variance * f, dMean: g.dMean, dVariance, df: this.df };
  }

  /** The same hyperparameters on data augmented with fantasies (pending points). */
  condition(X: Matrix, y: Float64Array): FittedStp {
    return FittedStp.at(this.layout, this.v, { X: vstack(this.data.X, X), y: concat(this.data.y, y) }, this.info);
  }

  state(): SurrogateState {
    return { kind: 'stp', v: Array.from(this.v) };
  }

  diagnostics(): Record<string, unknown> {
    return this.info;
  }
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
