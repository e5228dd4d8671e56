import type { EventName, Health, RequestOf, Responses, ServerEvent, StudyExport } from '../protocol/messages.js';
import type { Recommendation, Study, Trial } from '../protocol/study.js';
import { BoError } from '../core/errors.js';
import type { RequestTag, StoredStudy, StoredTrial, Storage, TrialCounts } from './storage/types.js';
import { checkReplay } from './storage/storage-rules.js';
import type { Observation } from '../policy/types.js';
import { KeyedMutex } from './keyed-mutex.js';
import { silentLogger, type Logger } from './logger.js';
import { studyView, trialView } from './views.js';
import { bestFeasible, toldMetrics } from './pareto.js';
import { ParetoMemo, paretoInThread, paretoOnPlane, studyPareto } from './pareto-view.js';
import { outcomeSpecOf } from '../policy/outcome-spec.js';
import type { ParetoFront } from '../protocol/pareto.js';
import { studyCsv } from './csv-export.js';
import { validateCost, validateParams, validateValues } from './validation.js';
import { buildRuntime, checkStudyCreate, storedEffective, studyIdFor, type Factories, type StudyRuntime } from './study-setup.js';
import { askTrials } from './ask.js';
import { Metrics } from './metrics.js';
import { CompletedCache } from './completed-cache.js';
import { checkCreateReplay, createPayload, replayedTrials } from './request-records.js';
import { requestTag } from './request-fingerprint.js';
import { renormaliseSimplexValues } from './simplex-tolerance.js';
import { appendPoolRows, poolEnqueue, poolGrewElsewhere, requireCompletePool } from './pool-ops.js';
import { recommendInThread, recommendOnPlane, recommendStudy, type RecommendContext, type RunRecommendJob } from './recommend.js';
import { targetFidelity } from '../policy/recommend.js';
import { SlicesMemo, slicesInThread, slicesOnPlane, studySlices } from './slices.js';
import type { StudySlices } from '../protocol/slices.js';
import type { ComputePlane } from './compute/types.js';
import { planeProber } from './algorithm-probe.js';
import type { PruneDecision } from '../protocol/pruner.js';
import { curveObjective, reportValue } from './report.js';
import { withCurves } from './trial-curves.js';
import { TRAINING_STATES, isTrainingTrial } from './training-trials.js';

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
  readonly backends?: () => Promise<{ tensorBackend: string; tensorDevice?: string; tensorBackendReason?: string; linalg: string }>;
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

const DEFAULT_LEASE_SECONDS = 3600;

/**
 * The study service: one method per wire operation, transport-agnostic. It validates what zod
 * cannot (params inside the space, told values naming the objectives), serialises each study's
 * work with a per-study mutex, asks the policy and persists through the storage.
 */
export class StudyService {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly now: () => number;
  readonly metrics: Metrics;
  private readonly deps: StudyServiceDeps;
  private readonly mutex = new KeyedMutex();
  private readonly runtimes = new Map<string, StudyRuntime>();
  /** Pool columns of studies being uploaded in chunks (read once per process, not per chunk). */
  private readonly poolColumns = new Map<string, readonly string[]>();
  private readonly started: number;
  private readonly abort = new AbortController();
  /** signalOf's joined signals, by transport signal (weak: they go with their socket). */
  private readonly joinedSignals = new WeakMap<AbortSignal, AbortSignal>();
  /** Slices already computed for unchanged completed trials (server/slices.ts). */
  private readonly slicesMemo = new SlicesMemo();
  /** Pareto summaries already computed for unchanged completed trials (server/pareto-view.ts). */
  private readonly paretoMemo = new ParetoMemo();

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
      case 'trial:tell': return this.tell(q);
      case 'study:create': return this.createStudy(q);
      case 'study:get': return this.getStudy((q as RequestOf<'study:get'>).studyId);
      case 'study:list': return this.listStudies((q as RequestOf<'study:list'>).limit);
      case 'study:delete': return this.deleteStudy((q as RequestOf<'study:delete'>).studyId);
      case 'study:export': return this.exportStudy(q);
      case 'study:subscribe': return this.requireStudy((q as RequestOf<'study:subscribe'>).studyId).then(() => ({ subscribed: true as const }));
      case 'study:unsubscribe': return this.requireStudy((q as RequestOf<'study:unsubscribe'>).studyId).then(() => ({ subscribed: false as const }));
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

