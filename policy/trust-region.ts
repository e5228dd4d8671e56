/**
 * TuRBO-style trust region for the single-objective BO policy (protocol/trust-region.ts; Eriksson
 * et al. 2019, "Scalable Global Optimization via Local Bayesian Optimization", NeurIPS, §2 and
 * Algorithm 1). The state is replayed from the observed values in trial order on every ask, so it
 * needs no stored policy state: the same completed trials always give the same region, whichever
 * worker answers and after any restart of the server.
 *
 * Unlike TuRBO-1, the model inside the region is the global GP (fitted on every observation, as the
 * policy always does): with budgets of 100 evaluations a local GP would throw away most of the data.
 * A restart therefore keeps the data and only starts a new run (best point, counters, region).
 */
import { TRUST_REGION_DEFAULTS, type TrustRegionSpec } from '../protocol/trust-region.js';

/**
 * The policy's trust region when the algorithm spec names none, per surrogate kind: chosen on the
 * bbob selection instances for the exact GP (benchmarks/RESULTS.md, 2026-12-05, issue 20) and for
 * 'auto', whose reference candidate is that GP (RESULTS.md, 2026-12-05 session 8); every other
 * surrogate keeps 'off' (no selection evidence for it).
 */
export function defaultTrustRegion(surrogate: string): TrustRegionSpec {
  return surrogate === 'gp' ? GP_DEFAULT_TRUST_REGION : surrogate === 'auto' ? AUTO_DEFAULT_TRUST_REGION : { mode: 'off' };
}

/**
 * The exact GP's default (see defaultTrustRegion): 'on-stall' with the paper's constants (session 7),
 * replayed on the posterior mean at the observed points (session 9, noisy selection cells; the
 * core-suite check of benchmarks/README rule 3 in RESULTS.md session 10), and a noisy ask searching
 * the whole space from five confined columns on (session 15, benchmarks/results/bbob-s15-noisy-global-rule.md);
 * each chosen by the selection rule of benchmarks/README.md on the bbob selection instances.
 */
export const GP_DEFAULT_TRUST_REGION: TrustRegionSpec = { mode: 'on-stall', incumbent: 'posterior-mean', noisySearch: 'global' };

/**
 * 'auto''s default is the GP's region, as session 8 chose it: auto's reference candidate is that
 * GP, and an ask where auto keeps the GP must be exactly the `surrogate: 'gp'` ask (the posterior-mean
 * replay was selected on GP runs; auto's runs share them while it keeps the GP).
 */
export const AUTO_DEFAULT_TRUST_REGION: TrustRegionSpec = GP_DEFAULT_TRUST_REGION;

/** A trust region's settings with every default resolved for dimension d. */
export interface TrustRegionSettings {
  readonly stallTolerance: number;
  readonly lengthInit: number;
  readonly lengthMin: number;
  readonly lengthMax: number;
  readonly successTolerance: number;
  readonly failureTolerance: number;
  /** Acquisition of the local phase: the study's own or Thompson sampling (protocol/trust-region.ts). */
  readonly acquisition: 'study' | 'thompson';
  /** Period of the global Thompson step while local (protocol/trust-region.ts); undefined: none. */
  readonly globalEvery: number | undefined;
  /** What the rules replay: observed values, the posterior mean at the observed points, or per ask by the fitted noise ('auto'; protocol/trust-region.ts). */
  readonly incumbent: 'observed' | 'posterior-mean' | 'auto';
  /** What ends a region besides lengthMin (protocol/trust-region.ts); 'noise-resolved' raises lengthMin per ask (trust-region-step.ts). */
  readonly restart: 'length-min' | 'noise-resolved';
  /** How a run after a restart begins: the global model, or space-filling points (protocol/trust-region.ts). */
  readonly restartDesign: 'model' | 'space-filling';
  /** Where a noisy ask searches, and from how many confined columns 'global' applies (protocol/trust-region.ts). */
  readonly noisySearch: 'local' | 'global';
  readonly noisyGlobalMinDim: number;
}

/** The settings of a spec for an encoded dimension d (null: mode 'off'). τ_fail = ceil(max(4/q, d/q)) with q = 1. */
export function resolveTrustRegion(tr: TrustRegionSpec, d: number): TrustRegionSettings | null {
  if (tr.mode === 'off') return null;
  const failures = Math.max(4, d);
  return {
    stallTolerance: tr.stallTolerance ?? failures,
    lengthInit: tr.lengthInit ?? TRUST_REGION_DEFAULTS.lengthInit,
    lengthMin: tr.lengthMin ?? TRUST_REGION_DEFAULTS.lengthMin,
    lengthMax: tr.lengthMax ?? TRUST_REGION_DEFAULTS.lengthMax,
    successTolerance: tr.successTolerance ?? TRUST_REGION_DEFAULTS.successTolerance,
    failureTolerance: tr.failureTolerance ?? failures,
    acquisition: tr.acquisition ?? 'study',
    globalEvery: tr.globalEvery,
    incumbent: tr.incumbent ?? 'observed',
    restart: tr.restart ?? 'length-min',
    restartDesign: tr.restartDesign ?? 'model',
    noisySearch: tr.noisySearch ?? 'local',
    noisyGlobalMinDim: tr.noisyGlobalMinDim ?? TRUST_REGION_DEFAULTS.noisyGlobalMinDim,
  };
}

