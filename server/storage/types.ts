import type { AlgorithmSpec, EffectiveAlgorithm } from '../../protocol/algorithm.js';
import type { SpaceSpec } from '../../protocol/space.js';
import type { Constraints, Direction, TrialState } from '../../protocol/study.js';

/** A study row. */
export interface StoredStudy {
  readonly id: string;
  readonly name: string;
  readonly space: SpaceSpec;
  readonly objectives: Record<string, Direction>;
  /** Outcome constraints (protocol/study.ts Constraints); stored inside the algorithm JSON by SQL backends, so no migration. */
  readonly constraints?: Constraints;
  readonly algorithm: AlgorithmSpec;
  /**
   * What the study runs, resolved at create (policy/effective-algorithm.ts). Absent for studies
   * stored before it existed (resolved when their runtime is built). Stored inside the algorithm
   * JSON by SQL backends, so no migration.
   */
  readonly effectiveAlgorithm?: EffectiveAlgorithm;
  readonly leaseSeconds: number;
  readonly metadata: Record<string, string | number | boolean | null>;
  readonly createdAt: string;
  /** Rows of the study's candidate pool stored so far, when it has one (the pool itself: Storage.getPool). */
  readonly poolRows?: number;
  /** Rows the pool will have once uploaded (chunked upload, `pool:append`); absent: the pool was complete at create. */
  readonly poolTotalRows?: number;
}

