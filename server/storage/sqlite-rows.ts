/**
 * Row <-> object mapping for SqliteStorage and PostgresStorage (same column names). NULL columns become absent keys, so a trial read
 * back deep-equals the one MemoryStorage returns.
 */
import { EffectiveAlgorithm } from '../../protocol/algorithm.js';
import type { TrialState } from '../../protocol/study.js';
import type { NewTrial, RequestRecord, StoredCurvePoint, StoredStudy, StoredTrial } from './types.js';
import { curvePoint } from './storage-rules.js';

/** A row of `studies`. */
export interface StudyRow {
  id: string;
  name: string;
  space_json: string;
  objectives_json: string;
  algorithm_json: string;
  lease_seconds: number;
  metadata_json: string;
  created_at: string;
  pool_rows: number | null;
  pool_total_rows: number | null;
}

/** A row of `trials`. */
export interface TrialRow {
  id: string;
  study_id: string;
  number: number;
  state: TrialState;
  params_json: string;
  values_json: string | null;
  cost: number | null;
  fail_reason: string | null;
  created_at: string;
  finished_at: string | null;
  lease_expires_at: string | null;
  client_id: string | null;
  diagnostics_json: string | null;
}

/**
 * Key under which the effective algorithm rides inside `algorithm_json` (no column, so no
 * migration); '$' keeps it apart from any AlgorithmSpec field.
 */
const EFFECTIVE_KEY = '$effective';
/** Key under which a study's outcome constraints ride inside `algorithm_json` (as EFFECTIVE_KEY: no migration). */
const CONSTRAINTS_KEY = '$constraints';

/** The algorithm JSON of a row split into the spec and the effective algorithm (absent for older rows, or if unreadable). */
function algorithmFromJson(json: string): Pick<StoredStudy, 'algorithm' | 'effectiveAlgorithm' | 'constraints'> {
  const { [EFFECTIVE_KEY]: raw, [CONSTRAINTS_KEY]: constraints, ...algorithm } = JSON.parse(json) as Record<string, unknown>;
  // An unreadable stored value is dropped: the runtime resolves the algorithm again (server/study-setup.ts buildRuntime).
  const effective = raw === undefined ? undefined : EffectiveAlgorithm.safeParse(raw);
  return {
    algorithm: algorithm as StoredStudy['algorithm'],
    ...(effective?.success ? { effectiveAlgorithm: effective.data } : {}),
    ...(constraints !== undefined ? { constraints: constraints as StoredStudy['constraints'] } : {}),
  };
}

/** The study a row holds. */
export function studyFromRow(r: StudyRow): StoredStudy {
  return {
    id: r.id,
    name: r.name,
    space: JSON.parse(r.space_json),
    objectives: JSON.parse(r.objectives_json),
    ...algorithmFromJson(r.algorithm_json),
    leaseSeconds: r.lease_seconds,
    metadata: JSON.parse(r.metadata_json),
    createdAt: r.created_at,
    ...(r.pool_rows !== null && r.pool_rows !== undefined ? { poolRows: r.pool_rows } : {}),
    ...(r.pool_total_rows !== null && r.pool_total_rows !== undefined ? { poolTotalRows: r.pool_total_rows } : {}),
  };
}

/** The bound parameters that insert a study. */
export function studyToRow(s: StoredStudy): StudyRow {
  return {
    id: s.id,
    name: s.name,
    space_json: JSON.stringify(s.space),
    objectives_json: JSON.stringify(s.objectives),
    algorithm_json: JSON.stringify({ ...s.algorithm, ...(s.effectiveAlgorithm ? { [EFFECTIVE_KEY]: s.effectiveAlgorithm } : {}), ...(s.constraints ? { [CONSTRAINTS_KEY]: s.constraints } : {}) }),
    lease_seconds: s.leaseSeconds,
    metadata_json: JSON.stringify(s.metadata ?? {}),
    created_at: s.createdAt,
    pool_rows: s.poolRows ?? null,
    pool_total_rows: s.poolTotalRows ?? null,
  };
}

/** The trial a row holds (optional fields only when the column is not NULL). */
export function trialFromRow(r: TrialRow): StoredTrial {
  const t: Record<string, unknown> = {
    id: r.id,
    studyId: r.study_id,
    number: r.number,
    state: r.state,
    params: JSON.parse(r.params_json),
  };
  if (r.values_json !== null) t.values = JSON.parse(r.values_json);
  if (r.cost !== null) t.cost = r.cost;
  if (r.fail_reason !== null) t.failReason = r.fail_reason;
  t.createdAt = r.created_at;
  if (r.finished_at !== null) t.finishedAt = r.finished_at;
  if (r.lease_expires_at !== null) t.leaseExpiresAt = r.lease_expires_at;
  if (r.client_id !== null) t.clientId = r.client_id;
  if (r.diagnostics_json !== null) t.diagnostics = JSON.parse(r.diagnostics_json);
  return t as unknown as StoredTrial;
}

/** The row of a new trial (validated by checkNewTrials): a fresh id, its number, a lease only while running. Shared by the SQL backends. */
export function newTrialRow(studyId: string, number: number, t: NewTrial, createdAt: string): TrialRow & { lease_expires_ms: number | null } {
  const lease = t.state === 'running' && t.leaseExpiresAt !== undefined ? t.leaseExpiresAt : null;
  return {
    id: crypto.randomUUID(), study_id: studyId, number, state: t.state,
    params_json: JSON.stringify(t.params), values_json: jsonOrNull(t.values), cost: t.cost ?? null, fail_reason: null,
    created_at: createdAt, finished_at: t.state === 'completed' ? createdAt : null,
    lease_expires_at: lease, lease_expires_ms: lease === null ? null : Date.parse(lease),
    client_id: t.clientId ?? null, diagnostics_json: jsonOrNull(t.diagnostics),
  };
}

/** JSON text of a value, or NULL for undefined. */
export function jsonOrNull(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

/** A row of `requests` as read back (target/fingerprint/summary are NULL in rows older than schema v5). */
export interface RequestRow {
  kind: string;
  result_json: string;
  target: string | null;
  fingerprint: string | null;
  summary: string | null;
}

/** The record a row holds (NULL columns become absent keys). */
export function requestFromRow(r: RequestRow): RequestRecord {
  return {
    kind: r.kind,
    result: JSON.parse(r.result_json) as unknown,
    ...(r.target !== null ? { target: r.target } : {}),
    ...(r.fingerprint !== null ? { fingerprint: r.fingerprint } : {}),
    ...(r.summary !== null ? { summary: r.summary } : {}),
  };
}

/** A row of `trial_curves` (SQLite v7, PostgreSQL v3): prune is 0/1 in SQLite, a boolean in PostgreSQL; a BIGINT step may come back as text. */
export interface CurveRow {
  trial_id: string;
  step: number | string;
  value: number;
  prune: number | boolean;
  reason: string | null;
}

/** The point a curve row holds. */
export function curveFromRow(r: CurveRow): StoredCurvePoint {
  return curvePoint(Number(r.step), r.value, r.prune === true || r.prune === 1, r.reason);
}

/** Curve rows grouped per trial, each curve sorted by step. */
export function groupCurves(rows: readonly CurveRow[]): Map<string, StoredCurvePoint[]> {
  const out = new Map<string, StoredCurvePoint[]>();
  for (const r of rows) {
    const curve = out.get(r.trial_id);
    if (curve) curve.push(curveFromRow(r));
    else out.set(r.trial_id, [curveFromRow(r)]);
  }
  for (const curve of out.values()) curve.sort((a, b) => a.step - b.step);
  return out;
}
