/**
 * The effective algorithm (DESIGN.md, "Effective algorithm"): what a study will actually run,
 * resolved once at `study:create` from the algorithm spec, the space and whether there is a pool.
 * A combination that cannot run as asked is refused with INVALID_ARGUMENT and the field path, or
 * mapped to a named variant listed in `notes` (surrogate 'gp' with a fidelity parameter or a pool
 * runs as the multi-fidelity GP 'mf-gp'). Pure: the facts that need I/O (the PFN's dimension cap
 * from its manifest, the TensorFlow.js backend that loaded) are probed by the caller and passed in.
 *
 * | spec + space                                   | result                                              |
 * |------------------------------------------------|-----------------------------------------------------|
 * | surrogate none                                 | space-filling (pool: random pool rows), acq none    |
 * | none + acquisition other than its default      | refused: algorithm.acquisition                      |
 * | fidelity or pool, surrogate gp                 | multi-fidelity / pool, mf-gp (named in notes)       |
 * | fidelity or pool, surrogate other than gp/none | refused: algorithm.surrogate                        |
 * | fidelity or pool, mf-mes / cost-ei             | as asked                                            |
 * | fidelity or pool, qlognei (gp's default)       | mf-mes (named in notes)                             |
 * | fidelity or pool, log-ei/log-pi/ucb/thompson/pm| refused: algorithm.acquisition                      |
 * | fidelity or pool, surrogateOptions not empty   | refused: algorithm.surrogateOptions (mf-gp has none)|
 * | no fidelity, no pool, mf-mes / cost-ei         | refused: algorithm.acquisition                      |
 * | no fidelity, no pool, multiFidelity given      | refused: algorithm.multiFidelity                    |
 * | acquisition needing what the family lacks      | refused: algorithm.acquisition (pfn + qlognei)      |
 * | acquisition 'auto' without surrogate 'auto'    | refused: algorithm.acquisition                      |
 * | auto, a candidate that cannot run the acquisition | refused: algorithm.surrogateOptions.candidates.<i> |
 * | pfn, encoded dimensions > its maxDim           | refused: algorithm.surrogate                        |
 * | any surrogate, bad or unknown option           | refused: algorithm.surrogateOptions.<field>         |
 * | deep-ensemble, bnn-sghmc (float64 JS, no tfjs)  | bo; every acquisition on their ensemble posterior   |
 * | ucbBeta with an effective acquisition not ucb  | refused: algorithm.ucbBeta                          |
 * | otherwise                                      | bo, surrogate and acquisition as asked              |
 *
 * Mode 'stored' resolves a study stored before this existed: the substitutions the old code made
 * silently (any surrogate -> mf-gp, any acquisition -> mf-mes, pfn qlognei -> log-ei, ignored
 * options) are kept, so the study behaves as before, but named in `notes`; what never ran still
 * throws, and the caller turns that into visible fallbacks.
 */
import { BoError } from '../core/errors.js';
import type { SearchSpace } from '../core/space-types.js';
import { defaultAcquisition, type AlgorithmSpec, type EffectiveAlgorithm } from '../protocol/algorithm.js';
import type { FieldIssue } from '../protocol/errors.js';
import { surrogateOptionsSchema } from '../surrogates/registry.js';
import { surrogateOptionsToRun } from './auto-combine.js';
import { withDefaultGpLikelihood } from './gp-likelihood-default.js';
import { acquisitionMismatch, checkAuto } from './auto-resolution.js';
import { AutoOptions } from '../surrogates/auto/auto-options.js';
import { GpOptions, resolvedLengthscalePrior } from '../surrogates/gp/gp-options.js';
import { defaultTrustRegion } from './trust-region.js';
import { TRUST_REGION_DEFAULTS } from '../protocol/trust-region.js';
import { defaultExploration } from './exploration-default.js';
import { defaultOutputTransform } from './output-transform-default.js';
import { defaultNoisyRefit, resolveNoisyRefit } from './noisy-refit-default.js';
import { defaultInitialTrials } from './bo-policy.js';
import { refuseProxyMean } from './proxy-mean-options.js';
import { implicitPoolModel, resolveMfModel } from './mf-model-defaults.js';

