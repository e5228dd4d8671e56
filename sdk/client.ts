import type { Manager, Socket } from 'socket.io-client';
import type { Health, ServerEvent } from '../protocol/messages.js';
import type { Params, ParamsOf } from '../protocol/space.js';
import type { StudyCreateInput } from '../protocol/study.js';
import { MAX_PAYLOAD_BYTES, ServerEvents } from '../protocol/wire-constants.js';
import { StudyHandle, type RoomHub } from './study.js';
import { Transport, newRequestId } from './transport.js';
import type { ConnectOptions, PoolInput, SpaceLike, StudySpec } from './types.js';
import { WarningListeners, type SdkWarning, type WarningListener } from './warnings.js';

type Listener = (payload: unknown) => void;

/** A connection to the service; make studies with it. */
export class Client implements RoomHub {
  /** studyId -> event -> listeners; kept across reconnects so rooms are joined again. */
  private readonly rooms = new Map<string, Map<ServerEvent, Set<Listener>>>();
  private readonly warnings = new WarningListeners();

  constructor(private readonly transport: Transport) {
    for (const event of ServerEvents) {
      transport.socket.on(event, (payload: unknown) => this.dispatch(event, payload));
    }
    // socket.io does not remember rooms across connections: join them again on every reconnect
    // (the socket is already connected here, so each later 'connect' is a reconnect).
    transport.socket.on('connect', () => {
      for (const studyId of this.rooms.keys()) {
        this.transport.request('study:subscribe', { studyId }).catch(() => undefined);
      }
    });
  }

  /** The socket.io socket (events, connection state). */
  get socket(): Socket {
    return this.transport.socket;
  }

  /** The socket.io manager (`client.io.engine.close()` drops the connection, as a network failure would). */
  get io(): Manager {
    return this.transport.socket.io;
  }

  /** This client's id, sent with every ask. */
  get clientId(): string {
    return this.transport.options.clientId;
  }

  /**
   * Creates a study; `trial.params` of its trials is typed from `spec.space`. A pool too large for
   * one message (MAX_PAYLOAD_BYTES) is sent in chunks: the create carries the first rows and
   * `totalRows`, then `pool:append` sends the rest in order (each chunk idempotent by its offset, so
   * retries are safe). With `spec.requestId`, calling createStudy again after a crash finds the
   * study and resumes the upload from the rows the server already has.
   */
  async createStudy<const S extends SpaceLike>(spec: StudySpec<S>): Promise<StudyHandle<ParamsOf<S>>> {
    if (spec.pool === undefined) {
      const info = await this.transport.request('study:create', spec as unknown as StudyCreateInput);
      return new StudyHandle<ParamsOf<S>>(this.transport, this, info);
    }
    const pool = poolColumns(spec.space, spec.pool);
    const base = JSON.stringify({ ...spec, pool: { columns: pool.columns, rows: [], totalRows: pool.rows.length }, requestId: spec.requestId ?? 'x'.repeat(36) });
    const budget = POOL_CHUNK_BYTES - byteLength(base);
    const first = poolChunks(pool.rows, budget)[0]!;
    const whole = first.end === pool.rows.length;
    const body = { ...spec, pool: { columns: pool.columns, rows: pool.rows.slice(0, first.end), ...(whole ? {} : { totalRows: pool.rows.length }) } };
    let info = await this.transport.request('study:create', body as unknown as StudyCreateInput);
    // Append from the rows the server holds (after a resumed create, possibly more than the first chunk).
    const stored = info.pool?.rows ?? pool.rows.length;
    if (stored < pool.rows.length) {
      for (const c of poolChunks(pool.rows, budget, stored)) {
        info = await this.transport.request('pool:append', { studyId: info.id, offset: c.start, rows: pool.rows.slice(c.start, c.end) as never });
      }
    }
    return new StudyHandle<ParamsOf<S>>(this.transport, this, info);
  }

  /** Opens an existing study; pass `P` to type its params. */
  async getStudy<P = Params>(studyId: string): Promise<StudyHandle<P>> {
    const info = await this.transport.request('study:get', { studyId });
    return new StudyHandle<P>(this.transport, this, info);
  }

  /** Lists studies oldest first (creation order, as the server returns them); `limit` keeps the first `limit`. */
  async listStudies(limit?: number): Promise<StudyHandle[]> {
    const infos = await this.transport.request('study:list', limit === undefined ? {} : { limit });
    return infos.map((info) => new StudyHandle(this.transport, this, info));
  }

