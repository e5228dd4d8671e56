/**
 * The reference Storage: plain maps in one process, no durability. Values are JSON-copied on the
 * way in (so callers cannot alias stored data and see only what a database would give back) and
 * stored deep-frozen; reads hand out those frozen rows without copying, so listing a study costs
 * O(trials) pointer copies, not O(trials) JSON round trips. Every write replaces a row by a new
 * frozen object. Each method validates before it mutates, so a failed call changes nothing (the
 * in-memory analogue of a rolled-back transaction).
 */
import { BoError } from '../../core/errors.js';
import type { TrialState } from '../../protocol/study.js';
import type {
  AskWrite, CurveWrite, FinishResult, NewTrial, RequestRecord, RequestTag, Storage, StoredCurvePoint, StoredPool, StoredStudy, StoredTrial, TrialClock, TrialCounts,
  TrialOutcome,
} from './types.js';
import {
  checkCurvePoint, checkNewTrials, checkOutcome, checkReplay, curvePoint, curveWriteAction, idsResult, jsonClone, parseTime, poolMissing, poolOffsetConflict,
  prunedValues, recordedIds, refuseFinish, StaleAskError, storageClosed, studyNotFound, trialNotFound,
} from './storage-rules.js';

interface StudyEntry {
  study: StoredStudy;
  /** Index = trial number. */
  trials: StoredTrial[];
  byId: Map<string, number>;
  /**
   * Trial numbers (= indexes) per state, kept by every state change (setState) so that listing the
   * active trials and counting cost O(active) and O(1), not O(trials). Only inserts add to
   * 'queued', so that set iterates in number order (claims take its oldest first).
   */
  byState: Record<TrialState, Set<number>>;
  /** requestId -> the record, its result as JSON text (copied in and out like a column). */
  requests: Map<string, StoredRequest>;
  policyState: string | null;
  /** The pool as JSON text (copied on the way in and out, like a database column). */
  pool: string | null;
  /** Rows appended by appendPool, one JSON text per chunk, in row order. */
  poolChunks: string[];
  /** Learning curves: trial id -> frozen points sorted by step. */
  curves: Map<string, readonly StoredCurvePoint[]>;
}

/** A request record as kept in memory. */
type StoredRequest = Omit<RequestRecord, 'result'> & { readonly result: string };

/** The record of a request tag with its result (tag fields that are absent stay absent). */
function requestRecord(tag: RequestTag, result: unknown): StoredRequest {
  const { requestId: _id, ...rest } = tag;
  return { ...compact(rest), result: JSON.stringify(result ?? null) };
}

/** Drops keys whose value is undefined, so objects compare equal to rows read from a database. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Throws StaleAskError when the ask's basis (types.ts AskWrite.basis) no longer holds; before any mutation. */
function checkBasis(e: StudyEntry, studyId: string, write: AskWrite): void {
  if (!write.basis) return;
  if (write.basis.trials !== e.trials.length) throw new StaleAskError(studyId, `it read ${write.basis.trials} trials, the study now has ${e.trials.length}`);
  const want = write.claim && write.claim.count > 0 ? Math.floor(write.claim.count) : 0;
  const queued = e.byState.queued.size;
  if (queued < want) throw new StaleAskError(studyId, `${want} queued trials expected, ${queued} left`);
}

/** Empty per-state index sets. */
function noStates(): Record<TrialState, Set<number>> {
  return { queued: new Set(), running: new Set(), completed: new Set(), failed: new Set(), abandoned: new Set(), pruned: new Set() };
}

/** Replaces trial `i` by `next` (a new frozen row), moving it between the per-state sets. */
function setTrial(e: StudyEntry, i: number, next: StoredTrial): StoredTrial {
  const was = e.trials[i]!.state;
  if (was !== next.state) {
    e.byState[was].delete(i);
    e.byState[next.state].add(i);
  }
  e.trials[i] = next;
  return next;
}

/** Freezes a JSON value and everything inside it (rows are shared with every reader). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A stored row: a JSON copy of `row` with undefined keys dropped, deep-frozen. */
function frozenRow(row: StoredTrial): StoredTrial {
  return deepFreeze(jsonClone(compact(row)));
}

/** A new version of a frozen row (its nested documents are frozen already and shared). */
function update(row: StoredTrial, changes: Partial<StoredTrial>): StoredTrial {
  return Object.freeze(compact({ ...row, ...changes }));
}

