/**
 * qLogNEI of a weighted mixture model (surrogate 'auto' with combine 'stack', capability `stack`):
 * the mixture's qNEI is Σ_k w_k·qNEI_k (an expectation over a mixture is the weighted expectation
 * over its members), estimated with stratified draws (Cochran 1977 §5.5): member k gets
 * S_k ≈ w_k·S of the S draws (core/stratum-sizes.ts) and its own joint draws over [baseline;
 * pending; x] from its own posterior on the first S_k rows of the fixed base samples, so
 *   qLogNEI_mix(x) = log Σ_k w_k·exp(V_k(x)),   V_k = log (1/S_k) Σ_{i ≤ S_k} exp(a_ik),
 * each V_k the member's own surface (acquisitions/qlognei.ts, analytic x-gradient for Gaussian and,
 * with studentTJoint, Student-t members), and ∇ = Σ_k softmax_k(log w_k + V_k)·∇V_k. Each member
 * prunes its own baseline on its own draws. With one member of weight 1 this is that member's
 * qLogNEI with all S draws, bit for bit.
 */
import { stratumSizes } from '../core/stratum-sizes.js';
import type { Matrix } from '../core/matrix.js';
import type { StackedMembers } from '../surrogates/types.js';
import type { PreparedQLogNei, QLogNeiContext } from './qlognei.js';

/** Builds and prepares member k's qLogNEI with `samples` draws (same seed and temperatures as the mixture's). */
export type MemberSurface = (member: number, samples: number) => PreparedQLogNei;

/** log Σ_k w_k e^{v_k} and the softmax weights (∂/∂v_k); −∞ when every v_k is. */
function logWeightedSum(logW: Float64Array, v: ArrayLike<number>, soft?: Float64Array): number {
  let top = -Infinity;
  for (let k = 0; k < v.length; k++) top = Math.max(top, logW[k] + v[k]);
  if (top === -Infinity) {
    soft?.fill(0);
    return -Infinity;
  }
  let sum = 0;
  for (let k = 0; k < v.length; k++) sum += Math.exp(logW[k] + v[k] - top);
  if (soft) for (let k = 0; k < v.length; k++) soft[k] = Math.exp(logW[k] + v[k] - top) / sum;
  return top + Math.log(sum);
}

/** The prepared mixture surface from its members' surfaces (S: the mixture's draws). */
export function prepareStackedQLogNei(stack: StackedMembers, context: QLogNeiContext, S: number, memberSurface: MemberSurface): PreparedQLogNei {
  const K = stack.members.length;
  const sizes = stratumSizes(stack.weights, S);
  const parts = Array.from({ length: K }, (_, k) => memberSurface(k, sizes[k]));
  const logW = Float64Array.from(stack.weights, (w) => Math.log(w));
  const gradients = parts.every((p) => p.valueAndGradient !== undefined);
  return {
    baseline: context.baseline,
    valueOfBatch(batch: Matrix): number {
      return logWeightedSum(logW, parts.map((p) => p.valueOfBatch(batch)));
    },
    values(X: Matrix): Float64Array {
      const each = parts.map((p) => p.values(X));
      const v = new Float64Array(K);
      return Float64Array.from({ length: X.rows }, (_, r) => {
        for (let k = 0; k < K; k++) v[k] = each[k][r];
        return logWeightedSum(logW, v);
      });
    },
    ...(gradients
      ? {
          valueAndGradient(x: Float64Array, grad: Float64Array): number {
            const v = new Float64Array(K);
            const g = parts.map(() => new Float64Array(grad.length));
            parts.forEach((p, k) => (v[k] = p.valueAndGradient!(x, g[k])));
            const soft = new Float64Array(K);
            const value = logWeightedSum(logW, v, soft);
            grad.fill(0);
            for (let k = 0; k < K; k++) if (soft[k] > 0) for (let j = 0; j < grad.length; j++) grad[j] += soft[k] * g[k][j];
            return value;
          },
        }
      : {}),
  };
}
