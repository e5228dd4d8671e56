import { z } from 'zod';
import { OPTIONS_BOUNDS, boundedRecord } from './json-bounds.js';
import { PrunerSpec } from './pruner.js';
import { ExploitSpec } from './exploit.js';
import { ExplorationSpec } from './exploration.js';
import { TrustRegionSpec } from './trust-region.js';
import { NoisyRefitSpec } from './noisy-refit.js';
import { OutputTransformKind } from './output-transform.js';

/** Surrogate kinds the registry knows (wire names, kebab-case). 'auto' chooses among families per ask (surrogates/auto/). */
export const SurrogateKind = z.enum(['gp', 'nngp', 'ntk', 'stp', 'dkl', 'hmc-bnn', 'pfn', 'deep-ensemble', 'bnn-sghmc', 'auto', 'none']);
/** Acquisition kinds (wire names). */
/** Wire names; 'qlognehvi' and 'qnparego' optimize several objectives (policy/mo-policy.ts). */
/** 'auto' (surrogate 'auto' only): per ask, the default of the family 'auto' chose. */
export const AcquisitionKind = z.enum(['log-ei', 'log-pi', 'ucb', 'thompson', 'qlognei', 'posterior-mean', 'mf-mes', 'cost-ei', 'qlognehvi', 'qnparego', 'auto']);
export type SurrogateKind = z.infer<typeof SurrogateKind>;
export type AcquisitionKind = z.infer<typeof AcquisitionKind>;

export { OutputTransformKind } from './output-transform.js';

/**
 * The acquisition when none is given: qLogNEI for the exact GP (BoTorch/Ax's default; with analytic
 * gradients it costs about what LogEI does, and it won the multimodal core problems in
 * benchmarks/RESULTS.md, issue 2 session 2), LogEI for every other surrogate (their qLogNEI has no
 * analytic gradient, and the PFN scores candidates in closed form).
 */
export function defaultAcquisition(surrogate: SurrogateKind): AcquisitionKind {
  if (surrogate === 'auto') return 'auto';
  return surrogate === 'gp' ? 'qlognei' : 'log-ei';
}

/**
 * Options of the multi-fidelity / pool policy (policy/mf-policy.ts), used by studies with a
 * fidelity parameter or a candidate pool and refused at create for others. Every field is optional; an
 * absent field keeps the policy's default (in brackets). Benchmarks and ablations behind the
 * defaults: benchmarks/mixture/README.md.
 */
