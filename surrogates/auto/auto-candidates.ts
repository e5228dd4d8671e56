/**
 * The model families surrogate 'auto' can choose among, by name: each a registry kind with fixed
 * options (named presets, so a choice shown in diagnostics says exactly what ran). Cheap ones are
 * scored by their closed-form leave-one-out predictive, neural ones by k-fold refits.
 */
import type { SurrogateKind } from '../../protocol/algorithm.js';

/** A candidate of 'auto': a registry kind and the surrogateOptions it runs with. */
export interface AutoCandidate {
  readonly kind: Exclude<SurrogateKind, 'auto' | 'none'>;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Candidate name -> what runs. */
export const AUTO_CANDIDATES = {
  /**
   * The service's GP (DEFAULT_GP_PRESET, Matérn-5/2 + outputscale) with the Gamma(3, 6) lengthscale prior at
   * every d: 'auto' was chosen and measured with it, and its stored studies keep it; the GP's own default
   * is dimension-scaled above 10 dimensions since session 17.
   */
  gp: { kind: 'gp', options: { lengthscalePrior: 'gamma' } },
  /**
   * 'gp' with the likelihood the service's GP runs by default since session 20 (policy/gp-likelihood-default.ts):
   * robust (relevance pursuit of outlier variances), each suspected outlier re-measured once. The
   * re-measuring ask is the BO policy's: 'auto' passes the rows on from this member (fitted-stack.ts).
   */
  'gp-robust': { kind: 'gp', options: { lengthscalePrior: 'gamma', likelihood: 'robust', verifyOutliers: true } },
  /** BoTorch >= 0.12's GP: RBF ARD with the dimension-scaled lengthscale prior. */
  'gp-rbf': { kind: 'gp', options: { preset: 'botorch' } },
  /** Infinite-width ReLU network kernel (depth 3) under a GP. */
  nngp: { kind: 'nngp', options: {} },
  /** Student-t process over the NNGP kernel: heavy tails, robust to outliers. */
  stp: { kind: 'stp', options: {} },
  /** Deep ensemble of Gaussian-head MLPs (float64 JS): members as an ensemble posterior. */
  'deep-ensemble': { kind: 'deep-ensemble', options: {} },
  /** Deep kernel learning on the float64 JS engine (no TensorFlow.js backend to probe). */
  dkl: { kind: 'dkl', options: { engine: 'js' } },
} as const satisfies Record<string, AutoCandidate>;

export type AutoCandidateName = keyof typeof AUTO_CANDIDATES;

/**
 * Names in the order 'auto' tries them by default under combine 'stack' (the default combination):
 * the reference first, the service's GP with its default likelihood ('gp-robust', session 23: with
 * stackMargin 1 an ask without the evidence to leave it is the GP default's own ask at d ≤ 10,
 * chosen by benchmarks/results/bbob-s23-auto-margin-rule.md on the bbob selection instances).
 * 'gp-rbf' is opt-in: chosen on the bbob selection instances (RESULTS.md 2026-12-05 session 8),
 * where it predicted held-out points best but optimized worse.
 */
export const DEFAULT_AUTO_CANDIDATES: readonly AutoCandidateName[] = ['gp-robust', 'nngp', 'stp'];

/**
 * The candidates under combine 'switch' when none are given, and what every 'auto' study stored before
 * session 23 ran (effective.autoCandidates absent): the switching rules were chosen with the
 * Gaussian-likelihood 'gp' as their reference (sessions 10-13), and no rule has measured another.
 */
export const SWITCH_AUTO_CANDIDATES: readonly AutoCandidateName[] = ['gp', 'nngp', 'stp'];
