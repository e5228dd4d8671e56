import { BoError } from '../../core/errors.js';
import { vstack, type Matrix } from '../../core/matrix.js';
import { cholSolve, choleskyWithJitter, matmul, matmulTransB, solveLowerMatrix } from '../../core/linalg/linalg.js';
import type { CrossPrediction, CrossPredictor, LeaveOneOut, ModelCapabilities } from '../capabilities.js';
import type { FittedSurrogate, PointPrediction, SurrogateState, TrainingData } from '../types.js';
import { gpLeaveOneOut } from './gp-loo.js';
import { factorize, parameterLayout, type GpFactor, type GpParameterLayout } from './gp-likelihood.js';
import type { Kernel } from './kernel.js';
import { MIN_VARIANCE, MvnPosterior } from './mvn-posterior.js';
import { localVarianceBounds } from './variance-bound.js';
import type { ReuseRecord } from './factor-reuse.js';
import { transpose } from '../../core/linalg/cholesky-extend.js';
import { addProductInOrder, rowSquaredNorms } from '../../core/accumulate-product.js';

/** Facts about how the hyperparameters were obtained (all optional for fixed-hyperparameter GPs). */
export interface GpFitInfo {
  readonly logPrior?: number;
  readonly iterations?: number;
  readonly evaluations?: number;
  readonly starts?: number;
  readonly warm?: boolean;
  readonly fitMs?: number;
  readonly converged?: boolean;
  readonly message?: string;
  /**
   * How the hyperparameters were obtained: 'cold' (no usable warm start), 'refit' (optimized from
   * the warm start), 'extended' (reused; the held factor extended by the new rows) or
   * 'refactored' (reused; factored afresh because this worker did not hold the factor).
   */
  readonly path?: 'cold' | 'refit' | 'extended' | 'refactored';
  /** Why a warm fit optimized instead of reusing (factor-reuse.ts rule). */
  readonly refitReason?: string;
  /** Rows the hyperparameters were optimized on when fewer than n (fit-subset.ts); the posterior uses all n. */
  readonly hyperparameterRows?: number;
  /** Carried in state() for the next fit's reuse decision. */
  readonly reuse?: ReuseRecord;
  /**
   * A reused fit keeps its own row order (factor-reuse.ts): model row i is the caller's row
   * rowOrder[i]. Absent when the two orders agree. Per-row outputs (leave-one-out) are returned
   * in the caller's order, which is the order of the y they are compared with.
   */
  readonly rowOrder?: Int32Array;
  /** Likelihood 'robust' (robust-fit.ts): the rows treated as outliers and their extra variances. */
  readonly robust?: RobustFitInfo;
}

/** What the robust likelihood's relevance pursuit found (robust-fit.ts). */
export interface RobustFitInfo {
  /** Rows (indices into the training data) with an outlier variance ρ > 0, ascending. */
  readonly outliers: readonly number[];
  /** Their ρ in y's units (the same order). */
  readonly rho: readonly number[];
  /** log p(y) gained by ρ at the final hyperparameters. */
  readonly lmlGain: number;
  /** Pursuit steps of the last pursuit; hyperparameter fits this ask; whether the outlier set was stable. */
  readonly steps: number;
  readonly fits: number;
  readonly converged: boolean;
  /** Row keys (hashes of X rows) of the outliers: the next ask's starting set. */
  readonly keys: readonly string[];
  /** Rows kept out of the pursuit because a replicate measured the same value (robust-fit.ts confirmedRows). */
  readonly confirmed: number;
  /** Whether the model asks for its outliers to be measured again (GpOptions.verifyOutliers). */
  readonly verify: boolean;
}

/**
 * An exact GP at fixed hyperparameters v = [θ_kernel, ln σ², c] on data (X: n×d in [0,1]^d, y
 * standardized). Immutable. Posterior (R&W 2006, eqs. 2.25–2.26):
 *   μ(X*) = c + K(X*,X) α,  Σ(X*) = K(X*,X*) − K(X*,X) K_y⁻¹ K(X,X*)  (+ σ² I with observation noise).
 */
export class FittedGp implements FittedSurrogate {
  readonly dim: number;
  /** Fitted noise variance σ² (standardized units). */
  readonly noise: number;
  /** Fitted constant mean c (standardized units). */
  readonly mean: number;
  private readonly kernelTheta: Float64Array;
  /** Reused k(X, x) and ∂k/∂x buffers of crossAtTraining (not state: the values are the same without them). */
  private scratch?: { k: Float64Array; dk: Matrix };