  // ---- studies ----

  /**
   * Creates a study; with a requestId the id is derived from it, so a retried create returns the
   * same study, while the same id with any other field different is CONFLICT (request-records.ts).
   */
  async createStudy(req: RequestOf<'study:create'>): Promise<Study> {
    const { algorithm, effective, space, policy, pool, expanded } = await checkStudyCreate(req, this.deps);
    const id = studyIdFor(req.requestId);
    const tag = requestTag('create', createPayload(req));
    return this.durable(id, async () => {
      const existing = await this.storage.getStudy(id);
      if (existing) {
        await checkCreateReplay(this.storage, existing, req, { algorithm, ...(pool ? { pool } : {}) }, tag!);
        return this.view(existing, await this.storage.countTrials(id));
      }
      const stored: StoredStudy = {
        id,
        name: req.name,
        space: req.space,
        objectives: req.objectives,
        ...(req.constraints ? { constraints: req.constraints } : {}),
        algorithm,
        effectiveAlgorithm: effective,
        leaseSeconds: req.leaseSeconds ?? this.deps.defaultLeaseSeconds ?? DEFAULT_LEASE_SECONDS,
        metadata: req.metadata ?? {},
        createdAt: this.iso(),
        ...(pool ? { poolRows: pool.rows.length } : {}),
        ...(req.pool?.totalRows !== undefined ? { poolTotalRows: req.pool.totalRows } : {}),
      };
      const created = await this.storage.createStudy(stored, pool, tag);
      this.runtimes.set(id, { study: created, effective, space, policy, ...(expanded ? { pool: expanded } : {}) });
      this.logger.info('study_created', { studyId: id, name: req.name, surrogate: algorithm.surrogate, effective });
      return this.view(created, { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 });
    });
  }

  /** A study with its trial counts (expired leases are abandoned first, so counts are current). */
  async getStudy(studyId: string): Promise<Study> {
    const study = await this.requireStudy(studyId);
    await this.abandonExpired(studyId);
    return this.view(study, await this.storage.countTrials(studyId));
  }

  /** Studies in creation order (oldest first, as storage lists them), at most `limit`. */
  async listStudies(limit?: number): Promise<Study[]> {
    const studies = await this.storage.listStudies(limit);
    return Promise.all(studies.map(async (s) => this.view(s, await this.storage.countTrials(s.id))));
  }

  /** Deletes a study and everything under it. */
  async deleteStudy(studyId: string): Promise<{ deleted: true }> {
    return this.durable(studyId, async () => {
      const deleted = await this.storage.deleteStudy(studyId);
      this.runtimes.delete(studyId);
      this.poolColumns.delete(studyId);
      this.deps.compute?.forget(studyId);
      if (!deleted) throw notFoundStudy(studyId);
      this.logger.info('study_deleted', { studyId });
      this.emit(studyId, 'study:updated', { studyId, deleted: true });
      return { deleted: true as const };
    });
  }

  /** The study and its trials as JSON, or one CSV row per trial. */
  async exportStudy(req: RequestOf<'study:export'>): Promise<StudyExport> {
    const study = await this.getStudy(req.studyId);
    const trials = (await withCurves(this.storage, req.studyId, await this.storage.listTrials(req.studyId))).sort((a, b) => a.number - b.number);
    return req.format === 'csv' ? { format: 'csv', content: studyCsv(study, trials) } : { format: 'json', study, trials };
  }

  // ---- trials ----

