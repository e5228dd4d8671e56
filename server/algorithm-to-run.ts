import { LEGACY_EXPLORATION } from '../policy/exploration-default.js';
import { LEGACY_GP_LIKELIHOOD, withDefaultGpLikelihood } from '../policy/gp-likelihood-default.js';
import { legacyOutputTransform } from '../policy/output-transform-default.js';
import { LEGACY_NOISY_REFIT } from '../policy/noisy-refit-default.js';
import type { AlgorithmSpec } from '../protocol/algorithm.js';
import { SWITCH_AUTO_CANDIDATES } from '../surrogates/auto/auto-candidates.js';
import { LEGACY_LOCAL_REGION, LEGACY_STACK_MARGIN } from '../surrogates/auto/auto-options.js';
import { DEFAULT_GP_TREND, GpPreset, legacyLengthscalePrior } from '../surrogates/gp/gp-options.js';
import type { StoredStudy } from './storage/types.js';

/**
 * The algorithm a stored study runs: its spec, with every default that changed since the study was
 * created pinned to what its stored effective algorithm says it resolved to. Without this a study
 * created under an older default would silently switch (e.g. the GP's trust region became
 * 'on-stall' in issue 20, `auto`'s in issue 21, the GP's region replays posterior means since
 * session 9) while its effective algorithm still shows the old
 * resolution. Today the trust region (its noisy search since session 15), 'auto''s switching rule (session 10), its score and the outcome
 * transform (session 11), exploration (session 12), 'auto''s combination (session 14: absent from the record, 'switch'), the GP's trend (session 14, pinned only once its default differs from what the study resolved) its lengthscale prior (session 17), its likelihood (session 20) and the second fit on noisy asks (session 26) are such defaults; a study stored without an effective
 * algorithm has nothing to pin and resolves with today's defaults, as its view shows.
 */
export function algorithmToRun(study: Pick<StoredStudy, 'algorithm' | 'effectiveAlgorithm'>): AlgorithmSpec {
  const { effectiveAlgorithm: effective } = study;
  if (effective?.policy !== 'bo') return study.algorithm;
  const algorithm = withGpLikelihood(withGpLengthscalePrior(withGpTrend(withExploration(withNoisyRefit(withOutputTransform(withAutoRule(study.algorithm, effective), effective), effective), effective), effective), effective), effective);
  if (algorithm.trustRegion !== undefined) return algorithm;
  // A BO study stored before effective.trustRegion existed ran without a trust region, one stored
  // before effective.trustRegionIncumbent existed replayed its region on observed values, and one
  // without effective.trustRegionNoisySearch (before session 15) kept its region on noisy asks.
  if (effective.trustRegion !== 'on-stall') return { ...algorithm, trustRegion: { mode: 'off' } };
  const noisy = effective.trustRegionNoisySearch === 'global'
    ? { noisySearch: 'global' as const, ...(effective.trustRegionNoisyGlobalMinDim !== undefined ? { noisyGlobalMinDim: effective.trustRegionNoisyGlobalMinDim } : {}) }
    : { noisySearch: 'local' as const };
  return { ...algorithm, trustRegion: { mode: 'on-stall', incumbent: effective.trustRegionIncumbent ?? 'observed', ...noisy } };
}

/**
 * An 'auto' study without its own combination keeps what it resolved to (absent from the record:
 * 'switch'), and under 'switch' without its own rule or score the same: stored before
 * effective.autoRule existed, 'one-standard-error'; before effective.autoScore existed, 'loo'.
 * Under score 'decision' the same for its per-cut statistic and spacing: stored before
 * effective.autoDecisionStatistic existed (session 13), 'top1' and 'consecutive'; and, under a rule
 * that keeps a reference, its referenceFailingBelow gate (stored before effective.autoReferenceFailingBelow existed: none).
 * Its candidates (stored before effective.autoCandidates existed, session 23: gp, nngp, stp) and, under
 * 'stack', its margin over the reference (before effective.autoStackMargin: none) and what runs inside a local trust
 * region (before effective.autoLocalRegion, session 24: 'stack').
 */
function withAutoRule(algorithm: AlgorithmSpec, effective: NonNullable<StoredStudy['effectiveAlgorithm']>): AlgorithmSpec {
  if (algorithm.surrogate !== 'auto') return algorithm;
  const own = algorithm.surrogateOptions ?? {};
  // The combination: absent from the record reads 'switch' (stored before 'stack' became the default in session 14, or resolved to 'switch'); a 'stack' study runs no switching rule to pin.
  const combined = own.combine ?? effective.autoCombine ?? 'switch';
  // The candidates (session 23: their default depends on the combination): absent from the record, gp, nngp, stp.
  const candidates = own.candidates === undefined ? { candidates: [...(effective.autoCandidates ?? SWITCH_AUTO_CANDIDATES)] } : {};
  if (combined === 'stack') {
    // The stack's margin over its reference: absent from the record (stored before session 23), none.
    const margin = own.stackMargin === undefined ? { stackMargin: effective.autoStackMargin === undefined ? LEGACY_STACK_MARGIN : effective.autoStackMargin } : {};
    // What runs inside a local trust region when the weights leave the reference: absent from the record (stored before session 24), 'stack'.
    const localRegion = own.localRegion === undefined ? { localRegion: effective.autoLocalRegion ?? LEGACY_LOCAL_REGION } : {};
    return { ...algorithm, surrogateOptions: { ...own, combine: 'stack', ...candidates, ...margin, ...localRegion } };
  }
  const combine = own.combine === undefined ? { combine: 'switch' as const } : {};
  const rule = own.rule === undefined ? { rule: effective.autoRule ?? 'one-standard-error' } : {};
  const score = own.score === undefined ? { score: effective.autoScore ?? 'loo' } : {};
  // The statistic and spacing exist only under 'decision' (AutoOptions refuses them under 'loo').
  const decides = (own.score ?? score.score) === 'decision';
  const statistic = decides && own.decisionStatistic === undefined ? { decisionStatistic: effective.autoDecisionStatistic ?? 'top1' } : {};
  const spacing = decides && own.decisionSpacing === undefined ? { decisionSpacing: effective.autoDecisionSpacing ?? 'consecutive' } : {};
  // The gate exists only under 'decision' with a rule that keeps a reference; absent from the record (stored before session 13's third rule): none.
  const gated = decides && (own.rule ?? rule.rule) !== 'best-mean';
  const gate = gated && own.referenceFailingBelow === undefined ? { referenceFailingBelow: effective.autoReferenceFailingBelow ?? null } : {};
  const pinned = { ...combine, ...candidates, ...rule, ...score, ...statistic, ...spacing, ...gate };
  if (Object.keys(pinned).length === 0) return algorithm;
  return { ...algorithm, surrogateOptions: { ...own, ...pinned } };
}

