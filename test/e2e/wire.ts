/** Test helper: one operation over either transport (REST via protocol Routes, or a raw socket.io emit), answering the Ack body. */
import { io, type Socket } from 'socket.io-client';
import { Routes, type EventName } from '../../protocol/messages.js';

/** A wire Ack as the tests read it. */
export type AckBody = { ok: boolean; data?: any; error?: { code: string; message: string; retryable: boolean; issues?: { path: (string | number)[]; message: string }[] } };

/** Sends `event` with `payload`, answering the Ack. */
export type Call = (event: EventName, payload: Record<string, unknown>) => Promise<AckBody>;

/** A caller over REST: path params come from the payload, the rest is the JSON body (or the query of a GET). */
export function restCaller(base: string): Call {
  return async (event, payload) => {
    const route = Routes[event as keyof typeof Routes];
    const rest: Record<string, unknown> = { ...payload };
    const path = route.path.replace(/:(\w+)/g, (_m, name: string) => {
      const v = String(rest[name]);
      delete rest[name];
      return encodeURIComponent(v);
    });
    const get = route.method === 'GET';
    const query = get ? '?' + new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)])).toString() : '';
    const res = await fetch(base + path + query, {
      method: route.method,
      headers: { 'content-type': 'application/json' },
      ...(get ? {} : { body: JSON.stringify(rest) }),
    });
    return (await res.json()) as AckBody;
  };
}

/** A caller over one fresh socket.io connection; `close` ends it. */
export async function socketCaller(url: string): Promise<{ call: Call; close(): void }> {
  const socket: Socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { call: (event, payload) => socket.timeout(10000).emitWithAck(event, payload), close: () => socket.close() };
}
