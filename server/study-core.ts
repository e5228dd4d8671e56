/**
 * What every study operation shares (server/study-service.ts is the facade; the operations live in
 * study-lifecycle.ts, ask-request.ts, trial-finish.ts, trial-progress.ts, trial-intake.ts and
 * study-reads.ts): the per-study lock with group commit, the in-memory runtimes, events, and the
 * lookups that answer NOT_FOUND at the field's path.
 */
import type { ServerEvent } from '../protocol/messages.js';
import type { Study } from '../protocol/study.js';
import { BoError } from '../core/errors.js';
import type { StoredStudy, StoredTrial, Storage, TrialCounts } from './storage/types.js';
import { KeyedMutex } from './keyed-mutex.js';
import { silentLogger, type Logger } from './logger.js';
import { studyView } from './views.js';
import { buildRuntime, storedEffective, type Factories, type StudyRuntime } from './study-setup.js';
import { Metrics } from './metrics.js';
import { poolGrewElsewhere } from './pool-ops.js';
import type { RunRecommendJob } from './recommend.js';
import type { ComputePlane } from './compute/types.js';
import { planeProber } from './algorithm-probe.js';

/** Sends a server event to the room of one study. */
export type EventSink = (studyId: string, event: ServerEvent, payload: unknown) => void;

/** What the service needs; everything but storage and the two factories has a default. */
export interface StudyServiceDeps extends Factories {
  readonly storage: Storage;
  readonly emit?: EventSink;
  /**
   * Whether anyone listens to a study's events; false skips building study:updated (which needs
   * a counts query). Default: always true.
   */
  readonly hasListeners?: (studyId: string) => boolean;
  /** Milliseconds since the epoch (tests inject a fake clock). */
  readonly now?: () => number;
  readonly logger?: Logger;
  /** Lease of a study that does not set one, seconds (default 3600). */
  readonly defaultLeaseSeconds?: number;
  /** Wall-clock budget of one policy suggest, ms (default 60 000). */
  readonly suggestTimeBudgetMs?: number;
  /** A suggest still running after this is aborted and the ask falls back, ms (default 2·budget + 5 s). */
  readonly suggestHardLimitMs?: number;
  readonly version?: string;
  /** Backends in use, for health (default: tensors 'not loaded', linalg 'js'). */
  readonly backends?: () => Promise<{ tensorBackend: string; tensorDevice?: string; tensorBackendReason?: string; linalg: string; linalgDetail?: string }>;
  /** Prometheus metrics (default: a private registry nobody reads). */
  readonly metrics?: Metrics;
  /** Runs study:recommend's policy job (default: on `compute`, else in this thread; server/recommend.ts). */
  readonly runRecommend?: RunRecommendJob;
  /** Where model-phase suggests run (server/compute); absent: on the event loop. close() closes it. */
  readonly compute?: ComputePlane;
}

/** Per-request context from a transport: `signal` aborts when the client went away. */
export interface RequestContext {
  readonly signal?: AbortSignal;
}

/**
 * The state and helpers the study operations share. Its members are public for those operation
 * modules only; transports and tests go through StudyService.
 */
export class StudyCore {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly now: () => number;
  readonly metrics: Metrics;
  readonly deps: StudyServiceDeps;
  /** When the service started (health's uptime), ms since the epoch. */
  readonly started: number;
  readonly runtimes = new Map<string, StudyRuntime>();
  /** Pool columns of studies being uploaded in chunks (read once per process, not per chunk). */
  readonly poolColumns = new Map<string, readonly string[]>();
  private readonly mutex = new KeyedMutex();
  private readonly abort = new AbortController();
  /** signalOf's joined signals, by transport signal (weak: they go with their socket). */
  private readonly joinedSignals = new WeakMap<AbortSignal, AbortSignal>();

  constructor(deps: StudyServiceDeps) {
    // With a compute plane the create-time probe runs there (TensorFlow.js never loads on the event loop).
    this.deps = deps.compute && !deps.probeAlgorithm ? { ...deps, probeAlgorithm: planeProber(deps.compute) } : deps;
    this.storage = deps.storage;
    this.logger = deps.logger ?? silentLogger;
    this.now = deps.now ?? Date.now;
    this.metrics = deps.metrics ?? new Metrics();
    this.started = this.now();
  }

  /**
   * Runs a write under the study's lock, then waits for it to be durable (Storage.flush) AFTER
   * releasing the lock: the next request of the study runs during the fsync, and concurrent
   * requests share one fsync (group commit). The answer is sent only once it is durable.
   * `flush: false` leaves the fsync to the caller's next durable write (one flush syncs every
   * earlier commit): a tell that asks in the same round trip (tell-and-ask.ts) waits for one fsync.
   */
  async durable<T>(studyId: string, fn: () => Promise<T>, flush = true): Promise<T> {
    const out = await this.mutex.run(studyId, fn);
    if (flush) await this.storage.flush();
    return out;
  }