  /**
   * 'warning': called for every trial any of this client's study handles was given as a fallback
   * (`diagnostics.phase` 'fallback') or by a stand-in model; returns the function that removes the listener.
   */
  on(event: 'warning', listener: WarningListener): () => void {
    if (event !== 'warning') throw new TypeError(`unknown client event '${String(event)}'`);
    return this.warnings.add(listener);
  }

  /** RoomHub: a study handle's warning, passed on to the client's listeners. */
  warn(warning: SdkWarning): void {
    this.warnings.emit(warning);
  }

  /** The server's health report. */
  health(): Promise<Health> {
    return this.transport.request('health', {});
  }

  /** Closes the connection. */
  close(): void {
    this.rooms.clear();
    this.transport.close();
  }

  /** RoomHub: joins the study's room on first use and keeps the listener until removed. */
  async listen(studyId: string, event: ServerEvent, handler: Listener): Promise<() => void> {
    let byEvent = this.rooms.get(studyId);
    const first = byEvent === undefined;
    if (!byEvent) this.rooms.set(studyId, (byEvent = new Map()));
    let set = byEvent.get(event);
    if (!set) byEvent.set(event, (set = new Set()));
    set.add(handler);
    if (first) await this.transport.request('study:subscribe', { studyId });
    return () => {
      set.delete(handler);
      const empty = [...byEvent.values()].every((s) => s.size === 0);
      if (empty && this.rooms.get(studyId) === byEvent) {
        this.rooms.delete(studyId);
        if (!this.transport.isClosed) this.transport.request('study:unsubscribe', { studyId }).catch(() => undefined);
      }
    };
  }

  /** Routes a server event to the listeners of its study. */
  private dispatch(event: ServerEvent, payload: unknown): void {
    const p = payload as { studyId?: unknown; trial?: { studyId?: unknown }; trials?: { studyId?: unknown }[] } | null;
    const studyId = p?.studyId ?? p?.trial?.studyId ?? p?.trials?.[0]?.studyId;
    if (typeof studyId !== 'string') return;
    for (const handler of this.rooms.get(studyId)?.get(event) ?? []) {
      try {
        handler(payload);
      } catch {
        // A throwing user handler must not break dispatch to the others.
      }
    }
  }
}

/** Connects to a server (socket.io over websocket); rejects with SdkError when it cannot. */
export async function connect(url: string, options: ConnectOptions = {}): Promise<Client> {
  const transport = await Transport.open(url, {
    token: options.token,
    clientId: options.clientId ?? newRequestId(),
    timeoutMs: options.timeoutMs ?? 15000,
    retries: options.retries ?? 8,
  });
  return new Client(transport);
}

/** Bytes one pool message may use: the server's limit less room for socket.io's framing. */
const POOL_CHUNK_BYTES = MAX_PAYLOAD_BYTES - 16_384;

/** UTF-8 length of a string (the wire limit counts bytes, component names may be non-ASCII). */
function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/**
 * Splits pool rows from row `from` on into consecutive chunks [start, end) whose JSON fits `budget`
 * bytes each (each holds at least one row; a single row larger than the budget travels alone and
 * the server answers for it).
 */
export function poolChunks(rows: readonly (readonly unknown[])[], budget: number, from = 0): { start: number; end: number }[] {
  const chunks: { start: number; end: number }[] = [];
  let start = from;
  let bytes = 0;
  for (let i = from; i < rows.length; i++) {
    const b = byteLength(JSON.stringify(rows[i])) + 1;
    if (i > start && bytes + b > budget) {
      chunks.push({ start, end: i });
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  if (start < rows.length || chunks.length === 0) chunks.push({ start, end: rows.length });
  return chunks;
}

/**
 * The wire's column-wise pool: rows given as params objects become {columns, rows} with the
 * space's parameter order (a parameter no row names, e.g. the fidelity one, gets no column).
 * The column-wise form is passed through as is.
 */
export function poolColumns(space: SpaceLike, pool: PoolInput<SpaceLike>): { columns: string[]; rows: unknown[][] } {
  if (!Array.isArray(pool)) {
    const p = pool as { columns: readonly string[]; rows: readonly (readonly unknown[])[] };
    return { columns: [...p.columns], rows: p.rows.map((r) => [...r]) };
  }
  const rows = pool as readonly Record<string, unknown>[];
  const columns = Object.keys(space).filter((name) => rows.some((r) => Object.hasOwn(r, name)));
  return { columns, rows: rows.map((r) => columns.map((c) => (Object.hasOwn(r, c) ? r[c] : null))) };
}
