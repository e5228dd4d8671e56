import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { BoError } from '../../core/errors.js';
import type { PolicyState, SuggestDecision } from '../../policy/types.js';
import type { Recommendation } from '../../policy/recommend.js';
import type { SlicesResult } from '../../policy/slices.js';
import type { LearningCurveDecision } from '../../policy/pruners/learning-curve-decide.js';
import { transferables } from './observation-codec.js';
import type { FromWorker } from './messages.js';
import { jobMessage } from './job-message.js';
import { StudyLru } from './study-lru.js';
import type { RuntimeProbe } from './runtime-probe.js';
import type { ParetoSummary } from '../../policy/pareto-summary.js';
import { ComputeFailure, type ComputeJob, type ComputePlane, type FailureReason, type JobOptions, type ParetoJob, type PlaneStatus, type ProbeJob, type PruneJob, type RecommendJob, type SlicesJob, type SuggestJob } from './types.js';

/** Hooks for metrics, so this room does not depend on the server's Prometheus registry. */
export interface PoolHooks {
  /** Called whenever queue depth or busy workers change. */
  readonly onStatus?: (s: PlaneStatus) => void;
  /** A worker was replaced: terminated at a hard limit, or it crashed. */
  readonly onRestart?: (reason: 'hard-limit' | 'worker-crash') => void;
}

/** Options of the pool; all but hooks are tuning with defaults. */
export interface WorkerPoolOptions {
  /** Worker threads, started lazily as jobs arrive (default: the machine's cores). */
  readonly workers?: number;
  /** Jobs waiting beyond this are refused with UNAVAILABLE + retryAfterMs (default 64). */
  readonly maxQueue?: number;
  /** Studies each worker keeps warm (LRU; default 16). */
  readonly studiesPerWorker?: number;
  /** The module workers build policies with (default policy/create-policy.ts; tests inject a spinning one). */
  readonly policyModule?: URL;
  /** V8 heap caps per worker (tensor memory of TF.js lives outside and is bounded by the LRU). */
  readonly resourceLimits?: ResourceLimits;
  readonly hooks?: PoolHooks;
}

interface Job {
  readonly id: number;
  readonly studyId: string;
  readonly job: ComputeJob;
  readonly options: JobOptions;
  readonly resolve: (result: unknown) => void;
  readonly reject: (e: unknown) => void;
  settled: boolean;
  position?: number;
  /** Tag of the state this job's decision carries (set when it starts). */
  resultTag?: number;
  onAbort?: () => void;
}

interface Slot {
  readonly id: number;
  readonly worker: Worker;
  readonly held: StudyLru;
  /** False while the worker boots (seconds: TypeScript loader, TensorFlow.js); jobs start only on ready workers. */
  ready: boolean;
  running?: { job: Job; timer: NodeJS.Timeout; started: number };
}

/**
 * Default V8 old-generation cap of a compute worker, MiB. Without one a worker may grow to the
 * process's own limit, and one runaway fit (a huge import, a bug) takes the whole server down
 * with it; with one, only that worker dies (ERR_WORKER_OUT_OF_MEMORY), its ask falls back and it
 * is replaced. 2 GiB holds the largest fits measured (hmc-bnn, 10,000-parameter GP) with room;
 * TensorFlow.js tensor memory lives outside this heap and is bounded by the study LRU instead.
 */
export const DEFAULT_WORKER_MEMORY_MB = 2048;

/** The queue key of probe jobs: no study id has a NUL in it. */
const PROBE_KEY = '\u0000probe';

