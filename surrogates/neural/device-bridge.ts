/**
 * A synchronous call into the GPU device thread. tfjs's WebGPU backend can only read results back
 * asynchronously in Node (its dataSync() draws through an OffscreenCanvas, which Node lacks), while
 * the surrogates' seams are synchronous (an HMC leapfrog step, Posterior.mean()). So the WebGPU work
 * runs in a dedicated worker thread with its own event loop, and the caller blocks on Atomics.wait
 * until the result is in shared memory: one round trip per call, as a GPU read-back would be anyway.
 * The caller is a compute worker (or a test/benchmark), never the server's event loop.
 */
import { Worker } from 'node:worker_threads';

/** Payload of a device call: typed arrays are copied (structured clone), the result comes back as float64. */
export type DeviceCall = { readonly op: string } & Record<string, unknown>;

const BOOT = new URL('./device-worker-boot.mjs', import.meta.url);
const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './device-thread.ts' : './device-thread.js', import.meta.url);
/** ctrl[0]: 0 pending, 1 done, 2 failed; ctrl[1]: result length or error byte length. */
const ERROR_BYTES = 4096;

/** One device thread per process; created on first use. */
export class DeviceBridge {
  private readonly worker: Worker;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(8));
  private readonly errors = new Uint8Array(new SharedArrayBuffer(ERROR_BYTES));
  private out = new Float64Array(new SharedArrayBuffer(8 * 1024));

  constructor() {
    this.worker = new Worker(BOOT, { workerData: { entry: ENTRY.href }, execArgv: [] });
    // The thread must never keep a finished process alive.
    this.worker.unref();
  }

  /**
   * Runs `call` on the device thread and blocks until it answers; returns `length` float64 values.
   * Throws the device thread's error, or a timeout after `timeoutMs`.
   */
  callSync(call: DeviceCall, length: number, timeoutMs = 120_000): Float64Array {
    this.post(call, length);
    if (Atomics.wait(this.ctrl, 0, 0, timeoutMs) === 'timed-out') throw new Error(`GPU device thread: '${call.op}' did not answer within ${timeoutMs} ms`);
    return this.result(length);
  }

  /**
   * The same without blocking this thread (Atomics.waitAsync): for calls made where an event loop
   * must keep running, such as the first call that proves the device thread works at selection.
   */
  async callAsync(call: DeviceCall, length: number, timeoutMs = 120_000): Promise<Float64Array> {
    this.post(call, length);
    // ES2024's Atomics.waitAsync (in Node since 16); the repo's lib setting is ES2022.
    type WaitAsync = (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: Promise<string> | string };
    const w = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(this.ctrl, 0, 0, timeoutMs);
    // A pending waitAsync does not keep the event loop alive; the (otherwise unref'd) thread must.
    this.worker.ref();
    try {
      if ((w.async ? await w.value : w.value) === 'timed-out') throw new Error(`GPU device thread: '${call.op}' did not answer within ${timeoutMs} ms`);
    } finally {
      this.worker.unref();
    }
    return this.result(length);
  }

  private post(call: DeviceCall, length: number): void {
    if (this.out.length < length) this.out = new Float64Array(new SharedArrayBuffer(8 * Math.max(length, 2 * this.out.length)));
    Atomics.store(this.ctrl, 0, 0);
    this.worker.postMessage({ call, length, out: this.out, ctrl: this.ctrl, errors: this.errors });
  }

  private result(length: number): Float64Array {
    if (Atomics.load(this.ctrl, 0) === 2) {
      const n = Atomics.load(this.ctrl, 1);
      throw new Error(`GPU device thread: ${new TextDecoder().decode(this.errors.slice(0, n))}`);
    }
    return this.out.slice(0, length);
  }

  /** Stops the thread (tests and benchmarks; a server keeps it for the process). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

let shared: DeviceBridge | null = null;

/** The process's device thread. */
export function deviceBridge(): DeviceBridge {
  shared ??= new DeviceBridge();
  return shared;
}

/** Stops the process's device thread if one was started. */
export async function closeDeviceBridge(): Promise<void> {
  const b = shared;
  shared = null;
  if (b) await b.close();
}