/** A study's candidate pool as stored (canonical form, policy/pool.ts checkPool): column names and rows of JSON cells. */
export interface StoredPool {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** A trial row; params in user units (JSON). */
export interface StoredTrial {
  readonly id: string;
  readonly studyId: string;
  /** 0-based, allocated atomically per study. */
  readonly number: number;
  readonly state: TrialState;
  readonly params: Record<string, unknown>;
  readonly values?: Record<string, number>;
  readonly cost?: number;
  readonly failReason?: string;
  readonly createdAt: string;
  readonly finishedAt?: string;
  /** ISO time; only for running trials. */
  readonly leaseExpiresAt?: string;
  readonly clientId?: string;
  readonly diagnostics?: Record<string, unknown>;
}

/** A trial to insert (id and number are allocated by the storage). */
export interface NewTrial {
  readonly state: 'queued' | 'running' | 'completed';
  readonly params: Record<string, unknown>;
  readonly values?: Record<string, number>;
  readonly cost?: number;
  readonly leaseExpiresAt?: string;
  readonly clientId?: string;
  readonly diagnostics?: Record<string, unknown>;
}

/** Storage.trialClock: trials ever inserted in a study, and how many of them are completed. */
export interface TrialClock {
  readonly trials: number;
  readonly completed: number;
  /**
   * Trials now running, queued and pruned, read in the same snapshot; optional (a backend without
   * cheap counts leaves them out). With `trials` they version the service's in-memory active set
   * (server/active-trials.ts); `pruned: 0` lets an ask skip listing pruned trials.
   */
  readonly running?: number;
  readonly queued?: number;
  readonly pruned?: number;
}

/**
 * How a trial ends. 'pruned': stopped early; the storage sets its values to `{[objective]: v}`,
 * v = its intermediate value at its largest step, read in the same transaction (a trial without
 * one cannot be pruned: FAILED_PRECONDITION).
 */
export type TrialOutcome =
  | { readonly state: 'completed'; readonly values: Record<string, number>; readonly cost?: number }
  | { readonly state: 'failed'; readonly reason: string }
  | { readonly state: 'pruned'; readonly objective: string };

/**
 * One point of a trial's learning curve as stored: the reported value at `step`, and the pruner's
 * decision on it, kept so that a retried report answers exactly what the first one did.
 */
export interface StoredCurvePoint {
  readonly step: number;
  readonly value: number;
  readonly prune: boolean;
  readonly reason?: string;
}

/** The result of addIntermediate: the point as stored; changed=false when the same step and value were already there. */
export interface CurveWrite {
  readonly point: StoredCurvePoint;
  readonly changed: boolean;
}

/** Trials per state, every state present. */
export type TrialCounts = Record<TrialState, number>;

/**
 * Every write of one ask, committed as one transaction by commitAsk: claim queued trials, insert
 * the policy's new trials, record the request (claimed + inserted ids) and store the policy state.
 */
export interface AskWrite {
  /** queued -> running for up to `count` oldest queued trials (as claimQueued). */
  readonly claim?: { readonly count: number; readonly leaseExpiresAt: string; readonly clientId?: string };
  /** New trials (after the claimed ones in the recorded result). */
  readonly trials: readonly NewTrial[];
  /** Idempotency record; when already present nothing is written and the recorded trials are returned. */
  readonly request?: RequestTag;
  /** The policy's new state; undefined leaves the stored state as it is. */
  readonly policyState?: unknown;
  /**
   * What the ask read before it fitted (cross-process staleness check, see "Several processes" on
   * Storage): `trials` = Storage.trialClock's `trials` (the study's trial count) read BEFORE its
   * pending trials. When given, commitAsk writes nothing and throws StaleAskError (storage-rules.ts) if
   * the study now holds another number of trials, or fewer queued trials than `claim.count`.
   * A matching recorded request still replays first.
   */
  readonly basis?: { readonly trials: number };
}

/**
 * What makes a request idempotent (server/request-fingerprint.ts builds it): the id, the operation
 * kind, the target (the trial of a tell/fail), the payload's fingerprint and a short summary of it.
 * A record written before schema v5 has only kind (see storage-rules.ts checkReplay for how such
 * legacy records are matched).
 */
export interface RequestTag {
  readonly requestId: string;
  readonly kind: string;
  readonly target?: string;
  /** sha256 hex of the canonical request JSON (without requestId/clientId/studyId). */
  readonly fingerprint?: string;
  /** The canonical request JSON, truncated: named in the CONFLICT a mismatching reuse gets. */
  readonly summary?: string;
}

/** A stored idempotency record: the tag of the first request with this id (without the id) and its result. */
export interface RequestRecord {
  readonly kind: string;
  readonly result: unknown;
  readonly target?: string;
  readonly fingerprint?: string;
  readonly summary?: string;
}

/** The result of a compare-and-set finish: changed=false means the same outcome was already stored. */
export interface FinishResult {
  readonly trial: StoredTrial;
  readonly changed: boolean;
}

/**
 * Coarse storage operations (Optuna's contract, fewer setters). Every method is atomic.
 * Contract details the shared conformance suite checks:
 * - insertTrials allocates consecutive numbers atomically, even under concurrent callers.
 * - finishTrial is compare-and-set from 'running' or 'abandoned' (a late result is still a real
 *   result): the same outcome again -> {changed:false} (for 'pruned': the trial is pruned); a
 *   different one -> BoError CONFLICT;
 *   unknown trial -> NOT_FOUND; a 'queued' trial -> FAILED_PRECONDITION. Nothing is written twice.
 * - Idempotency records map (studyId, requestId) -> the tag and JSON result of the first call; the
 *   record is written in the same transaction as the writes it describes (createStudy,
 *   insertTrials, commitAsk, finishTrial take a RequestTag). A method given a tag whose id is
 *   recorded with another kind, target or fingerprint throws CONFLICT (storage-rules.ts
 *   checkReplay) and writes nothing; a matching tag replays (inserts return the recorded trials,
 *   finishTrial proceeds with its compare-and-set and keeps the first record).
 * - Durability: when a method's promise resolves, the write survives a process kill; once a later
 *   flush() resolves it also survives power loss (except where the backend documents otherwise,
 *   e.g. sqlite synchronous=normal). See sqlite-storage.ts for the SQLite modes.
 * - Returned trials may be frozen (MemoryStorage hands out its immutable rows): never mutate them.
 *
 * Several processes (API replicas on one PostgreSQL, or two processes on one SQLite file):
 * - Each method is one transaction; PostgresStorage runs every write of a study under a
 *   transaction-scoped advisory lock on (schema, studyId), SQLite under its file write lock. So
 *   numbers, compare-and-set finishes and idempotency records hold across processes, and no lock
 *   outlives a call: nothing is locked while a model fits.
 * - There is deliberately no withStudyLock(): an ask reads, fits (seconds, maybe on another
 *   machine) and then commits, and a lock held across the fit would stall every tell of the study.
 *   The service's in-process KeyedMutex still orders the asks of ONE process. Across processes an
 *   ask is optimistic: it reads the trial count (trialClock, cheap) before its pending trials and
 *   passes it as AskWrite.basis; commitAsk compares it with the count under the lock. Any trial
 *   inserted meanwhile (another replica's ask or enqueue) changes the count, so a decision that
 *   never saw those pending points is refused (StaleAskError, nothing written) and the ask re-reads, re-fits
 *   and commits again (server/ask.ts). Two replicas asking one study at once therefore never hand
 *   out the same running params; tells and lease changes do not invalidate an ask (they cannot
 *   create a duplicate), so a busy study does not retry on every tell. Trial numbers have no gaps
 *   (nothing deletes one trial), which is why a count is a sufficient version.
 * - The service's in-memory view of a study (policy state, completed-trials cache) is checked
 *   against trialClock at every ask, before and again after it reads the pending trials (a tell
 *   committed elsewhere in between left both lists): another count of trials or of completed trials means another
 *   process wrote, and the view is reloaded before the policy runs (a policy that never saw a
 *   trial completed elsewhere could suggest its point again).
 */
export interface Storage {
  /** Backend description for health output, e.g. 'sqlite:./data/bo.sqlite' (no secrets). */
  readonly description: string;
  /**
   * Creates a study and, in the same transaction, its candidate pool (pool rows kept out of
   * getStudy/listStudies) and the record of the creating request (under the new study, result: its id).
   */
  createStudy(study: StoredStudy, pool?: StoredPool, request?: RequestTag): Promise<StoredStudy>;
  /** The study's candidate pool, or null (no pool, or unknown study). Read once per study runtime, not per ask. */
  getPool(studyId: string): Promise<StoredPool | null>;
  /**
   * Appends rows (canonical form) to the study's pool and raises its poolRows, atomically.
   * Compare-and-set: `offset` must equal the poolRows stored (else CONFLICT, nothing written);
   * NOT_FOUND for an unknown study, FAILED_PRECONDITION for a study without a pool. Returns the study.
   */
  appendPool(studyId: string, offset: number, rows: readonly (readonly unknown[])[]): Promise<StoredStudy>;
  getStudy(studyId: string): Promise<StoredStudy | null>;
  listStudies(limit?: number): Promise<StoredStudy[]>;
  /** Deletes the study, its pool, trials, state and idempotency records; false if it did not exist. */
  deleteStudy(studyId: string): Promise<boolean>;
  listTrials(studyId: string, states?: readonly TrialState[]): Promise<StoredTrial[]>;
  /**
   * The study's trial count (= the next trial number; numbers have no gaps) and its count of
   * completed trials, read together; NOT_FOUND for an unknown study. Cheap (counters or index
   * lookups): every ask reads it (AskWrite.basis, and the freshness of the service's view, see
   * "Several processes"). Optional: a backend no two processes share may leave it out; its asks
   * then commit without a basis.
   */
  trialClock?(studyId: string): Promise<TrialClock>;
  /** Trials per state without reading the trials (NOT_FOUND for an unknown study). */
  countTrials(studyId: string): Promise<TrialCounts>;
  /**
   * One ask in one transaction (see AskWrite): the claimed and inserted trials in number order.
   * A crash can never leave claimed or inserted trials without their request record.
   */
  commitAsk(studyId: string, write: AskWrite): Promise<StoredTrial[]>;
  getTrial(studyId: string, trialId: string): Promise<StoredTrial | null>;
  /** Inserts trials; with `request`, also stores the request's result (the inserted trials' ids) atomically. */
  insertTrials(studyId: string, trials: readonly NewTrial[], request?: RequestTag): Promise<StoredTrial[]>;
  /** queued -> running for up to `count` oldest queued trials, with the lease and clientId given. */
  claimQueued(studyId: string, count: number, leaseExpiresAt: string, clientId?: string): Promise<StoredTrial[]>;
  finishTrial(studyId: string, trialId: string, outcome: TrialOutcome, finishedAt: string, request?: RequestTag): Promise<FinishResult>;
  /**
   * Stores one intermediate value of a trial, compare-and-set by (trial, step): a step already
   * stored with the same value returns the stored point (its decision included) with changed=false,
   * whatever the trial's state now; with another value CONFLICT naming both; otherwise the trial
   * must be running (FAILED_PRECONDITION) and the point is inserted. NOT_FOUND for an unknown
   * study or trial; INVALID_ARGUMENT for a step that is not an integer >= 0 or a value that is not finite.
   * With `request`: a tag whose id is recorded for another request is CONFLICT (checkReplay) and
   * writes nothing; else the record ([trialId]) is written in the same transaction, first one wins.
   */
  addIntermediate(studyId: string, trialId: string, point: StoredCurvePoint, at: string, request?: RequestTag): Promise<CurveWrite>;
  /**
   * Learning curves of the study's trials (all of them, or only `trialIds`), each sorted by step;
   * with `steps`, only the points at those steps (an index lookup per step: what a median pruner
   * reads per report). Trials without a point are absent. NOT_FOUND for an unknown study. Kept out
   * of listTrials so that asks never read curves.
   */
  listCurves(studyId: string, trialIds?: readonly string[], steps?: readonly number[]): Promise<Map<string, StoredCurvePoint[]>>;
  /** Extends the lease of a running trial; returns the trial (unchanged if not running). */
  extendLease(studyId: string, trialId: string, leaseExpiresAt: string): Promise<StoredTrial>;
  /** Running trials whose lease ended before `now` become 'abandoned'; returns them. */
  abandonExpired(studyId: string, now: string): Promise<StoredTrial[]>;
  /** The record of an earlier request with this id (absent tag fields omitted), or null. */
  getRequest(studyId: string, requestId: string): Promise<RequestRecord | null>;
  /** Stores the result of a request that made no other write (e.g. an ask answered from the queue is covered by claimQueued: call this after). */
  putRequest(studyId: string, requestId: string, kind: string, result: unknown): Promise<void>;
  getPolicyState(studyId: string): Promise<unknown | null>;
  putPolicyState(studyId: string, state: unknown): Promise<void>;
  /**
   * Resolves once every write whose promise resolved before this call survives power loss, not
   * only a process kill (group commit: one fsync for all writes since the last flush). The
   * service calls it before acknowledging a write; backends without such a distinction resolve
   * at once.
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a storage from a URL: 'memory:', 'sqlite:<path>' or 'postgres://...'. */
export type StorageFactory = (url: string) => Promise<Storage>;
