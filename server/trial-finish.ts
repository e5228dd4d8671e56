/**
 * Finishing a trial: tell (completed), fail and prune, each a compare-and-set in storage, so a
 * second finish of the same trial is idempotent or CONFLICT, never a duplicate. StudyService
 * delegates here.
 */
import type { RequestOf } from '../protocol/messages.js';
import type { Trial } from '../protocol/study.js';
import { BoError } from '../core/errors.js';
import type { RequestTag, Storage } from './storage/types.js';
import { checkReplay } from './storage/storage-rules.js';
import { trialView } from './views.js';
import { toldMetrics } from './pareto.js';
import { validateCost, validateValues } from './validation.js';
import { requestTag } from './request-fingerprint.js';
import { curveObjective } from './report.js';
import { isTrainingTrial } from './training-trials.js';
import type { StudyCore } from './study-core.js';

/**
 * Completes a running (or abandoned) trial; the same values again is a no-op, different values
 * CONFLICT. `flush: false`: the caller makes the commit durable before it answers (tell-and-ask.ts).
 */
export async function tellTrial(core: StudyCore, req: RequestOf<'trial:tell'>, flush = true): Promise<Trial> {
  const study = await core.requireStudy(req.studyId);
  const values = validateValues(toldMetrics(study), req.values, ['values']);
  const cost = validateCost(req.cost, ['cost']);
  return finish(core, req.studyId, req.trialId, { state: 'completed', values, ...(cost !== undefined ? { cost } : {}) }, requestTag('tell', req, req.trialId), flush);
}

/** Marks a trial failed (compare-and-set like tell). */
export async function failTrial(core: StudyCore, req: RequestOf<'trial:fail'>): Promise<Trial> {
  await core.requireStudy(req.studyId);
  return finish(core, req.studyId, req.trialId, { state: 'failed', reason: req.reason ?? '' }, requestTag('fail', req, req.trialId));
}

/** Stops a running (or abandoned) trial early: state 'pruned', keeping its last reported value (compare-and-set like tell). */
export async function pruneTrial(core: StudyCore, req: RequestOf<'trial:prune'>): Promise<Trial> {
  const [objective] = curveObjective(await core.requireStudy(req.studyId));
  return finish(core, req.studyId, req.trialId, { state: 'pruned', objective }, requestTag('prune', req, req.trialId));
}

/**
 * Finishes a trial (tell/fail/prune). A request id recorded for another trial or payload is CONFLICT
 * (checkReplay), never the first answer; a true retry returns the trial as stored. A legacy
 * record (no fingerprint) goes on to the compare-and-set, whose stored outcome decides.
 */
async function finish(core: StudyCore, studyId: string, trialId: string, outcome: Parameters<Storage['finishTrial']>[2], request: RequestTag | undefined, flush = true): Promise<Trial> {
  return core.durable(studyId, async () => {
    const earlier = request ? await core.storage.getRequest(studyId, request.requestId) : null;
    if (earlier) {
      checkReplay(earlier, request!);
      if (earlier.fingerprint !== undefined) return trialView(await core.requireTrial(studyId, trialId));
    }
    // No read of the trial first (one statement per tell): only a refused finish looks for the
    // reason, so an unknown trial is still this service's NOT_FOUND at trialId.
    const { trial, changed } = await core.storage.finishTrial(studyId, trialId, outcome, core.iso(), request).catch(async (e: unknown) => {
      if (e instanceof BoError && e.code === 'NOT_FOUND') await core.requireTrial(studyId, trialId);
      throw e;
    });
    const view = trialView(trial);
    if (changed) {
      const rt = core.runtimes.get(studyId);
      if (isTrainingTrial(trial)) rt?.completed?.add(trial);
      rt?.active?.afterFinish(trial);
      if (core.logger.level === 'debug') core.logger.debug('trial_finished', { studyId, trialId, state: trial.state, number: trial.number });
      core.emit(studyId, 'trial:completed', { studyId, trial: view });
      await core.studyUpdated(studyId);
    }
    return view;
  }, flush);
}
