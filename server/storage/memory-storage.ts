/**
 * The reference Storage: plain maps in one process, no durability. Every value crosses the
 * boundary through a JSON copy, so callers can neither alias stored data nor see anything a
 * database would not give back. Each method validates before it mutates, so a failed call
 * changes nothing (the in-memory analogue of a rolled-back transaction).
 */
import { BoError } from '../../core/errors.js';
import type { TrialState } from '../../protocol/study.js';
import type { FinishResult, NewTrial, Storage, StoredStudy, StoredTrial, TrialOutcome } from './types.js';
import {
  checkNewTrials, checkOutcome, idsResult, jsonClone, parseTime, recordedIds, refuseFinish, requestReused,
  storageClosed, studyNotFound, trialNotFound,
} from './storage-rules.js';

interface StudyEntry {
  study: StoredStudy;
  /** Index = trial number. */
  trials: StoredTrial[];
  byId: Map<string, number>;
  requests: Map<string, { kind: string; result: string }>;
  policyState: string | null;
}

type RequestTag = { readonly requestId: string; readonly kind: string };

/** Drops keys whose value is undefined, so objects compare equal to rows read from a database. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
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

  async createStudy(study: StoredStudy): Promise<StoredStudy> {
    this.open();
    if (this.studies.has(study.id)) throw new BoError('CONFLICT', `study ${study.id} already exists`);
    const stored = jsonClone(study);
    this.studies.set(study.id, { study: stored, trials: [], byId: new Map(), requests: new Map(), policyState: null });
    return jsonClone(stored);
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
    const keep = states ? new Set(states) : null;
    return jsonClone(keep ? e.trials.filter((t) => keep.has(t.state)) : e.trials);
  }

  async getTrial(studyId: string, trialId: string): Promise<StoredTrial | null> {
    this.open();
    const e = this.studies.get(studyId);
    const i = e?.byId.get(trialId);
    return e && i !== undefined ? jsonClone(e.trials[i]!) : null;
  }

  async insertTrials(studyId: string, trials: readonly NewTrial[], request?: RequestTag): Promise<StoredTrial[]> {
    const e = this.entry(studyId);
    if (request) {
      const seen = e.requests.get(request.requestId);
      if (seen) {
        // A retried request returns what the first call inserted; nothing is written twice.
        if (seen.kind !== request.kind) throw requestReused(request.requestId, request.kind, seen.kind);
        return recordedIds(request.requestId, JSON.parse(seen.result)).map((id) => jsonClone(e.trials[this.trialIndex(e, studyId, id)]!));
      }
    }
    checkNewTrials(trials);
    const createdAt = new Date().toISOString();
    const made: StoredTrial[] = trials.map((t, k) => jsonClone(compact({
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
    } as StoredTrial)));
    for (const t of made) {
      e.byId.set(t.id, e.trials.length);
      e.trials.push(t);
    }
    if (request) e.requests.set(request.requestId, { kind: request.kind, result: JSON.stringify(idsResult(made)) });
    return jsonClone(made);
  }

  async claimQueued(studyId: string, count: number, leaseExpiresAt: string, clientId?: string): Promise<StoredTrial[]> {
    parseTime('leaseExpiresAt', leaseExpiresAt);
    const e = this.entry(studyId);
    const claimed: StoredTrial[] = [];
    const n = count > 0 ? Math.floor(count) : 0;
    for (let i = 0; i < e.trials.length && claimed.length < n; i++) {
      const t = e.trials[i]!;
      if (t.state !== 'queued') continue;
      const next = compact({ ...t, state: 'running' as const, leaseExpiresAt, clientId: clientId ?? t.clientId });
      e.trials[i] = next;
      claimed.push(next);
    }
    return jsonClone(claimed);
  }

  async finishTrial(studyId: string, trialId: string, outcome: TrialOutcome, finishedAt: string, request?: RequestTag): Promise<FinishResult> {
    checkOutcome(outcome);
    parseTime('finishedAt', finishedAt);
    const e = this.entry(studyId);
    const i = this.trialIndex(e, studyId, trialId);
    const t = e.trials[i]!;
    let changed = false;
    if (t.state === 'running' || t.state === 'abandoned') {
      const { leaseExpiresAt: _lease, ...rest } = t;
      e.trials[i] = jsonClone(compact(outcome.state === 'completed'
        ? { ...rest, state: 'completed' as const, values: outcome.values, cost: outcome.cost, finishedAt }
        : { ...rest, state: 'failed' as const, failReason: outcome.reason, finishedAt }));
      changed = true;
    } else {
      changed = refuseFinish(t, outcome);
    }
    // First record wins: a retried tell keeps the original record.
    if (request && !e.requests.has(request.requestId)) e.requests.set(request.requestId, { kind: request.kind, result: JSON.stringify([trialId]) });
    return { trial: jsonClone(e.trials[i]!), changed };
  }

  async extendLease(studyId: string, trialId: string, leaseExpiresAt: string): Promise<StoredTrial> {
    parseTime('leaseExpiresAt', leaseExpiresAt);
    const e = this.entry(studyId);
    const i = this.trialIndex(e, studyId, trialId);
    const t = e.trials[i]!;
    if (t.state === 'running') e.trials[i] = { ...t, leaseExpiresAt };
    return jsonClone(e.trials[i]!);
  }

  async abandonExpired(studyId: string, now: string): Promise<StoredTrial[]> {
    const nowMs = parseTime('now', now);
    const e = this.entry(studyId);
    const gone: StoredTrial[] = [];
    e.trials.forEach((t, i) => {
      if (t.state !== 'running' || t.leaseExpiresAt === undefined || Date.parse(t.leaseExpiresAt) >= nowMs) return;
      const { leaseExpiresAt: _lease, ...rest } = t;
      e.trials[i] = { ...rest, state: 'abandoned' };
      gone.push(e.trials[i]!);
    });
    return jsonClone(gone);
  }

  async getRequest(studyId: string, requestId: string): Promise<{ readonly kind: string; readonly result: unknown } | null> {
    this.open();
    const r = this.studies.get(studyId)?.requests.get(requestId);
    return r ? { kind: r.kind, result: JSON.parse(r.result) as unknown } : null;
  }

  async putRequest(studyId: string, requestId: string, kind: string, result: unknown): Promise<void> {
    const e = this.entry(studyId);
    const json = JSON.stringify(result ?? null);
    if (!e.requests.has(requestId)) e.requests.set(requestId, { kind, result: json });
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

  async close(): Promise<void> {
    this.closed = true;
  }
}