  /**
   * Hands out `count` trials: queued ones first, then the policy's suggestions; idempotent by
   * requestId. `ctx.signal` (the client went away) drops or aborts the ask's compute job and
   * commits nothing, so a retry redoes it.
   */
  async ask(req: RequestOf<'trial:ask'>, ctx: RequestContext = {}): Promise<{ trials: Trial[] }> {
    return this.durable(req.studyId, async () => {
      const t0 = performance.now();
      const rt = await this.runtime(req.studyId);
      const tag = requestTag('ask', req);
      const replay = await replayedTrials(this.storage, req.studyId, tag, req.count);
      if (replay) return { trials: replay.map(trialView) };
      requireCompletePool(rt.study);
      const budget = this.deps.suggestTimeBudgetMs ?? 60_000;
      const signal = this.signalOf(ctx);
      const service = this;
      const trials = (
        await askTrials(this.storage, rt, {
          count: req.count,
          clientId: req.clientId,
          request: tag,
          now: this.now(),
          timeBudgetMs: budget,
          hardLimitMs: this.deps.suggestHardLimitMs ?? 2 * budget + 5000,
          signal,
          createPolicy: this.deps.createPolicy,
          logger: this.logger,
          // Method shorthand, not arrows: under tsx (esbuild keepNames) each property arrow costs a defineProperty per ask.
          onProgress(p) {
            service.emit(req.studyId, 'fit:progress', { studyId: req.studyId, ...p });
          },
          ...(this.deps.compute ? { compute: this.deps.compute } : {}),
        }, {
          completed() {
            return service.completedOf(rt);
          },
          completedPoints() {
            return rt.completed?.points();
          },
          completedKeys() {
            return rt.completed?.takenKeys();
          },
          abandonExpired() {
            return service.abandonExpired(req.studyId);
          },
        })
      ).map(trialView);
      this.observeAsk(rt, trials, performance.now() - t0);
      this.emit(req.studyId, 'trial:asked', { studyId: req.studyId, trials });
      if (this.logger.level === 'debug') this.logger.debug('trials_asked', { studyId: req.studyId, count: trials.length, numbers: trials.map((t) => t.number) });
      return { trials };
    });
  }

  /** Completes a running (or abandoned) trial; the same values again is a no-op, different values CONFLICT. */
  async tell(req: RequestOf<'trial:tell'>): Promise<Trial> {
    const study = await this.requireStudy(req.studyId);
    const values = validateValues(toldMetrics(study), req.values, ['values']);
    const cost = validateCost(req.cost, ['cost']);
    return this.finish(req.studyId, req.trialId, { state: 'completed', values, ...(cost !== undefined ? { cost } : {}) }, requestTag('tell', req, req.trialId));
  }

  /** Marks a trial failed (compare-and-set like tell). */
  async fail(req: RequestOf<'trial:fail'>): Promise<Trial> {
    await this.requireStudy(req.studyId);
    return this.finish(req.studyId, req.trialId, { state: 'failed', reason: req.reason ?? '' }, requestTag('fail', req, req.trialId));
  }

  /**
   * Stores an intermediate value of a running trial and answers the study's pruner decision
   * (server/report.ts); a new point is announced to the study's room as trial:reported. A report
   * is a sign of life: it extends the trial's lease as a heartbeat does (a run that reports every
   * epoch is not abandoned for lack of heartbeats).
   */
  async report(req: RequestOf<'trial:report'>, ctx: RequestContext = {}): Promise<PruneDecision> {
    const study = await this.requireStudy(req.studyId);
    const signal = this.signalOf(ctx);
    const { decision, stored } = await reportValue({ storage: this.storage, logger: this.logger, now: this.now, signal, ...(this.deps.compute ? { compute: this.deps.compute } : {}) }, study, req);
    if (stored) await this.storage.extendLease(req.studyId, req.trialId, new Date(this.now() + study.leaseSeconds * 1000).toISOString());
    await this.storage.flush();
    if (stored) {
      const { trial, point } = stored;
      this.emit(req.studyId, 'trial:reported', { studyId: req.studyId, trialId: trial.id, number: trial.number, step: point.step, value: point.value, ...decision });
    }
    return decision;
  }

  /** Stops a running (or abandoned) trial early: state 'pruned', keeping its last reported value (compare-and-set like tell). */
  async prune(req: RequestOf<'trial:prune'>): Promise<Trial> {
    const [objective] = curveObjective(await this.requireStudy(req.studyId));
    return this.finish(req.studyId, req.trialId, { state: 'pruned', objective }, requestTag('prune', req, req.trialId));
  }