/** What the resolution reads besides the algorithm. */
export interface EffectiveInput {
  readonly algorithm: AlgorithmSpec;
  /** The study's search space (its encoded dimension and whether it has a fidelity parameter). */
  readonly space: Pick<SearchSpace, 'dim' | 'dimensions' | 'spec' | 'conditional'>;
  /** Whether the study has a candidate pool. */
  readonly pool: boolean;
  /** The PFN's trained maximum of encoded dimensions (its manifest); unchecked when absent. */
  readonly pfnMaxDim?: number;
  /** The TensorFlow.js backend a neural surrogate will use, when the caller checked that it loads. */
  readonly backend?: string;
  /** 'create' (default) refuses; 'stored' keeps an old study's silent substitutions, named. */
  readonly mode?: 'create' | 'stored';
}

/** Surrogate options treated as given: `{}` and absent are the same. */
function hasOptions(o: Record<string, unknown> | undefined): boolean {
  return o !== undefined && Object.keys(o).length > 0;
}

/** Whether a study with this algorithm needs a TensorFlow.js backend (so create checks that one loads). */
export function needsTensorBackend(algorithm: AlgorithmSpec): boolean {
  const o = algorithm.surrogateOptions ?? {};
  if (algorithm.surrogate === 'pfn') return true;
  // The GP-matched prior is fitted with TensorFlow.js whatever engine samples the posterior.
  if ((algorithm.surrogate === 'hmc-bnn' || algorithm.surrogate === 'bnn-sghmc') && o.prior === 'gp-matched') return true;
  if (algorithm.surrogate === 'dkl') return o.engine !== 'js';
  if (algorithm.surrogate === 'hmc-bnn') return o.engine !== 'js';
  return false;
}

/** Refuses or, in 'stored' mode, records a substitution; one place so the two modes cannot drift. */
class Resolution {
  readonly notes: string[] = [];
  constructor(private readonly stored: boolean) {}

  /** A refusal at create; in stored mode `instead` is what the old code did, and it is noted. */
  refuse(path: (string | number)[], message: string, instead?: string): void {
    if (this.stored && instead !== undefined) {
      this.notes.push(instead);
      return;
    }
    throw invalid(path, message);
  }
}

function invalid(path: (string | number)[], message: string): BoError {
  const issues: FieldIssue[] = [{ path, message }];
  return new BoError('INVALID_ARGUMENT', `${path.join('.')}: ${message}`, issues);
}

