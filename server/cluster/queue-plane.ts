/**
 * The compute plane across machines (role `api`): suggest and recommend jobs go to a BullMQ
 * queue on Redis, one queue per capability class (routing.ts), and `--role worker` processes on
 * any machine take them (queue-worker.ts).
 *
 * Why BullMQ on Redis rather than pg-boss/graphile-worker on PostgreSQL: the replicas already need
 * Redis for socket.io events across replicas (server/redis-adapter.ts), so it adds no system; a
 * job's round trip is a blocking pop and a stream event (sub-millisecond on loopback) instead of a
 * LISTEN/NOTIFY plus row locks on the database that also serialises every ask; and BullMQ brings
 * what a dying worker needs: a lock each job holds while its worker lives, renewed by the worker,
 * and a stalled-job check that puts a job whose worker died back in the queue for another.
 *
 * Exactly one answer per ask: the replica that added a job is the only one waiting for it, keyed
 * by the job id, and settles once (the first of: the job's completion, its failure, the ask's
 * deadline, its cancellation). BullMQ completes a job only under the lock its current worker
 * holds, so a worker that lost the job (taken for dead, the job given to another) cannot complete
 * it too. Completion arrives by the queue's event stream, with a poll of the job as a backstop
 * (an event missed during a reconnect must not leave an ask waiting for its deadline).
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis, within } from './redis-client.js';
import type { Logger } from '../logger.js';
import type { Recommendation } from '../../policy/recommend.js';
import type { SuggestDecision } from '../../policy/types.js';
import type { SlicesResult } from '../../policy/slices.js';
import type { LearningCurveDecision } from '../../policy/pruners/learning-curve-decide.js';
import { ComputeFailure, type ComputeJob, type ComputePlane, type JobOptions, type ParetoJob, type PlaneStatus, type ProbeJob, type PruneJob, type RecommendJob, type SlicesJob, type SuggestJob } from '../compute/types.js';
import { COMPUTE_CLASSES, QUEUE_PREFIX, computeClassOf, queueName, redisConnection, type ComputeClass } from './routing.js';
import { JobResult, errorFrom, type JobData } from './wire.js';
import type { RuntimeProbe } from '../compute/runtime-probe.js';
import type { ParetoSummary } from '../../policy/pareto-summary.js';

/** The study id of probe jobs, which belong to no study (the worker reads nothing from storage for them). */
const PROBE_STUDY = 'probe';
import { liveWorkers, type WorkerAdvert } from './worker-registry.js';

/** Tuning of the API side; defaults suit a LAN. */
export interface QueuePlaneOptions {
  readonly redisUrl: string;
  readonly logger: Logger;
  /** How often a waiting job's state is polled (the backstop for a missed completion event), ms (default 2000). */
  readonly pollMs?: number;
  /** How often the worker registry and queue depths are re-read for status and routing, ms (default 1000). */
  readonly refreshMs?: number;
}

interface Waiter {
  readonly jobId: string;
  readonly kind: ComputeJob['kind'];
  readonly cls: ComputeClass;
  readonly options: JobOptions;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  readonly timers: NodeJS.Timeout[];
  onAbort?: () => void;
}

/** The API replica's ComputePlane on BullMQ (see the file comment). */
export class QueuePlane implements ComputePlane {
  private readonly queues = new Map<ComputeClass, Queue>();
  private readonly events = new Map<ComputeClass, QueueEvents>();
  private readonly waiting = new Map<string, Waiter>();
  private workers: WorkerAdvert[] = [];
  private queued = 0;
  private closed = false;
  private readonly refreshTimer: NodeJS.Timeout;

  private constructor(
    private readonly options: QueuePlaneOptions,
    private readonly redis: Redis,
  ) {
    const connection = redisConnection(options.redisUrl);
    for (const c of COMPUTE_CLASSES) {
      this.queues.set(c, new Queue(queueName(c), { connection, prefix: QUEUE_PREFIX }));
      const ev = new QueueEvents(queueName(c), { connection, prefix: QUEUE_PREFIX });
      ev.on('completed', ({ jobId, returnvalue }) => this.deliver(jobId, returnvalue));
      ev.on('failed', ({ jobId, failedReason }) => this.settle(jobId, new ComputeFailure('worker-crash', `compute job failed: ${failedReason}`)));
      ev.on('progress', ({ jobId, data }) => this.progress(jobId, data));
      ev.on('error', (e) => options.logger.warn('compute_queue_error', { error: e }));
      this.events.set(c, ev);
    }
    for (const q of this.queues.values()) q.on('error', (e) => options.logger.warn('compute_queue_error', { error: e }));
    this.refreshTimer = setInterval(() => void this.refresh(), options.refreshMs ?? 1000);
    this.refreshTimer.unref();
  }