  /** Extends the lease of a running trial by the study's lease; other states are returned unchanged. */
  async heartbeat(req: RequestOf<'trial:heartbeat'>): Promise<Trial> {
    const study = await this.requireStudy(req.studyId);
    await this.requireTrial(req.studyId, req.trialId);
    const lease = new Date(this.now() + study.leaseSeconds * 1000).toISOString();
    const trial = trialView(await this.storage.extendLease(req.studyId, req.trialId, lease));
    await this.storage.flush();
    return trial;
  }

  /** Trials ordered by number, optionally filtered by state. */
  async listTrials(req: RequestOf<'trial:list'>): Promise<Trial[]> {
    await this.requireStudy(req.studyId);
    await this.abandonExpired(req.studyId);
    const trials = await this.storage.listTrials(req.studyId, req.states && req.states.length > 0 ? req.states : undefined);
    return (req.curves ? await withCurves(this.storage, req.studyId, trials) : trials.map(trialView)).sort((a, b) => a.number - b.number);
  }

  /**
   * The completed trial with the best value of the first objective (ties: the earliest), or null.
   * With a fidelity parameter only target-level trials count: a cheap proxy's value is not
   * comparable to the target's (null until a target-level trial completes).
   */
  async best(studyId: string): Promise<Trial | null> {
    const study = await this.requireStudy(studyId);
    const target = targetFidelity(this.runtimes.get(studyId)?.space ?? this.deps.createSearchSpace(study.space));
    const completed = await this.storage.listTrials(studyId, ['completed']);
    const best = bestFeasible(study, target ? completed.filter((t) => t.params[target.name] === target.value) : completed);
    return best ? trialView(best) : null;
  }

  /** The Pareto front of the feasible completed trials and its hypervolume (server/pareto.ts); target-level trials only with a fidelity parameter. */
  async pareto(studyId: string, ctx: RequestContext = {}): Promise<ParetoFront> {
    const study = await this.requireStudy(studyId);
    const target = targetFidelity(this.runtimes.get(studyId)?.space ?? this.deps.createSearchSpace(study.space));
    const completed = await this.storage.listTrials(studyId, ['completed']);
    const counted = target ? completed.filter((t) => t.params[target.name] === target.value) : completed;
    const { timeBudgetMs, hardLimitMs, signal } = this.modelJobContext(studyId, ctx);
    return studyPareto(study, completed, counted, { run: this.deps.compute ? paretoOnPlane(this.deps.compute) : paretoInThread, memo: this.paretoMemo, timeBudgetMs, hardLimitMs, signal });
  }

  /** The model's recommendation (server/recommend.ts): read-only, without the study's lock; `ctx.signal` cancels it. */
  async recommend(studyId: string, ctx: RequestContext = {}): Promise<Recommendation> {
    const study = await this.requireStudy(studyId);
    return recommendStudy(study, { ...this.modelJobContext(studyId, ctx), run: this.deps.runRecommend ?? (this.deps.compute ? recommendOnPlane(this.deps.compute) : recommendInThread) });
  }

  /** The dashboard's slices of the study's model (server/slices.ts): read-only like recommend. */
  async slices(studyId: string, ctx: RequestContext = {}): Promise<StudySlices> {
    const study = await this.requireStudy(studyId);
    return studySlices(study, { ...this.modelJobContext(studyId, ctx), run: this.deps.compute ? slicesOnPlane(this.deps.compute) : slicesInThread, memo: this.slicesMemo });
  }

  /** What a read-only model job (recommend, slices) runs with: cached space, budgets, and a signal the service's close also aborts. */
  private modelJobContext(studyId: string, ctx: RequestContext): Omit<RecommendContext, 'run'> {
    const budget = this.deps.suggestTimeBudgetMs ?? 60_000;
    return {
      storage: this.storage,
      cached: this.runtimes.get(studyId),
      createSearchSpace: this.deps.createSearchSpace,
      timeBudgetMs: budget,
      hardLimitMs: this.deps.suggestHardLimitMs ?? 2 * budget + 5000,
      signal: this.signalOf(ctx),
    };
  }