export const MultiFidelityOptions = z.strictObject({
  /**
   * Cap on the share of the cumulative cost spent below the target level [0.1]: a lower level is
   * a candidate only while low + c ≤ share·(total + c) + max(nInit·c, c_target) (c: the cheapest
   * lower level's cost), so the initial design and one target run's worth of proxies are always
   * allowed. 0: nothing beyond that allowance; 1: no cap; 'model': per level, the share the
   * fitted model's correlation with the target gives it (ρ², policy/low-level-cap.ts).
   */
  lowLevelShare: z.union([z.number().min(0).max(1), z.literal('model')]).optional(),
  /**
   * Fidelity kernel of the multi-fidelity GP ['linear-truncated']: ADMIRE's linear truncated
   * fidelity kernel, or 'icm' (intrinsic coregionalization: a learned full-rank correlation
   * between the levels).
   */
  kernel: z.enum(['linear-truncated', 'icm']).optional(),
  /**
   * Pool mode: which lower-level rows are candidates ['all']. 'twins': only rows whose mixture
   * also appears as a target-level pool row (proxies of what can actually be chosen at the target).
   */
  lowLevelRows: z.enum(['all', 'twins']).optional(),
  /** Only the target level (single-fidelity BO over (x, target)) [false]. */
  targetOnly: z.boolean().optional(),
  /** Max-value samples of MF-MES [8]. */
  maxValueSamples: z.number().int().min(1).max(256).optional(),
  /** Per-level standardization of the objective instead of one z-score [true]. */
  levelStandardize: z.boolean().optional(),
  /** Learn the variance of the linear truncated kernel's biased part σ_b² [true]. */
  biasScale: z.boolean().optional(),
  /** Level-dependent white noise τ²(s) in the linear truncated kernel [false]. */
  levelNoise: z.boolean().optional(),
  /**
   * Prior of the GP's mean ['none']: 'mixing-law' fits a data-mixing law (Ye et al. 2024) on the
   * runs below the target and adds it to the kernel as a basis function whose weight the data
   * decide (policy/mixing-law-prior.ts); needs a simplex parameter and a fidelity parameter.
   */
  prior: z.enum(['none', 'mixing-law']).optional(),
  /**
   * Model of a pool study with a fidelity parameter ['joint']: 'joint' is one multi-fidelity GP
   * over all levels (MF-MES picks the level); 'proxy-mean' runs a random proxy design at the
   * cheapest level, fits a ridge regression on it (RegMix) and uses it as the prior mean of a
   * Bayesian linear model at the target level, which picks the target rows
   * (policy/proxy-mean-step.ts). 'proxy-mean' needs a pool and a fidelity parameter.
   */
  model: z.enum(['joint', 'proxy-mean']).optional(),
  /** 'proxy-mean': cost of the proxy design in target runs, ⌈budget·c_target/c_cheapest⌉ runs [3]. */
  proxyBudget: z.number().positive().max(1000).optional(),
  /**
   * 'proxy-mean': the proxy law φ ['linear']: 'linear' (RegMix's ridge), 'gp' (the default GP on the
   * same runs) or 'auto' (the one whose leave-one-out predictive log-likelihood on the design's runs
   * is higher by more than one standard error, the linear law on a tie; policy/proxy-law-choice.ts).
   */
  proxyLaw: z.enum(['linear', 'gp', 'auto']).optional(),
  /**
   * 'proxy-mean': the cheapest-level design, 'fixed' (all of proxyBudget's runs before any target
   * run) or 'sequential' (batches while the proxy law's top target row still moves;
   * policy/proxy-design-sequence.ts) ['sequential'; a proxy-mean study stored before session 10 keeps 'fixed'].
   */
  proxyDesign: z.enum(['fixed', 'sequential']).optional(),
  /**
   * 'sequential' design: a repeated top target row stops the cheap design only when it leads the
   * runner-up by at least this many posterior sd of the proxy law's gap (policy/proxy-design-margin.ts)
   * [the server's default, policy/mf-model-defaults.ts; a study stored before session 11 keeps 0].
   */
  proxyStopMargin: z.number().min(0).max(10).optional(),
  /**
   * 'proxy-mean': the model of the target results that ranks the target rows, 'linear' (a Bayesian
   * linear model on the proxy law and the weights) or 'gp' (the proxy law plus a GP on the target
   * residuals; policy/proxy-target-gp.ts) [the server's default, policy/mf-model-defaults.ts; a study
   * stored before session 12 keeps 'linear'].
   */
  targetModel: z.enum(['linear', 'gp']).optional(),
});
export type MultiFidelityOptions = z.infer<typeof MultiFidelityOptions>;

