/**
 * The model surrogate 'auto' chose, with the scores behind the choice. Everything a caller asks of
 * the model goes to the chosen family's fitted model (its capabilities, posterior, gradients,
 * fantasies); state() keeps every candidate's warm-start state so the next ask can switch.
 */
import type { Matrix } from '../../core/matrix.js';
import type { ModelCapabilities } from '../capabilities.js';
import { capabilitiesOf } from '../capabilities.js';
import type { EnsemblePointPrediction } from '../ensemble.js';
import type { FittedSurrogate, PointPrediction, Posterior, PosteriorKind, SurrogateState } from '../types.js';
import { AUTO_CANDIDATES, type AutoCandidateName } from './auto-candidates.js';
import type { DecisionStatistic } from './decision-statistic.js';
import type { SwitchingRuleName, SwitchStreak } from './switching-rule.js';

/**
 * Under score 'decision' (decision-score.ts): the candidate's mean quality over the cuts, each cut's
 * quality (under decisionStatistic 'rank' a Spearman ρ) and the window row its LogEI ranked first (0-based), in cut order.
 */
export interface DecisionScoreRow {
  readonly score: number;
  readonly qualities: readonly number[];
  readonly picks: readonly number[];
}

/** One candidate's outcome in an ask: its score, how it was scored, or why it was not. */
export type CandidateScore =
  | {
    readonly candidate: AutoCandidateName; readonly kind: string; readonly score: number; readonly method: 'loo' | 'k-fold'; readonly ms: number; readonly kernelFrom?: AutoCandidateName;
    readonly decision?: DecisionScoreRow; readonly decisionSkipped?: string;
    /** Under combine 'stack': the LOO elpd Σ_i log p(y_i | y_−i) (nats; `score` is it divided by n) and the candidate's stacking weight (0: dropped). */
    readonly elpd?: number; readonly weight?: number;
  }
  | { readonly candidate: AutoCandidateName; readonly kind: string; readonly skipped: string; readonly ms?: number };

/** What the stacking solver reports (stacking-weights.ts): the stacked LOO elpd, its optimality certificate and the members dropped under MIN_STACK_WEIGHT. */
export interface StackingFacts {
  /** Σ_i log Σ_k w_k p_k(y_i | y_−i) at the weights (nats). */
  readonly elpd: number;
  /** The per-observation gap max_k g_k − 1 (the elpd is within n·gap of the optimum). */
  readonly gap: number;
  readonly iterations: number;
  /** Candidates dropped for a weight below minWeight, with the weight they had before the re-solve. */
  readonly dropped: readonly { readonly candidate: AutoCandidateName; readonly weight: number }[];
  readonly minWeight: number;
  /**
   * With AutoOptions.stackMargin set: the test the mixture had to pass to run. `advantage` is the mean
   * per-observation LOO log density of the mixture minus the reference's, `standardError` its paired
   * standard error, `margin` the option; `passed` false means the reference's own model ran (weights
   * then show it alone, `solved` the mixture's weights that did not pass); `test` which mixture densities
   * the advantage reads (AutoOptions.stackTest).
   */
  readonly gate?: { readonly margin: number; readonly test: 'in-sample' | 'held-out'; readonly advantage: number; readonly standardError: number; readonly passed: boolean; readonly solved?: Readonly<Record<string, number>> };
  /**
   * With AutoOptions.stackMinTrials: the weights left the reference on fewer observations than that,
   * so the reference's own model ran; `solved` the weights that did not run.
   */
  readonly held?: { readonly minTrials: number; readonly solved: Readonly<Record<string, number>> };
  /**
   * With AutoOptions.localRegion 'reference': the weights left the reference, but the reference's own ask
   * would be confined to a local trust region, so the reference's own model ran (policy/auto-local-region.ts);
   * `solved` the weights that did not run.
   */
  readonly localRegion?: { readonly solved: Readonly<Record<string, number>> };
}

