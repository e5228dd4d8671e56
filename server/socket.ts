import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { MAX_PAYLOAD_BYTES, Requests, type Ack, type EventName, type ServerEvent } from '../protocol/messages.js';
import { BoError } from '../core/errors.js';
import { toWireError } from './errors.js';
import { rejectProtoKeys } from './validation.js';
import { tokenMatches, unauthenticated } from './auth.js';
import { checkOrigin, type OriginPolicy } from './origin.js';
import type { Logger } from './logger.js';
import type { StudyService } from './study-service.js';

/** Options of the socket.io transport. */
export interface SocketOptions {
  readonly token?: string;
  readonly logger: Logger;
  /** Which browser origins and Host headers may open a socket (server/origin.ts). */
  readonly origins: OriginPolicy;
}

/** The room of one study's server events. */
export function studyRoom(studyId: string): string {
  return `study:${studyId}`;
}

type AckFn = (ack: Ack<unknown>) => void;

/**
 * Splits socket.io handler args into (payload, ack); a missing or non-function ack becomes a no-op.
 * Sending an ack serialises the reply, which can throw (a value too deep for the encoder): that is
 * logged and answered INTERNAL instead (socket.io marks an ack sent only once it went out, so a
 * second call is possible). Nothing thrown here may vanish silently.
 */
function splitArgs(args: unknown[], logger: Logger, event: string): { payload: unknown; ack: AckFn } {
  const last = args.at(-1);
  const fn = typeof last === 'function' ? (last as AckFn) : undefined;
  const payload = fn ? args.slice(0, -1)[0] : args[0];
  const ack: AckFn = (a) => {
    if (!fn) return;
    try {
      fn(a);
    } catch (e) {
      logger.error('ack_failed', { request: event, error: e });
      try {
        fn({ ok: false, error: toWireError(new Error('reply could not be sent')) });
      } catch (again) {
        logger.error('ack_failed', { request: event, error: again, note: 'the INTERNAL reply failed too' });
      }
    }
  };
  return { payload: payload === undefined ? {} : payload, ack };
}

/** Handles one request event on one socket: zod, the service, room membership, the Ack. */
async function handle(service: StudyService, socket: Socket, event: EventName, payload: unknown, logger: Logger, signal: AbortSignal): Promise<Ack<unknown>> {
  try {
    rejectProtoKeys(payload);
    const parsed = Requests[event].safeParse(payload);
    if (!parsed.success) return { ok: false, error: toWireError(parsed.error) };
    // Leave before the service checks the study: a deleted study's room is still left.
    if (event === 'study:unsubscribe') await socket.leave(studyRoom((parsed.data as { studyId: string }).studyId));
    const data = await service.handle(event, parsed.data as never, { signal });
    if (event === 'study:subscribe') await socket.join(studyRoom((parsed.data as { studyId: string }).studyId));
    return { ok: true, data };
  } catch (e) {
    return { ok: false, error: toWireError(e, logger) };
  }
}

/**
 * The socket.io transport on an existing http.Server: every event of protocol Requests is a
 * request `(payload, ack)` answered with the Ack envelope; study:subscribe joins the study's room.
 * With a token, the handshake needs `auth: {token}`.
 */
export function attachSocketServer(httpServer: HttpServer, service: StudyService, opts: SocketOptions): Server {
  const io = new Server(httpServer, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    serveClient: false,
    // Long-polling from an allow-listed origin needs CORS headers; websockets are checked below.
    cors: { origin: [...opts.origins.allowedOrigins], credentials: false },
  });
  // Origin and Host first (cross-site websocket hijacking, DNS rebinding): a refused page gets
  // PERMISSION_DENIED in connect_error's data and no event of this socket is ever handled.
  io.use((socket, next) => {
    let refused: BoError | undefined;
    try {
      refused = checkOrigin(opts.origins, socket.handshake.headers, socket.request.socket.localPort);
    } catch (e) {
      // A throw in a middleware would leave the handshake unanswered: log it and refuse.
      opts.logger.error('origin_check_failed', { error: e });
      const wire = toWireError(e);
      return next(Object.assign(new Error(wire.message), { data: wire }));
    }
    if (!refused) return next();
    opts.logger.warn('origin_refused', { transport: 'socket.io', origin: socket.handshake.headers.origin, host: socket.handshake.headers.host });
    const wire = refused.toWire();
    const err = new Error(wire.message) as Error & { data?: unknown };
    err.data = wire;
    next(err);
  });
  if (opts.token) {
    const token = opts.token;
    io.use((socket, next) => {
      const given = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      if (tokenMatches(token, given)) return next();
      const wire = unauthenticated().toWire();
      const err = new Error(wire.message) as Error & { data?: unknown };
      err.data = wire;
      next(err);
    });
  }
  const events = Object.keys(Requests) as EventName[];
  // Per-request debug lines are built only when they are written (two per ask+tell pair otherwise).
  const debug = opts.logger.level === 'debug';
  io.on('connection', (socket) => {
    opts.logger.debug('socket_connected', { id: socket.id });
    // A disconnect cancels this socket's asks in flight: a queued compute job is dropped, a running one aborted.
    const gone = new AbortController();
    socket.on('disconnect', () => gone.abort(new Error('client disconnected')));
    for (const event of events) {
      socket.on(event, (...args: unknown[]) => {
        const { payload, ack } = splitArgs(args, opts.logger, event);
        const t0 = debug ? performance.now() : 0;
        handle(service, socket, event, payload, opts.logger, gone.signal)
          .then((reply) => {
            if (debug) opts.logger.debug('socket_request', { id: socket.id, request: event, ok: reply.ok, ...(reply.ok ? {} : { code: reply.error.code }), ms: Math.round(performance.now() - t0) });
            ack(reply);
          })
          .catch((e: unknown) => opts.logger.error('socket_request_failed', { request: event, error: e }));
      });
    }
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === 'string' && Object.hasOwn(Requests, event)) return;
      const { ack } = splitArgs(args, opts.logger, String(event));
      ack({ ok: false, error: new BoError('INVALID_ARGUMENT', `unknown event '${String(event)}'`).toWire() });
    });
    socket.on('disconnect', (reason) => opts.logger.debug('socket_disconnected', { id: socket.id, reason }));
  });
  return io;
}

/**
 * The service's event sink over a socket.io server: each event goes to the study's room. An event
 * that cannot be encoded is logged and dropped: it must not fail the operation that raised it.
 */
export function roomEmitter(io: () => Server | undefined, logger?: Logger): (studyId: string, event: ServerEvent, payload: unknown) => void {
  return (studyId, event, payload) => {
    try {
      io()?.to(studyRoom(studyId)).emit(event, payload);
    } catch (e) {
      logger?.error('event_not_sent', { studyId, serverEvent: event, error: e });
    }
  };
}

/** Whether any socket is in a study's room (so events for it are worth building). */
export function roomHasMembers(io: () => Server | undefined): (studyId: string) => boolean {
  return (studyId) => (io()?.sockets.adapter.rooms.get(studyRoom(studyId))?.size ?? 0) > 0;
}