/** A stored record as getRequest returns it (the result parsed, a fresh copy). */
function readRecord(r: StoredRequest): RequestRecord {
  return { ...r, result: JSON.parse(r.result) as unknown };
}

/** In-process Storage with the reference semantics of the contract in types.ts. */
export class MemoryStorage implements Storage {
  readonly description = 'memory:';
  /** Map iteration order = creation order, which listStudies uses. */
  private readonly studies = new Map<string, StudyEntry>();
  private closed = false;

  private entry(studyId: string): StudyEntry {
    if (this.closed) throw storageClosed(this.description);
    const e = this.studies.get(studyId);
    if (!e) throw studyNotFound(studyId);
    return e;
  }

  private open(): void {
    if (this.closed) throw storageClosed(this.description);
  }

  private trialIndex(e: StudyEntry, studyId: string, trialId: string): number {
    const i = e.byId.get(trialId);
    if (i === undefined) throw trialNotFound(studyId, trialId);
    return i;
  }

  async createStudy(study: StoredStudy, pool?: StoredPool, request?: RequestTag): Promise<StoredStudy> {
    this.open();
    if (this.studies.has(study.id)) throw new BoError('CONFLICT', `study ${study.id} already exists`);
    const stored = jsonClone(study);
    const poolJson = pool ? JSON.stringify({ columns: pool.columns, rows: pool.rows }) : null;
    const requests = new Map(request ? [[request.requestId, requestRecord(request, study.id)]] : []);
    this.studies.set(study.id, { study: stored, trials: [], byId: new Map(), byState: noStates(), requests, policyState: null, pool: poolJson, poolChunks: [], curves: new Map() });
    return jsonClone(stored);
  }

  async getPool(studyId: string): Promise<StoredPool | null> {
    this.open();
    const e = this.studies.get(studyId);
    if (!e || e.pool === null) return null;
    const pool = JSON.parse(e.pool) as { columns: string[]; rows: unknown[][] };
    for (const chunk of e.poolChunks) for (const row of JSON.parse(chunk) as unknown[][]) pool.rows.push(row);
    return pool;
  }

  async appendPool(studyId: string, offset: number, rows: readonly (readonly unknown[])[]): Promise<StoredStudy> {
    const e = this.entry(studyId);
    if (e.pool === null || e.study.poolRows === undefined) throw poolMissing(studyId);
    if (offset !== e.study.poolRows) throw poolOffsetConflict(offset, e.study.poolRows);
    if (rows.length > 0) {
      e.poolChunks.push(JSON.stringify(rows));
      e.study = { ...e.study, poolRows: offset + rows.length };
    }
    return jsonClone(e.study);
  }

  async getStudy(studyId: string): Promise<StoredStudy | null> {
    this.open();
    const e = this.studies.get(studyId);
    return e ? jsonClone(e.study) : null;
  }

  async listStudies(limit?: number): Promise<StoredStudy[]> {
    this.open();
    const all = [...this.studies.values()].map((e) => e.study);
    return jsonClone(limit === undefined ? all : all.slice(0, Math.max(0, limit)));
  }

  async deleteStudy(studyId: string): Promise<boolean> {
    this.open();
    return this.studies.delete(studyId);
  }

  async listTrials(studyId: string, states?: readonly TrialState[]): Promise<StoredTrial[]> {
    const e = this.entry(studyId);
    if (!states) return e.trials.slice();
    const keep = new Set(states);
    // Listing most of the study (finished states): one pass in number order beats sorting indexes.
    if (keep.has('completed') || keep.has('failed')) return e.trials.filter((t) => keep.has(t.state));
    const numbers: number[] = [];
    for (const state of keep) for (const i of e.byState[state]) numbers.push(i);
    return numbers.sort((a, b) => a - b).map((i) => e.trials[i]!);
  }

  async trialClock(studyId: string): Promise<TrialClock> {
    const e = this.entry(studyId);
    const b = e.byState;
    return { trials: e.trials.length, completed: b.completed.size, running: b.running.size, queued: b.queued.size, pruned: b.pruned.size };
  }

  async countTrials(studyId: string): Promise<TrialCounts> {
    const b = this.entry(studyId).byState;
    return { queued: b.queued.size, running: b.running.size, completed: b.completed.size, failed: b.failed.size, abandoned: b.abandoned.size, pruned: b.pruned.size };
  }

  async getTrial(studyId: string, trialId: string): Promise<StoredTrial | null> {
    this.open();
    const e = this.studies.get(studyId);
    const i = e?.byId.get(trialId);
    return e && i !== undefined ? e.trials[i]! : null;
  }

