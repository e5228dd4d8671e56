/**
 * Storage on one SQLite file (better-sqlite3, synchronous driver). Each method runs as one
 * transaction inside a single synchronous call, so in-process concurrency cannot interleave
 * inside it; BEGIN IMMEDIATE + busy_timeout serialise a second process on the same file.
 * It runs on the server's thread, or on its own with the URL option connection=thread
 * (sqlite-thread-storage.ts).
 *
 * Durability (WAL journal in every mode; URL option 'sqlite:<path>?synchronous=group|full|normal'):
 * - Every mode: a resolved write promise survives SIGKILL of the process, because each commit has
 *   reached the OS (the WAL file's page cache) before the promise resolves.
 * - 'group' (the default): SQLite synchronous=NORMAL (no fsync inside a commit) plus group
 *   commit: flush() fdatasyncs the WAL file once, asynchronously on the libuv pool, for every
 *   commit made before it; concurrent callers share one fsync. The service calls flush() after
 *   releasing the study's lock and before acknowledging a write, so an acknowledged ask/tell
 *   survives power loss as with FULL, while other requests keep running during the fsync. (A
 *   checkpoint in NORMAL mode syncs the WAL before copying it, so frames flush() has not synced
 *   yet are never lost to a checkpoint or WAL restart.)
 * - 'full': SQLite synchronous=FULL, one fsync inside every commit while the process's single
 *   thread waits; the same guarantee as 'group' but every write pays a whole fsync under the lock.
 * - Why 'group' is the default (benchmarks/load.ts, 16 SDK clients on one study, 2-core box under
 *   load, 2026-11-28): full 51-77 pairs/s, group 260-289, normal 291, memory 222-330 — group costs
 *   nothing measurable over no fsync at all, while full is fsync-bound (~4 ms per fsync here).
 *   Events (trial:asked, trial:completed) go out at commit, before the fsync; only replies wait.
 * - 'normal': no fsync for acknowledged writes at all (flush() is a no-op): survives a process
 *   kill, but an OS crash or power loss can lose the last acknowledged commits. Fastest.
 */
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BoError } from '../../core/errors.js';
import type { TrialState } from '../../protocol/study.js';
import type {
  AskWrite, CurveWrite, FinishResult, NewTrial, RequestRecord, RequestTag, Storage, StoredCurvePoint, StoredPool, StoredStudy, StoredTrial, TrialClock, TrialCounts,
  TrialOutcome,
} from './types.js';
import { migrate } from './migrations.js';
import { curveFromRow, groupCurves, newTrialRow, requestFromRow, studyFromRow, studyToRow, trialFromRow, type CurveRow, type RequestRow, type StudyRow, type TrialRow } from './sqlite-rows.js';
import {
  checkCurvePoint, checkNewTrials, checkOutcome, checkReplay, curvePoint, curveWriteAction, idsResult, parseTime, poolMissing, poolOffsetConflict, prunedValues,
  recordedIds, refuseFinish, StaleAskError, storageClosed, studyNotFound, trialNotFound,
} from './storage-rules.js';


/** WAL size (pages of 4 KiB) that triggers an automatic checkpoint: ~40 MB (see the constructor). */
const WAL_AUTOCHECKPOINT_PAGES = 10000;

/** How SqliteStorage opens its file. */
export interface SqliteOptions {
  /** File path, or ':memory:' (tests). The directory is created if missing. */
  readonly path: string;
  /** 'group' (default) and 'full': acknowledged writes survive power loss; 'normal': process kill only. See the file comment. */
  readonly synchronous?: SyncMode;
  /** How long a writer waits for another process's lock, ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Shown in health output; default 'sqlite:<path>'. */
  readonly description?: string;
}

/** How commits reach the disk (see the file comment). */
export type SyncMode = 'group' | 'full' | 'normal';

