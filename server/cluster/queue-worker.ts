/**
 * A remote compute worker (role `worker`): takes jobs from the BullMQ queues of its capability
 * classes, reads what a job needs from the shared storage (study-loader.ts), and runs it on a
 * local ComputePlane (the worker-thread pool: hard limits by terminating a thread, crash
 * replacement, warm per-study policies). The process's own event loop only moves data, so
 * BullMQ's lock renewal keeps ticking while a fit runs: a worker that stops renewing is dead, and
 * its job goes back to the queue for another worker (QueueWorkerOptions.lockMs).
 */
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis, within } from './redis-client.js';
import { BoError } from '../../core/errors.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { RuntimeProbe } from '../compute/runtime-probe.js';
import type { ParetoSummary } from '../../policy/pareto-summary.js';
import type { Logger } from '../logger.js';
import type { Storage } from '../storage/types.js';
import { ComputeFailure, type ComputePlane, type RecommendJob, type StudySpec, type SuggestJob } from '../compute/types.js';
import { QUEUE_PREFIX, queueName, redisConnection, type ComputeClass } from './routing.js';
import { StudyLoader } from './study-loader.js';
import { JobData, errorData, type JobResult } from './wire.js';
import { HEARTBEAT_MS, advertise, defaultWorkerId, surrogatesOf, withdraw, type WorkerAdvert } from './worker-registry.js';

/** The spec a Pareto summary runs under here: the local plane needs one, the summary reads none of it (the queue already routed the job). */
const SUMMARY_SPEC: StudySpec = { space: {}, algorithm: AlgorithmSpec.parse({}) };

/** How a worker process takes jobs. */
export interface QueueWorkerOptions {
  readonly redisUrl: string;
  readonly storage: Storage;
  /** Runs the jobs (a WorkerPool of `threads` threads). Closed by close(). */
  readonly plane: ComputePlane;
  readonly threads: number;
  readonly classes: readonly ComputeClass[];
  readonly gpu: boolean;
  readonly maxMemoryMb: number;
  readonly logger: Logger;
  readonly id?: string;
  /**
   * A job's lock, ms (default 10 000): renewed every lockMs/2 while the worker lives. A worker
   * silent for longer is taken for dead and its job given to another (checked every lockMs/2),
   * so a dead worker delays an ask by at most about 1.5 lockMs; the ask's deadline still holds.
   */
  readonly lockMs?: number;
}

