/**
 * Trials and pool rows that come from the user rather than the policy: enqueued params, trials
 * completed elsewhere, and chunks of a candidate pool. Each write runs under the study's lock and
 * is idempotent by requestId (or, for pool chunks, by offset). StudyService delegates here.
 */
import type { RequestOf } from '../protocol/messages.js';
import type { Study, Trial } from '../protocol/study.js';
import { trialView } from './views.js';
import { toldMetrics } from './pareto.js';
import { validateCost, validateParams, validateValues } from './validation.js';
import { replayedTrials } from './request-records.js';
import { requestTag } from './request-fingerprint.js';
import { renormaliseSimplexValues } from './simplex-tolerance.js';
import { appendPoolRows, poolEnqueue, requireCompletePool } from './pool-ops.js';
import { notFoundStudy, type StudyCore } from './study-core.js';

/**
 * Queues user-given params; the next ask hands them out first. In a pool study the params must
 * be a free pool candidate (see pool-ops.ts poolEnqueue) and the trial stores the pool's row.
 */
export async function enqueueTrial(core: StudyCore, req: RequestOf<'trial:enqueue'>): Promise<Trial> {
  return core.durable(req.studyId, async () => {
    const rt = await core.runtime(req.studyId);
    let params = validateParams(rt.space, req.params, ['params']);
    const request = requestTag('enqueue', req);
    const replay = await replayedTrials(core.storage, req.studyId, request, 1);
    if (replay) return trialView(replay[0]!);
    let diagnostics: Record<string, unknown> = { phase: 'enqueued' };
    if (rt.pool) {
      requireCompletePool(rt.study);
      await core.abandonExpired(req.studyId);
      const picked = poolEnqueue(rt, params, await core.storage.listTrials(req.studyId, ['completed', 'running', 'queued']));
      params = picked.params;
      diagnostics = { ...diagnostics, poolRow: picked.poolRow };
    }
    const [trial] = await core.storage.insertTrials(req.studyId, [{ state: 'queued', params, diagnostics }], request);
    if (rt.seenTrials !== undefined) rt.seenTrials += 1; // our own insert: the next ask need not reload
    await core.studyUpdated(req.studyId);
    return trialView(trial!);
  });
}

/** Records trials completed elsewhere (they feed the model like told trials). */
export async function addCompletedTrials(core: StudyCore, req: RequestOf<'trial:add'>): Promise<Trial[]> {
  return core.durable(req.studyId, async () => {
    const rt = await core.runtime(req.studyId);
    const rows = req.trials.map((t, i) => {
      const at = ['trials', i, 'params'];
      const renormalised = req.simplexTolerance === undefined ? { params: t.params, sums: {} } : renormaliseSimplexValues(rt.space, t.params, req.simplexTolerance, at);
      const params = validateParams(rt.space, renormalised.params, at);
      const values = validateValues(toldMetrics(rt.study), t.values, ['trials', i, 'values']);
      const cost = validateCost(t.cost, ['trials', i, 'cost']);
      // The sums before renormalisation stay visible on the trial (diagnostics.simplexSums).
      const diagnostics = Object.keys(renormalised.sums).length > 0 ? { phase: 'added', simplexSums: renormalised.sums } : { phase: 'added' };
      return { state: 'completed' as const, params, values, ...(cost !== undefined ? { cost } : {}), diagnostics };
    });
    const request = requestTag('add', req);
    const replay = await replayedTrials(core.storage, req.studyId, request, req.trials.length);
    if (replay) return replay.map(trialView);
    const inserted = await core.storage.insertTrials(req.studyId, rows, request);
    for (const t of inserted) rt.completed?.add(t);
    if (rt.seenTrials !== undefined) rt.seenTrials += inserted.length; // our own insert: the next ask need not reload
    await core.studyUpdated(req.studyId);
    return inserted.map(trialView);
  });
}

/**
 * Appends a chunk of rows to a pool created with totalRows (pool-ops.ts appendPoolRows):
 * idempotent by offset, so a retried chunk changes nothing. The study's runtime is dropped
 * after each append, so the next ask rebuilds its policy from the whole stored pool.
 */
export async function appendPoolChunk(core: StudyCore, req: RequestOf<'pool:append'>): Promise<Study> {
  return core.durable(req.studyId, async () => {
    const study = await core.storage.getStudy(req.studyId);
    if (!study) throw notFoundStudy(req.studyId);
    let columns = core.poolColumns.get(req.studyId);
    if (!columns && study.poolRows !== undefined) {
      columns = (await core.storage.getPool(req.studyId))?.columns ?? [];
      core.poolColumns.set(req.studyId, columns);
    }
    const space = core.runtimes.get(req.studyId)?.space ?? core.deps.createSearchSpace(study.space);
    const updated = await appendPoolRows(core.storage, space, study, columns ?? [], req);
    if (updated !== study) {
      core.runtimes.delete(req.studyId);
      core.deps.compute?.forget(req.studyId);
      core.logger.info('pool_appended', { studyId: req.studyId, offset: req.offset, rows: updated.poolRows, totalRows: updated.poolTotalRows });
    }
    return core.view(updated, await core.storage.countTrials(req.studyId));
  });
}