const TRIAL_COLUMNS = 'id, study_id, number, state, params_json, values_json, cost, fail_reason, created_at, finished_at, lease_expires_at, client_id, diagnostics_json';
const STUDY_COLUMNS = 'id, name, space_json, objectives_json, algorithm_json, lease_seconds, metadata_json, created_at, pool_rows, pool_total_rows';

/** Prepares every statement once; all ids and documents are bound parameters. */
function prepare(db: Database.Database) {
  return {
    insertStudy: db.prepare(`INSERT INTO studies (${STUDY_COLUMNS}) VALUES (@id, @name, @space_json, @objectives_json, @algorithm_json, @lease_seconds, @metadata_json, @created_at, @pool_rows, @pool_total_rows)`),
    insertPool: db.prepare('INSERT INTO study_pools (study_id, pool_json) VALUES (?, ?)'),
    getPool: db.prepare('SELECT pool_json FROM study_pools WHERE study_id = ?').pluck(),
    getPoolChunks: db.prepare('SELECT rows_json FROM study_pool_chunks WHERE study_id = ? ORDER BY first_row').pluck(),
    insertPoolChunk: db.prepare('INSERT INTO study_pool_chunks (study_id, first_row, rows_json) VALUES (?, ?, ?)'),
    setPoolRows: db.prepare('UPDATE studies SET pool_rows = ? WHERE id = ? AND pool_rows = ?'),
    getStudy: db.prepare(`SELECT ${STUDY_COLUMNS} FROM studies WHERE id = ?`),
    listStudies: db.prepare(`SELECT ${STUDY_COLUMNS} FROM studies ORDER BY seq LIMIT ?`),
    deleteStudy: db.prepare('DELETE FROM studies WHERE id = ?'),
    studyExists: db.prepare('SELECT 1 FROM studies WHERE id = ?').pluck(),
    listTrials: db.prepare(`SELECT ${TRIAL_COLUMNS} FROM trials WHERE study_id = ? ORDER BY number`),
    // One state at a time: the (study_id, state, number) index then reads only that state's rows
    // (with IN (json_each) the planner walked every trial of the study in number order).
    listTrialsIn: db.prepare(`SELECT ${TRIAL_COLUMNS} FROM trials WHERE study_id = ? AND state = ? ORDER BY number`),
    getTrial: db.prepare(`SELECT ${TRIAL_COLUMNS} FROM trials WHERE study_id = ? AND id = ?`),
    // Reads the trigger-kept trial_counts table (migration 6): O(1) whatever the study's size (trialClock too).
    countByState: db.prepare('SELECT state, n FROM trial_counts WHERE study_id = ?'),
    nextNumber: db.prepare('SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = ?').pluck(),
    // trialClock in one statement (its own snapshot): no BEGIN/COMMIT around three, read twice per ask.
    trialClock: db.prepare(`SELECT (SELECT 1 FROM studies WHERE id = @id) AS found, (SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = @id) AS trials,
      COALESCE((SELECT n FROM trial_counts WHERE study_id = @id AND state = 'completed'), 0) AS completed,
      COALESCE((SELECT n FROM trial_counts WHERE study_id = @id AND state = 'running'), 0) AS running,
      COALESCE((SELECT n FROM trial_counts WHERE study_id = @id AND state = 'queued'), 0) AS queued,
      COALESCE((SELECT n FROM trial_counts WHERE study_id = @id AND state = 'pruned'), 0) AS pruned`),
    insertTrial: db.prepare(`INSERT INTO trials (${TRIAL_COLUMNS}, lease_expires_ms) VALUES (@id, @study_id, @number, @state, @params_json, @values_json, @cost, @fail_reason, @created_at, @finished_at, @lease_expires_at, @client_id, @diagnostics_json, @lease_expires_ms)`),
    claim: db.prepare(`UPDATE trials SET state = 'running', lease_expires_at = ?, lease_expires_ms = ?, client_id = COALESCE(?, client_id)
      WHERE id IN (SELECT id FROM trials WHERE study_id = ? AND state = 'queued' ORDER BY number LIMIT ?) RETURNING ${TRIAL_COLUMNS}`),
    finish: db.prepare(`UPDATE trials SET state = @state, values_json = @values_json, cost = @cost, fail_reason = @fail_reason, finished_at = @finished_at,
      lease_expires_at = NULL, lease_expires_ms = NULL WHERE study_id = @study_id AND id = @id AND state IN ('running', 'abandoned') RETURNING ${TRIAL_COLUMNS}`),
    extend: db.prepare(`UPDATE trials SET lease_expires_at = ?, lease_expires_ms = ? WHERE study_id = ? AND id = ? AND state = 'running'`),
    abandon: db.prepare(`UPDATE trials SET state = 'abandoned', lease_expires_at = NULL, lease_expires_ms = NULL
      WHERE study_id = ? AND state = 'running' AND lease_expires_ms < ? RETURNING ${TRIAL_COLUMNS}`),
    getRequest: db.prepare('SELECT kind, result_json, target, fingerprint, summary FROM requests WHERE study_id = ? AND request_id = ?'),
    putRequest: db.prepare(`INSERT OR IGNORE INTO requests (study_id, request_id, kind, result_json, created_at, target, fingerprint, summary)
      VALUES (@study_id, @request_id, @kind, @result_json, @created_at, @target, @fingerprint, @summary)`),
    getCurvePoint: db.prepare('SELECT trial_id, step, value, prune, reason FROM trial_curves WHERE study_id = ? AND trial_id = ? AND step = ?'),
    insertCurvePoint: db.prepare('INSERT INTO trial_curves (study_id, trial_id, step, value, prune, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    /** The value at the trial's largest step (a pruned trial keeps it). */
    lastCurveValue: db.prepare('SELECT value FROM trial_curves WHERE study_id = ? AND trial_id = ? ORDER BY step DESC LIMIT 1').pluck(),
    listCurves: db.prepare('SELECT trial_id, step, value, prune, reason FROM trial_curves WHERE study_id = ? ORDER BY trial_id, step'),
    listCurveOf: db.prepare('SELECT trial_id, step, value, prune, reason FROM trial_curves WHERE study_id = ? AND trial_id = ? ORDER BY step'),
    /** One step of every trial: the trial_curves_by_step index (migration 7). */
    listCurveStep: db.prepare('SELECT trial_id, step, value, prune, reason FROM trial_curves WHERE study_id = ? AND step = ?'),
    getPolicy: db.prepare('SELECT state_json FROM policy_states WHERE study_id = ?').pluck(),
    totalChanges: db.prepare('SELECT total_changes()').pluck(),
    putPolicy: db.prepare(`INSERT INTO policy_states (study_id, state_json, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (study_id) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at`),
  };
}

/** Maps driver errors to wire codes: a lock held too long by another process is retryable. */
function mapError(e: unknown): unknown {
  if (e instanceof BoError) return e;
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return new BoError('UNAVAILABLE', `storage busy: ${(e as Error).message}`);
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return new BoError('INTERNAL', `storage error ${code}: ${(e as Error).message}`);
  return e;
}

/** Storage on a SQLite file: WAL, synchronous FULL (or NORMAL), foreign keys, numbered migrations. */
export class SqliteStorage implements Storage {
  readonly description: string;
  private readonly db: Database.Database;
  private readonly q: ReturnType<typeof prepare>;
  /** One transaction wrapper reused by every write (building one per call cost ~40 µs). */
  private readonly tx: Database.Transaction<(fn: () => unknown) => unknown>;
  /** The WAL file flush() syncs; null when there is nothing to sync (':memory:', or mode full/normal). */
  private readonly walPath: string | null;
  /** Write transactions that changed rows so far, and how many of them a finished flush covered. */
  private committed = 0;
  /** total_changes() after the last write: a transaction that changed nothing needs no fsync. */
  private changes = 0;
  private synced = 0;
  private syncing: Promise<void> | null = null;
  /** The WAL file, opened by the first flush that finds it (same inode while the database is open). */
  private wal: FileHandle | null = null;
  /** listTrials' statements for several states, by their count (listInStates). */
  private readonly listInStatesByCount = new Map<number, Database.Statement>();

  constructor(options: SqliteOptions) {
    const memory = options.path === ':memory:';
    if (!memory) mkdirSync(dirname(options.path), { recursive: true });
    this.description = options.description ?? `sqlite:${options.path}`;
    this.db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
    try {
      if (!memory) this.db.pragma('journal_mode = WAL');
      const mode = options.synchronous ?? 'group';
      this.db.pragma(`synchronous = ${mode === 'full' ? 'FULL' : 'NORMAL'}`);
      this.walPath = mode === 'group' && !memory ? `${options.path}-wal` : null;
      this.db.pragma('foreign_keys = ON');
      // A checkpoint runs inside the commit that crosses the limit, on the event loop, with two
      // fsyncs in NORMAL mode; a larger WAL checkpoints 10x less often and copies each hot page
      // (index tails, counts, requests) once per checkpoint. benchmarks/load.ts, 16 clients,
      // 2026-12-05 on a loaded machine: 1000 pages (SQLite's default) 385 / 330 pairs/s, 10000 571 / 412.
      if (!memory) this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      migrate(this.db);
      this.q = prepare(this.db);
      this.tx = this.db.transaction((fn: () => unknown) => fn());
    } catch (e) {
      this.db.close();
      throw mapError(e);
    }
  }

  /** Runs `fn` as one IMMEDIATE transaction (write lock taken up front, no upgrade deadlocks). */
  private write<T>(fn: () => T): T {
    if (!this.db.open) throw storageClosed(this.description);
    try {
      const out = this.tx.immediate(fn) as T;
      const changes = this.q.totalChanges.get() as number;
      if (changes !== this.changes) {
        this.changes = changes;
        this.committed += 1;
      }
      return out;
    } catch (e) {
      throw mapError(e);
    }
  }

  /** Runs a read-only statement (one statement is its own snapshot). */
  private read<T>(fn: () => T): T {
    if (!this.db.open) throw storageClosed(this.description);
    try {
      return fn();
    } catch (e) {
      throw mapError(e);
    }
  }

  private requireStudy(studyId: string): void {
    if (this.q.studyExists.get(studyId) === undefined) throw studyNotFound(studyId);
  }

  private trial(studyId: string, trialId: string): StoredTrial | null {
    const row = this.q.getTrial.get(studyId, trialId) as TrialRow | undefined;
    return row ? trialFromRow(row) : null;
  }

  private byNumber(rows: TrialRow[]): StoredTrial[] {
    return rows.map(trialFromRow).sort((a, b) => a.number - b.number);
  }

  async createStudy(study: StoredStudy, pool?: StoredPool, request?: RequestTag): Promise<StoredStudy> {
    return this.write(() => {
      if (this.q.studyExists.get(study.id) !== undefined) throw new BoError('CONFLICT', `study ${study.id} already exists`);
      this.q.insertStudy.run(studyToRow(study));
      if (pool) this.q.insertPool.run(study.id, JSON.stringify({ columns: pool.columns, rows: pool.rows }));
      if (request) this.record(study.id, request, study.id, study.createdAt);
      return studyFromRow(this.q.getStudy.get(study.id) as StudyRow);
    });
  }

  async getPool(studyId: string): Promise<StoredPool | null> {
    // Two statements: read them in one transaction so an append between them cannot split the pool.
    return this.read(() =>
      this.db.transaction(() => {
        const json = this.q.getPool.get(studyId) as string | undefined;
        if (json === undefined) return null;
        const pool = JSON.parse(json) as { columns: string[]; rows: unknown[][] };
        for (const chunk of this.q.getPoolChunks.all(studyId) as string[]) for (const row of JSON.parse(chunk) as unknown[][]) pool.rows.push(row);
        return pool as StoredPool;
      })(),
    );
  }

  async appendPool(studyId: string, offset: number, rows: readonly (readonly unknown[])[]): Promise<StoredStudy> {
    return this.write(() => {
      const row = this.q.getStudy.get(studyId) as StudyRow | undefined;
      if (!row) throw studyNotFound(studyId);
      const study = studyFromRow(row);
      if (study.poolRows === undefined) throw poolMissing(studyId);
      if (offset !== study.poolRows) throw poolOffsetConflict(offset, study.poolRows);
      if (rows.length === 0) return study;
      this.q.insertPoolChunk.run(studyId, offset, JSON.stringify(rows));
      this.q.setPoolRows.run(offset + rows.length, studyId, offset);
      return { ...study, poolRows: offset + rows.length };
    });
  }

  async getStudy(studyId: string): Promise<StoredStudy | null> {
    return this.read(() => {
      const row = this.q.getStudy.get(studyId) as StudyRow | undefined;
      return row ? studyFromRow(row) : null;
    });
  }

  async listStudies(limit?: number): Promise<StoredStudy[]> {
    // LIMIT -1 means no limit in SQLite.
    const n = limit === undefined ? -1 : Math.max(0, Math.floor(limit));
    return this.read(() => (this.q.listStudies.all(n) as StudyRow[]).map(studyFromRow));
  }

  async deleteStudy(studyId: string): Promise<boolean> {
    // ON DELETE CASCADE removes trials, requests and policy state in the same statement.
    return this.write(() => this.q.deleteStudy.run(studyId).changes > 0);
  }

  async listTrials(studyId: string, states?: readonly TrialState[]): Promise<StoredTrial[]> {
    return this.read(() => {
      if (!states) {
        const rows = this.q.listTrials.all(studyId) as TrialRow[];
        if (rows.length === 0) this.requireStudy(studyId);
        return rows.map(trialFromRow);
      }
      // Several states: one UNION ALL statement (one snapshot, each branch on the (study_id, state,
      // number) index, sorted by SQLite), so a write cannot split the listing; read on every ask.
      const distinct = [...new Set(states)];
      const rows = (distinct.length === 0 ? [] : distinct.length === 1 ? this.q.listTrialsIn.all(studyId, distinct[0]) : this.listInStates(distinct.length).all(...distinct.flatMap((s) => [studyId, s]))) as TrialRow[];
      if (rows.length === 0) this.requireStudy(studyId);
      return rows.map(trialFromRow);
    });
  }

  /** The statement listing the trials in `k` states (k ≥ 2) in number order, prepared once per k. */
  private listInStates(k: number): Database.Statement {
    let stmt = this.listInStatesByCount.get(k);
    if (!stmt) {
      const branch = `SELECT ${TRIAL_COLUMNS} FROM trials WHERE study_id = ? AND state = ?`;
      stmt = this.db.prepare(`${Array.from({ length: k }, () => branch).join(' UNION ALL ')} ORDER BY number`);
      this.listInStatesByCount.set(k, stmt);
    }
    return stmt;
  }

  async getTrial(studyId: string, trialId: string): Promise<StoredTrial | null> {
    return this.read(() => this.trial(studyId, trialId));
  }

  async insertTrials(studyId: string, trials: readonly NewTrial[], request?: RequestTag): Promise<StoredTrial[]> {
    return this.write(() => {
      this.requireStudy(studyId);
      const replay = this.replay(studyId, request);
      if (replay) return replay;
      checkNewTrials(trials);
      const made = this.append(studyId, trials);
      if (request) this.record(studyId, request, idsResult(made), new Date().toISOString());
      return made;
    });
  }

  async trialClock(studyId: string): Promise<TrialClock> {
    // One statement (one snapshot): MAX(number) is one lookup in the UNIQUE (study_id, number)
    // index, each count one row of trial_counts (trigger-kept).
    return this.read(() => {
      const row = this.q.trialClock.get({ id: studyId }) as { found: number | null; trials: number; completed: number; running: number; queued: number; pruned: number };
      if (row.found === null) throw studyNotFound(studyId);
      return { trials: row.trials, completed: row.completed, running: row.running, queued: row.queued, pruned: row.pruned };
    });
  }

  async countTrials(studyId: string): Promise<TrialCounts> {
    return this.read(() => {
      const counts: TrialCounts = { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 };
      const rows = this.q.countByState.all(studyId) as { state: TrialState; n: number }[];
      if (rows.length === 0) this.requireStudy(studyId);
      // trial_counts (migration 6, kept by triggers) holds one row per state ever seen, possibly 0.
      for (const r of rows) counts[r.state] = r.n;
      return counts;
    });
  }

  async commitAsk(studyId: string, write: AskWrite): Promise<StoredTrial[]> {
    const leaseMs = write.claim ? parseTime('leaseExpiresAt', write.claim.leaseExpiresAt) : 0;
    return this.write(() => {
      // No study check up front: a missing study has no request records and no trials (both
      // cascade with it), so only a first trial number of 0 needs the lookup (one statement per ask).
      const replay = this.replay(studyId, write.request);
      if (replay) return replay;
      const next = this.q.nextNumber.get(studyId) as number;
      if (next === 0) this.requireStudy(studyId);
      if (write.basis && write.basis.trials !== next) throw new StaleAskError(studyId, `it read ${write.basis.trials} trials, the study now has ${next}`);
      checkNewTrials(write.trials);
      const c = write.claim;
      const want = c && c.count > 0 ? Math.floor(c.count) : 0;
      const claimed = want > 0 ? (this.q.claim.all(c!.leaseExpiresAt, leaseMs, c!.clientId ?? null, studyId, want) as TrialRow[]).map(trialFromRow) : [];
      // Throwing inside the transaction rolls the claim back.
      if (write.basis && claimed.length < want) throw new StaleAskError(studyId, `${want} queued trials expected, ${claimed.length} left`);
      const all = [...claimed, ...this.append(studyId, write.trials, next)];
      const now = new Date().toISOString();
      if (write.request) this.record(studyId, write.request, idsResult(all), now);
      if (write.policyState !== undefined) this.q.putPolicy.run(studyId, JSON.stringify(write.policyState ?? null), now);
      return all.sort((a, b) => a.number - b.number);
    });
  }

  /** Inside a write: the trials an earlier request with this id inserted, or null when there was none. */
  private replay(studyId: string, request: RequestTag | undefined): StoredTrial[] | null {
    if (!request) return null;
    const seen = this.recorded(studyId, request.requestId);
    if (!seen) return null;
    // A retried request returns what the first call inserted; nothing is written twice.
    checkReplay(seen, request);
    return recordedIds(request.requestId, seen.result).map((id) => this.trial(studyId, id) ?? (() => { throw trialNotFound(studyId, id); })());
  }

  /** The record of a request id, or null. */
  private recorded(studyId: string, requestId: string): RequestRecord | null {
    const row = this.q.getRequest.get(studyId, requestId) as RequestRow | undefined;
    return row ? requestFromRow(row) : null;
  }

  /** Inside a write: stores a request's record unless its id has one (the first record wins). */
  private record(studyId: string, tag: RequestTag, result: unknown, at: string): void {
    this.q.putRequest.run({
      study_id: studyId, request_id: tag.requestId, kind: tag.kind, result_json: JSON.stringify(result ?? null), created_at: at,
      target: tag.target ?? null, fingerprint: tag.fingerprint ?? null, summary: tag.summary ?? null,
    });
  }

  /** Inside a write: inserts validated trials with the next numbers (`first`, when the caller just read it); returns them as stored (without re-reading). */
  private append(studyId: string, trials: readonly NewTrial[], next?: number): StoredTrial[] {
    if (trials.length === 0) return [];
    const createdAt = new Date().toISOString();
    const first = next ?? (this.q.nextNumber.get(studyId) as number);
    return trials.map((t, k) => {
      const row = newTrialRow(studyId, first + k, t, createdAt);
      this.q.insertTrial.run(row);
      // Decoding the JSON we just wrote gives exactly what a later read returns (JSON normalisation).
      return trialFromRow(row);
    });
  }

  async claimQueued(studyId: string, count: number, leaseExpiresAt: string, clientId?: string): Promise<StoredTrial[]> {
    const leaseMs = parseTime('leaseExpiresAt', leaseExpiresAt);
    return this.write(() => {
      this.requireStudy(studyId);
      if (!(count > 0)) return [];
      return this.byNumber(this.q.claim.all(leaseExpiresAt, leaseMs, clientId ?? null, studyId, Math.floor(count)) as TrialRow[]);
    });
  }

  async finishTrial(studyId: string, trialId: string, outcome: TrialOutcome, finishedAt: string, request?: RequestTag): Promise<FinishResult> {
    checkOutcome(outcome);
    parseTime('finishedAt', finishedAt);
    return this.write(() => {
      // A request id recorded for another trial or payload: CONFLICT before anything is written.
      // (A missing study has no records and no trials: its NOT_FOUND comes from the refused path below.)
      const seen = request ? this.recorded(studyId, request.requestId) : null;
      if (seen) checkReplay(seen, request!);
      const done = outcome.state === 'completed';
      const last = outcome.state === 'pruned' ? (this.q.lastCurveValue.get(studyId, trialId) as number | undefined) : undefined;
      const values = done ? outcome.values : outcome.state === 'pruned' && last !== undefined ? { [outcome.objective]: last } : undefined;
      // Compare-and-set: only a running or abandoned trial takes an outcome (a prune without a curve takes none).
      const updated = outcome.state === 'pruned' && values === undefined ? undefined : (this.q.finish.get({
        study_id: studyId, id: trialId, state: outcome.state,
        values_json: values ? JSON.stringify(values) : null, cost: done ? (outcome.cost ?? null) : null,
        fail_reason: outcome.state === 'failed' ? outcome.reason : null, finished_at: finishedAt,
      }) as TrialRow | undefined);
      // RETURNING gives the finished row; only a refused finish reads the stored one (study first, for its NOT_FOUND).
      if (!updated) this.requireStudy(studyId);
      const trial = updated ? trialFromRow(updated) : this.trial(studyId, trialId);
      if (trial === null) throw trialNotFound(studyId, trialId);
      if (!updated && outcome.state === 'pruned' && (trial.state === 'running' || trial.state === 'abandoned')) prunedValues(trialId, outcome.objective, undefined);
      const changed = updated ? true : refuseFinish(trial, outcome);
      if (request && !seen) this.record(studyId, request, [trialId], finishedAt);
      return { trial, changed };
    });
  }

  async addIntermediate(studyId: string, trialId: string, point: StoredCurvePoint, at: string, request?: RequestTag): Promise<CurveWrite> {
    checkCurvePoint(point);
    parseTime('at', at);
    return this.write(() => {
      this.requireStudy(studyId);
      const trial = this.trial(studyId, trialId);
      if (trial === null) throw trialNotFound(studyId, trialId);
      const seen = request ? this.recorded(studyId, request.requestId) : null;
      if (seen) checkReplay(seen, request!);
      const row = this.q.getCurvePoint.get(studyId, trialId, point.step) as CurveRow | undefined;
      const stored = row ? curveFromRow(row) : undefined;
      const same = curveWriteAction(trial, stored, point) === 'same';
      if (!same) this.q.insertCurvePoint.run(studyId, trialId, point.step, point.value, point.prune ? 1 : 0, point.reason ?? null, at);
      if (request && !seen) this.record(studyId, request, [trialId], at);
      return same ? { point: stored!, changed: false } : { point: curvePoint(point.step, point.value, point.prune, point.reason), changed: true };
    });
  }

  async listCurves(studyId: string, trialIds?: readonly string[], steps?: readonly number[]): Promise<Map<string, StoredCurvePoint[]>> {
    return this.read(() =>
      this.db.transaction(() => {
        this.requireStudy(studyId);
        let rows: CurveRow[];
        if (steps) {
          const ids = trialIds ? new Set(trialIds) : undefined;
          rows = [...new Set(steps)].flatMap((k) => this.q.listCurveStep.all(studyId, k) as CurveRow[]).filter((r) => !ids || ids.has(r.trial_id));
        } else {
          rows = trialIds ? [...new Set(trialIds)].flatMap((id) => this.q.listCurveOf.all(studyId, id) as CurveRow[]) : (this.q.listCurves.all(studyId) as CurveRow[]);
        }
        return groupCurves(rows);
      })(),
    );
  }

  async extendLease(studyId: string, trialId: string, leaseExpiresAt: string): Promise<StoredTrial> {
    const leaseMs = parseTime('leaseExpiresAt', leaseExpiresAt);
    return this.write(() => {
      this.requireStudy(studyId);
      this.q.extend.run(leaseExpiresAt, leaseMs, studyId, trialId);
      const trial = this.trial(studyId, trialId);
      if (trial === null) throw trialNotFound(studyId, trialId);
      return trial;
    });
  }

  async abandonExpired(studyId: string, now: string): Promise<StoredTrial[]> {
    const nowMs = parseTime('now', now);
    return this.write(() => {
      this.requireStudy(studyId);
      return this.byNumber(this.q.abandon.all(studyId, nowMs) as TrialRow[]);
    });
  }

  async getRequest(studyId: string, requestId: string): Promise<RequestRecord | null> {
    return this.read(() => this.recorded(studyId, requestId));
  }

  async putRequest(studyId: string, requestId: string, kind: string, result: unknown): Promise<void> {
    this.write(() => {
      this.requireStudy(studyId);
      this.record(studyId, { requestId, kind }, result, new Date().toISOString());
    });
  }

  async getPolicyState(studyId: string): Promise<unknown | null> {
    return this.read(() => {
      const json = this.q.getPolicy.get(studyId) as string | undefined;
      return json === undefined ? null : (JSON.parse(json) as unknown);
    });
  }

  async putPolicyState(studyId: string, state: unknown): Promise<void> {
    this.write(() => {
      this.requireStudy(studyId);
      this.q.putPolicy.run(studyId, JSON.stringify(state ?? null), new Date().toISOString());
    });
  }

  async flush(): Promise<void> {
    if (!this.db.open) throw storageClosed(this.description);
    const target = this.committed;
    // Wait for a sync that started after our commits: an fsync already in flight may predate them.
    while (this.walPath !== null && this.synced < target) {
      this.syncing ??= this.syncWal().finally(() => (this.syncing = null));
      await this.syncing;
    }
  }

  /** One fdatasync of the WAL covering every commit made before it started. */
  private async syncWal(): Promise<void> {
    const upTo = this.committed;
    try {
      this.wal ??= await open(this.walPath!, 'r');
      await this.wal.datasync();
    } catch (e) {
      // No WAL file: nothing was written since the last full checkpoint (which synced the database).
      if ((e as { code?: unknown }).code !== 'ENOENT') throw mapError(e);
    }
    this.synced = Math.max(this.synced, upTo);
  }

  async close(): Promise<void> {
    if (this.syncing) await this.syncing.catch(() => undefined);
    if (this.db.open) this.db.close();
    const wal = this.wal;
    this.wal = null;
    await wal?.close();
  }
}
