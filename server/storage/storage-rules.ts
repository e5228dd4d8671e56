/**
 * Rules every Storage backend shares (validation, outcome comparison, error wording), so the
 * backends differ only in how they persist. The conformance suite pins these semantics.
 */
import { BoError, invalidArgument } from '../../core/errors.js';
import type { NewTrial, RequestRecord, RequestTag, StoredCurvePoint, StoredTrial, TrialOutcome } from './types.js';

/** The states a NewTrial may be inserted in. */
const INSERTABLE = new Set(['queued', 'running', 'completed']);

/** Deep copy through JSON: the same normalisation (undefined dropped, -0 -> 0) a database applies. */
export function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Milliseconds since the epoch of an ISO time; INVALID_ARGUMENT naming `field` when unparsable. */
export function parseTime(field: string, iso: string): number {
  const ms = Date.parse(iso);
  if (typeof iso !== 'string' || !Number.isFinite(ms)) throw invalidArgument([field], `not an ISO time: ${String(iso)}`);
  return ms;
}

/** Checks a batch of new trials before anything is written (a failed insert writes nothing). */
export function checkNewTrials(trials: readonly NewTrial[]): void {
  trials.forEach((t, i) => {
    if (!INSERTABLE.has(t.state)) throw invalidArgument(['trials', i, 'state'], `cannot insert a trial in state '${t.state}'`);
    if (t.params === null || typeof t.params !== 'object' || Array.isArray(t.params)) throw invalidArgument(['trials', i, 'params'], 'params must be an object');
    if (t.state === 'completed' && (t.values === undefined || t.values === null)) throw invalidArgument(['trials', i, 'values'], 'a completed trial needs values');
    if (t.leaseExpiresAt !== undefined) parseTime(`trials.${i}.leaseExpiresAt`, t.leaseExpiresAt);
  });
}

/** Checks an outcome's shape (the service validates values against objectives; this guards storage). */
export function checkOutcome(outcome: TrialOutcome): void {
  if (outcome.state === 'completed') {
    if (outcome.values === null || typeof outcome.values !== 'object') throw invalidArgument(['values'], 'values must be an object');
  } else if (outcome.state === 'failed') {
    if (typeof outcome.reason !== 'string') throw invalidArgument(['reason'], 'reason must be a string');
  } else if (outcome.state === 'pruned') {
    if (typeof outcome.objective !== 'string' || outcome.objective === '') throw invalidArgument(['objective'], 'a pruned outcome names its objective');
  } else {
    throw invalidArgument(['state'], `an outcome is 'completed', 'failed' or 'pruned', not '${(outcome as { state: string }).state}'`);
  }
}

/** The values a pruned trial keeps: its value at its largest step; FAILED_PRECONDITION without one. */
export function prunedValues(trialId: string, objective: string, last: number | undefined): Record<string, number> {
  if (last === undefined) {
    throw new BoError('FAILED_PRECONDITION', `trial ${trialId} has reported no intermediate value, so it cannot be pruned (report one, or tell or fail it)`, [{ path: ['trialId'], message: 'no intermediate value' }]);
  }
  return { [objective]: last };
}

/** Checks a curve point before anything is written. */
export function checkCurvePoint(point: StoredCurvePoint): void {
  if (!Number.isSafeInteger(point.step) || point.step < 0) throw invalidArgument(['step'], `step must be an integer >= 0, got ${String(point.step)}`);
  if (typeof point.value !== 'number' || !Number.isFinite(point.value)) throw invalidArgument(['value'], `value must be a finite number, got ${String(point.value)}`);
  if (typeof point.prune !== 'boolean') throw invalidArgument(['prune'], 'prune must be a boolean');
}

/**
 * Decides addIntermediate once the stored point at the same step (if any) and the trial's state are
 * known: 'insert' for a new step of a running trial, 'same' for a repeat of the stored value;
 * CONFLICT (both values named) or FAILED_PRECONDITION otherwise. Shared so every backend words it alike.
 */
export function curveWriteAction(trial: StoredTrial, stored: StoredCurvePoint | undefined, point: StoredCurvePoint): 'insert' | 'same' {
  if (stored !== undefined) {
    if (stored.value === point.value) return 'same';
    throw new BoError('CONFLICT', `trial ${trial.id} already reported ${stored.value} at step ${point.step}; a different value (${point.value}) cannot replace it`, [{ path: ['value'], message: `step ${point.step} holds ${stored.value}` }]);
  }
  if (trial.state !== 'running') {
    throw new BoError('FAILED_PRECONDITION', `trial ${trial.id} is ${trial.state}: only a running trial reports intermediate values`, [{ path: ['trialId'], message: `trial is ${trial.state}` }]);
  }
  return 'insert';
}

/** A curve point with absent optional fields dropped (as rows read back give it). */
export function curvePoint(step: number, value: number, prune: boolean, reason: string | null | undefined): StoredCurvePoint {
  return { step, value, prune, ...(reason !== null && reason !== undefined ? { reason } : {}) };
}

