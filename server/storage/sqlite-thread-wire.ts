/**
 * The messages between SqliteThreadStorage (the server's thread) and the thread that owns the
 * SQLite connection (sqlite-thread-worker.ts): one call per Storage method, answered in order.
 * Values cross by structured clone (plain objects, arrays, Maps); errors as data, rebuilt on the
 * server's side as the same classes (BoError with code, issues and retryAfterMs; StaleAskError,
 * which the ask's retry loop tells apart by class).
 */
import { BoError } from '../../core/errors.js';
import type { ErrorCode, FieldIssue } from '../../protocol/errors.js';
import { StaleAskError } from './storage-rules.js';
import type { SqliteOptions } from './sqlite-storage.js';
import type { Storage } from './types.js';

/** The Storage methods the thread serves (every method; `description` is a field, set on the server's side). */
export type ThreadMethod = Exclude<keyof Storage, 'description'>;

/** What the worker is started with. */
export interface ThreadStart {
  /** The module the boot file imports (the worker's own file, .ts under tsx, .js compiled). */
  readonly entry: string;
  readonly options: SqliteOptions;
}

/** Server -> thread: one call. */
export interface ThreadCall {
  readonly id: number;
  readonly method: ThreadMethod;
  readonly args: readonly unknown[];
}

/** An error as data. */
export interface ThreadError {
  readonly kind: 'bo' | 'stale' | 'other';
  readonly message: string;
  readonly code?: ErrorCode;
  readonly issues?: FieldIssue[];
  readonly retryAfterMs?: number;
}

/** Thread -> server: the answer to call `id`, or the open's outcome (id -1). */
export type ThreadReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: ThreadError };

/**
 * Thread -> server, after each group-commit fsync: every write call up to `upTo` (call ids) is
 * durable, or, with `error`, its fsync failed (those calls' flushes reject; later ones sync again).
 */
export interface ThreadDurable {
  readonly durable: true;
  readonly upTo: number;
  readonly error?: ThreadError;
}

/** The Storage methods that write: the thread syncs after each of them without being asked (see sqlite-thread-worker.ts). */
export const WRITE_METHODS: ReadonlySet<ThreadMethod> = new Set<ThreadMethod>([
  'createStudy', 'appendPool', 'deleteStudy', 'commitAsk', 'insertTrials', 'claimQueued', 'finishTrial', 'addIntermediate', 'extendLease', 'abandonExpired',
  'putRequest', 'putPolicyState',
]);

/** The id of the reply that says whether the database opened (migrations included). */
export const OPEN_REPLY_ID = -1;

/** Encodes a thrown value for the trip back to the server's thread. */
export function errorToThread(e: unknown): ThreadError {
  if (e instanceof StaleAskError) return { kind: 'stale', message: e.message };
  if (e instanceof BoError) {
    return {
      kind: 'bo', message: e.message, code: e.code,
      ...(e.issues !== undefined ? { issues: e.issues } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    };
  }
  return { kind: 'other', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/** Rebuilds what the thread threw (a StaleAskError keeps its class; anything that was not a BoError is INTERNAL). */
export function errorFromThread(e: ThreadError): Error {
  if (e.kind === 'stale') {
    const stale = new StaleAskError('', '');
    stale.message = e.message;
    return stale;
  }
  if (e.kind === 'bo') return new BoError(e.code!, e.message, e.issues, e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {});
  return new BoError('INTERNAL', `storage thread: ${e.message}`);
}