const WORKER_BOOT = new URL('./worker-boot.mjs', import.meta.url);
const WORKER_ENTRY = new URL(`./worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
const DEFAULT_POLICY_MODULE = new URL(`../../policy/create-policy.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

/**
 * The in-process compute plane: a pool of worker threads. Per-study affinity (a study's job goes
 * to the worker that ran it last while that worker is idle and alive), a FIFO queue across
 * studies (fair because the service's per-study lock lets each study have one ask in flight),
 * one running job per study (see dispatch), a bounded queue, and hard limits enforced by terminating the worker (synchronous code cannot
 * be interrupted any other way) and starting a fresh one.
 */
export class WorkerPool implements ComputePlane {
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly perWorker: number;
  private readonly policyModule: string;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly affinity = new Map<string, Slot>();
  /** Tags of state objects and pools already sent, so an unchanged one is not sent again. */
  private readonly tags = new WeakMap<object, number>();
  private nextTag = 1;
  private nextJob = 1;
  private nextSlot = 1;
  private restarts = 0;
  private closed = false;
  /** Moving average of job run time, ms (for the retry-after hint). */
  private avgMs = 1000;

  constructor(private readonly options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? availableParallelism());
    this.maxQueue = options.maxQueue ?? 64;
    this.perWorker = Math.max(1, options.studiesPerWorker ?? 16);
    this.policyModule = (options.policyModule ?? DEFAULT_POLICY_MODULE).href;
  }

  suggest(studyId: string, job: SuggestJob, options: JobOptions = {}): Promise<SuggestDecision> {
    return this.enqueue(studyId, job, options) as Promise<SuggestDecision>;
  }

  recommend(studyId: string, job: RecommendJob, options: JobOptions = {}): Promise<Recommendation> {
    return this.enqueue(studyId, job, options) as Promise<Recommendation>;
  }

  slices(studyId: string, job: SlicesJob, options: JobOptions = {}): Promise<SlicesResult> {
    return this.enqueue(studyId, job, options) as Promise<SlicesResult>;
  }

  pareto(studyId: string, job: ParetoJob, options: JobOptions = {}): Promise<ParetoSummary> {
    return this.enqueue(studyId, job, options) as Promise<ParetoSummary>;
  }

  prune(studyId: string, job: PruneJob, options: JobOptions = {}): Promise<LearningCurveDecision> {
    return this.enqueue(studyId, job, options) as Promise<LearningCurveDecision>;
  }

  /** Probes run under one key of their own, so two never overlap (the second finds the backend loaded). */
  probe(job: ProbeJob, options: JobOptions = {}): Promise<RuntimeProbe> {
    return this.enqueue(PROBE_KEY, job, options) as Promise<RuntimeProbe>;
  }

  private enqueue(studyId: string, job: ComputeJob, options: JobOptions): Promise<unknown> {
    if (this.closed) return Promise.reject(new ComputeFailure('closed', 'the compute pool is closed'));
    if (options.signal?.aborted) return Promise.reject(new ComputeFailure('cancelled', 'the request was cancelled'));
    if (this.queue.length >= this.maxQueue) {
      const retryAfterMs = Math.round(Math.min(30_000, Math.max(250, (this.avgMs * (this.queue.length + 1)) / this.size)));
      return Promise.reject(new BoError('UNAVAILABLE', `the compute queue is full (${this.queue.length} jobs waiting); retry in ${retryAfterMs} ms`, undefined, { retryAfterMs }));
    }
    return new Promise<unknown>((resolve, reject) => {
      const j: Job = { id: this.nextJob++, studyId, job, options, resolve, reject, settled: false };
      if (options.signal) {
        j.onAbort = () => this.cancel(j);
        options.signal.addEventListener('abort', j.onAbort, { once: true });
      }
      this.queue.push(j);
      this.dispatch();
    });
  }

  forget(studyId: string): void {
    this.affinity.delete(studyId);
    for (const s of this.slots) s.held.delete(studyId);
  }

  status(): PlaneStatus {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.running).length, queued: this.queue.length, restarts: this.restarts };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) this.settle(j, new ComputeFailure('closed', 'the compute pool closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.running) {
        clearTimeout(s.running.timer);
        this.settle(s.running.job, new ComputeFailure('closed', 'the compute pool closed'));
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
    this.report();
  }

  // ---- scheduling ----

  /**
   * Starts queued jobs on idle workers, oldest first; then tells the still-queued their position.
   * A job whose study still has a job running waits, even when that one was cancelled: a cancelled
   * job's caller is released at once, but its worker stops only at the policy's next signal check
   * (or at the job's hard limit, whose timer stays armed). Waiting rather than terminating that
   * worker after a grace period, because termination throws away the warm models of every study
   * the worker holds and costs a boot (seconds), while a cooperative abort usually ends within one
   * optimizer step; and a study's jobs must not overlap, since they share the worker's held state.
   */
  private dispatch(): void {
    for (let i = 0; i < this.queue.length; ) {
      const j = this.queue[i]!;
      if (this.studyRunning(j.studyId)) {
        i++;
        continue;
      }
      const slot = this.pick(j);
      if (!slot) break;
      this.queue.splice(i, 1);
      this.start(slot, j);
    }
    this.queue.forEach((j, i) => {
      if (j.position === i + 1) return;
      j.position = i + 1;
      j.options.onProgress?.({ stage: 'queued', fraction: 0, position: i + 1 });
    });
    this.report();
  }

  /**
   * An idle ready worker for the job: its study's worker, else one no other queued study is bound
   * to, else any. With none idle, starts another worker while below the pool size and fewer are
   * booting than jobs wait (booting takes seconds, so each waiting job may start one).
   */
  private pick(j: Job): Slot | undefined {
    const idle = this.slots.filter((s) => s.ready && !s.running);
    const home = this.affinity.get(j.studyId);
    if (home && idle.includes(home)) return home;
    const bound = new Set(this.queue.map((q) => this.affinity.get(q.studyId)));
    const chosen = idle.find((s) => !bound.has(s)) ?? idle[0];
    if (chosen) return chosen;
    const booting = this.slots.filter((s) => !s.ready).length;
    const startable = this.queue.filter((q) => !this.studyRunning(q.studyId)).length;
    if (this.slots.length < this.size && booting < startable) this.spawn();
    return undefined;
  }

  /** Whether a job of the study (settled or not: a cancelled one may still be running) occupies a worker. */
  private studyRunning(studyId: string): boolean {
    return this.slots.some((s) => s.running?.job.studyId === studyId);
  }

  private start(slot: Slot, j: Job): void {
    const { job } = j;
    const resultTag = this.nextTag++;
    const msg = jobMessage({ jobId: j.id, studyId: j.studyId, job, held: slot.held, tag: (o) => this.tag(o), resultTag });
    const timer = setTimeout(() => this.kill(slot, 'hard-limit', `policy did not answer within ${job.hardLimitMs} ms; its worker was terminated`), job.hardLimitMs);
    slot.running = { job: j, timer, started: performance.now() };
    slot.worker.ref();
    this.affinity.set(j.studyId, slot);
    for (const id of msg.evict) if (this.affinity.get(id) === slot) this.affinity.delete(id);
    j.resultTag = resultTag;
    slot.worker.postMessage(msg, transferables(msg.observations));
  }

  /** A queued job whose caller went away is dropped; a running one is aborted in its worker, and its caller released now. */
  private cancel(j: Job): void {
    const i = this.queue.indexOf(j);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.dispatch();
    } else {
      const slot = this.slots.find((s) => s.running?.job === j);
      slot?.worker.postMessage({ type: 'abort', jobId: j.id });
    }
    this.settle(j, new ComputeFailure('cancelled', 'the request was cancelled'));
  }

  private settle(j: Job, outcome: unknown, ok = false): void {
    if (j.settled) return;
    j.settled = true;
    if (j.onAbort) j.options.signal?.removeEventListener('abort', j.onAbort);
    if (ok) j.resolve(outcome);
    else j.reject(outcome);
  }

  // ---- workers ----

  private spawn(): Slot {
    const worker = new Worker(WORKER_BOOT, {
      workerData: { entry: WORKER_ENTRY.href, policyModule: this.policyModule },
      // The boot module registers the TypeScript loader itself (see worker-boot.mjs).
      execArgv: [],
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    const slot: Slot = { id: this.nextSlot++, worker, held: new StudyLru(this.perWorker), ready: false };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e) => this.kill(slot, 'worker-crash', `compute worker crashed: ${e.message}`));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.kill(slot, 'worker-crash', `compute worker exited with code ${code}`);
    });
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      // An idle worker must not keep the process alive (a forgotten pool cannot hang a test run); a busy one does.
      slot.worker.unref();
      this.dispatch();
      return;
    }
    const run = slot.running;
    if (!run || run.job.id !== m.jobId) return;
    const j = run.job;
    if (m.type === 'progress') {
      if (!j.settled) j.options.onProgress?.({ stage: m.stage, fraction: m.fraction });
      return;
    }
    clearTimeout(run.timer);
    slot.running = undefined;
    slot.worker.unref();
    this.avgMs = 0.8 * this.avgMs + 0.2 * (performance.now() - run.started);
    if (m.type === 'done') {
      if (j.job.kind === 'suggest') {
        this.tags.set((m.result as SuggestDecision).state as PolicyState, j.resultTag!);
        const held = slot.held.get(j.studyId);
        if (held) held.stateTag = j.resultTag!;
      }
      this.settle(j, m.result, true);
    } else {
      // Whatever the worker holds of this study is now uncertain: send everything next time.
      slot.held.delete(j.studyId);
      const e = m.error;
      this.settle(j, e.code ? new BoError(e.code as never, e.message, e.issues) : new ComputeFailure('policy-error', `${e.name}: ${e.message}`));
    }
    this.dispatch();
  }

  /** Terminates a worker (hard limit, crash), fails its job with `reason`, and frees the slot; the next job starts a fresh worker. */
  private kill(slot: Slot, reason: Extract<FailureReason, 'hard-limit' | 'worker-crash'>, message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    for (const [study, s] of this.affinity) if (s === slot) this.affinity.delete(study);
    if (slot.running) {
      clearTimeout(slot.running.timer);
      this.settle(slot.running.job, new ComputeFailure(reason, message));
      slot.running = undefined;
    }
    void slot.worker.terminate();
    this.restarts++;
    this.options.hooks?.onRestart?.(reason);
    if (this.closed) return;
    if (!slot.ready) {
      // Died while booting (a broken build): fail what waits rather than respawning in a loop.
      for (const j of this.queue.splice(0)) this.settle(j, new ComputeFailure('worker-crash', message));
      this.report();
      return;
    }
    // Replace a worker killed at its hard limit at once, so the next job finds it warm; a crashed
    // one is replaced lazily by the next job (a worker that crashes while booting must not loop).
    if (reason === 'hard-limit') this.spawn();
    this.dispatch();
  }

  private tag(o: object): number {
    let t = this.tags.get(o);
    if (t === undefined) {
      t = this.nextTag++;
      this.tags.set(o, t);
    }
    return t;
  }

  private report(): void {
    this.options.hooks?.onStatus?.(this.status());
  }
}