  /** Connects to Redis (UNAVAILABLE when it cannot be reached) and reads the worker registry once. */
  static async connect(options: QueuePlaneOptions): Promise<QueuePlane> {
    const redis = await connectRedis(options.redisUrl, options.logger);
    const plane = new QueuePlane(options, redis);
    await Promise.all([...plane.events.values()].map((e) => e.waitUntilReady()));
    await plane.refresh();
    return plane;
  }

  suggest(studyId: string, job: SuggestJob, options: JobOptions = {}): Promise<SuggestDecision> {
    return this.submit(studyId, job, options) as Promise<SuggestDecision>;
  }

  recommend(studyId: string, job: RecommendJob, options: JobOptions = {}): Promise<Recommendation> {
    return this.submit(studyId, job, options) as Promise<Recommendation>;
  }

  slices(studyId: string, job: SlicesJob, options: JobOptions = {}): Promise<SlicesResult> {
    return this.submit(studyId, job, options) as Promise<SlicesResult>;
  }

  pareto(studyId: string, job: ParetoJob, options: JobOptions = {}): Promise<ParetoSummary> {
    return this.submit(studyId, job, options) as Promise<ParetoSummary>;
  }

  prune(studyId: string, job: PruneJob, options: JobOptions = {}): Promise<LearningCurveDecision> {
    return this.submit(studyId, job, options) as Promise<LearningCurveDecision>;
  }

  /** Routed like the algorithm's suggests (computeClassOf), so the answer comes from a worker that would run its fits. */
  probe(job: ProbeJob, options: JobOptions = {}): Promise<RuntimeProbe> {
    return this.submit(PROBE_STUDY, job, options) as Promise<RuntimeProbe>;
  }

  /** Nothing to drop here: workers check a study's pool and trials against storage on every job (study-loader.ts). */
  forget(): void {}

  status(): PlaneStatus {
    return { workers: this.workers.length, busy: this.workers.reduce((n, w) => n + w.busy, 0), queued: this.queued, restarts: 0 };
  }

