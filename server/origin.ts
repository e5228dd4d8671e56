import { BoError } from '../core/errors.js';
import { isLoopbackHost } from './auth.js';

/**
 * Cross-origin and DNS-rebinding protection, shared by the REST and socket.io transports.
 *
 * A browser attaches `Origin` to every cross-origin request and to websocket handshakes, and
 * `Host` to every request; non-browser clients (curl, the SDK in Node) usually send no Origin.
 * So: no Origin -> allowed (a page cannot suppress it); Origin equal to the server's own origin
 * (the dashboard at `/`) or in the `--allow-origin` list -> allowed; anything else -> refused.
 * On a loopback bind the Host header must also name loopback (or a host of an allowed origin):
 * a DNS-rebinding page reaches 127.0.0.1 under its own name, which it cannot hide from Host.
 */
export interface OriginPolicy {
  /** Normalised origins (`scheme://host[:port]`) allowed besides the server's own. */
  readonly allowedOrigins: ReadonlySet<string>;
  /** Host names (lower case, without port or brackets) allowed in Host besides loopback ones. */
  readonly allowedHostNames: ReadonlySet<string>;
  /** Whether the server is bound to loopback only (the Host check applies then). */
  readonly loopback: boolean;
}

/** The origin of a URL-like string (`http://a:1/x` -> `http://a:1`); undefined when it is not one. */
export function normaliseOrigin(value: string): string | undefined {
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/**
 * Parses `--allow-origin` / BO_ALLOW_ORIGIN: comma-separated origins such as
 * `http://localhost:5173,https://dash.example.com`. Throws (the CLI turns it into a flag error)
 * on an entry that is not an http(s) origin, so a typo never silently allows nothing.
 */
export function parseAllowedOrigins(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = (typeof value === 'string' ? value.split(',') : value.flatMap((v) => v.split(','))).map((p) => p.trim()).filter((p) => p !== '');
  return parts.map((p) => {
    const o = normaliseOrigin(p);
    if (o === undefined || o === 'null') throw new Error(`invalid origin '${p}' (expected http(s)://host[:port])`);
    return o;
  });
}

/** Builds the policy of a server bound to `bindHost` with the given allow-list. */
export function createOriginPolicy(bindHost: string, allowOrigins: readonly string[] = []): OriginPolicy {
  const allowedOrigins = new Set(parseAllowedOrigins(allowOrigins));
  const allowedHostNames = new Set([...allowedOrigins].map((o) => hostNameOf(new URL(o).host)));
  return { allowedOrigins, allowedHostNames, loopback: isLoopbackHost(bindHost) };
}

/** `Host` header value -> host name without port and brackets, lower case. */
function hostNameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** The port of a `Host` header value, or undefined when it names none. */
function hostPortOf(host: string): number | undefined {
  const m = /:(\d+)$/.exec(host.trim());
  return m && !host.trim().endsWith(']') ? Number(m[1]) : undefined;
}

/** The refusal every blocked request gets (403 on REST, a refused handshake on socket.io). */
function denied(message: string): BoError {
  return new BoError('PERMISSION_DENIED', message);
}

/**
 * Checks one request's `Host` and `Origin` headers against the policy; returns the refusal, or
 * undefined when the request may go on. `port` is the port the server listens on (the Host
 * header of a loopback request must name it when it names a port at all).
 */
export function checkOrigin(policy: OriginPolicy, headers: { host?: string; origin?: string | string[] }, port: number | undefined): BoError | undefined {
  const host = headers.host;
  if (policy.loopback && host !== undefined) {
    const name = hostNameOf(host);
    const hostPort = hostPortOf(host);
    const loopbackName = name === 'localhost' || isLoopbackHost(name);
    if (!loopbackName && !policy.allowedHostNames.has(name)) {
      return denied(`Host '${host}' is not allowed: a loopback server answers only localhost, 127.0.0.1 or [::1] (or a host of --allow-origin); this guards against DNS rebinding`);
    }
    if (loopbackName && hostPort !== undefined && port !== undefined && hostPort !== port) {
      return denied(`Host '${host}' names port ${hostPort}, but this server listens on ${port}`);
    }
  }
  const raw = Array.isArray(headers.origin) ? headers.origin[0] : headers.origin;
  if (raw === undefined) return undefined;
  const origin = normaliseOrigin(raw);
  // Same origin: the page was served by this server under the Host it now talks to (the dashboard).
  if (origin !== undefined && host !== undefined && origin === normaliseOrigin(`http://${host}`)) return undefined;
  if (origin !== undefined && host !== undefined && origin === normaliseOrigin(`https://${host}`)) return undefined;
  if (origin !== undefined && policy.allowedOrigins.has(origin)) return undefined;
  return denied(`Origin '${raw}' is not allowed: only same-origin pages and origins given with --allow-origin (BO_ALLOW_ORIGIN) may call this server`);
}

/**
 * CORS response headers for an allow-listed foreign origin (none for same-origin or no Origin):
 * without them a browser page on that origin could send but not read. Authorization and
 * Content-Type are the request headers the API uses.
 */
export function corsHeaders(policy: OriginPolicy, origin: string | string[] | undefined): Record<string, string> {
  const raw = Array.isArray(origin) ? origin[0] : origin;
  const o = raw === undefined ? undefined : normaliseOrigin(raw);
  if (o === undefined || !policy.allowedOrigins.has(o)) return {};
  return {
    'access-control-allow-origin': o,
    vary: 'Origin',
    'access-control-allow-methods': 'GET, POST, DELETE',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
  };
}