/** Where the replay stands after the last observation. */
export interface TrustRegionState {
  /** 'global': the acquisition searches the whole space; 'local': only the region around `center`. */
  readonly phase: 'global' | 'local';
  /** Side of the region (unit-cube units) while local. */
  readonly length: number;
  /** Improvements / failures in a row in the local phase; failures in a row in the global phase (`stall`). */
  readonly successes: number;
  readonly failures: number;
  readonly stall: number;
  /** Regions that shrank below lengthMin so far. */
  readonly restarts: number;
  /** Index (into the replayed values) of the first observation of the current run. */
  readonly runStart: number;
  /** Index of the current run's best observation; undefined while the run has none. */
  readonly center: number | undefined;
}

/**
 * TuRBO's success test for maximized values: y improves on best when y > best + 1e-3·|best|
 * (Eriksson et al.'s code and BoTorch's TuRBO tutorial; the paper's minimization form flipped).
 */
export function improves(y: number, best: number): boolean {
  return y > best + 1e-3 * Math.abs(best);
}

/**
 * Replay the rules over maximized values in trial order. The first `initial` values (the initial
 * design) only set the first run's best point. After each later value: in the global phase `stall`
 * counts values in a row that do not improve on the run's best, and at stallTolerance the local
 * phase starts with side lengthInit around that best point; in the local phase successTolerance
 * improvements in a row double the side (capped at lengthMax), failureTolerance failures in a row
 * halve it, and a side below lengthMin restarts: a new, empty run in the global phase. The best
 * point moves to any larger value, improvement or not (TuRBO centres on the best point).
 */
export function replayTrustRegion(values: readonly number[], initial: number, s: TrustRegionSettings): TrustRegionState {
  let phase: 'global' | 'local' = 'global';
  let length = s.lengthInit;
  let successes = 0;
  let failures = 0;
  let stall = 0;
  let restarts = 0;
  let runStart = 0;
  let center: number | undefined;
  let best = -Infinity;
  const maybeGoLocal = (): void => {
    // A region that would start below lengthMin (a noise-resolved lengthMin above lengthInit) never starts.
    if (phase === 'global' && center !== undefined && stall >= s.stallTolerance && s.lengthInit >= s.lengthMin) {
      phase = 'local';
      length = s.lengthInit;
      successes = 0;
      failures = 0;
    }
  };
  const head = Math.min(initial, values.length);
  for (let i = 0; i < head; i++) {
    if (values[i] > best) {
      best = values[i];
      center = i;
    }
  }
  maybeGoLocal();
  for (let i = head; i < values.length; i++) {
    const y = values[i];
    if (center === undefined) {
      // First value of a run after a restart: it is the run's best by definition.
      best = y;
      center = i;
      maybeGoLocal();
      continue;
    }
    const success = improves(y, best);
    if (y > best) {
      best = y;
      center = i;
    }
    if (phase === 'global') {
      stall = success ? 0 : stall + 1;
      maybeGoLocal();
      continue;
    }
    if (success) {
      successes++;
      failures = 0;
    } else {
      failures++;
      successes = 0;
    }
    if (successes >= s.successTolerance) {
      length = Math.min(2 * length, s.lengthMax);
      successes = 0;
    } else if (failures >= s.failureTolerance) {
      length /= 2;
      failures = 0;
    }
    if (length < s.lengthMin) {
      restarts++;
      phase = 'global';
      length = s.lengthInit;
      successes = 0;
      failures = 0;
      stall = 0;
      runStart = i + 1;
      center = undefined;
      best = -Infinity;
    }
  }
  return { phase, length, successes, failures, stall, restarts, runStart, center };
}

/** A box in encoded coordinates. */
export interface Box {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * The region around `center` (a valid encoded row): coordinate j in `confined` spans
 * center_j ± w_j·length/2, clipped to [0, 1], with TuRBO's lengthscale weights
 * w_j = (λ_j/mean λ) / (Π_k λ_k/mean λ)^(1/m) over the m confined coordinates (so Π w = 1 and the
 * region's volume is length^m); w = 1 without usable lengthscales. Other coordinates span [0, 1].
 */
export function trustRegionBox(center: Float64Array, length: number, confined: readonly number[], lengthscales?: readonly number[]): Box {
  const d = center.length;
  const lower = new Float64Array(d);
  const upper = new Float64Array(d).fill(1);
  const usable = lengthscales !== undefined && lengthscales.length === d && confined.every((j) => Number.isFinite(lengthscales[j]) && lengthscales[j] > 0);
  const weights = confined.map(() => 1);
  if (usable && confined.length > 0) {
    const ls = confined.map((j) => lengthscales[j]);
    const mean = ls.reduce((a, b) => a + b, 0) / ls.length;
    const logGeo = ls.reduce((a, l) => a + Math.log(l / mean), 0) / ls.length;
    ls.forEach((l, k) => (weights[k] = l / mean / Math.exp(logGeo)));
  }
  confined.forEach((j, k) => {
    const half = (weights[k] * length) / 2;
    lower[j] = Math.max(0, center[j] - half);
    upper[j] = Math.min(1, center[j] + half);
  });
  return { lower, upper };
}
