import { AlgorithmSpec, type AlgorithmInput } from '../protocol/algorithm.js';
import type { BoPolicyOptions } from '../policy/bo-policy.js';
import { createPolicy } from '../policy/create-policy.js';
import type { Policy } from '../policy/types.js';
import { RandomPolicy } from './random-policy.js';

/** Policy options that are not part of the wire spec (benchmark-only variants). */
export type PolicyVariant = Omit<BoPolicyOptions, 'surrogate'>;

/** Name -> algorithm (null = uniform random baseline). A new surrogate or preset adds one line here. */
export const ALGORITHMS: Record<string, AlgorithmInput | null> = {
  random: null,
  sobol: { surrogate: 'none' },
  // The service default (DEFAULT_GP_PRESET: Matérn-5/2 + outputscale, BoTorch-legacy priors).
  'gp-logei': { surrogate: 'gp', acquisition: 'log-ei' },
  // BoTorch >= 0.12 defaults: RBF ARD, no outputscale, dimension-scaled LogNormal lengthscale prior.
  'gp-rbf': { surrogate: 'gp', acquisition: 'log-ei', surrogateOptions: { preset: 'botorch' } },
  'gp-qlognei': { surrogate: 'gp', acquisition: 'qlognei' },
  // The default until session 9: the same region replayed on observed values (RESULTS.md 2026-12-05 session 9).
  'gp-qlognei-tr-obs': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall', incumbent: 'observed' } },
  // Issue 20: TuRBO-style trust region around the run's best point once the global model stalls (protocol/trust-region.ts).
  'gp-qlognei-tr': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall' } },
  // The same region from the first model ask on (no global phase before the first region).
  'gp-qlognei-tr0': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall', stallTolerance: 0 } },
  // Issue 20, session 8: the same region with Thompson sampling inside it (TuRBO's acquisition); qLogNEI in the global phase.
  'gp-qlognei-tr-ts': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall', acquisition: 'thompson' } },
  // Issue 20, session 8: the default region (qLogNEI inside) plus a global Thompson step after every 5th observation while local.
  'gp-qlognei-tr-g5': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall', globalEvery: 5 } },
  // Issue 20, session 9: the region replayed on the GP's posterior mean at the observed points (noise-robust success test and centre); the GP's default since session 10.
  'gp-qlognei-tr-pm': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall', incumbent: 'posterior-mean' } },
  // Issue 20, session 10: the region replayed on the posterior mean only on asks whose fitted noise is above the acquisition's noise gate (benchmarks/results/bbob-s10-gate-rule.md).
  'gp-qlognei-tr-gated': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall', incumbent: 'auto' } },
  // Issue 20, session 10: the default region that also restarts below the side the GP resolves through its fitted noise (policy/trust-region-noise.ts).
  'gp-qlognei-tr-nr': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall', incumbent: 'posterior-mean', restart: 'noise-resolved' } },
  // Issue 20, session 11: the default with the robust likelihood (relevance-pursuit outlier variances, surrogates/gp/robust-fit.ts).
  'gp-qlognei-robust': { surrogate: 'gp', acquisition: 'qlognei', surrogateOptions: { likelihood: 'robust' } },
  // Issue 20, session 11: Vizier's output warping named explicitly (half-rank below the median, log warp on top; core/output-warp.ts); the GP's default since session 11.
  'gp-qlognei-hr': { surrogate: 'gp', acquisition: 'qlognei', outputTransform: 'half-rank' },
  // Issue 20, session 12: ε-greedy exploratory asks (ε = 0.1) and a skill gate (LOO Spearman ρ < 0 explores; protocol/exploration.ts), named explicitly; the GP's default since session 12 (the same trace as gp-qlognei). It names no likelihood, so since session 20 it runs the policy's default (robust, verified outliers; policy/gp-likelihood-default.ts): the same trace as gp-qlognei-explore-robust-verify.
  'gp-qlognei-explore': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 } },
  // Since session 26 it names no noisyRefit either, so it runs the GP's second fit on noisy asks from 5 to 10 dimensions (policy/noisy-refit-default.ts): there the same trace as gp-qlognei-explore-nrefit5, elsewhere as gp-qlognei-explore-s25.
  // Issue 20, session 25: the GP default on z-scored y at every ask (a probe beside the candidate below, not a candidate: it loses the noiseless cells).
  'gp-qlognei-explore-std': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, outputTransform: 'standardize' },
  // Issue 20: the GP default through session 19 (the Gaussian likelihood), pinned for re-running stored results after session 20 made the robust likelihood with verified outliers the GP's default.
  'gp-qlognei-explore-s19': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, surrogateOptions: { likelihood: 'gaussian' } },
  // Issue 20, session 25: a noisy half-rank fit is fitted again on z-scored y and the ask runs on that fit when it is noisy too (protocol/noisy-refit.ts; benchmarks/results/bbob-s25-noisy-refit-rule.md), at every d.
  'gp-qlognei-explore-nrefit': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, noisyRefit: { mode: 'on', transform: 'standardize', minDim: 1, maxDim: 10000 } },
  // The same from 5 encoded dimensions up (benchmarks/results/bbob-s25-noisy-refit5-rule.md). The GP's default since session 26 is this from 5 to 10 dimensions (the same trace as gp-qlognei-explore there).
  'gp-qlognei-explore-nrefit5': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, noisyRefit: { mode: 'on', transform: 'standardize', minDim: 5, maxDim: 10000 } },
  // Issue 20: the GP default through session 25 (no second fit on noisy asks), pinned for re-running stored results after session 26 made the refit the GP's default.
  'gp-qlognei-explore-s25': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, noisyRefit: { mode: 'off' } },
  // Issue 20: the GP default through session 16 (Gamma(3, 6) lengthscale prior at every d), pinned for re-running stored results after session 17 made the prior dimension-scaled above 10 dimensions.
  'gp-qlognei-explore-s16': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, surrogateOptions: { lengthscalePrior: 'gamma' } },
  // Issue 20: the GP default through session 14 (its region kept on noisy asks), pinned for re-running stored results after session 15 made noisy asks at d >= 5 search globally.
  'gp-qlognei-explore-s14': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, trustRegion: { mode: 'on-stall', incumbent: 'posterior-mean' } },
  // Issue 20, session 13: the two parts of the session-12 default apart: ε-greedy asks without the skill gate, and the gate without ε (benchmarks/results/bbob-s13-explore-rule.md).
  'gp-qlognei-eps': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1 } },
  'gp-qlognei-gate': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0, minSkill: 0 } },
  // Issue 20, session 13: today's default with the skill gate on the prequential ρ (the last 10 trials, each predicted by the model refitted on the trials before it; policy/prequential-skill.ts; benchmarks/results/bbob-s13-prequential-gate-rule.md).
  'gp-qlognei-pq-gate': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0, skill: 'prequential' } },
  // Issue 20, session 13: the default whose trust-region runs after a restart start from the study's next space-filling points (TuRBO-1's fresh design; protocol/trust-region.ts restartDesign; benchmarks/results/bbob-s13-restart-rule.md).
  'gp-qlognei-restart-sf': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'on-stall', incumbent: 'posterior-mean', restartDesign: 'space-filling' } },
  // Issue 20, session 14: today's default (ε 0.1 + skill gate) with no trust region, on the noisy selection cells (benchmarks/results/bbob-s14-noise-notr-rule.md).
  'gp-qlognei-explore-notr': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, trustRegion: { mode: 'off' } },
  // Issue 20, session 14: today's default with session 10's noise-resolved restart (policy/trust-region-noise.ts; benchmarks/results/bbob-s14-noise-resolved-rule.md).
  'gp-qlognei-explore-nr': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, trustRegion: { mode: 'on-stall', incumbent: 'posterior-mean', restart: 'noise-resolved' } },
  // Issue 20, session 15: today's default whose noisy asks (fitted noise variance above NOISY_VARIANCE) search the whole space when the region confines >= 5 columns (protocol/trust-region.ts noisySearch; through the service refused at create below 5 confined columns, where it could never act; benchmarks/results/bbob-s15-noisy-global-rule.md).
  'gp-qlognei-explore-noisyglobal': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, trustRegion: { mode: 'on-stall', incumbent: 'posterior-mean', noisySearch: 'global' } },
  // Issue 20, session 16: today's default with the exploration skill gate at LOO Spearman ρ < 0.2 instead of < 0 (benchmarks/results/bbob-s16-skill02-rule.md).
  'gp-qlognei-explore-skill02': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0.2 } },
  // Issue 20, session 17: today's default with BoTorch >= 0.12's preset (RBF, no outputscale, dimension-scaled lengthscale prior, LogNormal noise prior).
  'gp-qlognei-explore-rbf': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, surrogateOptions: { preset: 'botorch' } },
  // Issue 20, session 17: today's default (scale(Matérn-5/2 ARD), Gamma noise prior) with only the lengthscale prior changed to the dimension-scaled LogNormal(√2 + ½ ln d, √3) of Hvarfner et al. (2024) (benchmarks/results/bbob-s17-dimprior-rule.md).
  'gp-qlognei-explore-dimprior': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, surrogateOptions: { lengthscalePrior: 'dimension-scaled' } },
  // Issue 20, session 19: today's default with one greedy ask in three under noise (protocol/exploit.ts; benchmarks/results/bbob-s19-exploit-rule.md).
  'gp-qlognei-explore-exploit3': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, exploit: { every: 3, when: 'noisy' } },
  // Issue 20, session 20: today's default with the robust likelihood (relevance pursuit of outlier variances, surrogates/gp/robust-fit.ts; benchmarks/results/bbob-s20-robust-rule.md).
  'gp-qlognei-explore-robust': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, surrogateOptions: { likelihood: 'robust' } },
  // Issue 20, session 20: the same, re-measuring a suspected outlier once before discounting it (surrogateOptions.verifyOutliers; policy/verify-outlier.ts; benchmarks/results/bbob-s20-verify-rule.md).
  'gp-qlognei-explore-robust-verify': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, surrogateOptions: { likelihood: 'robust', verifyOutliers: true } },
  // Issue 20, session 14: today's default with a quadratic trend in the GP's prior (surrogates/gp/kernels/quadratic-kernel.ts; benchmarks/results/bbob-s14-trend-rule.md).
  'gp-qlognei-explore-quad': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 }, surrogateOptions: { trend: 'quadratic' } },
  // The GP default of session 11 (no exploratory asks; policy/exploration-default.ts).
  'gp-qlognei-noexplore': { surrogate: 'gp', acquisition: 'qlognei', exploration: { mode: 'off' } },
  // Issue 20: the pre-2026-12-05 default (GP + qLogNEI without the trust region); 'gp-qlognei' now gets the GP's default region.
  'gp-qlognei-notr': { surrogate: 'gp', acquisition: 'qlognei', trustRegion: { mode: 'off' } },
  // Issue 16: the default with hyperparameters re-optimized on every warm fit (no factor reuse), as before.
  'gp-qlognei-refit': { surrogate: 'gp', acquisition: 'qlognei', surrogateOptions: { factorReuse: false } },
  'gp-ucb': { surrogate: 'gp', acquisition: 'ucb' },
  'gp-matern': { surrogate: 'gp', acquisition: 'log-ei', surrogateOptions: { preset: 'botorch-legacy' } },
  'gp-logei-yj': { surrogate: 'gp', acquisition: 'log-ei' },
  'gp-logei-obs': { surrogate: 'gp', acquisition: 'log-ei' },
  'gp-logei-power': { surrogate: 'gp', acquisition: 'log-ei' },
  'gp-matern-power': { surrogate: 'gp', acquisition: 'log-ei', surrogateOptions: { preset: 'botorch-legacy' } },
  'gp-matern-obs': { surrogate: 'gp', acquisition: 'log-ei', surrogateOptions: { preset: 'botorch-legacy' } },
  'nngp-logei': { surrogate: 'nngp', acquisition: 'log-ei' },
  'stp-logei': { surrogate: 'stp', acquisition: 'log-ei' },
  'dkl-logei': { surrogate: 'dkl', acquisition: 'log-ei' },
  'hmc-bnn-logei': { surrogate: 'hmc-bnn', acquisition: 'log-ei' },
  // Issue 5: the BNN prior fitted to the default GP's function prior (Tran et al.).
  // Issue 21: the same HMC draws read as one moment-matched Gaussian (the pre-issue-21 acquisition).
  'hmc-bnn-mm-logei': { surrogate: 'hmc-bnn', acquisition: 'log-ei', surrogateOptions: { posterior: 'moment-matched' } },
  'hmc-bnn-ens-logei': { surrogate: 'hmc-bnn', acquisition: 'log-ei', surrogateOptions: { posterior: 'ensemble' } },
  // Issue 21: cheaper BNN surrogates (Li, Rudner & Wilson's study): deep ensembles and SGHMC, ensemble posteriors.
  'deep-ensemble-logei': { surrogate: 'deep-ensemble', acquisition: 'log-ei' },
  'bnn-sghmc-logei': { surrogate: 'bnn-sghmc', acquisition: 'log-ei' },
  'hmc-bnn-gp-logei': { surrogate: 'hmc-bnn', acquisition: 'log-ei', surrogateOptions: { prior: 'gp-matched' } },
  // Issue 21: the GP-matched prior by sliced W₁ instead of moments, and re-matched to the GP fitted to the data.
  'hmc-bnn-gp-wasserstein-logei': { surrogate: 'hmc-bnn', acquisition: 'log-ei', surrogateOptions: { prior: 'gp-matched', priorMatch: 'wasserstein' } },
  'hmc-bnn-gp-fitted-logei': { surrogate: 'hmc-bnn', acquisition: 'log-ei', surrogateOptions: { prior: 'gp-matched', priorTarget: 'fitted-gp' } },
  // Issue 8: PFN (shipped weights; Yeo-Johnson y by default), log-EI over 1,024 candidates + pattern-search refinement.
  'pfn-logei': { surrogate: 'pfn', acquisition: 'log-ei' },
  'pfn-ucb': { surrogate: 'pfn', acquisition: 'ucb' },
  'pfn-logpi': { surrogate: 'pfn', acquisition: 'log-pi' },
  // Issue 2 session 2: acquisition-optimizer start heuristics (BoTorch sample_around_best, initialize_q_batch).
  'gp-logei-sab': { surrogate: 'gp', acquisition: 'log-ei' },
  'gp-logei-boltz': { surrogate: 'gp', acquisition: 'log-ei' },
  'gp-logei-sab-boltz': { surrogate: 'gp', acquisition: 'log-ei' },
  'gp-logei-pm': { surrogate: 'gp', acquisition: 'log-ei' },
  'gp-logei-auto': { surrogate: 'gp', acquisition: 'log-ei' },
  // The GP default before session 11 (outcome transform 'auto'; now 'half-rank', policy/output-transform-default.ts).
  'gp-qlognei-auto': { surrogate: 'gp', acquisition: 'qlognei' },
  // The session-1 default (plain z-score), for reproducing quality-final.
  'gp-logei-std': { surrogate: 'gp', acquisition: 'log-ei' },
  // Issue 21: the service's auto default. Since session 23 the stack over gp-robust, nngp, stp with stackMargin 1 (the same traces as auto-gp-robust-margin); sessions 14-22 the stacking-weighted mixture of gp, nngp, stp without a margin (auto-s22, the same traces as auto-stack); through session 13 the families scored by the decisions they would take, switched by rule 'persistent' (auto-s13 names that default).
  auto: { surrogate: 'auto' },
  // 'auto''s default in sessions 14-22 (the stack over gp, nngp, stp, no margin): what stored 'auto' runs before session 23 ran.
  'auto-s22': { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], stackMargin: null, localRegion: 'stack' } },
  // Session 22: auto-s22 with the GP's default likelihood as its reference (robust, suspected outliers re-measured).
  'auto-gp-robust': { surrogate: 'auto', surrogateOptions: { candidates: ['gp-robust', 'nngp', 'stp'], stackMargin: null, localRegion: 'stack' } },
  // Session 23: the same, the mixture only beyond one paired standard error over the reference (stackMargin 1): without that evidence the ask is the GP default's own. 'auto''s default since session 23 (bbob-s23-auto-margin-rule.md): the same traces as auto.
  'auto-gp-robust-margin': { surrogate: 'auto', surrogateOptions: { candidates: ['gp-robust', 'nngp', 'stp'], stackMargin: 1, localRegion: 'stack' } },
  // Session 23 (bbob-s23-auto-margin2-rule.md): today's auto with the mixture only beyond two paired standard errors.
  'auto-margin2': { surrogate: 'auto', surrogateOptions: { stackMargin: 2, localRegion: 'stack' } },
  // Session 23 (bbob-s23-auto-min20-rule.md): today's auto holding to its reference below 20 observations.
  'auto-min20': { surrogate: 'auto', surrogateOptions: { stackMinTrials: 20, localRegion: 'stack' } },
  // Session 24 (bbob-s24-auto-heldout-rule.md): today's auto testing its mixture with the weights held out per observation.
  'auto-heldout': { surrogate: 'auto', surrogateOptions: { stackTest: 'held-out', localRegion: 'stack' } },
  // Session 24 (bbob-s24-auto-local-rule.md): auto running its reference's own model where that ask is inside a local trust region; 'auto''s default since (the same traces as auto).
  'auto-local-ref': { surrogate: 'auto', surrogateOptions: { localRegion: 'reference' } },
  // 'auto''s default in session 23 (inside a local trust region the weights' model ran): what stored 'auto' runs of sessions 23-24 ran. The 'auto' stack variants above pin the same.
  'auto-s23': { surrogate: 'auto', surrogateOptions: { localRegion: 'stack' } },
  // Session 10's default: the same rule over leave-one-out log densities. The older variants below pin 'loo' too, so their stored runs keep their meaning.
  'auto-loo': { surrogate: 'auto', surrogateOptions: { score: 'loo' } },
  // The same, switching to the best mean LOO score whatever the margin (the first 'auto' runs, 2026-12-05).
  'auto-best-mean': { surrogate: 'auto', surrogateOptions: { rule: 'best-mean', score: 'loo' } },
  // Session 8 selection variants (bbob selection instances, RESULTS.md 2026-12-05 session 8): the GP default's trust region,
  // without BoTorch's RBF preset among the candidates, and a two-standard-error margin.
  'auto-tr': { surrogate: 'auto', trustRegion: { mode: 'on-stall' }, surrogateOptions: { score: 'loo' } },
  'auto-tr-norbf': { surrogate: 'auto', trustRegion: { mode: 'on-stall' }, surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], score: 'loo' } },
  'auto-tr-2se': { surrogate: 'auto', trustRegion: { mode: 'on-stall' }, surrogateOptions: { margin: 2, score: 'loo' } },
  // Session 9 selection variant: today's 'auto' (trust region and candidates are its defaults) with a two-standard-error margin.
  'auto-2se': { surrogate: 'auto', surrogateOptions: { margin: 2, score: 'loo' } },
  // Session 10 selection variant, since then auto's default: the incumbent family kept until one challenger beats it by 1 SE on 3 consecutive asks (surrogates/auto/switching-rule.ts).
  'auto-persist': { surrogate: 'auto', surrogateOptions: { rule: 'persistent', score: 'loo' } },
  // Session 11 selection variant: the rule reads the prequential decision score (surrogates/auto/decision-score.ts), 2 SE on 3 consecutive asks.
  'auto-decision': { surrogate: 'auto', surrogateOptions: { score: 'decision', margin: 2 } },
  // The same with a one-standard-error margin (session 11 selection, the second candidate).
  'auto-decision-1se': { surrogate: 'auto', surrogateOptions: { score: 'decision', margin: 1 } },
  // Session 13 selection baseline: today's auto default (score 'decision', statistic 'top1', margin 1) with exploratory asks off, so the exploration default cannot move it.
  'auto-decision-1se-noexp': { surrogate: 'auto', surrogateOptions: { score: 'decision', margin: 1 }, exploration: { mode: 'off' } },
  // Session 13 candidates: each cut scored by Spearman's ρ of LogEI and the observed values over the whole window (decision-statistic.ts), cuts one trial apart or one window apart; exploratory asks off as the baseline's.
  'auto-rank-noexp': { surrogate: 'auto', surrogateOptions: { score: 'decision', margin: 1, decisionStatistic: 'rank' }, exploration: { mode: 'off' } },
  'auto-rank-disjoint-noexp': { surrogate: 'auto', surrogateOptions: { score: 'decision', margin: 1, decisionStatistic: 'rank', decisionSpacing: 'disjoint' }, exploration: { mode: 'off' } },
  // Session 13, second rule (bbob-s13-auto-top3-rule.md): each cut scored by the mean standing of the candidate's three first-ranked trials.
  'auto-top3-noexp': { surrogate: 'auto', surrogateOptions: { score: 'decision', margin: 1, decisionStatistic: 'top3' }, exploration: { mode: 'off' } },
  // Session 13, third rule (bbob-s13-auto-switch-rule.md): the baseline with a 3-SE margin (consecutive cuts overlap, so 1 SE understates the uncertainty).
  'auto-3se-noexp': { surrogate: 'auto', surrogateOptions: { score: 'decision', margin: 3 }, exploration: { mode: 'off' } },
  // Session 13, third rule: the baseline, with a challenger allowed only while the GP's own mean decision quality is below 0.5, a random pick's (switching-rule.ts).
  'auto-failing-noexp': { surrogate: 'auto', surrogateOptions: { score: 'decision', margin: 1, referenceFailingBelow: 0.5 }, exploration: { mode: 'off' } },
  // Session 13, issue 21's core-suite figure: auto's default as it stands after the third rule (neither candidate adopted), every option named so the spec is pinned; exploration as the GP default's (gp-qlognei-explore).
  'auto-s13': { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], rule: 'persistent', margin: 1, patience: 3, score: 'decision', decisionWindow: 10, decisionCuts: 10, decisionStatistic: 'top1', decisionSpacing: 'consecutive', referenceFailingBelow: null, shareKernels: true }, exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 } },
  // Session 14 (issue 21, bbob-s14-stack-rule.md): auto-s13's candidates with combine 'stack' (the stacking-weighted mixture of gp, nngp, stp; fitted-stack.ts) instead of a
  // switching rule; the switching fields are refused under 'stack', so only the candidates and shareKernels carry over. Exploratory asks off (the selection arm) or as auto-s13 (the core-suite arm).
  'auto-stack-noexp': { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], shareKernels: true, combine: 'stack', stackMargin: null, localRegion: 'stack' }, exploration: { mode: 'off' } },
  'auto-stack': { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], shareKernels: true, combine: 'stack', stackMargin: null, localRegion: 'stack' }, exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 } },
  // Issue 21, session 15: the stack runs only when its LOO log density beats the GP's alone by more than one paired standard error, else the GP's own ask (surrogates/auto/stack-candidates.ts stackMargin; benchmarks/results/bbob-s15-stack-margin-rule.md).
  'auto-stack-margin-noexp': { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], shareKernels: true, combine: 'stack', stackMargin: 1, localRegion: 'stack' }, exploration: { mode: 'off' } },
  'auto-stack-margin': { surrogate: 'auto', surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], shareKernels: true, combine: 'stack', stackMargin: 1, localRegion: 'stack' }, exploration: { mode: 'epsilon', epsilon: 0.1, minSkill: 0 } },
  // The one-standard-error rule against the GP on every ask, named explicitly (auto's default through session 9).
  'auto-1se': { surrogate: 'auto', surrogateOptions: { rule: 'one-standard-error', score: 'loo' } },
  // 'auto' as session 7 left it (four candidates, each fitted on its own, no trust region), for before/after comparisons.
  'auto-session7': { surrogate: 'auto', trustRegion: { mode: 'off' }, surrogateOptions: { candidates: ['gp', 'gp-rbf', 'nngp', 'stp'], shareKernels: false, score: 'loo' } },
};