  async insertTrials(studyId: string, trials: readonly NewTrial[], request?: RequestTag): Promise<StoredTrial[]> {
    const e = this.entry(studyId);
    const replay = this.replay(e, studyId, request);
    if (replay) return replay;
    checkNewTrials(trials);
    const made = this.append(e, studyId, trials);
    if (request) e.requests.set(request.requestId, requestRecord(request, idsResult(made)));
    return made;
  }

  async commitAsk(studyId: string, write: AskWrite): Promise<StoredTrial[]> {
    const e = this.entry(studyId);
    const replay = this.replay(e, studyId, write.request);
    if (replay) return replay;
    // Validate everything before the first mutation: a failed commit changes nothing.
    if (write.claim) parseTime('leaseExpiresAt', write.claim.leaseExpiresAt);
    checkNewTrials(write.trials);
    checkBasis(e, studyId, write);
    const state = write.policyState === undefined ? undefined : JSON.stringify(write.policyState ?? null);
    const claimed = write.claim ? this.claim(e, write.claim.count, write.claim.leaseExpiresAt, write.claim.clientId) : [];
    const made = this.append(e, studyId, write.trials);
    const all = [...claimed, ...made];
    if (write.request) e.requests.set(write.request.requestId, requestRecord(write.request, idsResult(all)));
    if (state !== undefined) e.policyState = state;
    return all.sort((a, b) => a.number - b.number);
  }

  /** The trials an earlier request with this id inserted, or null when there was none. */
  private replay(e: StudyEntry, studyId: string, request: RequestTag | undefined): StoredTrial[] | null {
    const seen = request ? e.requests.get(request.requestId) : undefined;
    if (!request || !seen) return null;
    // A retried request returns what the first call inserted; nothing is written twice.
    checkReplay(readRecord(seen), request);
    return recordedIds(request.requestId, JSON.parse(seen.result)).map((id) => e.trials[this.trialIndex(e, studyId, id)]!);
  }

  /** Appends validated new trials with the next numbers; returns the stored rows. */
  private append(e: StudyEntry, studyId: string, trials: readonly NewTrial[]): StoredTrial[] {
    const createdAt = new Date().toISOString();
    const made: StoredTrial[] = trials.map((t, k) => frozenRow({
      id: crypto.randomUUID(),
      studyId,
      number: e.trials.length + k,
      state: t.state,
      params: t.params,
      values: t.values,
      cost: t.cost,
      createdAt,
      finishedAt: t.state === 'completed' ? createdAt : undefined,
      leaseExpiresAt: t.state === 'running' ? t.leaseExpiresAt : undefined,
      clientId: t.clientId,
      diagnostics: t.diagnostics,
    } as StoredTrial));
    for (const t of made) {
      e.byId.set(t.id, e.trials.length);
      e.byState[t.state].add(e.trials.length);
      e.trials.push(t);
    }
    return made;
  }

  /** queued -> running for up to `count` oldest queued trials. */
  private claim(e: StudyEntry, count: number, leaseExpiresAt: string, clientId: string | undefined): StoredTrial[] {
    const claimed: StoredTrial[] = [];
    const n = count > 0 ? Math.floor(count) : 0;
    // The queued set iterates oldest first; collected before moving, since setTrial edits the set.
    const take: number[] = [];
    for (const i of e.byState.queued) {
      if (take.length >= n) break;
      take.push(i);
    }
    for (const i of take) {
      const t = e.trials[i]!;
      claimed.push(setTrial(e, i, update(t, { state: 'running', leaseExpiresAt, clientId: clientId ?? t.clientId })));
    }
    return claimed;
  }

  async claimQueued(studyId: string, count: number, leaseExpiresAt: string, clientId?: string): Promise<StoredTrial[]> {
    parseTime('leaseExpiresAt', leaseExpiresAt);
    return this.claim(this.entry(studyId), count, leaseExpiresAt, clientId);
  }

