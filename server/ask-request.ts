/**
 * The service's side of trial:ask: replay by requestId, the study's lock, metrics and events around
 * server/ask.ts askTrials (which claims queued trials and runs the policy). StudyService delegates here.
 */
import type { RequestOf } from '../protocol/messages.js';
import type { Trial } from '../protocol/study.js';
import type { Observation } from '../policy/types.js';
import { outcomeSpecOf } from '../policy/outcome-spec.js';
import { trialView } from './views.js';
import type { StudyRuntime } from './study-setup.js';
import { askTrials } from './ask.js';
import { CompletedCache } from './completed-cache.js';
import { replayedTrials } from './request-records.js';
import { requestTag } from './request-fingerprint.js';
import { requireCompletePool } from './pool-ops.js';
import { TRAINING_STATES } from './training-trials.js';
import type { RequestContext, StudyCore } from './study-core.js';

/**
 * Hands out `count` trials: queued ones first, then the policy's suggestions; idempotent by
 * requestId. `ctx.signal` (the client went away) drops or aborts the ask's compute job and
 * commits nothing, so a retry redoes it.
 */
export async function answerAsk(core: StudyCore, req: RequestOf<'trial:ask'>, ctx: RequestContext = {}): Promise<{ trials: Trial[] }> {
  return core.durable(req.studyId, async () => {
    const t0 = performance.now();
    const rt = await core.runtime(req.studyId);
    const tag = requestTag('ask', req);
    const replay = await replayedTrials(core.storage, req.studyId, tag, req.count);
    if (replay) return { trials: replay.map(trialView) };
    requireCompletePool(rt.study);
    const { timeBudgetMs, hardLimitMs } = core.suggestLimits();
    const signal = core.signalOf(ctx);
    const trials = (
      await askTrials(core.storage, rt, {
        count: req.count,
        clientId: req.clientId,
        request: tag,
        now: core.now(),
        timeBudgetMs,
        hardLimitMs,
        signal,
        createPolicy: core.deps.createPolicy,
        logger: core.logger,
        // Method shorthand, not arrows: under tsx (esbuild keepNames) each property arrow costs a defineProperty per ask.
        onProgress(p) {
          core.emit(req.studyId, 'fit:progress', { studyId: req.studyId, ...p });
        },
        ...(core.deps.compute ? { compute: core.deps.compute } : {}),
      }, {
        completed() {
          return completedOf(core, rt);
        },
        completedPoints() {
          return rt.completed?.points();
        },
        completedKeys() {
          return rt.completed?.takenKeys();
        },
        abandonExpired() {
          return core.abandonExpired(req.studyId);
        },
      })
    ).map(trialView);
    observeAsk(core, rt, trials, performance.now() - t0);
    core.emit(req.studyId, 'trial:asked', { studyId: req.studyId, trials });
    if (core.logger.level === 'debug') core.logger.debug('trials_asked', { studyId: req.studyId, count: trials.length, numbers: trials.map((t) => t.number) });
    return { trials };
  });
}

/** Ask latency by surrogate and phase; a fallback counted by its reason class. */
function observeAsk(core: StudyCore, rt: StudyRuntime, trials: readonly Trial[], ms: number): void {
  const surrogate = rt.study.algorithm.surrogate;
  const diag = trials.find((t) => t.diagnostics?.phase !== 'enqueued')?.diagnostics;
  const phase = typeof diag?.phase === 'string' ? diag.phase : 'claimed';
  core.metrics.askSeconds.observe({ surrogate, phase }, ms / 1000);
  if (phase === 'fallback') {
    // decide() logged the fallbacks it made (policy_failed); one the policy made itself is logged here.
    const reason = typeof diag?.fallbackClass === 'string' ? diag.fallbackClass : 'policy-internal';
    if (reason === 'policy-internal') core.logger.warn('policy_fallback', { studyId: rt.study.id, surrogate, reason: diag?.fallbackReason });
    core.metrics.fallbacks.inc({ surrogate, reason });
  }
  if (typeof diag?.modelFallback === 'string') {
    // A stand-in model (DKL -> GP): the ask is model-based, but not by the model the study named.
    core.logger.warn('model_fallback', { studyId: rt.study.id, surrogate, model: diag.modelFallback, reason: diag.modelFallbackReason });
    core.metrics.fallbacks.inc({ surrogate, reason: 'model-fallback' });
  }
}

/** The study's completed observations, from the in-memory cache (loaded from storage on first use). */
async function completedOf(core: StudyCore, rt: StudyRuntime): Promise<readonly Observation[]> {
  if (!rt.completed) {
    const objective = Object.keys(rt.study.objectives)[0]!;
    rt.completed = CompletedCache.from(await core.storage.listTrials(rt.study.id, TRAINING_STATES), objective, rt.space, outcomeSpecOf(rt.study.objectives, rt.study.constraints));
  }
  // No copy: the ask holds the study's lock until its policy answered (CompletedCache.view).
  return rt.completed.view();
}
