/**
 * Storage on PostgreSQL (node-postgres pool). Each write is one READ COMMITTED transaction that
 * first takes pg_advisory_xact_lock(hash(schema), hash(studyId)): the per-study lock holds across
 * processes and machines, ends with the commit, and is never held while a model fits (an ask's
 * staleness is checked at commit instead, AskWrite.basis in types.ts). Under that lock each
 * statement sees every earlier commit, so read-check-write sequences (replay, compare-and-set) are
 * safe. Trial numbers come from studies.next_number by UPDATE ... RETURNING (atomic on its own).
 * Reads are single statements (one snapshot each) without the lock. Connections, transactions and
 * error mapping: postgres-pool.ts; SQL text: postgres-sql.ts.
 *
 * Durability: a resolved write has been committed by the server (synchronous_commit as the server
 * is configured, on by default: WAL flushed), so flush() has nothing to add and resolves at once.
 */
import type pg from 'pg';
import { BoError } from '../../core/errors.js';
import type { TrialState } from '../../protocol/study.js';
import type {
  AskWrite, CurveWrite, FinishResult, NewTrial, RequestRecord, RequestTag, Storage, StoredCurvePoint, StoredPool, StoredStudy, StoredTrial, TrialClock, TrialCounts,
  TrialOutcome,
} from './types.js';
import { PgDatabase, type PgClient } from './postgres-pool.js';
import { statements, TRIAL_INSERT_COLUMNS, type PostgresOptions } from './postgres-sql.js';
import { curveFromRow, groupCurves, newTrialRow, requestFromRow, studyFromRow, studyToRow, trialFromRow, type CurveRow, type RequestRow, type StudyRow, type TrialRow } from './sqlite-rows.js';
import {
  checkCurvePoint, checkNewTrials, checkOutcome, checkReplay, curvePoint, curveWriteAction, idsResult, parseTime, poolMissing, poolOffsetConflict, prunedValues,
  recordedIds, refuseFinish, StaleAskError, studyNotFound, trialNotFound,
} from './storage-rules.js';

type Client = PgClient;

/** Trials per INSERT statement: as many as 65,535 bind parameters hold. */
const INSERT_BATCH = Math.floor(65_535 / TRIAL_INSERT_COLUMNS.length);

/** Trials of rows in number order (UPDATE ... RETURNING gives rows in no defined order). */
function byNumber(rows: TrialRow[]): StoredTrial[] {
  return rows.map(trialFromRow).sort((a, b) => a.number - b.number);
}

/** Storage on a PostgreSQL database: pooled connections, per-study advisory locks, numbered migrations. */
export class PostgresStorage implements Storage {
  readonly description: string;
  private readonly q: ReturnType<typeof statements>;

  private constructor(private readonly db: PgDatabase, options: PostgresOptions) {
    this.description = options.description;
    this.q = statements(options.schema);
  }

