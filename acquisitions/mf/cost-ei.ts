import { logH } from '../../core/normal.js';
import type { TargetMoments } from './mf-mes.js';

/**
 * The simpler cost-weighted option (in the spirit of Huang et al. 2006's augmented EI):
 *   log α(x, s) = LogEI_target(x) + log ρ(x, s) − log cost(s),
 * LogEI at the target-level projection (μ_m, σ_m, incumbent f*) = log h((μ_m − f*)/σ_m) + log σ_m,
 * ρ = cov(f(x,target), y(x,s))/(σ_m σ_y) the correlation of the observation with the target value
 * (< 1 even at the target because of the noise), clamped to ≥ 1e-6. Single-fidelity: plain LogEI
 * plus a constant.
 */
export function costWeightedLogEi(m: TargetMoments, best: number, costs: ArrayLike<number>): Float64Array {
  const n = m.meanTarget.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sd = Math.sqrt(Math.max(m.varTarget[i], 1e-12));
    const rho = Math.max(m.cov[i] / Math.sqrt(Math.max(m.varTarget[i], 1e-12) * Math.max(m.varObserved[i], 1e-12)), 1e-6);
    out[i] = logH((m.meanTarget[i] - best) / sd) + Math.log(sd) + Math.log(rho) - Math.log(costs[i]);
  }
  return out;
}
