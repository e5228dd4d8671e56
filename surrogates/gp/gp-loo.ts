/**
 * Closed-form leave-one-out predictive of an exact GP at fixed hyperparameters (Rasmussen &
 * Williams 2006, eq. 5.12): with K_y = L Lᵀ (noise and jitter included) and α = K_y⁻¹ (y − c),
 *   μ_{−i} = y_i − α_i / [K_y⁻¹]_ii,   σ²_{−i} = 1 / [K_y⁻¹]_ii,
 * the predictive of the observation y_i given every other row. [K_y⁻¹]_ii = Σ_k (L⁻¹)_ki².
 * Cost O(n³) for L⁻¹ (one triangular inverse), the same order as the fit's Cholesky.
 */
import type { Matrix } from '../../core/matrix.js';
import type { LeaveOneOut } from '../capabilities.js';

/** LOO means and variances (y's units) from the Cholesky factor L (n×n) of K_y, α and y. */
export function gpLeaveOneOut(L: Matrix, alpha: Float64Array, y: Float64Array): LeaveOneOut {
  const n = L.rows;
  const inverseDiagonal = new Float64Array(n);
  // Column j of L⁻¹ by forward substitution of e_j; only rows k ≥ j are non-zero.
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1 / L.data[j * n + j];
    inverseDiagonal[j] += col[j] * col[j];
    for (let k = j + 1; k < n; k++) {
      let s = 0;
      for (let t = j; t < k; t++) s -= L.data[k * n + t] * col[t];
      col[k] = s / L.data[k * n + k];
      inverseDiagonal[j] += col[k] * col[k];
    }
  }
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    variance[i] = 1 / inverseDiagonal[i];
    mean[i] = y[i] - alpha[i] * variance[i];
  }
  return { mean, variance };
}
