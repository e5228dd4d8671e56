/**
 * Studies as a whole: create (idempotent by requestId), get, list, delete, export, and the sweep
 * of expired leases the app runs on a timer. StudyService delegates here.
 */
import type { RequestOf, StudyExport } from '../protocol/messages.js';
import type { Study } from '../protocol/study.js';
import type { StoredStudy } from './storage/types.js';
import { studyCsv } from './csv-export.js';
import { checkStudyCreate, studyIdFor } from './study-setup.js';
import { checkCreateReplay, createPayload } from './request-records.js';
import { requestTag } from './request-fingerprint.js';
import { withCurves } from './trial-curves.js';
import { notFoundStudy, type StudyCore } from './study-core.js';

const DEFAULT_LEASE_SECONDS = 3600;

/**
 * Creates a study; with a requestId the id is derived from it, so a retried create returns the
 * same study, while the same id with any other field different is CONFLICT (request-records.ts).
 */
export async function createStudy(core: StudyCore, req: RequestOf<'study:create'>): Promise<Study> {
  const { algorithm, effective, space, policy, pool, expanded } = await checkStudyCreate(req, core.deps);
  const id = studyIdFor(req.requestId);
  const tag = requestTag('create', createPayload(req));
  return core.durable(id, async () => {
    const existing = await core.storage.getStudy(id);
    if (existing) {
      await checkCreateReplay(core.storage, existing, req, { algorithm, ...(pool ? { pool } : {}) }, tag!);
      return core.view(existing, await core.storage.countTrials(id));
    }
    const stored: StoredStudy = {
      id,
      name: req.name,
      space: req.space,
      objectives: req.objectives,
      ...(req.constraints ? { constraints: req.constraints } : {}),
      algorithm,
      effectiveAlgorithm: effective,
      leaseSeconds: req.leaseSeconds ?? core.deps.defaultLeaseSeconds ?? DEFAULT_LEASE_SECONDS,
      metadata: req.metadata ?? {},
      createdAt: core.iso(),
      ...(pool ? { poolRows: pool.rows.length } : {}),
      ...(req.pool?.totalRows !== undefined ? { poolTotalRows: req.pool.totalRows } : {}),
    };
    const created = await core.storage.createStudy(stored, pool, tag);
    core.runtimes.set(id, { study: created, effective, space, policy, ...(expanded ? { pool: expanded } : {}) });
    core.logger.info('study_created', { studyId: id, name: req.name, surrogate: algorithm.surrogate, effective });
    return core.view(created, { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 });
  });
}

/** A study with its trial counts (expired leases are abandoned first, so counts are current). */
export async function getStudy(core: StudyCore, studyId: string): Promise<Study> {
  const study = await core.requireStudy(studyId);
  await core.abandonExpired(studyId);
  return core.view(study, await core.storage.countTrials(studyId));
}

/** Studies in creation order (oldest first, as storage lists them), at most `limit`. */
export async function listStudies(core: StudyCore, limit?: number): Promise<Study[]> {
  const studies = await core.storage.listStudies(limit);
  return Promise.all(studies.map(async (s) => core.view(s, await core.storage.countTrials(s.id))));
}

/** Deletes a study and everything under it. */
export async function deleteStudy(core: StudyCore, studyId: string): Promise<{ deleted: true }> {
  return core.durable(studyId, async () => {
    const deleted = await core.storage.deleteStudy(studyId);
    core.runtimes.delete(studyId);
    core.poolColumns.delete(studyId);
    core.deps.compute?.forget(studyId);
    if (!deleted) throw notFoundStudy(studyId);
    core.logger.info('study_deleted', { studyId });
    core.emit(studyId, 'study:updated', { studyId, deleted: true });
    return { deleted: true as const };
  });
}

/** The study and its trials as JSON, or one CSV row per trial. */
export async function exportStudy(core: StudyCore, req: RequestOf<'study:export'>): Promise<StudyExport> {
  const study = await getStudy(core, req.studyId);
  const trials = (await withCurves(core.storage, req.studyId, await core.storage.listTrials(req.studyId))).sort((a, b) => a.number - b.number);
  return req.format === 'csv' ? { format: 'csv', content: studyCsv(study, trials) } : { format: 'json', study, trials };
}

/** Abandons expired leases of every study (the app runs this on a timer; asks also do it lazily). */
export async function sweepExpiredLeases(core: StudyCore): Promise<number> {
  let n = 0;
  for (const s of await core.storage.listStudies()) {
    try {
      n += await core.abandonExpired(s.id);
    } catch (e) {
      // Deleted meanwhile, or a storage hiccup: the next sweep (or ask) catches up.
      core.logger.debug('lease_sweep_skipped', { studyId: s.id, error: e });
    }
  }
  return n;
}
