/**
 * The multi-fidelity GP's correlation between each level and the target, as the model states it:
 *   ρ_l = mean over rows w of k((w,s_l),(w,s_T)) / √(k((w,s_l),(w,s_l)) · k((w,s_T),(w,s_T))),
 * the prior correlation of the same mixture's value at level l and at the target (the kernel's,
 * so it is what the fitted hyperparameters believe, not what the data measured). For the ICM
 * kernel it is the learned R[l,T] at every w; for the linear truncated kernel it depends on w
 * and is fixed by the fidelity distance and the kernel's powers. X: m×d in model space (the
 * fidelity column is overwritten per level); θ: the model's kernel hyperparameters.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Kernel } from '../gp/kernel.js';

/** ρ_l for every level (ρ_T = 1), averaged over the rows of X. */
export function levelCorrelations(kernel: Kernel, theta: Float64Array, X: Matrix, fidelityIndex: number, modelValues: ArrayLike<number>, target: number): number[] {
  const L = modelValues.length;
  const d = X.cols;
  const corr = new Array<number>(L).fill(0);
  if (X.rows === 0) return corr.map((_, l) => (l === target ? 1 : 0));
  const at = new Float64Array(L * d);
  for (let r = 0; r < X.rows; r++) {
    for (let l = 0; l < L; l++) {
      at.set(X.data.subarray(r * d, (r + 1) * d), l * d);
      at[l * d + fidelityIndex] = modelValues[l];
    }
    const K = kernel.matrix(theta, { rows: L, cols: d, data: at }, { rows: L, cols: d, data: at }).data;
    for (let l = 0; l < L; l++) corr[l] += K[l * L + target] / Math.sqrt(K[l * L + l] * K[target * L + target]) / X.rows;
  }
  return corr;
}
