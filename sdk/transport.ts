import { io, type Socket } from 'socket.io-client';
import type { Ack, EventName, RequestInputOf, Responses } from '../protocol/messages.js';
import { SdkError, isRetryable } from './errors.js';
import { checkOutgoing } from './preflight.js';

/** Operations whose schema takes a requestId: the server answers a retry of them with the first result. */
const IDEMPOTENT: ReadonlySet<EventName> = new Set<EventName>([
  'study:create',
  'trial:ask',
  'trial:tell',
  'trial:fail',
  'trial:report',
  'trial:prune',
  'trial:enqueue',
  'trial:add',
]);

/**
 * A fresh request id (UUID v4). globalThis.crypto exists in Node >= 20 and browsers; randomUUID
 * only in secure contexts (https, localhost), so plain-http pages build one from getRandomValues.
 */
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Exponential backoff with full jitter, ms: uniform in [0, min(cap, base·2^attempt)] plus a floor. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(2000, 50 * 2 ** attempt);
  return 25 + Math.random() * ceiling;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Settings of a transport. */
export interface TransportOptions {
  token?: string;
  clientId: string;
  timeoutMs: number;
  retries: number;
}

/**
 * One socket.io connection (websocket only) with request/acknowledgement, waiting for reconnects,
 * and retries that reuse the request's requestId.
 */
export class Transport {
  readonly socket: Socket;
  private closed = false;
  /** Rejecters of requests waiting for a connection (close() ends them at once). */
  private readonly waiting = new Set<(err: SdkError) => void>();

  private constructor(
    url: string,
    readonly options: TransportOptions,
  ) {
    this.socket = io(url, {
      transports: ['websocket'],
      auth: options.token === undefined ? { clientId: options.clientId } : { token: options.token, clientId: options.clientId },
      reconnection: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 2000,
      randomizationFactor: 0.5,
      autoConnect: false,
    });
    // socket.io does not reconnect after the server closed the socket (e.g. a graceful restart); we do.
    this.socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect') return;
      setTimeout(() => {
        if (!this.closed && !this.socket.connected) this.socket.connect();
      }, 100 + Math.random() * 200);
    });
  }

  /** Opens the connection; rejects with UNAUTHENTICATED (or the server's code) when the server refuses it, UNAVAILABLE on timeout. */
  static async open(url: string, options: TransportOptions): Promise<Transport> {
    const t = new Transport(url, options);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new SdkError('UNAVAILABLE', `could not connect to ${url} within ${options.timeoutMs} ms`)), options.timeoutMs);
      const onConnect = () => finish();
      const onError = (err: Error & { data?: { code?: string; message?: string } }) => {
        // A refusal by the server's middleware carries data and is not retried by socket.io.
        if (err.data !== undefined || !t.socket.active) {
          const wire = err.data && typeof err.data === 'object' ? err.data : { code: 'UNAVAILABLE' as const, message: err.message };
          finish(SdkError.fromWire({ code: (wire.code as never) ?? 'UNAUTHENTICATED', message: wire.message ?? err.message }));
        }
      };
      function finish(err?: SdkError) {
        clearTimeout(timer);
        t.socket.off('connect', onConnect);
        t.socket.off('connect_error', onError);
        if (err) {
          t.close();
          reject(err);
        } else resolve();
      }
      t.socket.on('connect', onConnect);
      t.socket.on('connect_error', onError);
      t.socket.connect();
    });
    return t;
  }

  /**
   * Sends one operation and resolves with its data; retries transport failures and retryable errors
   * with the same requestId. A payload with NaN/Infinity or over MAX_PAYLOAD_BYTES is refused
   * before sending (INVALID_ARGUMENT naming the field or the limit; sdk/preflight.ts).
   */
  async request<E extends EventName>(event: E, payload: RequestInputOf<E>): Promise<Responses[E]> {
    const body = IDEMPOTENT.has(event) && (payload as { requestId?: string }).requestId === undefined ? { ...payload, requestId: newRequestId() } : payload;
    checkOutgoing(event, body);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(event, body);
      } catch (err) {
        if (this.closed || !isRetryable(err) || attempt >= this.options.retries) throw err;
        // A busy server says how long to wait (full compute queue); never retry sooner than that.
        const hint = err instanceof SdkError && err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, 30_000) : 0;
        await sleep(Math.max(hint, backoffMs(attempt)));
      }
    }
  }

  /** One try: wait for a connection, emit, await the acknowledgement. */
  private async attempt<E extends EventName>(event: E, body: unknown): Promise<Responses[E]> {
    await this.waitConnected();
    return new Promise((resolve, reject) => {
      this.socket.timeout(this.options.timeoutMs).emit(event, body, (err: Error | null, ack: Ack<Responses[E]> | undefined) => {
        if (err) {
          const timedOut = /timed out/.test(err.message);
          reject(new SdkError(timedOut ? 'DEADLINE_EXCEEDED' : 'UNAVAILABLE', `${event}: ${err.message}`, [], true));
        } else if (ack && typeof ack === 'object' && ack.ok === true) resolve(ack.data);
        else reject(SdkError.fromWire(ack && typeof ack === 'object' && ack.ok === false ? ack.error : undefined));
      });
    });
  }

  /** Resolves once connected (socket.io reconnects on its own); rejects after timeoutMs or when closed. */
  private waitConnected(): Promise<void> {
    if (this.closed) return Promise.reject(new SdkError('UNAVAILABLE', 'client is closed', [], false));
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (err?: SdkError) => {
        clearTimeout(timer);
        this.socket.off('connect', onConnect);
        this.waiting.delete(done);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => done(new SdkError('UNAVAILABLE', `not connected after ${this.options.timeoutMs} ms`, [], true)), this.options.timeoutMs);
      const onConnect = () => done();
      this.socket.once('connect', onConnect);
      this.waiting.add(done);
    });
  }

  /** True once close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes the socket; pending requests fail and are not retried. */
  close(): void {
    this.closed = true;
    this.socket.disconnect();
    for (const done of [...this.waiting]) done(new SdkError('UNAVAILABLE', 'client is closed', [], false));
  }
}