  constructor(
    readonly layout: GpParameterLayout,
    readonly params: Float64Array,
    readonly data: TrainingData,
    readonly factor: GpFactor,
    readonly fitInfo: GpFitInfo = {},
    /** Surrogate kind reported by the model and its state ('gp'; a GP with another kernel may say e.g. 'nngp'). */
    readonly kind: string = 'gp',
  ) {
    this.dim = layout.kernel.dim;
    this.kernelTheta = params.slice(0, layout.kernel.size);
    this.noise = Math.exp(params[layout.noiseIndex]);
    this.mean = params[layout.meanIndex];
  }

  /** The same GP (kernel θ, noise, mean) on other data, factorized afresh: 'auto''s decision score refits on a prefix this way. */
  onData(data: TrainingData): FittedGp {
    return new FittedGp(this.layout, this.params, data, factorize(this.layout, this.params, data), {}, this.kind);
  }

  /** Exact-GP capabilities: joint moments with a fixed set, cheap variance bounds, the fitted noise, closed-form LOO. */
  get capabilities(): ModelCapabilities {
    return {
      posteriorKind: 'gaussian',
      crossPredictor: (H) => this.crossPredictor(H),
      marginalBounds: (X) => this.marginalBounds(X),
      noiseVariance: this.noise,
      leaveOneOut: () => this.inCallerOrder(this.leaveOneOutInModelOrder()),
      ...(this.fitInfo.robust?.verify ? { outliersToVerify: this.fitInfo.robust.outliers } : {}),
    };
  }

  /** Leave-one-out moments by the model's rows (this.data's order, which a reused fit keeps; see GpFitInfo.rowOrder). */
  leaveOneOutInModelOrder(): LeaveOneOut {
    return gpLeaveOneOut(this.factor.L, this.factor.alpha, this.data.y);
  }

  /** Per-row moments in the model's row order, rearranged into the caller's (the same object when the orders agree). */
  inCallerOrder<T extends LeaveOneOut>(loo: T): T {
    const order = this.fitInfo.rowOrder;
    if (!order) return loo;
    const mean = new Float64Array(order.length);
    const variance = new Float64Array(order.length);
    order.forEach((row, i) => {
      mean[row] = loo.mean[i];
      variance[row] = loo.variance[i];
    });
    return { ...loo, mean, variance };
  }

  /** The kernel (shared, stateless). */
  get kernel(): Kernel {
    return this.layout.kernel;
  }

  posterior(X: Matrix, options?: { observationNoise?: boolean }): MvnPosterior {
    if (X.cols !== this.dim) throw new RangeError(`gp posterior: X has ${X.cols} columns, expected ${this.dim}`);
    return this.posteriorWithCross(X, this.kernel.matrix(this.kernelTheta, this.data.X, X), options?.observationNoise ? this.noise : 0);
  }

  /** posterior(X) given Kxs = k(X_train, X) (n×m), which callers that also need it compute once. */
  private posteriorWithCross(X: Matrix, Kxs: Matrix, addNoise: number): MvnPosterior {
    if (X.rows === 0) return new MvnPosterior({ mean: new Float64Array(0), variance: () => new Float64Array(0), covariance: () => ({ rows: 0, cols: 0, data: new Float64Array(0) }) });
    const k = this.kernel;
    const t = this.kernelTheta;
    const m = X.rows;
    const n = this.data.X.rows;
    const mean = new Float64Array(m).fill(this.mean);
    addProductInOrder(mean, this.factor.alpha, Kxs.data, 1, n, m); // mean_j += Σ_i α_i K_ij, in row order
    let Vt: Matrix | undefined; // (L⁻¹ K(X, X*))ᵀ: m×n, computed once for variance and covariance
    const vt = (): Matrix => (Vt ??= transpose(solveLowerMatrix(this.factor.L, Kxs)));
    return new MvnPosterior({
      mean,
      variance: () => {
        const v = k.diag(t, X);
        const s = rowSquaredNorms(vt());
        for (let j = 0; j < m; j++) v[j] += addNoise - s[j];
        return v;
      },
      covariance: () => {
        const V = vt();
        const C = k.matrix(t, X, X);
        const VV = matmulTransB(V, V);
        for (let i = 0; i < C.data.length; i++) C.data[i] -= VV.data[i];
        for (let j = 0; j < m; j++) C.data[j * m + j] += addNoise;
        return C;
      },
    });
  }