  async finishTrial(studyId: string, trialId: string, outcome: TrialOutcome, finishedAt: string, request?: RequestTag): Promise<FinishResult> {
    checkOutcome(outcome);
    parseTime('finishedAt', finishedAt);
    const e = this.entry(studyId);
    const i = this.trialIndex(e, studyId, trialId);
    const t = e.trials[i]!;
    const seen = request ? e.requests.get(request.requestId) : undefined;
    if (seen) checkReplay(readRecord(seen), request!);
    let changed = false;
    if (t.state === 'running' || t.state === 'abandoned') {
      const { leaseExpiresAt: _lease, ...rest } = t;
      setTrial(e, i, frozenRow(outcome.state === 'completed'
        ? { ...rest, state: 'completed' as const, values: outcome.values, cost: outcome.cost, finishedAt }
        : outcome.state === 'pruned'
          ? { ...rest, state: 'pruned' as const, values: prunedValues(trialId, outcome.objective, e.curves.get(trialId)?.at(-1)?.value), finishedAt }
          : { ...rest, state: 'failed' as const, failReason: outcome.reason, finishedAt }));
      changed = true;
    } else {
      changed = refuseFinish(t, outcome);
    }
    // First record wins: a retried tell keeps the original record.
    if (request && !seen) e.requests.set(request.requestId, requestRecord(request, [trialId]));
    return { trial: e.trials[i]!, changed };
  }

  async addIntermediate(studyId: string, trialId: string, point: StoredCurvePoint, at: string, request?: RequestTag): Promise<CurveWrite> {
    checkCurvePoint(point);
    parseTime('at', at);
    const e = this.entry(studyId);
    const t = e.trials[this.trialIndex(e, studyId, trialId)]!;
    const seen = request ? e.requests.get(request.requestId) : undefined;
    if (seen) checkReplay(readRecord(seen), request!);
    const curve = e.curves.get(trialId) ?? [];
    const stored = curve.find((p) => p.step === point.step);
    const same = curveWriteAction(t, stored, point) === 'same';
    const made = same ? stored! : Object.freeze(curvePoint(point.step, point.value, point.prune, point.reason));
    if (!same) e.curves.set(trialId, Object.freeze([...curve, made].sort((a, b) => a.step - b.step)));
    if (request && !seen) e.requests.set(request.requestId, requestRecord(request, [trialId]));
    return { point: made, changed: !same };
  }

  async listCurves(studyId: string, trialIds?: readonly string[], steps?: readonly number[]): Promise<Map<string, StoredCurvePoint[]>> {
    const e = this.entry(studyId);
    const keep = steps ? new Set(steps) : undefined;
    const out = new Map<string, StoredCurvePoint[]>();
    for (const id of trialIds ?? e.curves.keys()) {
      const curve = e.curves.get(id)?.filter((p) => !keep || keep.has(p.step));
      if (curve && curve.length > 0) out.set(id, curve);
    }
    return out;
  }

  async extendLease(studyId: string, trialId: string, leaseExpiresAt: string): Promise<StoredTrial> {
    parseTime('leaseExpiresAt', leaseExpiresAt);
    const e = this.entry(studyId);
    const i = this.trialIndex(e, studyId, trialId);
    const t = e.trials[i]!;
    if (t.state === 'running') e.trials[i] = update(t, { leaseExpiresAt });
    return e.trials[i]!;
  }

  async abandonExpired(studyId: string, now: string): Promise<StoredTrial[]> {
    const nowMs = parseTime('now', now);
    const e = this.entry(studyId);
    const gone: StoredTrial[] = [];
    // Only running trials can expire: O(running), returned in number order like the SQL backends.
    for (const i of [...e.byState.running].sort((a, b) => a - b)) {
      const t = e.trials[i]!;
      if (t.leaseExpiresAt === undefined || Date.parse(t.leaseExpiresAt) >= nowMs) continue;
      const { leaseExpiresAt: _lease, ...rest } = t;
      gone.push(setTrial(e, i, Object.freeze({ ...rest, state: 'abandoned' as const })));
    }
    return gone;
  }

  async getRequest(studyId: string, requestId: string): Promise<RequestRecord | null> {
    this.open();
    const r = this.studies.get(studyId)?.requests.get(requestId);
    return r ? readRecord(r) : null;
  }

  async putRequest(studyId: string, requestId: string, kind: string, result: unknown): Promise<void> {
    const e = this.entry(studyId);
    if (!e.requests.has(requestId)) e.requests.set(requestId, requestRecord({ requestId, kind }, result));
  }

  async getPolicyState(studyId: string): Promise<unknown | null> {
    this.open();
    const s = this.studies.get(studyId)?.policyState;
    return s == null ? null : (JSON.parse(s) as unknown);
  }

  async putPolicyState(studyId: string, state: unknown): Promise<void> {
    const e = this.entry(studyId);
    e.policyState = JSON.stringify(state ?? null);
  }

  /** Nothing to make durable in memory. */
  async flush(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
