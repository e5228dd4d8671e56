/**
 * Smooth feasibility of outcome constraints on posterior samples (BoTorch's constrained MC
 * objectives, utils/objective.py compute_smoothed_feasibility_indicator with fat = false):
 * each bound contributes log σ(slack/η), σ the logistic function, slack = bound − ξ for a
 * maximum and ξ − bound for a minimum (constraint values in the model's units), η = 1e-3.
 * Summed over bounds and averaged over samples this weights an acquisition by the probability
 * of feasibility: E[Π σ(slack/η)] → P(all slacks > 0) as η → 0 (a normal CDF for one Gaussian).
 */
import { softplus } from '../smooth.js';

/** BoTorch's default temperature of the feasibility sigmoid (constraint eta). */
export const FEASIBILITY_ETA = 1e-3;

/** One bound on one outcome column: value ≤ max or value ≥ min, in the model's units. */
export interface OutcomeBound {
  /** Column of the outcome in the sample vector ξ. */
  readonly column: number;
  readonly kind: 'max' | 'min';
  readonly value: number;
}

/** Σ_bounds log σ(slack/η) at ξ; adds ∂/∂ξ into grad (not zeroed) when given. */
export function logFeasibility(bounds: readonly OutcomeBound[], xi: ArrayLike<number>, grad?: Float64Array, eta = FEASIBILITY_ETA): number {
  let total = 0;
  for (const b of bounds) {
    const sign = b.kind === 'max' ? -1 : 1;
    const u = (sign * (xi[b.column] - b.value)) / eta;
    total -= softplus(-u); // log σ(u) = −softplus(−u)
    if (grad) grad[b.column] += (sign / eta) * logistic(-u); // d/du log σ(u) = σ(−u)
  }
  return total;
}

function logistic(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
}

/** Whether a sampled row (offset o in data) meets every bound exactly (for which observed points count as feasible in a sample). */
export function isFeasible(bounds: readonly OutcomeBound[], data: ArrayLike<number>, o: number): boolean {
  for (const b of bounds) {
    const v = data[o + b.column];
    if (b.kind === 'max' ? v > b.value : v < b.value) return false;
  }
  return true;
}