/** Why 'auto' runs the model it runs: the choice and every candidate's score (mean log predictive density per observation). */
export interface AutoSelection {
  readonly choice: AutoCandidateName;
  /** The chosen family's registry kind (its default acquisition is the study's when acquisition is 'auto'). */
  readonly kind: string;
  readonly n: number;
  readonly scores: readonly CandidateScore[];
  /** What the rule compared: mean leave-one-out log density per observation, or mean decision quality per cut (AutoOptions.score). */
  readonly statistic: 'loo-log-density' | 'decision-quality';
  /** Under score 'decision': the prefix lengths of this ask's cuts. */
  readonly cuts?: readonly number[];
  /** Under score 'decision': what each cut's quality is (AutoOptions.decisionStatistic): 'top1' the first pick's standing in [0, 1], 'rank' Spearman's ρ in [−1, 1], 'top3' the first three picks' mean standing in [0, 1]. */
  readonly decisionStatistic?: DecisionStatistic;
  /** How the choice was made (AutoOptions.rule); absent under combine 'stack', where no rule runs. */
  readonly rule?: SwitchingRuleName;
  /** Standard errors the challenger must win by under 'one-standard-error' and 'persistent' (AutoOptions.margin); absent under 'stack'. */
  readonly margin?: number;
  /** The first scored candidate, kept under 'one-standard-error' unless `challenger` beat it by more than its standard error. */
  readonly reference: AutoCandidateName;
  /** The candidate the challenger was measured against: the reference, or under 'persistent' the incumbent; absent under 'stack'. */
  readonly against?: AutoCandidateName;
  /**
   * Under combine 'stack' (session 14): 'stack', each member's stacking weight by name (candidates
   * dropped or not scored are absent), and the solver's facts (stack-candidates.ts). `choice` is then
   * the member with the largest weight, whose default acquisition the ask runs under acquisition 'auto'.
   */
  readonly combine?: 'stack';
  readonly weights?: Readonly<Record<string, number>>;
  readonly stacking?: StackingFacts;
  /** The best mean score when it is not `against`'s: its paired advantage over `against`, nats per observation. */
  readonly challenger?: { readonly candidate: AutoCandidateName; readonly advantage: number; readonly standardError: number };
  /** Under 'persistent': the family the previous ask ran, and the challenger's run of consecutive wins after this ask. */
  readonly incumbent?: AutoCandidateName;
  readonly streak?: SwitchStreak;
  /** Why `choice` runs, in words (switching-rule.ts). */
  readonly reason: string;
}

/** The chosen candidate's fitted model, seen as surrogate 'auto'. */
export class FittedAuto implements FittedSurrogate {
  readonly kind = 'auto';
  readonly dim: number;
  readonly posteriorKind?: PosteriorKind;
  readonly predictWithGradient?: (x: ArrayLike<number>) => PointPrediction;
  readonly predictEnsembleWithGradient?: (x: ArrayLike<number>) => EnsemblePointPrediction;
  readonly condition?: (X: Matrix, y: Float64Array) => FittedSurrogate;

  constructor(
    readonly chosen: FittedSurrogate,
    readonly selection: AutoSelection,
    /** Every fitted candidate this ask, by name (the next fit's `previous` for factor reuse). */
    readonly fitted: ReadonlyMap<AutoCandidateName, FittedSurrogate>,
    /** Warm-start states by candidate name, including ones carried over from earlier asks. */
    private readonly states: Readonly<Record<string, SurrogateState>>,
    /** AutoOptions.localRegion: what runs when this ask leaves the reference but the reference would ask inside a local trust region. */
    readonly localRegion: 'stack' | 'reference' = 'stack',
  ) {
    this.dim = chosen.dim;
    if (chosen.posteriorKind !== undefined) this.posteriorKind = chosen.posteriorKind;
    if (chosen.predictWithGradient) this.predictWithGradient = (x) => chosen.predictWithGradient!(x);
    if (chosen.predictEnsembleWithGradient) this.predictEnsembleWithGradient = (x) => chosen.predictEnsembleWithGradient!(x);
    if (chosen.condition) this.condition = (X, y) => chosen.condition!(X, y);
  }

  get capabilities(): ModelCapabilities {
    return capabilitiesOf(this.chosen);
  }

  posterior(X: Matrix, options?: { observationNoise?: boolean }): Posterior {
    return this.chosen.posterior(X, options);
  }

  state(): SurrogateState {
    return { kind: 'auto', choice: this.selection.choice, ...(this.selection.streak ? { streak: this.selection.streak } : {}), candidates: { ...this.states } };
  }

  /** Whether this ask runs something other than the reference's own model (another family, or a stacked mixture). */
  get departs(): boolean {
    return this.chosen !== this.fitted.get(this.selection.reference);
  }

  /** The reference candidate's own fitted model, seen as surrogate 'auto' (undefined when it was not fitted). */
  referenceOnly(): FittedAuto | undefined {
    const reference = this.selection.reference;
    const own = this.fitted.get(reference);
    if (own === undefined) return undefined;
    const solved = this.selection.weights ?? { [this.selection.choice]: 1 };
    const stacking = this.selection.stacking ? { stacking: { ...this.selection.stacking, localRegion: { solved } } } : {};
    const selection: AutoSelection = {
      ...this.selection,
      choice: reference,
      kind: AUTO_CANDIDATES[reference].kind,
      ...(this.selection.weights ? { weights: { [reference]: 1 } } : {}),
      ...stacking,
      reason: `${this.selection.reason}; ${reference}'s own ask is inside a local trust region (localRegion 'reference'), so its own model runs`,
    };
    return new FittedAuto(own, selection, this.fitted, this.states, this.localRegion);
  }

  /** The chosen model's diagnostics and the candidate it came from (the BO policy puts the whole selection in the ask's diagnostics as `auto`). */
  diagnostics(): Record<string, unknown> {
    return { ...this.chosen.diagnostics(), autoChoice: this.selection.choice };
  }
}

/** The selection behind a fitted model, when it came from surrogate 'auto'. */
export function autoSelectionOf(model: FittedSurrogate): AutoSelection | undefined {
  return model instanceof FittedAuto ? model.selection : undefined;
}
