/**
 * SQLite storage whose connection lives on its own thread (sqlite-thread-worker.ts runs
 * SqliteStorage there). Why: statement execution, the WAL frame writes of every commit and the
 * group-commit fsync dispatch were ~a quarter of the server thread's CPU per ask+tell pair, which
 * bounds the service's pairs/s; a call to the thread costs the server's thread far less than the
 * statements do (benchmarks/RESULTS.md, session 9, issue 16). Opt-in ('sqlite:<path>?connection=thread'):
 * each call under a study's lock becomes a round trip, which a loaded machine makes slow.
 *
 * Calls made in one turn of the event loop travel as one message and their answers come back as
 * one (a wake of a thread costs more than the call itself on a busy machine).
 *
 * Same contract and durability as SqliteStorage (the conformance suite runs on both): calls are
 * answered in the order they were made, each after its transaction committed on the thread, and
 * flush() resolves once the thread announced an fsync that covers every write answered before it
 * (the thread syncs after writes by itself, one fsync at a time for all commits made meanwhile:
 * sqlite-thread-worker.ts), so a flush costs no message of its own.
 * The worker is unreferenced while no call is in flight, so an idle storage does not keep the
 * process alive. If the thread dies, every call in flight and every later one fails UNAVAILABLE
 * (the error names the cause); nothing is retried behind the caller's back.
 */
import { Worker } from 'node:worker_threads';
import { BoError } from '../../core/errors.js';
import type { TrialState } from '../../protocol/study.js';
import type { SqliteOptions } from './sqlite-storage.js';
import { errorFromThread, OPEN_REPLY_ID, WRITE_METHODS, type ThreadCall, type ThreadDurable, type ThreadMethod, type ThreadReply, type ThreadStart } from './sqlite-thread-wire.js';
import { storageClosed } from './storage-rules.js';
import type {
  AskWrite, CurveWrite, FinishResult, NewTrial, RequestRecord, RequestTag, Storage, StoredCurvePoint, StoredPool, StoredStudy, StoredTrial, TrialClock, TrialCounts,
  TrialOutcome,
} from './types.js';

