/**
 * A stand-in socket.io server for SDK unit tests: each test installs handlers per event and can
 * see every received payload. The real server is exercised in test/e2e/.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';

/** A handler gets the payload, the ack and the server-side socket (to drop it, delay, ...). */
export type FakeHandler = (payload: any, ack: (reply: unknown) => void, socket: Socket) => void;

/** A running fake server. */
export interface FakeServer {
  url: string;
  io: Server;
  /** Every (event, payload) received, in order. */
  received: { event: string; payload: any }[];
  handle(event: string, handler: FakeHandler): void;
  close(): Promise<void>;
}

/** Starts a fake on port 0; with `token`, connections without auth.token === token are refused. */
export async function startFake(token?: string): Promise<FakeServer> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const handlers = new Map<string, FakeHandler>();
  const received: { event: string; payload: any }[] = [];
  if (token !== undefined) {
    io.use((socket, next) => {
      if (socket.handshake.auth?.token === token) return next();
      const err = new Error('bad token') as Error & { data?: unknown };
      err.data = { code: 'UNAUTHENTICATED', message: 'bad token', retryable: false };
      next(err);
    });
  }
  io.on('connection', (socket) => {
    socket.onAny((event: string, payload: unknown, ack: unknown) => {
      received.push({ event, payload });
      const h = handlers.get(event);
      if (h && typeof ack === 'function') h(payload, ack as (r: unknown) => void, socket);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    received,
    handle: (event, handler) => handlers.set(event, handler),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