  /**
   * Exact latent means and cheap upper bounds on the latent variances at the rows of X (m×d):
   * O(n·m·d + m·K³) instead of the O(n²·m) of posterior(X).variance() (localVarianceBounds:
   * x conditioned on its K = 16 most correlated observations only). Screens qLogNEI's baseline.
   */
  marginalBounds(X: Matrix): { mean: Float64Array; varianceUpper: Float64Array } {
    const Kxs = this.kernel.matrix(this.kernelTheta, this.data.X, X); // n×m
    const m = X.rows;
    const mean = new Float64Array(m).fill(this.mean);
    addProductInOrder(mean, this.factor.alpha, Kxs.data, 1, this.factor.alpha.length, m);
    const varianceUpper = localVarianceBounds(this.kernel, this.kernelTheta, this.data.X, this.factor.L, X, Kxs);
    for (let j = 0; j < m; j++) varianceUpper[j] = Math.max(varianceUpper[j], MIN_VARIANCE);
    return { mean, varianceUpper };
  }

  /**
   * Latent mean and variance at x with x-gradients:
   * μ = c + kᵀα, ∇μ = (∂k/∂x)ᵀ α;  s² = k(x,x) − kᵀw with w = K_y⁻¹k, ∇s² = ∇k(x,x) − 2 (∂k/∂x)ᵀ w.
   */
  predictWithGradient(x: ArrayLike<number>): PointPrediction {
    const { mean, variance, dMean, dVariance } = this.pointMoments(x);
    return { mean, variance, dMean, dVariance };
  }

  /**
   * k(X, x) and ∂k/∂x: into buffers this model reuses when the kernel can write into them
   * (Kernel.crossGradientInto), so the result is valid only until the next call. pointMoments and
   * crossPredictor's point() consume it at once; nothing they return aliases it.
   */
  private crossAtTraining(x: ArrayLike<number>): { k: Float64Array; dk: Matrix } {
    const into = this.kernel.crossGradientInto;
    if (!into) return this.kernel.crossGradient(this.kernelTheta, x, this.data.X);
    const n = this.data.X.rows;
    this.scratch ??= { k: new Float64Array(n), dk: { rows: n, cols: this.dim, data: new Float64Array(n * this.dim) } };
    into.call(this.kernel, this.kernelTheta, x, this.data.X, this.scratch.k, this.scratch.dk.data, 1);
    return this.scratch;
  }