/** A running remote worker. */
export class QueueWorker {
  readonly id: string;
  private readonly workers: Worker[] = [];
  private readonly loader: StudyLoader;
  private busy = 0;
  /** Deadlines (epoch ms) of the jobs running now: a graceful close waits for them at most this long. */
  private readonly deadlines = new Set<number>();
  private readonly heartbeat: NodeJS.Timeout;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly options: QueueWorkerOptions,
    private readonly redis: Redis,
  ) {
    this.id = options.id ?? defaultWorkerId();
    this.loader = new StudyLoader(options.storage);
    const lockMs = options.lockMs ?? 10_000;
    const connection = redisConnection(options.redisUrl);
    for (const c of options.classes) {
      const w = new Worker(queueName(c), (job) => this.process(job), {
        connection,
        prefix: QUEUE_PREFIX,
        concurrency: options.threads,
        lockDuration: lockMs,
        stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
        // One retry after a death: a job that kills every worker it lands on must not go round for ever.
        maxStalledCount: 1,
      });
      w.on('error', (e) => options.logger.warn('compute_queue_error', { error: e }));
      w.on('stalled', (jobId) => options.logger.warn('compute_job_stalled', { jobId, note: 'its worker stopped renewing the lock; the job is given to another worker' }));
      this.workers.push(w);
    }
    this.heartbeat = setInterval(() => void this.advertise(), HEARTBEAT_MS);
  }

  /** Connects to Redis (UNAVAILABLE when unreachable), advertises this worker and starts taking jobs. */
  static async start(options: QueueWorkerOptions): Promise<QueueWorker> {
    const redis = await connectRedis(options.redisUrl, options.logger);
    const w = new QueueWorker(options, redis);
    await Promise.all(w.workers.map((x) => x.waitUntilReady()));
    await w.advertise();
    return w;
  }

  /** This worker's advert as written now. */
  advert(): WorkerAdvert {
    const o = this.options;
    return { id: this.id, host: this.id.split(':')[0] ?? '', pid: process.pid, classes: [...o.classes], surrogates: surrogatesOf(o.classes), gpu: o.gpu, maxMemoryMb: o.maxMemoryMb, threads: o.threads, busy: this.busy, seenAt: Date.now() };
  }

  /**
   * Stops taking jobs, withdraws the advert and closes the local plane. Running jobs finish first
   * (their results are still delivered); `force` does not wait for them: their locks lapse and the
   * queue gives them to other workers, as after a crash.
   */
  close(force = false): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.heartbeat);
      // Bounded: with Redis unreachable BullMQ's close (and any command) waits for a reconnect that
      // may never come, and a SIGTERMed worker must still exit. Running jobs get until their deadlines.
      const jobsLeftMs = force ? 0 : Math.max(0, ...[...this.deadlines].map((d) => d - Date.now()));
      await within(withdraw(this.redis, this.id).catch(() => undefined), 2000);
      await within(Promise.allSettled(this.workers.map((w) => w.close(force))), jobsLeftMs + 5000);
      await this.options.plane.close();
      this.redis.disconnect();
    })();
    return this.closing;
  }

  private async advertise(): Promise<void> {
    try {
      await advertise(this.redis, this.advert());
    } catch (e) {
      this.options.logger.warn('compute_advert_failed', { error: e });
    }
  }

  /** The job on the local plane, by kind. */
  private run(d: JobData, common: Omit<RecommendJob, 'kind'>, state: unknown, onProgress: (p: { stage: string; fraction: number }) => void): Promise<unknown> {
    const plane = this.options.plane;
    if (d.kind === 'suggest') {
      const job = { kind: 'suggest' as const, ...common, pending: d.pending as never, ...(d.excluded ? { excluded: d.excluded as never } : {}), ...(d.partialRuns ? { partialRuns: d.partialRuns as never } : {}), count: d.count, ...(state ? { state } : {}) };
      return plane.suggest(d.studyId, job as SuggestJob, { onProgress });
    }
    if (d.kind === 'prune') {
      if (!d.prune) throw new BoError('INVALID_ARGUMENT', 'malformed compute job: a prune job needs its curves');
      const { trials, trialId, settings } = d.prune;
      return plane.prune(d.studyId, { kind: 'prune', spec: common.spec, direction: common.direction, trials: trials as never, trialId, settings: settings as never, timeBudgetMs: common.timeBudgetMs, hardLimitMs: common.hardLimitMs }, { onProgress });
    }
    if (d.kind === 'slices') {
      if (!d.incumbent) throw new BoError('INVALID_ARGUMENT', 'malformed compute job: a slices job needs its incumbent');
      return plane.slices(d.studyId, { kind: 'slices', ...common, incumbent: d.incumbent as never }, { onProgress });
    }
    return plane.recommend(d.studyId, { kind: 'recommend', ...common }, { onProgress });
  }

  /** A probe job: its algorithm comes with the job (the study does not exist yet), validated here like any job field. */
  private probe(d: JobData, left: number): Promise<RuntimeProbe> {
    const algorithm = AlgorithmSpec.safeParse(d.algorithm);
    if (!algorithm.success) throw new BoError('INVALID_ARGUMENT', `malformed compute job: a probe job needs a valid algorithm (${algorithm.error.issues[0]?.message ?? 'invalid'})`);
    return this.options.plane.probe({ kind: 'probe', spec: { space: {}, algorithm: algorithm.data }, timeBudgetMs: Math.min(d.timeBudgetMs, left), hardLimitMs: left });
  }

  /** A Pareto summary: the job carries all it reads (wire.ts), so no storage read; `spec` only routes, and the local plane ignores it. */
  private pareto(d: JobData, left: number): Promise<ParetoSummary> {
    if (!d.pareto) throw new BoError('INVALID_ARGUMENT', 'malformed compute job: a pareto job needs its outcomes');
    return this.options.plane.pareto(d.studyId, { kind: 'pareto', spec: SUMMARY_SPEC, pareto: d.pareto, timeBudgetMs: Math.min(d.timeBudgetMs, left), hardLimitMs: left });
  }

  /** One job; never throws for a job's own failure (the API replica reads the error from the result), so BullMQ never retries a job that failed on its merits. */
  private async process(job: Job): Promise<JobResult> {
    const parsed = JobData.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, worker: this.id, error: errorData(new BoError('INVALID_ARGUMENT', `malformed compute job: ${issue?.message ?? 'invalid'} at ${issue?.path.join('.') ?? ''}`)) };
    }
    const d = parsed.data;
    const left = d.deadline - Date.now();
    if (left <= 0) return { ok: false, worker: this.id, error: errorData(new ComputeFailure('hard-limit', 'the ask reached its deadline before a worker took the job')) };
    this.busy++;
    const deadline = d.deadline;
    this.deadlines.add(deadline);
    try {
      if (d.kind === 'probe') return { ok: true, worker: this.id, attempt: job.attemptsStarted || 1, result: { ...(await this.probe(d, left)) } };
      if (d.kind === 'pareto') return { ok: true, worker: this.id, attempt: job.attemptsStarted || 1, result: { ...(await this.pareto(d, left)) } };
      const study = await this.loader.load(d.studyId, d.completedSeen);
      // Past the deadline after the reads: a hard limit of 0 would terminate a warm compute thread for nothing.
      if (d.deadline - Date.now() <= 0) return { ok: false, worker: this.id, error: errorData(new ComputeFailure('hard-limit', 'the ask reached its deadline while the worker read the study')) };
      const onProgress = (p: { stage: string; fraction: number }) => void job.updateProgress(p).catch(() => undefined);
      const common = { spec: study.spec, direction: d.direction, completed: study.completed, timeBudgetMs: Math.min(d.timeBudgetMs, left), hardLimitMs: d.deadline - Date.now() };
      const result = await this.run(d, common, study.state, onProgress);
      return { ok: true, worker: this.id, attempt: job.attemptsStarted || 1, result: result as unknown as Record<string, unknown> };
    } catch (e) {
      return { ok: false, worker: this.id, error: errorData(e) };
    } finally {
      this.busy--;
      this.deadlines.delete(deadline);
    }
  }
}
