import type { EventName, Health, RequestOf, Responses, StudyExport } from '../protocol/messages.js';
import type { Recommendation, Study, Trial } from '../protocol/study.js';
import type { ParetoFront } from '../protocol/pareto.js';
import type { StudySlices } from '../protocol/slices.js';
import type { PruneDecision } from '../protocol/pruner.js';
import { BoError } from '../core/errors.js';
import type { Storage } from './storage/types.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { StudyCore, type RequestContext, type StudyServiceDeps } from './study-core.js';
import { createStudy, deleteStudy, exportStudy, getStudy, listStudies, sweepExpiredLeases } from './study-lifecycle.js';
import { answerAsk } from './ask-request.js';
import { failTrial, pruneTrial, tellTrial } from './trial-finish.js';
import { tellAndAsk } from './tell-and-ask.js';
import { heartbeatTrial, reportTrial } from './trial-progress.js';
import { addCompletedTrials, appendPoolChunk, enqueueTrial } from './trial-intake.js';
import { StudyReads } from './study-reads.js';

export type { EventSink, RequestContext, StudyServiceDeps } from './study-core.js';

/**
 * The study service: one method per wire operation, transport-agnostic. It validates what zod
 * cannot (params inside the space, told values naming the objectives), serialises each study's
 * work with a per-study mutex, asks the policy and persists through the storage.
 *
 * A facade: the operations live in one module per job (study-lifecycle.ts, ask-request.ts,
 * trial-finish.ts, trial-progress.ts, trial-intake.ts, study-reads.ts) over the shared state of
 * study-core.ts.
 */
export class StudyService {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly now: () => number;
  readonly metrics: Metrics;
  private readonly core: StudyCore;
  private readonly reads: StudyReads;

  constructor(deps: StudyServiceDeps) {
    this.core = new StudyCore(deps);
    this.reads = new StudyReads(this.core);
    this.storage = this.core.storage;
    this.logger = this.core.logger;
    this.now = this.core.now;
    this.metrics = this.core.metrics;
  }

  /**
   * Runs one operation by its event name (both transports call this after zod parsing). A switch,
   * not a table of closures built per call: under tsx (esbuild keepNames) each named closure costs
   * a defineProperty, 22 per request on the ask/tell path.
   */
  async handle<E extends EventName>(event: E, req: RequestOf<E>, ctx: RequestContext = {}): Promise<Responses[E]> {
    return (await this.dispatch(event, req as never, ctx)) as Responses[E];
  }

  /** handle's switch (untyped answers: each case's method is typed by its operation). */
  private dispatch(name: EventName, q: never, ctx: RequestContext): Promise<unknown> {
    switch (name) {
      case 'trial:ask': return this.ask(q, ctx);
      case 'trial:tell': return this.tell(q, ctx);
      case 'study:create': return this.createStudy(q);
      case 'study:get': return this.getStudy((q as RequestOf<'study:get'>).studyId);
      case 'study:list': return this.listStudies((q as RequestOf<'study:list'>).limit);
      case 'study:delete': return this.deleteStudy((q as RequestOf<'study:delete'>).studyId);
      case 'study:export': return this.exportStudy(q);
      case 'study:subscribe': return this.core.requireStudy((q as RequestOf<'study:subscribe'>).studyId).then(() => ({ subscribed: true as const }));
      case 'study:unsubscribe': return this.core.requireStudy((q as RequestOf<'study:unsubscribe'>).studyId).then(() => ({ subscribed: false as const }));
      case 'trial:fail': return this.fail(q);
      case 'trial:heartbeat': return this.heartbeat(q);
      case 'trial:report': return this.report(q, ctx);
      case 'trial:prune': return this.prune(q);
      case 'trial:list': return this.listTrials(q);
      case 'trial:best': return this.best((q as RequestOf<'trial:best'>).studyId);
      case 'study:recommend': return this.recommend((q as RequestOf<'study:recommend'>).studyId, ctx);
      case 'study:slices': return this.slices((q as RequestOf<'study:slices'>).studyId, ctx);
      case 'study:pareto': return this.pareto((q as RequestOf<'study:pareto'>).studyId, ctx);
      case 'trial:enqueue': return this.enqueue(q);
      case 'trial:add': return this.addCompleted(q);
      case 'pool:append': return this.appendPool(q);
      case 'health': return this.health();
      default: {
        // Every EventName has its case (the compiler checks this line); anything else is a caller's mistake.
        const unknown: never = name;
        return Promise.reject(new BoError('INVALID_ARGUMENT', `unknown operation '${String(unknown)}'`));
      }
    }
  }

  // ---- studies (study-lifecycle.ts) ----

  /** Creates a study, idempotent by requestId (same id, other fields: CONFLICT). */
  createStudy(req: RequestOf<'study:create'>): Promise<Study> {
    return createStudy(this.core, req);
  }

  /** A study with its trial counts (expired leases are abandoned first, so counts are current). */
  getStudy(studyId: string): Promise<Study> {
    return getStudy(this.core, studyId);
  }

  /** Studies in creation order (oldest first), at most `limit`. */
  listStudies(limit?: number): Promise<Study[]> {
    return listStudies(this.core, limit);
  }