  /** predictWithGradient's moments plus k(X, x) and ∂k/∂x (crossAtTraining's buffers), which crossPredictor reuses. */
  private pointMoments(x: ArrayLike<number>): PointPrediction & { k: Float64Array; dk: Matrix } {
    const d = this.dim;
    const n = this.data.X.rows;
    const { k, dk } = this.crossAtTraining(x);
    const w = cholSolve(this.factor.L, k);
    const kxx = this.kernel.diagGradient(this.kernelTheta, x);
    const a = this.factor.alpha;
    let mean = this.mean;
    let quad = 0;
    // Rows of W: α and −2w, so that [∇μ; ∇s²] = [0; ∇k(x,x)] + W·∂k/∂x (each sum in row order).
    const W = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      mean += k[i] * a[i];
      quad += k[i] * w[i];
      W[i] = a[i];
      W[n + i] = -(2 * w[i]);
    }
    const grads = new Float64Array(2 * d);
    grads.set(kxx.grad, d);
    addProductInOrder(grads, W, dk.data, 2, n, d);
    const dMean = grads.subarray(0, d);
    const dVariance = grads.subarray(d);
    const variance = Math.max(kxx.value - quad, MIN_VARIANCE);
    return { mean, variance, dMean, dVariance, k, dk };
  }

  /**
   * Joint moments of points x with a FIXED set H (h×d), for qLogNEI's analytic gradient:
   * c(x) = Cov(f(H), f(x)) = k(H,x) − k(H,X) K_y⁻¹ k(X,x) (length h) and, for one point,
   * ∂c/∂x = ∂k(H,x)/∂x − Aᵀ ∂k(X,x)/∂x (h×d), with A = K_y⁻¹ k(X,H) (n×h) computed once here;
   * mean and variance (with gradients for one point) as predictWithGradient. Latent f.
   * batch(Xs): the same moments, without gradients, for the m rows of Xs (cross is m×h).
   */
  crossPredictor(H: Matrix): CrossPredictor {
    if (H.cols !== this.dim) throw new RangeError(`gp crossPredictor: H has ${H.cols} columns, expected ${this.dim}`);
    const h = H.rows;
    const n = this.data.X.rows;
    const d = this.dim;
    const t = this.kernelTheta;
    const KXH = this.kernel.matrix(t, this.data.X, H); // n×h
    const At: Matrix = { rows: h, cols: n, data: new Float64Array(h * n) }; // Aᵀ
    const col = new Float64Array(n);
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < n; i++) col[i] = KXH.data[i * h + j];
      At.data.set(cholSolve(this.factor.L, col), j * n);
    }
    const minusAt = At.data.map((v) => -v); // ∂c/∂x = ∂k(H,x)/∂x + (−Aᵀ)·∂k(X,x)/∂x
    const point = (x: ArrayLike<number>): CrossPrediction => {
      const { mean, variance, dMean, dVariance, k, dk } = this.pointMoments(x);
      const kh = this.kernel.crossGradient(t, x, H);
      const cross = kh.k;
      for (let j = 0; j < h; j++) {
        const aj = j * n;
        let c = 0;
        for (let i = 0; i < n; i++) c += At.data[aj + i] * k[i];
        cross[j] -= c;
      }
      addProductInOrder(kh.dk.data, minusAt, dk.data, h, n, d);
      return { mean, variance, dMean, dVariance, cross, dCross: kh.dk };
    };
    const batch = (Xs: Matrix): { mean: Float64Array; variance: Float64Array; cross: Matrix } => {
      const KXs = this.kernel.matrix(t, this.data.X, Xs); // n×m
      const post = this.posteriorWithCross(Xs, KXs, 0);
      const C = this.kernel.matrix(t, H, Xs); // h×m
      const AK = matmul(At, KXs);
      for (let i = 0; i < C.data.length; i++) C.data[i] -= AK.data[i];
      return { mean: post.mean(), variance: post.variance(), cross: transpose(C) };
    };
    return { point, batch };
  }

  /**
   * The same hyperparameters on data augmented with (X, y) (noise σ², no yVar), by a block
   * Cholesky update: [[L, 0], [Bᵀ, C]] with B = L⁻¹ K(X_old, X), C Cᵀ = K(X,X) + (σ² + jitter) I − BᵀB.
   * Cost O(n² q + q³) instead of O((n+q)³).
   */
  condition(X: Matrix, y: Float64Array): FittedGp {
    const q = X.rows;
    if (X.cols !== this.dim || y.length !== q) throw new RangeError(`gp condition: X is ${q}×${X.cols}, y has ${y.length}; dim ${this.dim}`);
    if (q === 0) return this;
    const n = this.data.X.rows;
    const k = this.kernel;
    const t = this.kernelTheta;
    const jitter = this.factor.jitter;
    const B = solveLowerMatrix(this.factor.L, k.matrix(t, this.data.X, X)); // n×q
    const Bt = transpose(B);
    const S = k.matrix(t, X, X);
    const BtB = matmulTransB(Bt, Bt);
    for (let i = 0; i < S.data.length; i++) S.data[i] -= BtB.data[i];
    for (let j = 0; j < q; j++) S.data[j * q + j] += this.noise + jitter;
    const C = choleskyWithJitter(S, { initialJitter: 1e-8, maxTries: 4 }).L;
    const N = n + q;
    const L = { rows: N, cols: N, data: new Float64Array(N * N) };
    for (let i = 0; i < n; i++) L.data.set(this.factor.L.data.subarray(i * n, i * n + i + 1), i * N);
    for (let j = 0; j < q; j++) {
      L.data.set(Bt.data.subarray(j * n, (j + 1) * n), (n + j) * N);
      L.data.set(C.data.subarray(j * q, j * q + j + 1), (n + j) * N + n);
    }
    const yAll = new Float64Array(N);
    yAll.set(this.data.y);
    yAll.set(y, n);
    const data: TrainingData = {
      X: vstack(this.data.X, X),
      y: yAll,
      ...(this.data.yVar ? { yVar: concat(this.data.yVar, new Float64Array(q)) } : {}),
    };
    const r = new Float64Array(N);
    for (let i = 0; i < N; i++) r[i] = yAll[i] - this.mean;
    const alpha = cholSolve(L, r);
    // The lml of the augmented data is not needed for fantasies: NaN marks it as not computed.
    return new FittedGp(this.layout, this.params, data, { L, alpha, jitter, lml: NaN }, { ...this.fitInfo, reuse: undefined, message: 'conditioned', ...(this.fitInfo.rowOrder ? { rowOrder: appendRows(this.fitInfo.rowOrder, q) } : {}) }, this.kind);
  }

  state(): SurrogateState {
    return {
      kind: this.kind,
      kernel: this.kernel.name,
      dim: this.dim,
      names: [...this.layout.names],
      theta: Array.from(this.params),
      ...(this.fitInfo.reuse ? { reuse: { ...this.fitInfo.reuse } } : {}),
      ...(this.fitInfo.robust ? { robust: { keys: [...this.fitInfo.robust.keys], rho: [...this.fitInfo.robust.rho] } } : {}),
    };
  }

  diagnostics(): Record<string, unknown> {
    const f = this.fitInfo;
    return {
      kernel: this.kernel.name,
      ...(this.kernel.trend !== undefined ? { trend: this.kernel.trend } : {}),
      ...this.kernel.natural(this.kernelTheta),
      noise: this.noise,
      mean: this.mean,
      lml: this.factor.lml,
      ...(f.logPrior !== undefined ? { logPrior: f.logPrior } : {}),
      n: this.data.X.rows,
      jitter: this.factor.jitter,
      ...(f.hyperparameterRows !== undefined ? { hyperparameterRows: f.hyperparameterRows } : {}),
      ...(f.iterations !== undefined ? { iterations: f.iterations } : {}),
      ...(f.evaluations !== undefined ? { evaluations: f.evaluations } : {}),
      ...(f.starts !== undefined ? { starts: f.starts } : {}),
      ...(f.warm !== undefined ? { warm: f.warm } : {}),
      ...(f.converged !== undefined ? { converged: f.converged } : {}),
      ...(f.message !== undefined ? { message: f.message } : {}),
      ...(f.path !== undefined ? { fitPath: f.path } : {}),
      ...(f.refitReason !== undefined ? { refitReason: f.refitReason } : {}),
      ...(f.fitMs !== undefined ? { fitMs: f.fitMs } : {}),
      ...(f.robust ? { robust: robustDiagnostics(f.robust) } : {}),
    };
  }
}