  /**
   * Queues user-given params; the next ask hands them out first. In a pool study the params must
   * be a free pool candidate (see pool-ops.ts poolEnqueue) and the trial stores the pool's row.
   */
  async enqueue(req: RequestOf<'trial:enqueue'>): Promise<Trial> {
    return this.durable(req.studyId, async () => {
      const rt = await this.runtime(req.studyId);
      let params = validateParams(rt.space, req.params, ['params']);
      const request = requestTag('enqueue', req);
      const replay = await replayedTrials(this.storage, req.studyId, request, 1);
      if (replay) return trialView(replay[0]!);
      let diagnostics: Record<string, unknown> = { phase: 'enqueued' };
      if (rt.pool) {
        requireCompletePool(rt.study);
        await this.abandonExpired(req.studyId);
        const picked = poolEnqueue(rt, params, await this.storage.listTrials(req.studyId, ['completed', 'running', 'queued']));
        params = picked.params;
        diagnostics = { ...diagnostics, poolRow: picked.poolRow };
      }
      const [trial] = await this.storage.insertTrials(req.studyId, [{ state: 'queued', params, diagnostics }], request);
      if (rt.seenTrials !== undefined) rt.seenTrials += 1; // our own insert: the next ask need not reload
      await this.studyUpdated(req.studyId);
      return trialView(trial!);
    });
  }

  /** Records trials completed elsewhere (they feed the model like told trials). */
  async addCompleted(req: RequestOf<'trial:add'>): Promise<Trial[]> {
    return this.durable(req.studyId, async () => {
      const rt = await this.runtime(req.studyId);
      const rows = req.trials.map((t, i) => {
        const at = ['trials', i, 'params'];
        const renormalised = req.simplexTolerance === undefined ? { params: t.params, sums: {} } : renormaliseSimplexValues(rt.space, t.params, req.simplexTolerance, at);
        const params = validateParams(rt.space, renormalised.params, at);
        const values = validateValues(toldMetrics(rt.study), t.values, ['trials', i, 'values']);
        const cost = validateCost(t.cost, ['trials', i, 'cost']);
        // The sums before renormalisation stay visible on the trial (diagnostics.simplexSums).
        const diagnostics = Object.keys(renormalised.sums).length > 0 ? { phase: 'added', simplexSums: renormalised.sums } : { phase: 'added' };
        return { state: 'completed' as const, params, values, ...(cost !== undefined ? { cost } : {}), diagnostics };
      });
      const request = requestTag('add', req);
      const replay = await replayedTrials(this.storage, req.studyId, request, req.trials.length);
      if (replay) return replay.map(trialView);
      const inserted = await this.storage.insertTrials(req.studyId, rows, request);
      for (const t of inserted) rt.completed?.add(t);
      if (rt.seenTrials !== undefined) rt.seenTrials += inserted.length; // our own insert: the next ask need not reload
      await this.studyUpdated(req.studyId);
      return inserted.map(trialView);
    });
  }

  /**
   * Appends a chunk of rows to a pool created with totalRows (pool-ops.ts appendPoolRows):
   * idempotent by offset, so a retried chunk changes nothing. The study's runtime is dropped
   * after each append, so the next ask rebuilds its policy from the whole stored pool.
   */
  async appendPool(req: RequestOf<'pool:append'>): Promise<Study> {
    return this.durable(req.studyId, async () => {
      const study = await this.storage.getStudy(req.studyId);
      if (!study) throw notFoundStudy(req.studyId);
      let columns = this.poolColumns.get(req.studyId);
      if (!columns && study.poolRows !== undefined) {
        columns = (await this.storage.getPool(req.studyId))?.columns ?? [];
        this.poolColumns.set(req.studyId, columns);
      }
      const space = this.runtimes.get(req.studyId)?.space ?? this.deps.createSearchSpace(study.space);
      const updated = await appendPoolRows(this.storage, space, study, columns ?? [], req);
      if (updated !== study) {
        this.runtimes.delete(req.studyId);
        this.deps.compute?.forget(req.studyId);
        this.logger.info('pool_appended', { studyId: req.studyId, offset: req.offset, rows: updated.poolRows, totalRows: updated.poolTotalRows });
      }
      return this.view(updated, await this.storage.countTrials(req.studyId));
    });
  }