  /** Live workers as last read from the registry (health, tests). */
  liveWorkers(): readonly WorkerAdvert[] {
    return this.workers;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.refreshTimer);
    for (const id of [...this.waiting.keys()]) this.settle(id, new ComputeFailure('closed', 'the compute plane closed'));
    // Bounded: with Redis gone these wait for a reconnect, and a SIGTERMed replica must still exit.
    await within(Promise.allSettled([...this.events.values(), ...this.queues.values()].map((x) => x.close())), 5000);
    this.redis.disconnect();
  }

  private submit(studyId: string, job: ComputeJob, options: JobOptions): Promise<unknown> {
    if (this.closed) return Promise.reject(new ComputeFailure('closed', 'the compute plane is closed'));
    if (options.signal?.aborted) return Promise.reject(new ComputeFailure('cancelled', 'the request was cancelled'));
    const cls = computeClassOf(job.spec.algorithm);
    if (!this.workers.some((w) => w.classes.includes(cls))) {
      return Promise.reject(new ComputeFailure('no-worker', `no live compute worker takes '${cls}' jobs (surrogate ${job.spec.algorithm.surrogate}): start one with --role worker --compute-classes ${cls}`));
    }
    const jobId = randomUUID();
    const data: JobData = {
      v: 1,
      kind: job.kind,
      studyId,
      direction: job.kind === 'probe' || job.kind === 'pareto' ? 'maximize' : job.direction,
      ...(job.kind === 'probe' ? { algorithm: { ...job.spec.algorithm } } : {}),
      pending: job.kind === 'suggest' ? [...job.pending] : [],
      ...(job.kind === 'suggest' && job.excluded && job.excluded.length > 0 ? { excluded: [...job.excluded] } : {}),
      ...(job.kind === 'suggest' && job.partialRuns ? { partialRuns: job.partialRuns as never } : {}),
      ...(job.kind === 'slices' ? { incumbent: job.incumbent } : {}),
      ...(job.kind === 'pareto' ? { pareto: job.pareto as never } : {}),
      ...(job.kind === 'prune' ? { prune: { trials: job.trials.map((t) => ({ ...t })), trialId: job.trialId, settings: { ...job.settings } } } : {}),
      count: job.kind === 'suggest' ? job.count : 0,
      timeBudgetMs: job.timeBudgetMs,
      deadline: Date.now() + job.hardLimitMs,
      completedSeen: job.kind === 'prune' || job.kind === 'probe' || job.kind === 'pareto' ? 0 : job.completed.length,
    };
    return new Promise<unknown>((resolve, reject) => {
      const w: Waiter = { jobId, kind: job.kind, cls, options, resolve, reject, timers: [] };
      this.waiting.set(jobId, w);
      w.timers.push(setTimeout(() => this.settle(jobId, new ComputeFailure('hard-limit', `no compute worker answered within ${job.hardLimitMs} ms`)), job.hardLimitMs));
      w.timers.push(setInterval(() => void this.poll(w), this.options.pollMs ?? 2000));
      if (options.signal) {
        w.onAbort = () => this.settle(jobId, new ComputeFailure('cancelled', 'the request was cancelled'));
        options.signal.addEventListener('abort', w.onAbort, { once: true });
      }
      // Kept a while after the end, so a poll that races the completion event still finds the result.
      this.queues
        .get(cls)!
        .add(job.kind, data, { jobId, attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 300 } })
        .catch((e: unknown) => this.settle(jobId, new ComputeFailure('worker-crash', `the compute queue refused the job: ${e instanceof Error ? e.message : String(e)}`)));
    });
  }

  /** A job's result: validated, then the waiter settled with the decision or the error it carries. */
  private deliver(jobId: string, raw: unknown): void {
    const w = this.waiting.get(jobId);
    if (!w) return; // another replica's job, or one already answered (deadline, cancel)
    let value: unknown = raw;
    try {
      if (typeof raw === 'string') value = JSON.parse(raw);
    } catch {
      // Left as is: the schema check below reports it.
    }
    const r = JobResult.safeParse(value);
    if (!r.success) return this.settle(jobId, new ComputeFailure('policy-error', `a compute worker returned a malformed result: ${r.error.issues[0]?.message ?? 'invalid'}`));
    const res = r.data;
    if (!res.ok) return this.settle(jobId, errorFrom(res.error, res.worker));
    if (w.kind !== 'suggest') return this.settle(jobId, res.result, true);
    const d = res.result as unknown as SuggestDecision;
    // Which worker answered, and on which attempt (2+: its first worker died and the queue gave it to another).
    const diagnostics = { ...(d.diagnostics ?? {}), computeWorker: res.worker, ...(res.attempt > 1 ? { computeAttempt: res.attempt } : {}) };
    this.settle(jobId, { ...d, diagnostics }, true);
  }

  private progress(jobId: string, data: unknown): void {
    const w = this.waiting.get(jobId);
    if (!w || typeof data !== 'object' || data === null) return;
    const p = data as { stage?: unknown; fraction?: unknown };
    if (typeof p.stage === 'string' && typeof p.fraction === 'number') w.options.onProgress?.({ stage: p.stage, fraction: p.fraction });
  }

  /** The backstop for a missed event: a finished job's result read from the queue. */
  private async poll(w: Waiter): Promise<void> {
    try {
      const job = await this.queues.get(w.cls)!.getJob(w.jobId);
      if (!job || !this.waiting.has(w.jobId)) return;
      if (job.finishedOn && job.returnvalue !== undefined && job.returnvalue !== null) this.deliver(w.jobId, job.returnvalue);
      else if (job.failedReason) this.settle(w.jobId, new ComputeFailure('worker-crash', `compute job failed: ${job.failedReason}`));
    } catch (e) {
      this.options.logger.debug('compute_poll_failed', { jobId: w.jobId, error: e });
    }
  }

  /** Settles a waiter once; a job still waiting in the queue is removed (a running one ends on its worker, its result unread). */
  private settle(jobId: string, outcome: unknown, ok = false): void {
    const w = this.waiting.get(jobId);
    if (!w) return;
    this.waiting.delete(jobId);
    for (const t of w.timers) clearTimeout(t);
    if (w.onAbort) w.options.signal?.removeEventListener('abort', w.onAbort);
    if (ok) w.resolve(outcome);
    else {
      w.reject(outcome);
      if (!this.closed) this.queues.get(w.cls)!.remove(jobId).catch(() => undefined);
    }
  }

  private async refresh(): Promise<void> {
    try {
      this.workers = await liveWorkers(this.redis);
      const counts = await Promise.all([...this.queues.values()].map((q) => q.getWaitingCount()));
      this.queued = counts.reduce((a, b) => a + b, 0);
    } catch (e) {
      this.options.logger.debug('compute_registry_unreadable', { error: e });
    }
  }
}