export type { CrossPrediction, CrossPredictor } from '../capabilities.js';

/** Hyperparameters of a GP given in natural units (kernel θ in the kernel's own transform). */
export interface FixedGpHyperparameters {
  readonly kernel: Kernel;
  /** Kernel θ (length kernel.size; for built-in kernels, logs of the natural values). */
  readonly theta: ArrayLike<number>;
  /** Noise variance σ² in y's units (may be 0 when yVar carries all the noise; jitter then steps in). */
  readonly noise: number;
  /** Constant mean c (default 0). */
  readonly mean?: number;
}

/** A fitted GP at FIXED hyperparameters (no optimization): tests, NNGP, Student-t and fantasies build on it. */
export function fittedGpFromHyperparameters(h: FixedGpHyperparameters, data: TrainingData, info: GpFitInfo = {}, kind = 'gp'): FittedGp {
  if (h.theta.length !== h.kernel.size) throw new RangeError(`fittedGpFromHyperparameters: θ has ${h.theta.length} entries, kernel needs ${h.kernel.size}`);
  const noise = Math.max(h.noise, 1e-300);
  const layout = parameterLayout(h.kernel, noise, noise, noise);
  const v = new Float64Array(layout.size);
  v.set(Array.from(h.theta));
  v[layout.noiseIndex] = Math.log(noise);
  v[layout.meanIndex] = h.mean ?? 0;
  let factor: GpFactor;
  try {
    factor = factorize(layout, v, data);
  } catch (e) {
    throw new BoError('INTERNAL', `gp: covariance factorization failed at fixed hyperparameters: ${(e as Error).message}`);
  }
  if (!Number.isFinite(factor.lml)) throw new BoError('INTERNAL', 'gp: non-finite log marginal likelihood at fixed hyperparameters');
  return new FittedGp(layout, v, data, factor, info, kind);
}

function robustDiagnostics(r: RobustFitInfo): Record<string, unknown> {
  return { likelihood: 'robust', outliers: r.outliers.length, outlierRows: [...r.outliers], outlierVariances: [...r.rho], lmlGain: r.lmlGain, pursuitSteps: r.steps, fits: r.fits, converged: r.converged, confirmedRows: r.confirmed, ...(r.verify ? { verifyOutliers: true } : {}) };
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A row order followed by q more rows that keep their place (fantasies appended to both orders). */
function appendRows(order: Int32Array, q: number): Int32Array {
  const out = new Int32Array(order.length + q);
  out.set(order);
  for (let j = 0; j < q; j++) out[order.length + j] = order.length + j;
  return out;
}
