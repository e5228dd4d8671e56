/**
 * The chain rule through the last row of a joint Cholesky root [[L, 0], [lᵀ, l_x]] for a new point x,
 * shared by qLogNEI and the multi-outcome Gaussian draws. A draw at x is
 *   f_x = μ(x) + lᵀ z_head + l_x z_x,  l = L⁻¹ k(head, x),  l_x = √(σ²(x) − lᵀl),
 * so with the draw-weighted sums gSum = Σ g_i, gZx = Σ g_i z_x,i and gZ = Σ g_i z_head,i:
 *   ∂V/∂x_u = gSum ∂μ/∂x_u + (L⁻¹ ∂k/∂x_u)ᵀ gZ + gZx (∂σ²/∂x_u − 2 lᵀ L⁻¹ ∂k/∂x_u) / (2 l_x).
 */
import { solveLowerMatrix } from '../core/linalg/linalg.js';
import type { Matrix } from '../core/matrix.js';

export interface RootGradientInput {
  /** Cholesky factor of the head (baseline) covariance, r×r. */
  readonly L: Matrix;
  /** ∂k(head, x)/∂x, r×d (row t: head point t). */
  readonly dCross: Matrix;
  readonly dMean: ArrayLike<number>;
  readonly dVariance: ArrayLike<number>;
  /** l = L⁻¹ k(head, x). */
  readonly l: ArrayLike<number>;
  /** l_x and s2 = σ²(x) − lᵀl (no variance term below 1e-18). */
  readonly lx: number;
  readonly s2: number;
  readonly gSum: number;
  readonly gZx: number;
  readonly gZ: ArrayLike<number>;
}

/** Adds ∂V/∂x to grad (length d). */
export function addJointRootGradient(input: RootGradientInput, grad: Float64Array): void {
  const { L, dCross, dMean, dVariance, l, lx, s2, gSum, gZx, gZ } = input;
  const d = grad.length;
  const r = dCross.rows;
  const dl = solveLowerMatrix(L, dCross);
  for (let u = 0; u < d; u++) {
    let dll = 0;
    let dlz = 0;
    for (let t = 0; t < r; t++) {
      const v = dl.data[t * d + u];
      dll += v * l[t];
      dlz += v * gZ[t];
    }
    const dlx = s2 > 1e-18 ? (dVariance[u] - 2 * dll) / (2 * lx) : 0;
    grad[u] += gSum * dMean[u] + dlz + dlx * gZx;
  }
}
