import { normalCdf } from '../core/normal.js';
import { momentAcquisition } from './moment.js';
import { ucbStudentT } from './student-t-moments.js';
import type { MomentAcquisition } from './types.js';

/**
 * Default β = 2 (value μ + 1.41σ): BoTorch's tutorials use β between 0.1 and 0.2 for their
 * toy problems and Srinivas et al.'s schedule 2·log(d·t²·π²/6δ) grows to 10–30; a fixed 2 is
 * the common middle ground on standardized outcomes. Override with AlgorithmSpec.ucbBeta.
 */
export const DEFAULT_UCB_BETA = 2;

/**
 * Upper confidence bound μ + √β·σ (Srinivas et al. 2010). ∂/∂μ = 1, ∂/∂v = √β/(2σ). On an ensemble
 * posterior: the mixture's Φ(√β)-quantile (acquisitions/ensemble-combine.ts), like the Student-t form.
 */
export function createUcb(beta: number = DEFAULT_UCB_BETA): MomentAcquisition {
  if (!(beta >= 0) || !Number.isFinite(beta)) throw new RangeError(`ucb: beta must be finite and >= 0, got ${beta}`);
  const sb = Math.sqrt(beta);
  return momentAcquisition('ucb', (mean, variance, _ctx, df) => {
    if (df !== undefined) return ucbStudentT(mean, variance, beta, df);
    const sigma = Math.sqrt(variance);
    return { value: mean + sb * sigma, dMean: 1, dVariance: sb / (2 * sigma) };
  }, { kind: 'mixture-quantile', level: normalCdf(sb) });
}