  /** Version, storage and numeric backends, uptime. */
  async health(): Promise<Health> {
    const backends = this.deps.backends ? await this.deps.backends() : { tensorBackend: 'not loaded', linalg: 'js' };
    return {
      version: this.deps.version ?? '0.0.0',
      storage: this.storage.description,
      tensorBackend: backends.tensorBackend,
      ...(backends.tensorDevice !== undefined ? { tensorDevice: backends.tensorDevice, tensorBackendReason: backends.tensorBackendReason } : {}),
      linalg: backends.linalg,
      uptimeSeconds: Math.max(0, (this.now() - this.started) / 1000),
      compute: this.deps.compute?.status() ?? { workers: 0, busy: 0, queued: 0, restarts: 0 },
    };
  }

  /** Abandons expired leases of every study (the app runs this on a timer; asks also do it lazily). */
  async sweepExpiredLeases(): Promise<number> {
    let n = 0;
    for (const s of await this.storage.listStudies()) {
      try {
        n += await this.abandonExpired(s.id);
      } catch (e) {
        // Deleted meanwhile, or a storage hiccup: the next sweep (or ask) catches up.
        this.logger.debug('lease_sweep_skipped', { studyId: s.id, error: e });
      }
    }
    return n;
  }

  /** Aborts running fits, terminates the compute workers and forgets cached models (the storage is closed by its owner). */
  async close(): Promise<void> {
    this.abort.abort();
    this.runtimes.clear();
    await this.deps.compute?.close();
  }

  // ---- internals ----

  /** Ask latency by surrogate and phase; a fallback counted by its reason class. */
  private observeAsk(rt: StudyRuntime, trials: readonly Trial[], ms: number): void {
    const surrogate = rt.study.algorithm.surrogate;
    const diag = trials.find((t) => t.diagnostics?.phase !== 'enqueued')?.diagnostics;
    const phase = typeof diag?.phase === 'string' ? diag.phase : 'claimed';
    this.metrics.askSeconds.observe({ surrogate, phase }, ms / 1000);
    if (phase === 'fallback') {
      // decide() logged the fallbacks it made (policy_failed); one the policy made itself is logged here.
      const reason = typeof diag?.fallbackClass === 'string' ? diag.fallbackClass : 'policy-internal';
      if (reason === 'policy-internal') this.logger.warn('policy_fallback', { studyId: rt.study.id, surrogate, reason: diag?.fallbackReason });
      this.metrics.fallbacks.inc({ surrogate, reason });
    }
    if (typeof diag?.modelFallback === 'string') {
      // A stand-in model (DKL -> GP): the ask is model-based, but not by the model the study named.
      this.logger.warn('model_fallback', { studyId: rt.study.id, surrogate, model: diag.modelFallback, reason: diag.modelFallbackReason });
      this.metrics.fallbacks.inc({ surrogate, reason: 'model-fallback' });
    }
  }

  /**
   * Runs a write under the study's lock, then waits for it to be durable (Storage.flush) AFTER
   * releasing the lock: the next request of the study runs during the fsync, and concurrent
   * requests share one fsync (group commit). The answer is sent only once it is durable.
   */
  private async durable<T>(studyId: string, fn: () => Promise<T>): Promise<T> {
    const out = await this.mutex.run(studyId, fn);
    await this.storage.flush();
    return out;
  }

  /**
   * Finishes a trial (tell/fail). A request id recorded for another trial or payload is CONFLICT
   * (checkReplay), never the first answer; a true retry returns the trial as stored. A legacy
   * record (no fingerprint) goes on to the compare-and-set, whose stored outcome decides.
   */
  private async finish(studyId: string, trialId: string, outcome: Parameters<Storage['finishTrial']>[2], request: RequestTag | undefined): Promise<Trial> {
    return this.durable(studyId, async () => {
      const earlier = request ? await this.storage.getRequest(studyId, request.requestId) : null;
      if (earlier) {
        checkReplay(earlier, request!);
        if (earlier.fingerprint !== undefined) return trialView(await this.requireTrial(studyId, trialId));
      }
      // No read of the trial first (one statement per tell): only a refused finish looks for the
      // reason, so an unknown trial is still this service's NOT_FOUND at trialId.
      const { trial, changed } = await this.storage.finishTrial(studyId, trialId, outcome, this.iso(), request).catch(async (e: unknown) => {
        if (e instanceof BoError && e.code === 'NOT_FOUND') await this.requireTrial(studyId, trialId);
        throw e;
      });
      const view = trialView(trial);
      if (changed) {
        if (isTrainingTrial(trial)) this.runtimes.get(studyId)?.completed?.add(trial);
        if (this.logger.level === 'debug') this.logger.debug('trial_finished', { studyId, trialId, state: trial.state, number: trial.number });
        this.emit(studyId, 'trial:completed', { studyId, trial: view });
        await this.studyUpdated(studyId);
      }
      return view;
    });
  }