  /** Deletes a study and everything under it. */
  deleteStudy(studyId: string): Promise<{ deleted: true }> {
    return deleteStudy(this.core, studyId);
  }

  /** The study and its trials as JSON, or one CSV row per trial. */
  exportStudy(req: RequestOf<'study:export'>): Promise<StudyExport> {
    return exportStudy(this.core, req);
  }

  /** Abandons expired leases of every study (the app runs this on a timer; asks also do it lazily). */
  sweepExpiredLeases(): Promise<number> {
    return sweepExpiredLeases(this.core);
  }

  // ---- trials (ask-request.ts, trial-finish.ts, trial-progress.ts, trial-intake.ts) ----

  /** Hands out `count` trials, queued ones first; idempotent by requestId; `ctx.signal` cancels it. */
  ask(req: RequestOf<'trial:ask'>, ctx: RequestContext = {}): Promise<{ trials: Trial[] }> {
    return answerAsk(this.core, req, ctx);
  }

  /** Completes a running (or abandoned) trial (the same values again is a no-op, different values CONFLICT); with `next`, asks too (tell-and-ask.ts). */
  tell(req: RequestOf<'trial:tell'>, ctx: RequestContext = {}): Promise<Responses['trial:tell']> {
    return req.next ? tellAndAsk(this.core, { ...req, next: req.next }, ctx) : tellTrial(this.core, req);
  }

  /** Marks a trial failed (compare-and-set like tell). */
  fail(req: RequestOf<'trial:fail'>): Promise<Trial> {
    return failTrial(this.core, req);
  }

  /** Stores an intermediate value (extending the lease) and answers the pruner's decision. */
  report(req: RequestOf<'trial:report'>, ctx: RequestContext = {}): Promise<PruneDecision> {
    return reportTrial(this.core, req, ctx);
  }

  /** Stops a running (or abandoned) trial early, keeping its last reported value (compare-and-set like tell). */
  prune(req: RequestOf<'trial:prune'>): Promise<Trial> {
    return pruneTrial(this.core, req);
  }

  /** Extends the lease of a running trial by the study's lease; other states are returned unchanged. */
  heartbeat(req: RequestOf<'trial:heartbeat'>): Promise<Trial> {
    return heartbeatTrial(this.core, req);
  }

  /** Queues user-given params (a free pool candidate in a pool study); the next ask hands them out first. */
  enqueue(req: RequestOf<'trial:enqueue'>): Promise<Trial> {
    return enqueueTrial(this.core, req);
  }

  /** Records trials completed elsewhere (they feed the model like told trials). */
  addCompleted(req: RequestOf<'trial:add'>): Promise<Trial[]> {
    return addCompletedTrials(this.core, req);
  }

  /** Appends a chunk of rows to a pool created with totalRows, idempotent by offset. */
  appendPool(req: RequestOf<'pool:append'>): Promise<Study> {
    return appendPoolChunk(this.core, req);
  }

  // ---- read-only queries (study-reads.ts) ----

  /** Trials ordered by number, optionally filtered by state. */
  listTrials(req: RequestOf<'trial:list'>): Promise<Trial[]> {
    return this.reads.listTrials(req);
  }

  /** The best feasible completed trial of the first objective (target fidelity only), or null. */
  best(studyId: string): Promise<Trial | null> {
    return this.reads.best(studyId);
  }

  /** The Pareto front of the feasible completed trials and its hypervolume. */
  pareto(studyId: string, ctx: RequestContext = {}): Promise<ParetoFront> {
    return this.reads.pareto(studyId, ctx);
  }

  /** The model's recommendation: read-only, without the study's lock; `ctx.signal` cancels it. */
  recommend(studyId: string, ctx: RequestContext = {}): Promise<Recommendation> {
    return this.reads.recommend(studyId, ctx);
  }

  /** The dashboard's slices of the study's model: read-only like recommend. */
  slices(studyId: string, ctx: RequestContext = {}): Promise<StudySlices> {
    return this.reads.slices(studyId, ctx);
  }

  // ---- the service ----

  /** Version, storage and numeric backends, uptime. */
  async health(): Promise<Health> {
    const deps = this.core.deps;
    const backends = deps.backends ? await deps.backends() : { tensorBackend: 'not loaded', linalg: 'js' };
    return {
      version: deps.version ?? '0.0.0',
      storage: this.storage.description,
      tensorBackend: backends.tensorBackend,
      ...(backends.tensorDevice !== undefined ? { tensorDevice: backends.tensorDevice, tensorBackendReason: backends.tensorBackendReason } : {}),
      linalg: backends.linalg,
      ...(backends.linalgDetail !== undefined ? { linalgDetail: backends.linalgDetail } : {}),
      uptimeSeconds: Math.max(0, (this.now() - this.core.started) / 1000),
      compute: deps.compute?.status() ?? { workers: 0, busy: 0, queued: 0, restarts: 0 },
    };
  }

  /** Aborts running fits, terminates the compute workers and forgets cached models (the storage is closed by its owner). */
  close(): Promise<void> {
    return this.core.close();
  }
}