  /** Abandons the study's expired leases (announcing the new counts); how many it abandoned. */
  async abandonExpired(studyId: string): Promise<number> {
    const gone = await this.storage.abandonExpired(studyId, this.iso());
    if (gone.length > 0) {
      this.logger.info('leases_expired', { studyId, trialIds: gone.map((t) => t.id) });
      await this.studyUpdated(studyId);
    }
    return gone.length;
  }

  /** The stored study (the cached one when its runtime is loaded), or NOT_FOUND at studyId. */
  async requireStudy(studyId: string): Promise<StoredStudy> {
    const cached = this.runtimes.get(studyId);
    if (cached) return cached.study;
    const study = await this.storage.getStudy(studyId);
    if (!study) throw notFoundStudy(studyId);
    return study;
  }

  /** The stored trial, or NOT_FOUND at trialId. */
  async requireTrial(studyId: string, trialId: string): Promise<StoredTrial> {
    const trial = await this.storage.getTrial(studyId, trialId);
    if (!trial) throw new BoError('NOT_FOUND', `trial '${trialId}' not found in study '${studyId}'`, [{ path: ['trialId'], message: 'not found' }]);
    return trial;
  }

  /** The in-memory runtime of a study, rebuilt from storage after a restart (with its stored policy state), or after another replica appended pool rows. */
  async runtime(studyId: string): Promise<StudyRuntime> {
    const cached = this.runtimes.get(studyId);
    if (cached && !(await poolGrewElsewhere(this.storage, cached.study))) return cached;
    if (cached) this.deps.compute?.forget(studyId);
    const study = await this.storage.getStudy(studyId);
    if (!study) throw notFoundStudy(studyId);
    const rt = buildRuntime(study, this.deps, this.logger, study.poolRows !== undefined ? await this.storage.getPool(studyId) : null);
    const state = await this.storage.getPolicyState(studyId);
    if (state !== null && state !== undefined) rt.state = state;
    this.runtimes.set(studyId, rt);
    return rt;
  }

  /** Emits study:updated with current counts, unless nobody listens (then it costs nothing). */
  async studyUpdated(studyId: string): Promise<void> {
    if (!this.deps.emit || (this.deps.hasListeners && !this.deps.hasListeners(studyId))) return;
    const study = this.runtimes.get(studyId)?.study ?? (await this.storage.getStudy(studyId));
    if (!study) return;
    this.emit(studyId, 'study:updated', { studyId, study: this.view(study, await this.storage.countTrials(studyId)) });
  }

  /** Sends an event to the study's room; a failing sink is logged, never the request's error. */
  emit(studyId: string, event: ServerEvent, payload: unknown): void {
    // An empty room costs nothing: socket.io encodes a broadcast before it looks for its members.
    if (!this.deps.emit || (this.deps.hasListeners && !this.deps.hasListeners(studyId))) return;
    try {
      this.deps.emit(studyId, event, payload);
    } catch (e) {
      this.logger.warn('emit_failed', { studyId, event, error: e });
    }
  }

  /** A study's wire view; an older study without a stored effective algorithm shows the one its runtime resolves. */
  view(study: StoredStudy, counts: TrialCounts): Study {
    return studyView(study, counts, study.effectiveAlgorithm ?? this.runtimes.get(study.id)?.effective ?? storedEffective(study, this.deps));
  }

  /**
   * The request's signal joined with the service's own (close aborts every job): one joined signal
   * per transport signal (a socket's, shared by all its requests), not an AbortSignal.any per ask.
   */
  signalOf(ctx: RequestContext): AbortSignal {
    if (!ctx.signal) return this.abort.signal;
    let joined = this.joinedSignals.get(ctx.signal);
    if (!joined) {
      joined = AbortSignal.any([this.abort.signal, ctx.signal]);
      this.joinedSignals.set(ctx.signal, joined);
    }
    return joined;
  }

  /** The suggest budgets of the study's model jobs (asks, recommend, slices, pareto), ms. */
  suggestLimits(): { timeBudgetMs: number; hardLimitMs: number } {
    const budget = this.deps.suggestTimeBudgetMs ?? 60_000;
    return { timeBudgetMs: budget, hardLimitMs: this.deps.suggestHardLimitMs ?? 2 * budget + 5000 };
  }

  /** The clock's now as an ISO timestamp (what storage records). */
  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Aborts running fits, terminates the compute workers and forgets cached models (the storage is closed by its owner). */
  async close(): Promise<void> {
    this.abort.abort();
    this.runtimes.clear();
    await this.deps.compute?.close();
  }
}

/** NOT_FOUND for a study id, at the request's studyId. */
export function notFoundStudy(studyId: string): BoError {
  return new BoError('NOT_FOUND', `study '${studyId}' not found`, [{ path: ['studyId'], message: 'not found' }]);
}