/** The boot module shared with the compute workers: it registers tsx first when the entry is TypeScript. */
const BOOT = new URL('../compute/worker-boot.mjs', import.meta.url);
const ENTRY = new URL(`./sqlite-thread-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

interface Waiter {
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** Storage on a SQLite file whose connection runs on a worker thread (see the file comment). */
export class SqliteThreadStorage implements Storage {
  readonly description: string;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 0;
  /** The highest write call answered, and the highest one the thread announced durable. */
  private answeredWrite = -1;
  private durableUpTo = -1;
  /** flush() calls waiting for the announcement that covers `upTo`. */
  private flushes: { readonly upTo: number; readonly waiter: Waiter }[] = [];
  /** Why calls are refused: set by close() or by the thread's death. */
  private gone: BoError | null = null;
  private closing: Promise<void> | null = null;

  private constructor(worker: Worker, description: string) {
    this.worker = worker;
    this.description = description;
    worker.on('message', (m: readonly ThreadReply[] | ThreadDurable) => {
      if (Array.isArray(m)) for (const r of m) this.settle(r);
      else this.durable(m as ThreadDurable);
    });
    worker.on('error', (e) => this.die(new BoError('UNAVAILABLE', `storage thread of ${description} failed: ${e.message}`)));
    worker.on('exit', (code) => this.die(this.gone ?? new BoError('UNAVAILABLE', `storage thread of ${description} exited (code ${code})`)));
    worker.unref();
  }

  /** Starts the thread and waits until it opened the database (migrations included); its errors are SqliteStorage's. */
  static async open(options: SqliteOptions): Promise<SqliteThreadStorage> {
    const start: ThreadStart = { entry: ENTRY.href, options };
    const worker = new Worker(BOOT, { workerData: start, execArgv: [] });
    const opened = await new Promise<ThreadReply>((resolve, reject) => {
      const onExit = (code: number) => reject(new BoError('UNAVAILABLE', `storage thread exited before opening ${options.path} (code ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (batch: readonly ThreadReply[]) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        resolve(batch[0]!);
      });
    });
    if (!opened.ok) {
      await worker.terminate();
      throw errorFromThread(opened.error);
    }
    return new SqliteThreadStorage(worker, opened.value as string);
  }

  /** Nothing in flight: the thread may not keep the process alive. */
  private idle(): boolean {
    return this.waiting.size === 0 && this.flushes.length === 0;
  }

  /** Lets the process exit once nothing is in flight; never while closing (terminate() needs the reference until the thread is gone). */
  private release(): void {
    if (this.idle() && !this.closing) this.worker.unref();
  }

  private settle(r: ThreadReply): void {
    if (r.id === OPEN_REPLY_ID) return;
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    if (this.writes.delete(r.id)) this.answeredWrite = Math.max(this.answeredWrite, r.id);
    this.release();
    if (r.ok) w.resolve(r.value);
    else w.reject(errorFromThread(r.error));
  }

  /** An fsync finished (or failed) for the write calls up to `upTo`: settles the flushes it covers. */
  private durable(d: ThreadDurable): void {
    this.durableUpTo = Math.max(this.durableUpTo, d.upTo);
    const error = d.error ? errorFromThread(d.error) : undefined;
    const covered = this.flushes.filter((f) => f.upTo <= d.upTo);
    if (covered.length === 0) return;
    this.flushes = this.flushes.filter((f) => f.upTo > d.upTo);
    this.release();
    for (const f of covered) {
      if (error) f.waiter.reject(error);
      else f.waiter.resolve(undefined);
    }
  }

  private die(reason: BoError): void {
    this.gone ??= reason;
    for (const w of this.waiting.values()) w.reject(this.gone);
    for (const f of this.flushes) f.waiter.reject(this.gone);
    this.waiting.clear();
    this.flushes = [];
  }

  /** Write calls in flight (their ids), so an answer can advance answeredWrite. */
  private readonly writes = new Set<number>();
  /** Calls made in this turn of the event loop, posted together (one message, one wake of the thread). */
  private outbox: ThreadCall[] = [];

  private call<T>(method: ThreadMethod, args: readonly unknown[]): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.idle()) this.worker.ref();
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (WRITE_METHODS.has(method)) this.writes.add(id);
      // Several clients' requests are read in one poll phase: their calls leave together at its end.
      if (this.outbox.length === 0) setImmediate(() => this.post());
      this.outbox.push({ id, method, args });
    });
  }

  private post(): void {
    const batch = this.outbox;
    this.outbox = [];
    // (To a thread that died meanwhile this posts nothing: die() already refused these calls.)
    this.worker.postMessage(batch);
  }

  createStudy(study: StoredStudy, pool?: StoredPool, request?: RequestTag): Promise<StoredStudy> {
    return this.call('createStudy', [study, pool, request]);
  }
  getPool(studyId: string): Promise<StoredPool | null> {
    return this.call('getPool', [studyId]);
  }
  appendPool(studyId: string, offset: number, rows: readonly (readonly unknown[])[]): Promise<StoredStudy> {
    return this.call('appendPool', [studyId, offset, rows]);
  }
  getStudy(studyId: string): Promise<StoredStudy | null> {
    return this.call('getStudy', [studyId]);
  }
  listStudies(limit?: number): Promise<StoredStudy[]> {
    return this.call('listStudies', [limit]);
  }
  deleteStudy(studyId: string): Promise<boolean> {
    return this.call('deleteStudy', [studyId]);
  }
  listTrials(studyId: string, states?: readonly TrialState[]): Promise<StoredTrial[]> {
    return this.call('listTrials', [studyId, states]);
  }
  trialClock(studyId: string): Promise<TrialClock> {
    return this.call('trialClock', [studyId]);
  }
  countTrials(studyId: string): Promise<TrialCounts> {
    return this.call('countTrials', [studyId]);
  }
  commitAsk(studyId: string, write: AskWrite): Promise<StoredTrial[]> {
    return this.call('commitAsk', [studyId, write]);
  }
  getTrial(studyId: string, trialId: string): Promise<StoredTrial | null> {
    return this.call('getTrial', [studyId, trialId]);
  }
  insertTrials(studyId: string, trials: readonly NewTrial[], request?: RequestTag): Promise<StoredTrial[]> {
    return this.call('insertTrials', [studyId, trials, request]);
  }
  claimQueued(studyId: string, count: number, leaseExpiresAt: string, clientId?: string): Promise<StoredTrial[]> {
    return this.call('claimQueued', [studyId, count, leaseExpiresAt, clientId]);
  }
  finishTrial(studyId: string, trialId: string, outcome: TrialOutcome, finishedAt: string, request?: RequestTag): Promise<FinishResult> {
    return this.call('finishTrial', [studyId, trialId, outcome, finishedAt, request]);
  }
  addIntermediate(studyId: string, trialId: string, point: StoredCurvePoint, at: string, request?: RequestTag): Promise<CurveWrite> {
    return this.call('addIntermediate', [studyId, trialId, point, at, request]);
  }
  listCurves(studyId: string, trialIds?: readonly string[], steps?: readonly number[]): Promise<Map<string, StoredCurvePoint[]>> {
    return this.call('listCurves', [studyId, trialIds, steps]);
  }
  extendLease(studyId: string, trialId: string, leaseExpiresAt: string): Promise<StoredTrial> {
    return this.call('extendLease', [studyId, trialId, leaseExpiresAt]);
  }
  abandonExpired(studyId: string, now: string): Promise<StoredTrial[]> {
    return this.call('abandonExpired', [studyId, now]);
  }
  getRequest(studyId: string, requestId: string): Promise<RequestRecord | null> {
    return this.call('getRequest', [studyId, requestId]);
  }
  putRequest(studyId: string, requestId: string, kind: string, result: unknown): Promise<void> {
    return this.call('putRequest', [studyId, requestId, kind, result]);
  }
  getPolicyState(studyId: string): Promise<unknown | null> {
    return this.call('getPolicyState', [studyId]);
  }
  putPolicyState(studyId: string, state: unknown): Promise<void> {
    return this.call('putPolicyState', [studyId, state]);
  }
  /** Waits for the thread's announcement of an fsync covering every write answered so far (no message of its own). */
  flush(): Promise<void> {
    if (this.gone) return Promise.reject(this.gone);
    const upTo = this.answeredWrite;
    if (upTo <= this.durableUpTo) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (this.idle()) this.worker.ref();
      this.flushes.push({ upTo, waiter: { resolve: resolve as (v: unknown) => void, reject } });
    });
  }

  /** Closes the database on its thread (after the calls already made, its fsync in flight included), then ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.gone) {
        const closed = this.call<void>('close', []);
        this.gone = storageClosed(this.description);
        await closed.catch(() => undefined);
      }
      this.gone = storageClosed(this.description);
      await this.worker.terminate();
    })();
    return this.closing;
  }
}