/** A BO study without its own outcome transform keeps the one it resolved: stored before effective.outputTransform existed, the old default. */
function withOutputTransform(algorithm: AlgorithmSpec, effective: NonNullable<StoredStudy['effectiveAlgorithm']>): AlgorithmSpec {
  if (algorithm.outputTransform !== undefined) return algorithm;
  return { ...algorithm, outputTransform: effective.outputTransform ?? legacyOutputTransform(algorithm.surrogate) };
}

/** A BO study without its own second fit on noisy asks keeps what it resolved: absent from the record (off, or stored before session 26), none. */
function withNoisyRefit(algorithm: AlgorithmSpec, effective: NonNullable<StoredStudy['effectiveAlgorithm']>): AlgorithmSpec {
  if (algorithm.noisyRefit !== undefined) return algorithm;
  return { ...algorithm, noisyRefit: effective.noisyRefit ? { mode: 'on', ...effective.noisyRefit } : LEGACY_NOISY_REFIT };
}

/** A BO study without its own exploration keeps what it resolved: stored before effective.exploration existed (session 12), none. */
function withExploration(algorithm: AlgorithmSpec, effective: NonNullable<StoredStudy['effectiveAlgorithm']>): AlgorithmSpec {
  if (algorithm.exploration !== undefined) return algorithm;
  return { ...algorithm, exploration: effective.exploration ?? LEGACY_EXPLORATION };
}

/**
 * A 'gp' study without its own trend keeps the one it resolved (effective.gpTrend; absent: 'constant').
 * Written into its options only when that differs from today's default, so today's studies run the
 * options they were stored with, unchanged.
 */
function withGpTrend(algorithm: AlgorithmSpec, effective: NonNullable<StoredStudy['effectiveAlgorithm']>): AlgorithmSpec {
  if (algorithm.surrogate !== 'gp') return algorithm;
  const own = algorithm.surrogateOptions ?? {};
  const resolved = effective.gpTrend ?? 'constant';
  if (own.trend !== undefined || resolved === DEFAULT_GP_TREND) return algorithm;
  return { ...algorithm, surrogateOptions: { ...own, trend: resolved } };
}

/**
 * A 'gp' study stored before session 17 (no effective.gpLengthscalePrior) without its own lengthscale prior ran
 * its preset's at every d; on the default preset that is 'gamma', which today's default changes above
 * DIMENSION_SCALED_ABOVE_DIM dimensions, so it is written into its options (at lower d it changes nothing).
 * A study with the record resolved today's default at its dimension and runs as stored.
 */
function withGpLengthscalePrior(algorithm: AlgorithmSpec, effective: NonNullable<StoredStudy['effectiveAlgorithm']>): AlgorithmSpec {
  if (algorithm.surrogate !== 'gp' || effective.gpLengthscalePrior !== undefined) return algorithm;
  const own = algorithm.surrogateOptions ?? {};
  if (own.lengthscalePrior !== undefined) return algorithm;
  const preset = GpPreset.safeParse(own.preset);
  const legacy = legacyLengthscalePrior(preset.success ? preset.data : undefined);
  return legacy === 'dimension-scaled' ? algorithm : { ...algorithm, surrogateOptions: { ...own, lengthscalePrior: legacy } };
}

/**
 * A 'gp' study stored before session 20 (no effective.gpLikelihood) that set no likelihood option ran the
 * Gaussian likelihood; today's default (policy/gp-likelihood-default.ts) is the robust one, so 'gaussian'
 * is written into its options. A study with the record resolved today's default and runs as stored.
 */
function withGpLikelihood(algorithm: AlgorithmSpec, effective: NonNullable<StoredStudy['effectiveAlgorithm']>): AlgorithmSpec {
  if (algorithm.surrogate !== 'gp' || effective.gpLikelihood !== undefined) return algorithm;
  const own = algorithm.surrogateOptions ?? {};
  if (withDefaultGpLikelihood('gp', own) === own) return algorithm;
  return { ...algorithm, surrogateOptions: { ...own, likelihood: LEGACY_GP_LIKELIHOOD } };
}