const AlgorithmFields = z.strictObject({
  /** 'none' = Sobol sampling only (no model). */
  surrogate: SurrogateKind.default('gp'),
  /** Default: defaultAcquisition(surrogate). */
  acquisition: AcquisitionKind.optional(),
  /** Space-filling trials before the model is used; default max(5, 2·d). */
  initialTrials: z.number().int().min(1).max(10000).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  /** UCB exploration weight β (value = mean + sqrt(β)·sd). */
  ucbBeta: z.number().positive().max(1e6).optional(),
  /**
   * Surrogate-specific options: depth and size bounded here (json-bounds.ts), then checked at create
   * against the surrogate's own strict schema (surrogates/registry.ts surrogateOptionsSchema).
   */
  surrogateOptions: boundedRecord(OPTIONS_BOUNDS).optional(),
  /** Options of the multi-fidelity / pool policy (spaces with a fidelity parameter, pool studies). */
  multiFidelity: MultiFidelityOptions.optional(),
  /**
   * Finite spaces (only int, categorical and fidelity parameters) [false]: once every point is
   * completed, running or queued, an ask answers FAILED_PRECONDITION (as an exhausted pool does),
   * and an ask for more new points than are free is refused the same way. true: asks may repeat
   * points instead (for noisy objectives worth measuring twice). Ignored by infinite spaces and
   * pool studies (their pool decides).
   */
  allowRepeats: z.boolean().optional(),
  /**
   * Early stopping from reported intermediate values (protocol/pruner.ts) [none]. Single-objective
   * studies only: a multi-objective study with another pruner is refused at create.
   */
  pruner: PrunerSpec.optional(),
  /**
   * Local trust region of the single-objective BO policy (protocol/trust-region.ts) [the policy's
   * default per surrogate, policy/trust-region.ts defaultTrustRegion]; refused at create for other
   * policies unless 'off'.
   */
  trustRegion: TrustRegionSpec.optional(),
  /**
   * How the single-objective BO policy turns observed values into the model's y (policy/bo-policy.ts
   * OutputTransform) [policy/output-transform-default.ts: 'half-rank' for gp and auto, 'yeo-johnson' for
   * pfn, else 'standardize']; 'half-rank' is Vizier's output warping (core/output-warp.ts). Refused at
   * create for other policies (policy/output-transform-resolution.ts).
   */
  outputTransform: OutputTransformKind.optional(),
  /**
   * A second fit on another outcome transform when the first counts as noisy (protocol/noisy-refit.ts)
   * [policy/noisy-refit-default.ts: 'on' (z-scored y from 5 to 10 encoded dimensions) for gp, else 'off']; refused at
   * create for other policies, for a family without a fitted noise, and where its transform is the study's own.
   */
  noisyRefit: NoisyRefitSpec.optional(),
  /**
   * Exploratory asks of the single-objective BO policy (protocol/exploration.ts: ε-greedy, and a
   * gate on the model's leave-one-out skill) ['off']; refused at create for other policies.
   */
  exploration: ExplorationSpec.optional(),
  /**
   * Greedy asks of the single-objective BO policy (protocol/exploit.ts: one ask in `every` maximizes
   * the posterior mean, under noise or always) [none]; refused at create for other policies.
   */
  exploit: ExploitSpec.optional(),
  /**
   * Studies with several objectives: the hypervolume's reference point, objective name -> value in
   * the objective's units (every objective named; a point worse than it in any objective adds no
   * hypervolume). Absent: inferred per ask as Ax does (core/pareto/reference-point.ts) and shown
   * in the ask's diagnostics.
   */
  referencePoint: z.record(z.string().min(1).max(128), z.number().refine(Number.isFinite, 'must be a finite number')).optional(),
  /**
   * Studies running qLogNEHVI: how many model asks (trials after the initial design) run qNParEGO
   * first [30 for 3-4 objectives with the default acquisition, else 0; resolved at create and
   * stored] (policy/scalarized-start.ts). Refused at create for other acquisitions.
   */
  scalarizedStart: z.number().int().min(0).max(10000).optional(),
});

/** How a study picks points: initial space-filling design, then surrogate + acquisition. */
export const AlgorithmSpec = AlgorithmFields.transform((spec) => ({ ...spec, acquisition: spec.acquisition ?? defaultAcquisition(spec.surrogate) }));

export type AlgorithmSpec = z.infer<typeof AlgorithmSpec>;
export type AlgorithmInput = z.input<typeof AlgorithmSpec>;