  /** Connects, migrates the schema (under the migration lock) and returns the storage. */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    return new PostgresStorage(await PgDatabase.open(options), options);
  }

  private tx<T>(studyId: string | null, fn: (c: Client) => Promise<T>): Promise<T> {
    return this.db.tx(studyId, fn);
  }

  private read<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    return this.db.read<R>(sql, params);
  }

  /** Inside a write: the study's next trial number; NOT_FOUND for an unknown study. */
  private async requireStudy(c: Client, studyId: string): Promise<number> {
    const { rows } = await c.query<{ next_number: number }>(this.q.nextNumber, [studyId]);
    if (rows.length === 0) throw studyNotFound(studyId);
    return rows[0]!.next_number;
  }

  private async trial(c: Client | null, studyId: string, trialId: string): Promise<StoredTrial | null> {
    const rows = c ? (await c.query<TrialRow>(this.q.getTrial, [studyId, trialId])).rows : await this.read<TrialRow>(this.q.getTrial, [studyId, trialId]);
    return rows[0] ? trialFromRow(rows[0]) : null;
  }

  async createStudy(study: StoredStudy, pool?: StoredPool, request?: RequestTag): Promise<StoredStudy> {
    return this.tx(study.id, async (c) => {
      if ((await c.query(this.q.nextNumber, [study.id])).rows.length > 0) throw new BoError('CONFLICT', `study ${study.id} already exists`);
      const r = studyToRow(study);
      await c.query(this.q.insertStudy, [r.id, r.name, r.space_json, r.objectives_json, r.algorithm_json, r.lease_seconds, r.metadata_json, r.created_at, r.pool_rows, r.pool_total_rows]);
      if (pool) await c.query(this.q.insertPool, [study.id, JSON.stringify({ columns: pool.columns, rows: pool.rows })]);
      if (request) await this.record(c, study.id, request, study.id, study.createdAt);
      return studyFromRow((await c.query<StudyRow>(this.q.getStudy, [study.id])).rows[0]!);
    });
  }

  async getPool(studyId: string): Promise<StoredPool | null> {
    // One statement reads the pool and its chunks in one snapshot: an append cannot split it.
    const [row] = await this.read<{ pool_json: string; chunks: string[] }>(this.q.getPool, [studyId]);
    if (!row) return null;
    const pool = JSON.parse(row.pool_json) as { columns: string[]; rows: unknown[][] };
    for (const chunk of row.chunks) for (const r of JSON.parse(chunk) as unknown[][]) pool.rows.push(r);
    return pool;
  }

  async appendPool(studyId: string, offset: number, rows: readonly (readonly unknown[])[]): Promise<StoredStudy> {
    return this.tx(studyId, async (c) => {
      const row = (await c.query<StudyRow>(this.q.getStudy, [studyId])).rows[0];
      if (!row) throw studyNotFound(studyId);
      const study = studyFromRow(row);
      if (study.poolRows === undefined) throw poolMissing(studyId);
      if (offset !== study.poolRows) throw poolOffsetConflict(offset, study.poolRows);
      if (rows.length === 0) return study;
      await c.query(this.q.insertPoolChunk, [studyId, offset, JSON.stringify(rows)]);
      await c.query(this.q.setPoolRows, [offset + rows.length, studyId, offset]);
      return { ...study, poolRows: offset + rows.length };
    });
  }

  async getStudy(studyId: string): Promise<StoredStudy | null> {
    const [row] = await this.read<StudyRow>(this.q.getStudy, [studyId]);
    return row ? studyFromRow(row) : null;
  }

  async listStudies(limit?: number): Promise<StoredStudy[]> {
    // LIMIT NULL means no limit.
    const n = limit === undefined ? null : Math.max(0, Math.floor(limit));
    return (await this.read<StudyRow>(this.q.listStudies, [n])).map(studyFromRow);
  }

  async deleteStudy(studyId: string): Promise<boolean> {
    // ON DELETE CASCADE removes pool, trials, requests and policy state in the same statement.
    return this.tx(studyId, async (c) => ((await c.query(this.q.deleteStudy, [studyId])).rowCount ?? 0) > 0);
  }

  /** NOT_FOUND unless the study exists (reads: checked only when a read came back empty). */
  private async requireStudyRead(studyId: string): Promise<void> {
    if ((await this.read(this.q.nextNumber, [studyId])).length === 0) throw studyNotFound(studyId);
  }

  async listTrials(studyId: string, states?: readonly TrialState[]): Promise<StoredTrial[]> {
    const distinct = states ? [...new Set(states)] : null;
    const rows = distinct === null ? await this.read<TrialRow>(this.q.listTrials, [studyId])
      : distinct.length === 0 ? [] : await this.read<TrialRow>(this.q.listTrialsIn(distinct.length), [studyId, ...distinct]);
    if (rows.length === 0) await this.requireStudyRead(studyId);
    return rows.map(trialFromRow);
  }

  async getTrial(studyId: string, trialId: string): Promise<StoredTrial | null> {
    return this.trial(null, studyId, trialId);
  }

  async insertTrials(studyId: string, trials: readonly NewTrial[], request?: RequestTag): Promise<StoredTrial[]> {
    return this.tx(studyId, async (c) => {
      await this.requireStudy(c, studyId);
      const replay = await this.replay(c, studyId, request);
      if (replay) return replay;
      checkNewTrials(trials);
      const made = await this.append(c, studyId, trials);
      if (request) await this.record(c, studyId, request, idsResult(made), new Date().toISOString());
      return made;
    });
  }

  async trialClock(studyId: string): Promise<TrialClock> {
    const [row] = await this.read<{ next_number: number; completed_count: number }>(this.q.clock, [studyId]);
    if (!row) throw studyNotFound(studyId);
    return { trials: row.next_number, completed: row.completed_count };
  }

  async countTrials(studyId: string): Promise<TrialCounts> {
    const counts: TrialCounts = { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 };
    const rows = await this.read<{ state: TrialState; n: number }>(this.q.countByState, [studyId]);
    if (rows.length === 0) await this.requireStudyRead(studyId);
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  }

  async commitAsk(studyId: string, write: AskWrite): Promise<StoredTrial[]> {
    const leaseMs = write.claim ? parseTime('leaseExpiresAt', write.claim.leaseExpiresAt) : 0;
    return this.tx(studyId, async (c) => {
      const next = await this.requireStudy(c, studyId);
      const replay = await this.replay(c, studyId, write.request);
      if (replay) return replay;
      if (write.basis && write.basis.trials !== next) throw new StaleAskError(studyId, `it read ${write.basis.trials} trials, the study now has ${next}`);
      checkNewTrials(write.trials);
      const cl = write.claim;
      const want = cl && cl.count > 0 ? Math.floor(cl.count) : 0;
      const claimed = want > 0 ? byNumber((await c.query<TrialRow>(this.q.claim, [cl!.leaseExpiresAt, leaseMs, cl!.clientId ?? null, studyId, want])).rows) : [];
      if (write.basis && claimed.length < want) throw new StaleAskError(studyId, `${want} queued trials expected, ${claimed.length} left`);
      const all = [...claimed, ...(await this.append(c, studyId, write.trials))];
      const now = new Date().toISOString();
      if (write.request) await this.record(c, studyId, write.request, idsResult(all), now);
      if (write.policyState !== undefined) await c.query(this.q.putPolicy, [studyId, JSON.stringify(write.policyState ?? null), now]);
      return all.sort((a, b) => a.number - b.number);
    });
  }

  /** Inside a write: the trials an earlier request with this id inserted, or null when there was none. */
  private async replay(c: Client, studyId: string, request: RequestTag | undefined): Promise<StoredTrial[] | null> {
    if (!request) return null;
    const seen = await this.recorded(c, studyId, request.requestId);
    if (!seen) return null;
    checkReplay(seen, request);
    const out: StoredTrial[] = [];
    for (const id of recordedIds(request.requestId, seen.result)) out.push((await this.trial(c, studyId, id)) ?? (() => { throw trialNotFound(studyId, id); })());
    return out;
  }

  /** The record of a request id, or null (inside a transaction when `c` is given). */
  private async recorded(c: Client | null, studyId: string, requestId: string): Promise<RequestRecord | null> {
    const rows = c ? (await c.query<RequestRow>(this.q.getRequest, [studyId, requestId])).rows : await this.read<RequestRow>(this.q.getRequest, [studyId, requestId]);
    return rows[0] ? requestFromRow(rows[0]) : null;
  }

  /** Inside a write: stores a request's record unless its id has one (the first record wins). */
  private async record(c: Client, studyId: string, tag: RequestTag, result: unknown, at: string): Promise<void> {
    await c.query(this.q.putRequest, [studyId, tag.requestId, tag.kind, JSON.stringify(result ?? null), at, tag.target ?? null, tag.fingerprint ?? null, tag.summary ?? null]);
  }

  /** Inside a write: allocates numbers and inserts validated trials; returns them as stored (without re-reading). */
  private async append(c: Client, studyId: string, trials: readonly NewTrial[]): Promise<StoredTrial[]> {
    if (trials.length === 0) return [];
    const createdAt = new Date().toISOString();
    const completed = trials.reduce((n, t) => n + (t.state === 'completed' ? 1 : 0), 0);
    const first = (await c.query<{ first: number }>(this.q.allocate, [studyId, trials.length, completed])).rows[0]!.first;
    const rows = trials.map((t, k) => newTrialRow(studyId, first + k, t, createdAt));
    // A statement binds at most 65,535 parameters (the protocol's 16-bit count): 4,681 trials each.
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH);
      await c.query(this.q.insertTrials(batch.length), batch.flatMap((r) => TRIAL_INSERT_COLUMNS.map((k) => r[k])));
    }
    // Decoding the JSON we just wrote gives exactly what a later read returns.
    return rows.map(trialFromRow);
  }

  async claimQueued(studyId: string, count: number, leaseExpiresAt: string, clientId?: string): Promise<StoredTrial[]> {
    const leaseMs = parseTime('leaseExpiresAt', leaseExpiresAt);
    return this.tx(studyId, async (c) => {
      await this.requireStudy(c, studyId);
      if (!(count > 0)) return [];
      const { rows } = await c.query<TrialRow>(this.q.claim, [leaseExpiresAt, leaseMs, clientId ?? null, studyId, Math.floor(count)]);
      return byNumber(rows);
    });
  }

  async finishTrial(studyId: string, trialId: string, outcome: TrialOutcome, finishedAt: string, request?: RequestTag): Promise<FinishResult> {
    checkOutcome(outcome);
    parseTime('finishedAt', finishedAt);
    return this.tx(studyId, async (c) => {
      await this.requireStudy(c, studyId);
      // A request id recorded for another trial or payload: CONFLICT before anything is written.
      const seen = request ? await this.recorded(c, studyId, request.requestId) : null;
      if (seen) checkReplay(seen, request!);
      const done = outcome.state === 'completed';
      const last = outcome.state === 'pruned' ? (await c.query<{ value: number }>(this.q.lastCurveValue, [studyId, trialId])).rows[0]?.value : undefined;
      const values = done ? outcome.values : outcome.state === 'pruned' && last !== undefined ? { [outcome.objective]: last } : undefined;
      // Compare-and-set: only a running or abandoned trial takes an outcome (a prune without a curve takes none).
      const rows = outcome.state === 'pruned' && values === undefined ? [] : (await c.query<TrialRow>(this.q.finish, [
        studyId, trialId, outcome.state, values ? JSON.stringify(values) : null, done ? (outcome.cost ?? null) : null, outcome.state === 'failed' ? outcome.reason : null, finishedAt,
      ])).rows;
      // The finished row comes back with RETURNING; only a refused finish reads the trial again.
      const trial = rows[0] ? trialFromRow(rows[0]) : await this.trial(c, studyId, trialId);
      if (trial === null) throw trialNotFound(studyId, trialId);
      if (rows.length === 0 && outcome.state === 'pruned' && (trial.state === 'running' || trial.state === 'abandoned')) prunedValues(trialId, outcome.objective, undefined);
      const changed = rows.length > 0 ? true : refuseFinish(trial, outcome);
      if (changed && done) await c.query(this.q.countCompleted, [studyId]);
      if (request && !seen) await this.record(c, studyId, request, [trialId], finishedAt);
      return { trial, changed };
    });
  }

  async addIntermediate(studyId: string, trialId: string, point: StoredCurvePoint, at: string, request?: RequestTag): Promise<CurveWrite> {
    checkCurvePoint(point);
    parseTime('at', at);
    return this.tx(studyId, async (c) => {
      await this.requireStudy(c, studyId);
      const trial = await this.trial(c, studyId, trialId);
      if (trial === null) throw trialNotFound(studyId, trialId);
      const seen = request ? await this.recorded(c, studyId, request.requestId) : null;
      if (seen) checkReplay(seen, request!);
      const row = (await c.query<CurveRow>(this.q.getCurvePoint, [studyId, trialId, point.step])).rows[0];
      const stored = row ? curveFromRow(row) : undefined;
      const same = curveWriteAction(trial, stored, point) === 'same';
      if (!same) await c.query(this.q.insertCurvePoint, [studyId, trialId, point.step, point.value, point.prune, point.reason ?? null, at]);
      if (request && !seen) await this.record(c, studyId, request, [trialId], at);
      return same ? { point: stored!, changed: false } : { point: curvePoint(point.step, point.value, point.prune, point.reason), changed: true };
    });
  }

  async listCurves(studyId: string, trialIds?: readonly string[], steps?: readonly number[]): Promise<Map<string, StoredCurvePoint[]>> {
    const ids = trialIds ? new Set(trialIds) : undefined;
    const rows = steps
      ? (await this.read<CurveRow>(this.q.listCurveSteps, [studyId, [...new Set(steps)]])).filter((r) => !ids || ids.has(r.trial_id))
      : ids ? await this.read<CurveRow>(this.q.listCurvesOf, [studyId, [...ids]]) : await this.read<CurveRow>(this.q.listCurves, [studyId]);
    if (rows.length === 0) await this.requireStudyRead(studyId);
    return groupCurves(rows);
  }

  async extendLease(studyId: string, trialId: string, leaseExpiresAt: string): Promise<StoredTrial> {
    const leaseMs = parseTime('leaseExpiresAt', leaseExpiresAt);
    return this.tx(studyId, async (c) => {
      await this.requireStudy(c, studyId);
      await c.query(this.q.extend, [leaseExpiresAt, leaseMs, studyId, trialId]);
      const trial = await this.trial(c, studyId, trialId);
      if (trial === null) throw trialNotFound(studyId, trialId);
      return trial;
    });
  }

  async abandonExpired(studyId: string, now: string): Promise<StoredTrial[]> {
    const nowMs = parseTime('now', now);
    return this.tx(studyId, async (c) => {
      await this.requireStudy(c, studyId);
      return byNumber((await c.query<TrialRow>(this.q.abandon, [studyId, nowMs])).rows);
    });
  }

  async getRequest(studyId: string, requestId: string): Promise<RequestRecord | null> {
    return this.recorded(null, studyId, requestId);
  }

  async putRequest(studyId: string, requestId: string, kind: string, result: unknown): Promise<void> {
    await this.tx(studyId, async (c) => {
      await this.requireStudy(c, studyId);
      await this.record(c, studyId, { requestId, kind }, result, new Date().toISOString());
    });
  }

  async getPolicyState(studyId: string): Promise<unknown | null> {
    const [row] = await this.read<{ state_json: string }>(this.q.getPolicy, [studyId]);
    return row === undefined ? null : (JSON.parse(row.state_json) as unknown);
  }

  async putPolicyState(studyId: string, state: unknown): Promise<void> {
    await this.tx(studyId, async (c) => {
      await this.requireStudy(c, studyId);
      await c.query(this.q.putPolicy, [studyId, JSON.stringify(state ?? null), new Date().toISOString()]);
    });
  }

  async flush(): Promise<void> {
    // Every resolved write is already committed by the server (see the file comment).
    this.db.requireOpen();
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