/** True when two value maps hold exactly the same keys and numbers (JSON-normalised). */
function sameValues(a: Record<string, number> | undefined, b: Record<string, number> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** True when `trial` (already finished) holds exactly `outcome`: state, values, cost, reason. */
export function sameOutcome(trial: StoredTrial, outcome: TrialOutcome): boolean {
  const o = jsonClone(outcome);
  if (trial.state !== o.state) return false;
  if (o.state === 'failed') return trial.failReason === o.reason;
  // A pruned trial's values come from its curve, not from the request: pruning again is a repeat.
  if (o.state === 'pruned') return true;
  return sameValues(trial.values, o.values) && trial.cost === (o.cost ?? undefined);
}

/** The outcome a finished trial holds, for error messages. */
function describe(trial: StoredTrial): string {
  return trial.state === 'failed' ? `failed (${JSON.stringify(trial.failReason)})` : `${trial.state} with ${JSON.stringify(trial.values)}${trial.cost !== undefined ? ` cost ${trial.cost}` : ''}`;
}

/**
 * Decides finishTrial for a trial that is not running/abandoned: the same outcome again is
 * idempotent (returns false = unchanged); anything else throws the contract's error.
 */
export function refuseFinish(trial: StoredTrial, outcome: TrialOutcome): false {
  if (trial.state === 'queued') throw new BoError('FAILED_PRECONDITION', `trial ${trial.id} is queued: it was never handed out, so it cannot be finished`);
  if ((trial.state === 'completed' || trial.state === 'failed' || trial.state === 'pruned') && sameOutcome(trial, outcome)) return false;
  throw new BoError('CONFLICT', `trial ${trial.id} is already ${describe(trial)}; a different outcome cannot replace it`);
}

/** NOT_FOUND for a study. */
export function studyNotFound(studyId: string): BoError {
  return new BoError('NOT_FOUND', `study ${studyId} not found`);
}

/** NOT_FOUND for a trial of a study. */
export function trialNotFound(studyId: string, trialId: string): BoError {
  return new BoError('NOT_FOUND', `trial ${trialId} not found in study ${studyId}`);
}

/** FAILED_PRECONDITION for appending pool rows to a study created without a pool. */
export function poolMissing(studyId: string): BoError {
  return new BoError('FAILED_PRECONDITION', `study ${studyId} has no candidate pool`, [{ path: ['studyId'], message: 'no candidate pool' }]);
}

/** CONFLICT for a pool append whose offset is not the number of rows stored (compare-and-set). */
export function poolOffsetConflict(offset: number, stored: number): BoError {
  return new BoError('CONFLICT', `pool append at row ${offset}, but ${stored} rows are stored`, [{ path: ['offset'], message: `expected ${stored}` }]);
}

/** How a request shows in a CONFLICT message: its kind and payload summary (legacy records: kind and trial only). */
function describeRequest(r: { readonly kind: string; readonly target?: string; readonly summary?: string }): string {
  if (r.summary !== undefined) return `${r.kind} ${r.summary}`;
  return `${r.kind}${r.target !== undefined ? ` of trial ${r.target}` : ''} (recorded without its payload)`;
}

/** The trial a legacy tell/fail record names: its result is [trialId]. */
function legacyTarget(result: unknown): string | undefined {
  return Array.isArray(result) && result.length === 1 && typeof result[0] === 'string' ? result[0] : undefined;
}

/**
 * Throws CONFLICT unless `tag` is a retry of the recorded request: the same kind, the same target
 * and the same fingerprint (a tag without a fingerprint, from internal callers, compares kind and
 * target only). The message names both payloads. A legacy record (written before schema v5, no
 * fingerprint) is matched by kind and, for a tell/fail, by the trial its result names: a retried
 * tell then goes on to finishTrial's compare-and-set, whose stored outcome decides (same values:
 * idempotent, other values: CONFLICT); a legacy ask/enqueue/add record replays its first result
 * as it did before v5 (the service additionally compares the count of trials).
 */
export function checkReplay(recorded: RequestRecord, tag: RequestTag): void {
  const legacy = recorded.fingerprint === undefined;
  const target = recorded.target ?? (legacy ? legacyTarget(recorded.result) : undefined);
  const sameTarget = tag.target === undefined ? recorded.target === undefined : target === tag.target;
  const sameFingerprint = legacy || tag.fingerprint === undefined || recorded.fingerprint === tag.fingerprint;
  if (recorded.kind === tag.kind && sameTarget && sameFingerprint) return;
  throw new BoError(
    'CONFLICT',
    `requestId ${JSON.stringify(tag.requestId)} was already used for ${describeRequest({ ...recorded, ...(target !== undefined ? { target } : {}) })}; ` +
      `this request is ${describeRequest(tag)}. A requestId names exactly one request: send a fresh one per call`,
    [{ path: ['requestId'], message: 'already used for another request' }],
  );
}

/** The error every method of a closed storage throws. */
export function storageClosed(description: string): BoError {
  return new BoError('UNAVAILABLE', `storage ${description} is closed`);
}

/** The trial ids a request that wrote trials records as its result. */
export function idsResult(trials: readonly StoredTrial[]): string[] {
  return trials.map((t) => t.id);
}

/** Reads back the ids an insert request recorded, or CONFLICT when the record is of another shape. */
export function recordedIds(requestId: string, result: unknown): string[] {
  if (Array.isArray(result) && result.every((x) => typeof x === 'string')) return result as string[];
  throw new BoError('CONFLICT', `request ${requestId} was already used for a request that inserted no trials`);
}

/**
 * commitAsk refused a write whose AskWrite.basis no longer holds (another process inserted or
 * claimed trials since the ask read them). UNAVAILABLE, so a client that sees it retries; the
 * service retries the ask itself first.
 */
export class StaleAskError extends BoError {
  constructor(studyId: string, detail: string) {
    super('UNAVAILABLE', `ask on study ${studyId} was based on stale trials (${detail}); nothing was committed, retry`);
  }
}
