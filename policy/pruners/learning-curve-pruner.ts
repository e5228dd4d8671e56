/**
 * The `learning-curve` pruner in the pruner seam: turns the study's trials into curves and hands
 * the decision (learning-curve-decide.ts: a freeze-thaw GP fit, milliseconds to a second) to a
 * runner, which the service points at the compute plane so the fit never runs on its event loop.
 */
import { BoError } from '../../core/errors.js';
import { budgetThreshold, spentSteps, type PrunerBudget } from './budget-threshold.js';
import type { SearchSpace } from '../../core/space-types.js';
import type { PrunerSpec } from '../../protocol/pruner.js';
import type { Direction } from '../../protocol/study.js';
import type { CurveTrial, HyperCache } from './curve-forecast.js';
import { decideLearningCurve, type LearningCurveDecision, type LearningCurveSettings } from './learning-curve-decide.js';
import { judgesStartupRung } from './startup-rank.js';
import { NO_HISTORY, type HistoryNeed, type HistoryQuery, type PruneContext, type PruneDecision, type Pruner, type PrunerTrial } from './types.js';

type LearningCurveSpec = Extract<PrunerSpec, { type: 'learning-curve' }>;

/** One decision's input, plain data (it crosses to a compute worker). */
export interface LearningCurveJob {
  readonly direction: Direction;
  readonly trials: readonly CurveTrial[];
  readonly trialId: string;
  readonly settings: LearningCurveSettings;
}

/** Where decisions run: the compute plane in the service, in process in tests and benchmarks. */
export type LearningCurveRunner = (job: LearningCurveJob, signal?: AbortSignal) => Promise<LearningCurveDecision>;

/** A runner that decides in this thread (tests, benchmarks, a service without a compute plane); `cache` memoizes hyperparameters. */
export function inProcessRunner(space: SearchSpace, cache?: HyperCache): LearningCurveRunner {
  return async (job) => decideLearningCurve(space, job.direction, job.trials, job.trialId, job.settings, cache);
}

/**
 * Trials as curves: running, completed and pruned ones with parameters. Failed, abandoned and
 * queued trials are left out: their curves stopped for reasons the model cannot know.
 */
export function curveTrials(trials: readonly PrunerTrial[]): CurveTrial[] {
  const out: CurveTrial[] = [];
  for (const t of trials) {
    if (!t.params || (t.state !== 'running' && t.state !== 'completed' && t.state !== 'pruned')) continue;
    out.push({ id: t.id, params: t.params, state: t.state, curve: t.curve, ...(t.value !== undefined ? { value: t.value } : {}) });
  }
  return out;
}

/** The learning-curve pruner of one study. */
export class LearningCurvePruner implements Pruner {
  readonly kind = 'learning-curve';
  private readonly settings: LearningCurveSettings;
  private readonly budget: PrunerBudget | undefined;

  constructor(
    spec: LearningCurveSpec,
    private readonly run: LearningCurveRunner,
  ) {
    const { threshold, minSteps, maxSteps, scale, maxCurves, startupTrials, startupMinSteps, startupRungTrials } = spec;
    this.settings = { threshold, minSteps, maxSteps, scale, maxCurves, startupTrials, ...(startupMinSteps !== undefined ? { startupMinSteps } : {}), startupRungTrials };
    this.budget = spec.budget;
  }

  /**
   * Whether a report can be decided at all: a step in [minSteps, maxSteps), or below minSteps one
   * that reaches a startup-screen rung (startupMinSteps < minSteps; the screen may be over by then,
   * which only the decision, seeing every trial, can tell).
   */
  private decidable(trial: PrunerTrial, step: number): boolean {
    if (step >= this.settings.maxSteps) return false;
    if (step >= this.settings.minSteps) return true;
    return this.settings.startupTrials > 0 && judgesStartupRung(this.settings, trial, step);
  }

  /** Whole curves, but only for reports that can be decided. */
  history(query: HistoryQuery): HistoryNeed {
    return this.decidable(query.trial, query.step) ? { kind: 'all' } : NO_HISTORY;
  }

  async decide(ctx: PruneContext): Promise<PruneDecision> {
    // Cheap refusals first, so most early reports never reach the compute plane.
    if (!this.decidable(ctx.trial, ctx.step)) return { prune: false };
    if (!ctx.trial.params) throw new BoError('INTERNAL', 'learning-curve pruner: the reporting trial came without its parameters');
    const all = [...ctx.others, ctx.trial];
    // The budget-aware threshold is resolved here, where every trial (failed ones too) is in view;
    // the decision (on the compute plane) reads it as this report's threshold.
    const settings = this.budget ? { ...this.settings, threshold: budgetThreshold(this.settings.threshold, this.budget, spentSteps(all)) } : this.settings;
    const d = await this.run({ direction: ctx.direction, trials: curveTrials(all), trialId: ctx.trial.id, settings }, ctx.signal);
    return { prune: d.prune, reason: d.reason };
  }
}
