/**
 * Replaying idempotent requests in the service (issue 14 item 1): the stored record of a request
 * id is checked against the new request's tag (storage-rules.ts checkReplay: same kind, target and
 * payload fingerprint, else CONFLICT naming both payloads) before its first answer is returned.
 */
import { BoError } from '../core/errors.js';
import type { RequestOf } from '../protocol/messages.js';
import type { AlgorithmSpec } from '../protocol/algorithm.js';
import type { RequestTag, Storage, StoredStudy, StoredTrial } from './storage/types.js';
import type { CandidatePool } from '../policy/pool.js';
import { checkReplay, recordedIds } from './storage/storage-rules.js';
import { canonicalJson, truncate } from './request-fingerprint.js';

/**
 * The trials the first request with `tag`'s id answered with, or null when the id is new. CONFLICT
 * when the id was used for another request; `count` (the trials this request would return) also
 * guards legacy records without a fingerprint: an ask replayed with another count is refused.
 */
export async function replayedTrials(storage: Storage, studyId: string, tag: RequestTag | undefined, count?: number): Promise<StoredTrial[] | null> {
  if (!tag) return null;
  const earlier = await storage.getRequest(studyId, tag.requestId);
  if (!earlier) return null;
  checkReplay(earlier, tag);
  const ids = recordedIds(tag.requestId, earlier.result);
  if (count !== undefined && ids.length !== count) {
    throw new BoError('CONFLICT', `requestId ${JSON.stringify(tag.requestId)} was already used for a ${earlier.kind} that returned ${ids.length} trial(s); this request is for ${count}: send a fresh requestId per call`, [{ path: ['requestId'], message: 'already used for another request' }]);
  }
  const trials = await Promise.all(ids.map((id) => storage.getTrial(studyId, id)));
  return trials.map((t, i) => t ?? missing(studyId, ids[i]!));
}

function missing(studyId: string, trialId: string): never {
  throw new BoError('NOT_FOUND', `trial '${trialId}' not found in study '${studyId}'`, [{ path: ['trialId'], message: 'not found' }]);
}

/**
 * What a study:create's fingerprint covers: the whole request, except that a pool counts by its
 * columns and total rows. The rows a create carries are the first chunk of an upload, whose size is
 * a transport detail (an SDK retry may cut it differently), so they are compared with the stored
 * pool row by row instead (checkCreateReplay).
 */
export function createPayload(req: RequestOf<'study:create'>): RequestOf<'study:create'> {
  if (!req.pool) return req;
  return { ...req, pool: { columns: req.pool.columns, totalRows: req.pool.totalRows ?? req.pool.rows.length } as unknown as NonNullable<RequestOf<'study:create'>['pool']> };
}

/** CONFLICT for a create whose id was used for another study (both named). */
function createConflict(tag: RequestTag, studyId: string, first: string): BoError {
  return new BoError(
    'CONFLICT',
    `requestId ${JSON.stringify(tag.requestId)} was already used to create study ${studyId} ${truncate(first)}; this request is study:create ${tag.summary ?? ''}. A requestId names exactly one request: send a fresh one per call`,
    [{ path: ['requestId'], message: 'already used for another request' }],
  );
}

/**
 * Whether a study:create retry may return `existing` (the study its requestId's id derives to).
 * With a stored record the tags must match (the canonical request: name, space, objectives,
 * algorithm, metadata, lease, pool columns and size; createPayload). A study created before
 * records of creates existed (schema < 5) has none: then the fields stored verbatim must equal the
 * request's (name, space, objectives, metadata, lease when given, every algorithm field the
 * request resolved, pool size). Either way the pool rows both hold must be the same rows.
 */
export async function checkCreateReplay(
  storage: Storage,
  existing: StoredStudy,
  req: RequestOf<'study:create'>,
  checked: { readonly algorithm: AlgorithmSpec; readonly pool?: CandidatePool },
  tag: RequestTag,
): Promise<void> {
  const earlier = await storage.getRequest(existing.id, tag.requestId);
  if (earlier) checkReplay(earlier, tag);
  else checkLegacyCreate(existing, req, checked.algorithm, tag);
  if (!checked.pool) return;
  const stored = (await storage.getPool(existing.id))?.rows ?? [];
  const rows = checked.pool.rows;
  for (let i = 0; i < Math.min(rows.length, stored.length); i++) {
    if (canonicalJson(rows[i]) !== canonicalJson(stored[i])) {
      throw createConflict(tag, existing.id, `whose pool row ${i} is ${canonicalJson(stored[i])}, not ${canonicalJson(rows[i])}`);
    }
  }
}

/** The legacy comparison of checkCreateReplay (no record of the first create). */
function checkLegacyCreate(existing: StoredStudy, req: RequestOf<'study:create'>, algorithm: AlgorithmSpec, tag: RequestTag): void {
  const lease = req.leaseSeconds !== undefined;
  const pool = req.pool !== undefined;
  const given = {
    name: req.name, space: req.space, objectives: req.objectives, metadata: req.metadata ?? {}, algorithm,
    ...(lease ? { leaseSeconds: req.leaseSeconds } : {}),
    ...(pool ? { poolRows: req.pool!.totalRows ?? req.pool!.rows.length } : {}),
  };
  const stored = {
    name: existing.name, space: existing.space, objectives: existing.objectives, metadata: existing.metadata,
    algorithm: Object.fromEntries(Object.keys(algorithm).map((k) => [k, (existing.algorithm as Record<string, unknown>)[k]])),
    ...(lease ? { leaseSeconds: existing.leaseSeconds } : {}),
    ...(pool ? { poolRows: existing.poolTotalRows ?? existing.poolRows } : {}),
  };
  if (canonicalJson(stored) !== canonicalJson(given)) throw createConflict(tag, existing.id, canonicalJson(stored));
}