/**
 * How a study's asks are decided, as resolved once at `study:create` from the algorithm, the space
 * and the pool (policy/effective-algorithm.ts), stored with the study and shown in its view:
 * - 'bo': single-fidelity Bayesian optimization with `surrogate` and `acquisition`;
 * - 'multi-fidelity': a space with a fidelity parameter; the multi-fidelity GP ('mf-gp') with a
 *   cost-aware acquisition ('mf-mes' or 'cost-ei');
 * - 'pool': a candidate pool; the MF-GP (a plain GP without a fidelity parameter) with a cost-aware
 *   acquisition picking pool rows, or random pool rows with surrogate 'none';
 * - 'space-filling': surrogate 'none', scrambled Sobol points only;
 * - 'multi-outcome': several objectives and/or outcome constraints; one model per objective and
 *   per constraint metric, with qlognehvi, qnparego or (one objective) constrained qlognei.
 */
export const EffectivePolicy = z.enum(['bo', 'multi-fidelity', 'pool', 'space-filling', 'multi-outcome']);
export type EffectivePolicy = z.infer<typeof EffectivePolicy>;

/** The algorithm a study actually runs (see EffectivePolicy); what cannot run is refused at create instead. */
export const EffectiveAlgorithm = z.strictObject({
  policy: EffectivePolicy,
  /** A registry kind, 'mf-gp' (the multi-fidelity GP of the multi-fidelity and pool policies) or 'none'. */
  surrogate: z.union([SurrogateKind, z.literal('mf-gp')]),
  /** 'none': no acquisition (space filling, random pool rows). */
  acquisition: z.union([AcquisitionKind, z.literal('none')]),
  /** TensorFlow.js backend of a neural surrogate (pfn, dkl with engine tfjs), checked to load at create. */
  backend: z.string().max(64).optional(),
  /** Policy 'bo': whether a trust region confines the acquisition once the model stalls (the spec's, else the surrogate's default). */
  trustRegion: z.enum(['off', 'on-stall']).optional(),
  /** Policy 'bo' with a trust region: what its rules replay (trustRegion.incumbent); absent on studies stored before session 9, which ran 'observed'. */
  trustRegionIncumbent: z.enum(['observed', 'posterior-mean', 'auto']).optional(),
  /**
   * Policy 'bo' with a trust region: where a noisy ask searches (trustRegion.noisySearch), recorded with
   * the minimum confined columns when 'global'; absent reads 'local', what every study stored before
   * session 15 ran.
   */
  trustRegionNoisySearch: z.literal('global').optional(),
  trustRegionNoisyGlobalMinDim: z.number().int().min(1).optional(),
  /** Policy 'bo': the outcome transform it runs (algorithm.outputTransform or the family's default); absent on studies stored before session 11, which ran the old default ('auto' for gp and auto). */
  outputTransform: OutputTransformKind.optional(),
  /** Policy 'bo': the second fit on noisy asks it runs (algorithm.noisyRefit or the family's default), absent when 'off' (and on studies stored before session 26, which ran none). */
  noisyRefit: z.strictObject({ transform: OutputTransformKind, minDim: z.number().int().min(1), maxDim: z.number().int().min(1) }).optional(),
  /** Policy 'bo': the exploratory asks it runs (algorithm.exploration or the family's default), absent when 'off' (and on studies stored before session 12, which ran 'off'). */
  exploration: ExplorationSpec.optional(),
  /** Policy 'bo': its greedy asks (algorithm.exploit), absent when it has none. */
  exploit: ExploitSpec.optional(),
  /** Policy 'bo' with surrogate 'gp': the prior's trend (surrogateOptions.trend or the default), recorded when not 'constant'; absent reads as 'constant', what every study stored before session 14 ran. */
  gpTrend: z.enum(['constant', 'quadratic']).optional(),
  /**
   * Policy 'bo' with surrogate 'gp': the lengthscale prior it runs (surrogateOptions.lengthscalePrior or the
   * preset's default at the space's encoded dimension); absent on studies stored before session 17, which ran
   * the preset's own at every d ('gamma' on the default preset, 'dimension-scaled' on 'botorch').
   */
  gpLengthscalePrior: z.enum(['gamma', 'dimension-scaled']).optional(),
  /**
   * Policy 'bo' with surrogate 'gp': the likelihood it runs (surrogateOptions.likelihood or the policy's default,
   * policy/gp-likelihood-default.ts) and, when on, its re-measuring of suspected outliers (gpVerifyOutliers);
   * absent on studies stored before session 20, which ran 'gaussian'.
   */
  gpLikelihood: z.enum(['gaussian', 'robust']).optional(),
  gpVerifyOutliers: z.literal(true).optional(),
  /** Policy 'bo' with surrogate 'auto': how it switches families (surrogateOptions.rule); absent on studies stored before session 10, which ran 'one-standard-error'. */
  autoRule: z.enum(['one-standard-error', 'best-mean', 'persistent']).optional(),
  /** Policy 'bo' with surrogate 'auto': what its rule reads (surrogateOptions.score); absent on studies stored before session 11, which ran 'loo'. */
  autoScore: z.enum(['loo', 'decision']).optional(),
  /** Policy 'bo' with surrogate 'auto' under score 'decision': each cut's statistic and where the cuts fall (surrogateOptions.decisionStatistic, decisionSpacing); absent on studies stored before session 13, which ran 'top1', 'consecutive'. */
  autoDecisionStatistic: z.enum(['top1', 'rank', 'top3']).optional(),
  autoDecisionSpacing: z.enum(['consecutive', 'disjoint']).optional(),
  /** Policy 'bo' with surrogate 'auto' under score 'decision' and a rule with a reference: the gate a challenger must pass (surrogateOptions.referenceFailingBelow), null when none; absent on studies stored before it existed (session 13), which ran none. */
  autoReferenceFailingBelow: z.number().min(-1).max(1).nullable().optional(),
  /** Policy 'bo' with surrogate 'auto': 'stack' when it runs the stacking-weighted mixture of its candidates (surrogateOptions.combine, session 14); absent: 'switch' (one family per ask, what every study stored before session 14 ran). */
  autoCombine: z.enum(['switch', 'stack']).optional(),
  /** Policy 'bo' with surrogate 'auto' under combine 'stack': the paired-standard-error margin the mixture must win by over the reference (surrogateOptions.stackMargin or its default), null for none; absent on studies stored before session 23, which ran none. */
  autoStackMargin: z.number().min(0).max(10).nullable().optional(),
  /** Policy 'bo' with surrogate 'auto' under combine 'stack': what an ask runs when its weights leave the reference inside a local trust region (surrogateOptions.localRegion or its default); absent on studies stored before session 24, which ran 'stack'. */
  autoLocalRegion: z.enum(['stack', 'reference']).optional(),
  /** Policy 'bo' with surrogate 'auto': the candidates it scores, in order (surrogateOptions.candidates or the default); absent on studies stored before session 23, which ran gp, nngp, stp. */
  autoCandidates: z.array(z.string().max(64)).max(16).optional(),
  /** Policy 'multi-outcome' with qlognehvi: the model asks that run qnparego first (policy/scalarized-start.ts). */
  scalarizedStart: z.number().int().min(0).max(10000).optional(),
  /** Pool studies with a fidelity parameter: the model and, for 'proxy-mean', its proxy law (policy/mf-model-defaults.ts). */
  multiFidelityModel: z.enum(['joint', 'proxy-mean']).optional(),
  proxyLaw: z.enum(['linear', 'gp', 'auto']).optional(),
  proxyDesign: z.enum(['fixed', 'sequential']).optional(),
  proxyStopMargin: z.number().min(0).max(10).optional(),
  targetModel: z.enum(['linear', 'gp']).optional(),
  /** Limits the surrogate imposes, e.g. the PFN's trained maximum of encoded dimensions. */
  limits: z.strictObject({ maxDim: z.number().int().positive().optional() }).optional(),
  /** Each documented substitution made, in words (e.g. "surrogate gp runs as mf-gp: the space has a fidelity parameter"). */
  notes: z.array(z.string().max(512)).max(16).optional(),
});
export type EffectiveAlgorithm = z.infer<typeof EffectiveAlgorithm>;