/** Variants that differ from their spec only in policy options. */
export const VARIANTS: Record<string, PolicyVariant> = {
  'gp-logei-yj': { outputTransform: 'yeo-johnson' },
  'gp-logei-obs': { incumbent: 'observed' },
  'gp-logei-power': { outputTransform: 'power' },
  'gp-matern-power': { outputTransform: 'power' },
  'gp-matern-obs': { incumbent: 'observed' },
  'gp-logei-sab': { optimizer: { sampleAroundBest: true, startSelection: 'top' } },
  'gp-logei-boltz': { optimizer: { sampleAroundBest: false, startSelection: 'boltzmann' } },
  'gp-logei-sab-boltz': { optimizer: { sampleAroundBest: true, startSelection: 'boltzmann' } },
  'gp-logei-pm': { incumbent: 'posterior-mean' },
  'gp-logei-auto': { outputTransform: 'auto' },
  'gp-qlognei-auto': { outputTransform: 'auto' },
  'gp-logei-std': { outputTransform: 'standardize' },
};

/** The policy and validated spec for one benchmark run. */
export function buildAlgorithm(name: string, seed: number, initialTrials: number): { policy: Policy; spec: AlgorithmSpec } {
  if (!Object.hasOwn(ALGORITHMS, name)) throw new Error(`unknown algorithm '${name}'; known: ${Object.keys(ALGORITHMS).join(', ')}`);
  const input = ALGORITHMS[name];
  const spec = AlgorithmSpec.parse({ ...(input ?? { surrogate: 'none' }), seed, initialTrials });
  return { policy: input === null ? new RandomPolicy() : createPolicy(spec, VARIANTS[name] ?? {}), spec };
}
