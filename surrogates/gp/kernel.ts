import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';

/**
 * A covariance function with its own hyperparameters, as the exact GP sees it.
 *
 * The GP never looks inside a kernel: it only calls the methods below, so a new kernel
 * (stationary ARD, NNGP/NTK arc-cosine with σ_w², σ_b², a deep kernel with network weights)
 * plugs in without touching the GP. Hyperparameters are one unconstrained vector θ (length
 * `size`); each kernel documents its transform (the built-in ones use θ = ln of the natural
 * value). Bounds are in θ units and are what the bounded optimizer sees.
 *
 * Shapes: X, X1, X2 are row-major n×d (rows in [0,1]^d); W is n×n and symmetric.
 */
export interface Kernel {
  /** Registry-style name, e.g. 'rbf', 'matern52', 'scale(matern52)'. */
  readonly name: string;
  /** Input dimension d. */
  readonly dim: number;
  /** Number of hyperparameters p (length of θ). */
  readonly size: number;
  /** Names of θ's entries, e.g. 'lengthscale[0]' (natural-value names; θ holds their logs). */
  readonly names: readonly string[];
  /** Lower/upper bounds of θ (length p). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** True when k(x, x) is constant in x (then diagGradient is zero). */
  readonly stationary: boolean;
  /**
   * Optional: the parametric trend a kernel part puts in the prior ('quadratic' for
   * kernels/quadratic-kernel.ts); absent means the GP's constant mean only. Named in diagnostics.
   */
  readonly trend?: string;

  /** First start for fitting (usually the prior mode, clipped to the bounds). */
  initialTheta(): Float64Array;
  /** A random start for a restart (usually a prior draw, clipped to the bounds). */
  sampleTheta(rng: Rng): Float64Array;
  /** ln p(θ) of the hyperprior; ADDS ∂/∂θ ln p into grad (length p) when given. */
  logPrior(theta: Float64Array, grad?: Float64Array): number;
  /** Hyperparameters in natural units for diagnostics, e.g. { lengthscale: [..] }. */
  natural(theta: Float64Array): Record<string, number | number[]>;

  /** K(X1, X2): n1×n2. Pass the same object twice for a symmetric training Gram matrix. */
  matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix;
  /** k(x_i, x_i) for each row of X: length n. */
  diag(theta: Float64Array, X: Matrix): Float64Array;
  /**
   * out[k] = Σ_ij W_ij ∂K(X,X)_ij/∂θ_k for every k (out has length p; overwritten).
   * This contraction is all the marginal-likelihood gradient needs
   * (½ tr((ααᵀ − K⁻¹) ∂K/∂θ_k) with W = ααᵀ − K⁻¹) and never forms n×n×p tensors.
   */
  gramGradient(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): void;
  /**
   * Optional: gramGradient that also returns Σ_ij W_ij K(X,X)_ij from the same pass over the
   * pairs. ScaleKernel's ∂/∂ln s needs exactly that sum; without this it rebuilds the whole Gram
   * matrix per likelihood gradient (~a third of the JS kernel work at n = 2000).
   */
  gramGradientWithWeightedSum?(theta: Float64Array, X: Matrix, W: Matrix, out: Float64Array): number;
  /**
   * Cross-covariance at ONE point x (length d) against the rows of X (n×d):
   * k[i] = k(x, X_i) (length n) and dk = ∂k(x, X_i)/∂x as an n×d matrix.
   */
  crossGradient(theta: Float64Array, x: ArrayLike<number>, X: Matrix): { k: Float64Array; dk: Matrix };
  /**
   * Optional: crossGradient written into caller-owned k (length n) and dk (n×d, row-major), both
   * multiplied by `scale` as the last operation (so scale·value rounds as crossGradient's result
   * scaled afterwards). The exact GP's per-point moments call it with reused buffers: at d = 20
   * the fresh n×d array per acquisition evaluation was a visible share of the ask (session 12).
   */
  crossGradientInto?(theta: Float64Array, x: ArrayLike<number>, X: Matrix, k: Float64Array, dk: Float64Array, scale: number): void;
  /** k(x, x) and its gradient in x (length d; zero for stationary kernels). */
  diagGradient(theta: Float64Array, x: ArrayLike<number>): { value: number; grad: Float64Array };
}