/** The checked surrogate options; a bad field throws INVALID_ARGUMENT at algorithm.surrogateOptions.<field>. */
function checkOptions(algorithm: AlgorithmSpec): void {
  const r = surrogateOptionsSchema(algorithm.surrogate).safeParse(algorithm.surrogateOptions ?? {});
  if (r.success) return;
  const issues: FieldIssue[] = r.error.issues.flatMap((i) => {
    const at = ['algorithm', 'surrogateOptions', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    // An unknown key is named in the path itself, one issue per key, so each points at a field.
    const keys = i.code === 'unrecognized_keys' ? i.keys : [undefined];
    return keys.map((k) => ({
      path: k === undefined ? at : [...at, k],
      message: algorithm.surrogate === 'none' ? `surrogate 'none' takes no options` : k === undefined ? i.message : `unknown option '${k}' of surrogate '${algorithm.surrogate}'`,
    }));
  });
  throw new BoError('INVALID_ARGUMENT', `${issues[0].path.join('.')}: ${issues[0].message}`, issues);
}

/** ucbBeta is UCB's exploration weight: given with any other effective acquisition it would be ignored. */
function checkUcbBeta(r: Resolution, algorithm: AlgorithmSpec, acquisition: string): void {
  if (algorithm.ucbBeta === undefined || acquisition === 'ucb') return;
  r.refuse(['algorithm', 'ucbBeta'], `is the exploration weight of acquisition ucb; this study runs ${acquisition === 'none' ? 'no acquisition' : acquisition}`, `ucbBeta is not used by ${acquisition}`);
}

/**
 * Conditional parameters run with the BO and space-filling policies only: the multi-fidelity and
 * pool policies assume every row names every parameter (not built). INVALID_ARGUMENT at the first
 * conditional parameter's `when` otherwise.
 */
export function refuseConditional(space: Pick<SearchSpace, 'spec' | 'conditional' | 'dimensions'>, pool: boolean): void {
  if (!space.conditional) return;
  const fidelity = space.dimensions.some((d) => d.kind === 'fidelity');
  if (!fidelity && !pool) return;
  const name = Object.keys(space.spec).find((n) => space.spec[n]!.when)!;
  const other = fidelity ? 'fidelity parameter' : 'candidate pool';
  throw invalid(['space', name, 'when'], `conditional parameters are not supported with a ${other}; drop the 'when' conditions (every parameter always active) or the ${other}`);
}

/** The effective algorithm of a study, or INVALID_ARGUMENT naming the field that cannot run (see the table above). */
export function resolveEffectiveAlgorithm(input: EffectiveInput): EffectiveAlgorithm {
  const { algorithm, space } = input;
  const r = new Resolution(input.mode === 'stored');
  checkOptions(algorithm);
  checkAuto(algorithm, algorithm.initialTrials ?? defaultInitialTrials(space.dim));
  const { surrogate, acquisition } = algorithm;
  const fidelity = space.dimensions.some((d) => d.kind === 'fidelity');
  const defaulted = acquisition === defaultAcquisition(surrogate);
  const withNotes = (e: EffectiveAlgorithm): EffectiveAlgorithm => (r.notes.length > 0 ? { ...e, notes: r.notes } : e);

  refuseConditional(space, input.pool);
  if (surrogate === 'none') {
    if (!defaulted) r.refuse(['algorithm', 'acquisition'], `surrogate 'none' picks points without a model and uses no acquisition; leave acquisition out or choose a surrogate`, `acquisition '${acquisition}' is not used by surrogate 'none'`);
    if (algorithm.multiFidelity !== undefined) r.refuse(['algorithm', 'multiFidelity'], `configures the multi-fidelity GP; surrogate 'none' has no model`, `multiFidelity is not used by surrogate 'none'`);
    checkUcbBeta(r, algorithm, 'none');
    return withNotes({ policy: input.pool ? 'pool' : 'space-filling', surrogate: 'none', acquisition: 'none' });
  }

  if (fidelity || input.pool) {
    const where = fidelity ? 'with a fidelity parameter' : 'with a candidate pool';
    if (surrogate !== 'gp') r.refuse(['algorithm', 'surrogate'], `'${surrogate}' is not available ${where}; use 'gp' (it runs as the multi-fidelity GP 'mf-gp') or 'none'`, `surrogate '${surrogate}' runs as mf-gp ${where}`);
    else r.notes.push(`surrogate 'gp' runs as mf-gp (the multi-fidelity GP) ${where}`);
    if (hasOptions(algorithm.surrogateOptions)) r.refuse(['algorithm', 'surrogateOptions'], `the multi-fidelity GP used ${where} takes no surrogateOptions; configure it with algorithm.multiFidelity`, 'surrogateOptions are not used by mf-gp');
    let effective = acquisition;
    if (acquisition !== 'mf-mes' && acquisition !== 'cost-ei') {
      effective = 'mf-mes';
      if (defaulted) r.notes.push(`acquisition '${acquisition}' (the default) runs as mf-mes ${where}`);
      else r.refuse(['algorithm', 'acquisition'], `${acquisition} is not available ${where}; use mf-mes or cost-ei`, `acquisition '${acquisition}' runs as mf-mes ${where}`);
    }
    if (algorithm.multiFidelity?.prior === 'mixing-law' && !(fidelity && space.dimensions.some((d) => d.kind === 'simplex'))) {
      throw invalid(['algorithm', 'multiFidelity', 'prior'], `'mixing-law' fits a law of a simplex parameter's weights on the runs below the target level: it needs a simplex parameter and a fidelity parameter`);
    }
    refuseProxyMean(algorithm.multiFidelity, fidelity, input.pool, defaulted ? undefined : acquisition);
    const model = resolveMfModel(algorithm.multiFidelity, fidelity, input.pool, !defaulted);
    const implicit = fidelity && input.pool && algorithm.multiFidelity?.model === undefined ? implicitPoolModel(algorithm.multiFidelity, !defaulted) : undefined;
    if (implicit?.why) r.notes.push(`multiFidelity.model left out runs as 'joint' (not the default 'proxy-mean'): ${implicit.why} is read only by the joint MF-GP`);
    if (model.multiFidelityModel === 'proxy-mean') r.notes.push(`multiFidelity.model 'proxy-mean': a proxy design at the cheapest level, then target rows by ${model.targetModel === 'gp' ? 'the posterior mean of the proxy law plus a GP on the target residuals' : "a Bayesian linear model's posterior mean"} (targetModel '${model.targetModel}'; no acquisition function runs); proxy law '${model.proxyLaw}'${model.proxyLaw === 'auto' ? ' (linear or GP, whichever predicts the design runs better by 5-fold cross-validation; diagnostics.proxyLaw names it)' : ''}; design '${model.proxyDesign}'${model.proxyDesign === 'sequential' ? ` (cheap batches until the proxy law\'s top target row stops moving and leads the runner-up by ${model.proxyStopMargin} posterior sd; diagnostics.proxyDesign says where and why)` : ''}`);
    checkUcbBeta(r, algorithm, effective);
    return withNotes({ policy: input.pool ? 'pool' : 'multi-fidelity', surrogate: 'mf-gp', acquisition: effective, ...model });
  }

  if (algorithm.multiFidelity !== undefined) r.refuse(['algorithm', 'multiFidelity'], 'is used only with a fidelity parameter or a candidate pool; this study has neither', 'multiFidelity is not used without a fidelity parameter or a pool');
  if (acquisition === 'mf-mes' || acquisition === 'cost-ei') {
    // Never ran: the old code fell back to Sobol on every model ask. Refused in both modes.
    throw invalid(['algorithm', 'acquisition'], `${acquisition} needs a fidelity parameter or a candidate pool; use log-ei, qlognei, ucb, thompson or log-pi`);
  }
  let effective = acquisition;
  let limits: EffectiveAlgorithm['limits'];
  // The multi-objective kinds are checked against the family by resolveOutcomes (policy/outcome-resolution.ts).
  const mismatch = acquisition === 'qlognehvi' || acquisition === 'qnparego' ? undefined : acquisitionMismatch(surrogate, algorithm.surrogateOptions ?? {}, acquisition);
  if (mismatch) {
    r.refuse(['algorithm', 'acquisition'], mismatch, `acquisition '${acquisition}' runs as log-ei on the ${surrogate}`);
    effective = 'log-ei';
  }
  if (surrogate === 'pfn') {
    if (input.pfnMaxDim !== undefined) {
      limits = { maxDim: input.pfnMaxDim };
      if (space.dim > input.pfnMaxDim) {
        throw invalid(['algorithm', 'surrogate'], `'pfn' handles at most ${input.pfnMaxDim} encoded dimensions (its trained maximum) and this space encodes to ${space.dim} (a categorical parameter counts one per choice); use 'gp' or another surrogate`);
      }
    }
  }
  checkUcbBeta(r, algorithm, effective);
  const region = algorithm.trustRegion ?? defaultTrustRegion(surrogate);
  const trustRegion = region.mode;
  const noisyGlobal = region.mode === 'on-stall' && region.noisySearch === 'global' ? { trustRegionNoisySearch: 'global' as const, trustRegionNoisyGlobalMinDim: region.noisyGlobalMinDim ?? TRUST_REGION_DEFAULTS.noisyGlobalMinDim } : {};
  const incumbent = region.mode === 'on-stall' ? { trustRegionIncumbent: region.incumbent ?? 'observed', ...noisyGlobal } : {};
  const autoOptions = surrogate === 'auto' ? AutoOptions.parse(surrogateOptionsToRun(algorithm)) : undefined;
  const gate = autoOptions?.score === 'decision' && autoOptions.rule !== 'best-mean' ? { autoReferenceFailingBelow: autoOptions.referenceFailingBelow } : {};
  const decisionShape = autoOptions?.score === 'decision' ? { autoDecisionStatistic: autoOptions.decisionStatistic, autoDecisionSpacing: autoOptions.decisionSpacing, ...gate } : {};
  // Under combine 'stack' no switching rule runs: only the combination is recorded (absent reads 'switch').
  const autoRule = autoOptions?.combine === 'stack' ? { autoCombine: 'stack' as const, autoStackMargin: autoOptions.stackMargin, autoLocalRegion: autoOptions.localRegion } : autoOptions ? { autoRule: autoOptions.rule, autoScore: autoOptions.score, ...decisionShape } : {};
  // The candidates it scores (their default depends on the combination since session 23; absent reads gp, nngp, stp).
  const autoCandidates = autoOptions ? { autoCandidates: [...autoOptions.candidates] } : {};
  const outputTransform = algorithm.outputTransform ?? defaultOutputTransform(surrogate);
  // Recorded only when on: absent reads as 'off' (server/algorithm-to-run.ts), what every family but gp runs.
  const refit = resolveNoisyRefit(algorithm.noisyRefit ?? defaultNoisyRefit(surrogate));
  const noisyRefit = refit ? { noisyRefit: refit } : {};
  // Recorded only when it explores: absent reads as 'off' (server/algorithm-to-run.ts), what every family but gp and auto runs.
  const resolvedExploration = algorithm.exploration ?? defaultExploration(surrogate);
  const exploration = resolvedExploration.mode === 'off' ? {} : { exploration: resolvedExploration };
  const exploit = algorithm.exploit !== undefined ? { exploit: algorithm.exploit } : {};
  // Recorded only when not 'constant' (absent reads as 'constant', server/algorithm-to-run.ts), so studies of the default keep their old record.
  const trend = surrogate === 'gp' ? GpOptions.parse(algorithm.surrogateOptions ?? {}).trend : 'constant';
  const gpTrend = trend === 'constant' ? {} : { gpTrend: trend };
  const gpLengthscalePrior = surrogate === 'gp' ? { gpLengthscalePrior: resolvedLengthscalePrior(GpOptions.parse(algorithm.surrogateOptions ?? {}), space.dim) } : {};
  // The likelihood a 'gp' study runs, its default written in (policy/gp-likelihood-default.ts); verification recorded when on.
  const gpRun = surrogate === 'gp' ? GpOptions.parse(withDefaultGpLikelihood(surrogate, algorithm.surrogateOptions ?? {})) : undefined;
  const gpLikelihood = gpRun ? { gpLikelihood: gpRun.likelihood, ...(gpRun.verifyOutliers === true ? { gpVerifyOutliers: true as const } : {}) } : {};
  return withNotes({ policy: 'bo', surrogate, acquisition: effective, trustRegion, ...incumbent, outputTransform, ...noisyRefit, ...exploration, ...exploit, ...gpTrend, ...gpLengthscalePrior, ...gpLikelihood, ...autoRule, ...autoCandidates, ...(input.backend !== undefined ? { backend: input.backend } : {}), ...(limits ? { limits } : {}) });
}
