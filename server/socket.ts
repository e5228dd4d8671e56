import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { MAX_PAYLOAD_BYTES, Requests, type Ack, type EventName, type ServerEvent } from '../protocol/messages.js';
import { BoError } from '../core/errors.js';
import { toWireError } from './errors.js';
import { rejectProtoKeys } from './validation.js';
import { tokenMatches, unauthenticated } from './auth.js';
import type { Logger } from './logger.js';
import type { StudyService } from './study-service.js';

/** Options of the socket.io transport. */
export interface SocketOptions {
  readonly token?: string;
  readonly logger: Logger;
}

/** The room of one study's server events. */
export function studyRoom(studyId: string): string {
  return `study:${studyId}`;
}

type AckFn = (ack: Ack<unknown>) => void;

/** Splits socket.io handler args into (payload, ack); a missing or non-function ack becomes a no-op. */
function splitArgs(args: unknown[]): { payload: unknown; ack: AckFn } {
  const last = args.at(-1);
  const fn = typeof last === 'function' ? (last as AckFn) : undefined;
  const payload = fn ? args.slice(0, -1)[0] : args[0];
  const ack: AckFn = (a) => {
    if (!fn) return;
    try {
      fn(a);
    } catch {
      // A client that vanished mid-request: nothing to answer.
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
  const io = new Server(httpServer, { maxHttpBufferSize: MAX_PAYLOAD_BYTES, serveClient: false });
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
  io.on('connection', (socket) => {
    opts.logger.debug('socket_connected', { id: socket.id });
    // A disconnect cancels this socket's asks in flight: a queued compute job is dropped, a running one aborted.
    const gone = new AbortController();
    socket.on('disconnect', () => gone.abort(new Error('client disconnected')));
    for (const event of events) {
      socket.on(event, (...args: unknown[]) => {
        const { payload, ack } = splitArgs(args);
        const t0 = performance.now();
        void handle(service, socket, event, payload, opts.logger, gone.signal).then((reply) => {
          opts.logger.debug('socket_request', { id: socket.id, event, ok: reply.ok, ...(reply.ok ? {} : { code: reply.error.code }), ms: Math.round(performance.now() - t0) });
          ack(reply);
        });
      });
    }
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === 'string' && Object.hasOwn(Requests, event)) return;
      const { ack } = splitArgs(args);
      ack({ ok: false, error: new BoError('INVALID_ARGUMENT', `unknown event '${String(event)}'`).toWire() });
    });
    socket.on('disconnect', (reason) => opts.logger.debug('socket_disconnected', { id: socket.id, reason }));
  });
  return io;
}

/** The service's event sink over a socket.io server: each event goes to the study's room. */
export function roomEmitter(io: () => Server | undefined): (studyId: string, event: ServerEvent, payload: unknown) => void {
  return (studyId, event, payload) => {
    io()?.to(studyRoom(studyId)).emit(event, payload);
  };
}

/** Whether any socket is in a study's room (so events for it are worth building). */
export function roomHasMembers(io: () => Server | undefined): (studyId: string) => boolean {
  return (studyId) => (io()?.sockets.adapter.rooms.get(studyRoom(studyId))?.size ?? 0) > 0;
}