  private async abandonExpired(studyId: string): Promise<number> {
    const gone = await this.storage.abandonExpired(studyId, this.iso());
    if (gone.length > 0) {
      this.logger.info('leases_expired', { studyId, trialIds: gone.map((t) => t.id) });
      await this.studyUpdated(studyId);
    }
    return gone.length;
  }

  private async requireStudy(studyId: string): Promise<StoredStudy> {
    const cached = this.runtimes.get(studyId);
    if (cached) return cached.study;
    const study = await this.storage.getStudy(studyId);
    if (!study) throw notFoundStudy(studyId);
    return study;
  }

  private async requireTrial(studyId: string, trialId: string): Promise<StoredTrial> {
    const trial = await this.storage.getTrial(studyId, trialId);
    if (!trial) throw new BoError('NOT_FOUND', `trial '${trialId}' not found in study '${studyId}'`, [{ path: ['trialId'], message: 'not found' }]);
    return trial;
  }

  /** The in-memory runtime of a study, rebuilt from storage after a restart (with its stored policy state), or after another replica appended pool rows. */
  private async runtime(studyId: string): Promise<StudyRuntime> {
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

  /** The study's completed observations, from the in-memory cache (loaded from storage on first use). */
  private async completedOf(rt: StudyRuntime): Promise<readonly Observation[]> {
    if (!rt.completed) {
      const objective = Object.keys(rt.study.objectives)[0]!;
      rt.completed = CompletedCache.from(await this.storage.listTrials(rt.study.id, TRAINING_STATES), objective, rt.space, outcomeSpecOf(rt.study.objectives, rt.study.constraints));
    }
    // No copy: the ask holds the study's lock until its policy answered (CompletedCache.view).
    return rt.completed.view();
  }

  /** Emits study:updated with current counts, unless nobody listens (then it costs nothing). */
  private async studyUpdated(studyId: string): Promise<void> {
    if (!this.deps.emit || (this.deps.hasListeners && !this.deps.hasListeners(studyId))) return;
    const study = this.runtimes.get(studyId)?.study ?? (await this.storage.getStudy(studyId));
    if (!study) return;
    this.emit(studyId, 'study:updated', { studyId, study: this.view(study, await this.storage.countTrials(studyId)) });
  }

  private emit(studyId: string, event: ServerEvent, payload: unknown): void {
    // An empty room costs nothing: socket.io encodes a broadcast before it looks for its members.
    if (!this.deps.emit || (this.deps.hasListeners && !this.deps.hasListeners(studyId))) return;
    try {
      this.deps.emit(studyId, event, payload);
    } catch (e) {
      this.logger.warn('emit_failed', { studyId, event, error: e });
    }
  }

  /** A study's wire view; an older study without a stored effective algorithm shows the one its runtime resolves. */
  private view(study: StoredStudy, counts: TrialCounts): Study {
    return studyView(study, counts, study.effectiveAlgorithm ?? this.runtimes.get(study.id)?.effective ?? storedEffective(study, this.deps));
  }

  /**
   * The request's signal joined with the service's own (close aborts every job): one joined signal
   * per transport signal (a socket's, shared by all its requests), not an AbortSignal.any per ask.
   */
  private signalOf(ctx: RequestContext): AbortSignal {
    if (!ctx.signal) return this.abort.signal;
    let joined = this.joinedSignals.get(ctx.signal);
    if (!joined) {
      joined = AbortSignal.any([this.abort.signal, ctx.signal]);
      this.joinedSignals.set(ctx.signal, joined);
    }
    return joined;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

function notFoundStudy(studyId: string): BoError {
  return new BoError('NOT_FOUND', `study '${studyId}' not found`, [{ path: ['studyId'], message: 'not found' }]);
}
