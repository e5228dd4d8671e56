/**
 * The service's pool-mode rules that need storage or the study's state: chunked pool upload
 * (`pool:append`), asks and enqueues refused while an upload is incomplete, and enqueued params
 * restricted to free pool rows.
 */
import { BoError, invalidArgument } from '../core/errors.js';
import type { SearchSpace } from '../core/space-types.js';
import type { RequestOf } from '../protocol/messages.js';
import type { Params } from '../protocol/space.js';
import { checkPool } from '../policy/pool.js';
import { PoolIndex } from '../policy/pool-index.js';
import type { Storage, StoredStudy, StoredTrial } from './storage/types.js';
import type { StudyRuntime } from './study-setup.js';

/** FAILED_PRECONDITION (path ['pool'], 'incomplete') while a pool created with totalRows lacks rows. */
export function requireCompletePool(study: StoredStudy): void {
  const total = study.poolTotalRows;
  if (study.poolRows === undefined || total === undefined || study.poolRows >= total) return;
  throw new BoError(
    'FAILED_PRECONDITION',
    `the candidate pool is still being uploaded: ${study.poolRows} of ${total} rows stored (send the rest with pool:append)`,
    [{ path: ['pool'], message: 'incomplete' }],
  );
}

/**
 * Appends one chunk of pool rows; returns the study as stored afterwards. Every row of the chunk
 * is checked against the space (paths rows.<i>.<j>, i within the chunk). Rows below the stored
 * count are a retry: they must equal the stored rows (canonical form), else CONFLICT; rows from
 * the stored count on are appended in one compare-and-set write (Storage.appendPool), so two
 * concurrent uploads of the same chunk cannot both append it. `columns` are the pool's columns.
 */
export async function appendPoolRows(storage: Storage, space: SearchSpace, study: StoredStudy, columns: readonly string[], req: RequestOf<'pool:append'>): Promise<StoredStudy> {
  const stored = study.poolRows;
  if (stored === undefined) throw new BoError('FAILED_PRECONDITION', `study '${study.id}' has no candidate pool`, [{ path: ['studyId'], message: 'no candidate pool' }]);
  if (req.offset > stored) {
    throw new BoError('FAILED_PRECONDITION', `pool:append at row ${req.offset}, but only ${stored} rows are stored: send the rows from ${stored} first`, [{ path: ['offset'], message: `at most ${stored}` }]);
  }
  req.rows.forEach((r, i) => {
    if (r.length !== columns.length) throw invalidArgument(['rows', i], `row has ${r.length} values for ${columns.length} columns (${columns.join(', ')})`);
  });
  const rows = checkPool(space, { columns: [...columns], rows: req.rows }, []).rows;
  const overlap = Math.min(stored, req.offset + rows.length) - req.offset;
  if (overlap > 0) {
    const pool = await storage.getPool(study.id);
    const have = pool?.rows ?? [];
    for (let i = 0; i < overlap; i++) {
      if (JSON.stringify(have[req.offset + i]) !== JSON.stringify(rows[i])) {
        throw new BoError('CONFLICT', `pool row ${req.offset + i} is already stored with other values`, [{ path: ['rows', i], message: 'differs from the stored row' }]);
      }
    }
  }
  const fresh = rows.slice(overlap);
  if (fresh.length === 0) return study;
  const total = study.poolTotalRows ?? stored;
  if (stored >= total) {
    throw new BoError('FAILED_PRECONDITION', `the candidate pool is complete (${total} rows); it takes no more rows`, [{ path: ['rows'], message: 'pool complete' }]);
  }
  if (stored + fresh.length > total) {
    throw invalidArgument(['rows'], `the pool was declared with totalRows ${total}; ${stored} are stored and this chunk adds ${fresh.length}`);
  }
  return storage.appendPool(study.id, stored, fresh);
}

/**
 * Whether another process (API replica) appended pool rows since `study` was read, so a runtime
 * built from it holds a stale pool. Only a pool still being uploaded can grow (a complete one
 * refuses appends), so a complete pool costs no read; an incomplete one, one study read per call.
 */
export async function poolGrewElsewhere(storage: Storage, study: StoredStudy): Promise<boolean> {
  if (study.poolRows === undefined || study.poolTotalRows === undefined || study.poolRows >= study.poolTotalRows) return false;
  const stored = await storage.getStudy(study.id);
  return stored !== null && stored.poolRows !== study.poolRows;
}

/**
 * Enqueue in a pool study: the params must be a (row, level) candidate of the pool (matched on
 * the encoded point with the pool index's 1e-9 rounding, the same test that decides whether a row
 * is taken) — INVALID_ARGUMENT at ['params'] otherwise. A candidate already completed, running or
 * queued is refused with FAILED_PRECONDITION, not INVALID_ARGUMENT: the params are a valid
 * candidate and become acceptable again when that trial fails or is abandoned, so it is the
 * study's state that forbids it (as for an ask on an exhausted pool), and a client must not
 * "fix" the argument but pick another row or wait. Returns the pool's own params (canonical, so
 * the trial carries the row exactly as asks would) and the user's row number.
 */
export function poolEnqueue(rt: StudyRuntime, params: Params, active: readonly StoredTrial[]): { params: Params; poolRow: number } {
  const pool = rt.pool!;
  rt.poolIndex ??= new PoolIndex(rt.space, pool.params);
  const index = rt.poolIndex;
  const i = index.find(rt.space.encode(params));
  if (i < 0) throw invalidArgument(['params'], 'not a row of the study\'s candidate pool (at this fidelity level); a pool study only evaluates its pool rows');
  for (const t of active) {
    if (index.find(rt.space.encode(t.params as Params)) === i) {
      throw new BoError(
        'FAILED_PRECONDITION',
        `pool row ${pool.row[i]} at this level is already ${t.state} (trial ${t.number}); each (row, level) is evaluated once`,
        [{ path: ['params'], message: `already ${t.state}` }],
      );
    }
  }
  return { params: pool.params[i]!, poolRow: pool.row[i]! };
}
