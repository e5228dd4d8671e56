/**
 * Read-only questions about a study: its trials, the best trial, the Pareto front, the model's
 * recommendation and slices. None takes the study's write lock; the model jobs (pareto, recommend,
 * slices) run on the compute plane when there is one. It owns the memos that answer repeats over
 * unchanged completed trials without a job. StudyService delegates here.
 */
import type { RequestOf } from '../protocol/messages.js';
import type { Recommendation, Trial } from '../protocol/study.js';
import type { ParetoFront } from '../protocol/pareto.js';
import type { StudySlices } from '../protocol/slices.js';
import type { StoredStudy } from './storage/types.js';
import { trialView } from './views.js';
import { bestFeasible } from './pareto.js';
import { ParetoMemo, paretoInThread, paretoOnPlane, studyPareto } from './pareto-view.js';
import { recommendInThread, recommendOnPlane, recommendStudy, type RecommendContext } from './recommend.js';
import { targetFidelity } from '../policy/recommend.js';
import { SlicesMemo, slicesInThread, slicesOnPlane, studySlices } from './slices.js';
import { withCurves } from './trial-curves.js';
import type { RequestContext, StudyCore } from './study-core.js';

/** The read-only study queries, over the service's shared core. */
export class StudyReads {
  /** Slices already computed for unchanged completed trials (server/slices.ts). */
  private readonly slicesMemo = new SlicesMemo();
  /** Pareto summaries already computed for unchanged completed trials (server/pareto-view.ts). */
  private readonly paretoMemo = new ParetoMemo();

  constructor(private readonly core: StudyCore) {}

  /** Trials ordered by number, optionally filtered by state. */
  async listTrials(req: RequestOf<'trial:list'>): Promise<Trial[]> {
    const core = this.core;
    await core.requireStudy(req.studyId);
    await core.abandonExpired(req.studyId);
    const trials = await core.storage.listTrials(req.studyId, req.states && req.states.length > 0 ? req.states : undefined);
    return (req.curves ? await withCurves(core.storage, req.studyId, trials) : trials.map(trialView)).sort((a, b) => a.number - b.number);
  }

  /**
   * The completed trial with the best value of the first objective (ties: the earliest), or null.
   * With a fidelity parameter only target-level trials count: a cheap proxy's value is not
   * comparable to the target's (null until a target-level trial completes).
   */
  async best(studyId: string): Promise<Trial | null> {
    const study = await this.core.requireStudy(studyId);
    const target = this.targetOf(study);
    const completed = await this.core.storage.listTrials(studyId, ['completed']);
    const best = bestFeasible(study, target ? completed.filter((t) => t.params[target.name] === target.value) : completed);
    return best ? trialView(best) : null;
  }

  /** The Pareto front of the feasible completed trials and its hypervolume (server/pareto.ts); target-level trials only with a fidelity parameter. */
  async pareto(studyId: string, ctx: RequestContext = {}): Promise<ParetoFront> {
    const study = await this.core.requireStudy(studyId);
    const target = this.targetOf(study);
    const completed = await this.core.storage.listTrials(studyId, ['completed']);
    const counted = target ? completed.filter((t) => t.params[target.name] === target.value) : completed;
    const { timeBudgetMs, hardLimitMs, signal } = this.modelJobContext(studyId, ctx);
    const compute = this.core.deps.compute;
    return studyPareto(study, completed, counted, { run: compute ? paretoOnPlane(compute) : paretoInThread, memo: this.paretoMemo, timeBudgetMs, hardLimitMs, signal });
  }

  /** The model's recommendation (server/recommend.ts): read-only, without the study's lock; `ctx.signal` cancels it. */
  async recommend(studyId: string, ctx: RequestContext = {}): Promise<Recommendation> {
    const study = await this.core.requireStudy(studyId);
    const { runRecommend, compute } = this.core.deps;
    return recommendStudy(study, { ...this.modelJobContext(studyId, ctx), run: runRecommend ?? (compute ? recommendOnPlane(compute) : recommendInThread) });
  }

  /** The dashboard's slices of the study's model (server/slices.ts): read-only like recommend. */
  async slices(studyId: string, ctx: RequestContext = {}): Promise<StudySlices> {
    const study = await this.core.requireStudy(studyId);
    const compute = this.core.deps.compute;
    return studySlices(study, { ...this.modelJobContext(studyId, ctx), run: compute ? slicesOnPlane(compute) : slicesInThread, memo: this.slicesMemo });
  }

  /** The study's target fidelity level (null without a fidelity parameter), from the cached space when loaded. */
  private targetOf(study: StoredStudy): ReturnType<typeof targetFidelity> {
    return targetFidelity(this.core.runtimes.get(study.id)?.space ?? this.core.deps.createSearchSpace(study.space));
  }

  /** What a read-only model job (recommend, slices, pareto) runs with: cached space, budgets, and a signal the service's close also aborts. */
  private modelJobContext(studyId: string, ctx: RequestContext): Omit<RecommendContext, 'run'> {
    const core = this.core;
    return {
      storage: core.storage,
      cached: core.runtimes.get(studyId),
      createSearchSpace: core.deps.createSearchSpace,
      ...core.suggestLimits(),
      signal: core.signalOf(ctx),
    };
  }
}
