import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_PAYLOAD_BYTES, Requests, Routes, type Ack, type EventName } from '../protocol/messages.js';
import { ERROR_CODES, REST_BODY_STATUS, type WireError } from '../protocol/errors.js';
import { BoError, invalidArgument } from '../core/errors.js';
import { toWireError } from './errors.js';
import { rejectProtoKeys } from './validation.js';
import { bearerToken, tokenMatches, unauthenticated } from './auth.js';
import { checkOrigin, corsHeaders, type OriginPolicy } from './origin.js';
import type { Logger } from './logger.js';
import type { StudyService } from './study-service.js';

/** Options of the REST transport. */
export interface HttpOptions {
  readonly token?: string;
  readonly logger: Logger;
  /** Which browser origins and Host headers are accepted (server/origin.ts). */
  readonly origins: OriginPolicy;
}

/**
 * Writes the Ack as one JSON line (a trailing newline, so `curl` output ends cleanly). Serialising
 * can throw (a value too deep for JSON.stringify): that is logged and answered INTERNAL, never
 * left to hang the request.
 */
function send(res: Response, ack: Ack<unknown>, logger: Logger, status?: number): void {
  if (res.headersSent) {
    // A second answer (an error after a reply began) cannot be sent; it must still be seen.
    logger.error('reply_after_headers_sent', { status: res.statusCode, ack: ack.ok ? 'ok' : ack.error });
    res.destroy();
    return;
  }
  let body: string;
  try {
    body = JSON.stringify(ack);
  } catch (e) {
    logger.error('reply_not_serialisable', { error: e });
    ack = { ok: false, error: toWireError(new Error('reply not serialisable')) };
    body = JSON.stringify(ack);
    status = undefined;
  }
  // A full compute queue says when to come back: HTTP clients and proxies read Retry-After (seconds).
  if (!ack.ok && ack.error.retryAfterMs !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(ack.error.retryAfterMs / 1000))));
  res.status(status ?? (ack.ok ? 200 : ERROR_CODES[ack.error.code].http)).type('application/json').send(body + '\n');
}

/** Writes methods that carry a body: they must say `Content-Type: application/json`. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a write must declare JSON: every POST/PUT/PATCH (a body-less POST still acts), and a
 * DELETE when it has a body. A browser may send `text/plain`, form or multipart bodies cross-origin
 * without a CORS preflight; refusing them (415) means only a page that passed the preflight (which
 * this server never grants to foreign origins) can write.
 */
function needsJsonType(req: Request): boolean {
  if (!WRITE_METHODS.has(req.method)) return false;
  if (req.method !== 'DELETE') return true;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * GET query strings -> request fields: `limit` becomes a number, `states` a list (`states=a,b` or
 * repeated), `curves` a boolean (true/false/1/0). Values that do not convert are passed on as they are, so zod names the field.
 */
export function queryToInput(query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    if (key === 'raw') continue;
    if (key === 'states') {
      const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
      out.states = parts.filter((p) => p !== '');
    } else if (key === 'limit' && typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) {
      out.limit = Number(raw);
    } else if (key === 'curves' && (raw === 'true' || raw === 'false' || raw === '1' || raw === '0')) {
      out.curves = raw === 'true' || raw === '1';
    } else {
      out[key] = raw;
    }
  }
  return out;
}

/** Builds the request object of one route: body (or query for GET) plus path params (path wins). */
function requestInput(method: string, req: Request): Record<string, unknown> {
  let input: Record<string, unknown>;
  if (method === 'GET') {
    input = queryToInput(req.query as Record<string, unknown>);
  } else {
    const body: unknown = req.body ?? {};
    if (!isPlainObject(body)) throw invalidArgument([], 'the request body must be a JSON object');
    input = { ...body };
  }
  return { ...input, ...req.params };
}

/**
 * The REST transport: one express app serving every operation of protocol Routes under /v1,
 * thin over StudyService. Replies are the Ack envelope with the HTTP status of the error code.
 */
export function createHttpApp(service: StudyService, opts: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  const sendError = (res: Response, error: WireError, status?: number) => send(res, { ok: false, error }, opts.logger, status);

  app.use((req, res, next) => {
    const t0 = performance.now();
    res.on('finish', () => opts.logger.debug('http_request', { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - t0) }));
    // Origin and Host first: a foreign page learns nothing, not even whether a token is set.
    const refused = checkOrigin(opts.origins, req.headers, req.socket.localPort);
    if (refused) {
      opts.logger.warn('origin_refused', { method: req.method, path: req.path, origin: req.headers.origin, host: req.headers.host });
      sendError(res, refused.toWire());
      return;
    }
    for (const [k, v] of Object.entries(corsHeaders(opts.origins, req.headers.origin))) res.setHeader(k, v);
    // A CORS preflight of an allowed origin: answered before auth (browsers send no credentials on it).
    if (req.method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined) {
      res.status(204).end();
      return;
    }
    if (opts.token && !tokenMatches(opts.token, bearerToken(req.headers.authorization))) {
      sendError(res, unauthenticated().toWire());
      return;
    }
    if (needsJsonType(req) && !req.is('application/json')) {
      const given = req.headers['content-type'];
      sendError(res, invalidArgument([], `${req.method} needs 'Content-Type: application/json' (got ${given === undefined ? 'none' : `'${given}'`})`).toWire(), REST_BODY_STATUS.notJson);
      return;
    }
    next();
  });

  app.use(express.json({ limit: MAX_PAYLOAD_BYTES, strict: false, type: 'application/json' }));

  app.get('/metrics', async (_req: Request, res: Response) => {
    const { contentType, body } = await service.metrics.render();
    res.status(200).type(contentType).send(body);
  });

  for (const [event, route] of Object.entries(Routes) as [Exclude<EventName, 'study:subscribe' | 'study:unsubscribe'>, (typeof Routes)[keyof typeof Routes]][]) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'delete';
    app[method](route.path, async (req: Request, res: Response) => {
      try {
        const input = requestInput(route.method, req);
        rejectProtoKeys(input);
        const parsed = Requests[event].safeParse(input);
        if (!parsed.success) {
          sendError(res, toWireError(parsed.error));
          return;
        }
        // The client closing the connection before the answer cancels the ask (nothing is committed).
        const gone = new AbortController();
        const onClose = () => {
          if (!res.writableFinished) gone.abort(new Error('client closed the request'));
        };
        res.once('close', onClose);
        const data = await service.handle(event, parsed.data as never, { signal: gone.signal });
        res.off('close', onClose);
        const exported = data as { format?: unknown; content?: unknown };
        if (event === 'study:export' && req.query.raw !== undefined && req.query.raw !== '0' && exported.format === 'csv') {
          res.status(200).type('text/csv').send(String(exported.content));
          return;
        }
        send(res, { ok: true, data }, opts.logger);
      } catch (e) {
        sendError(res, toWireError(e, opts.logger));
      }
    });
  }

  app.use((req: Request, res: Response) => {
    sendError(res, new BoError('NOT_FOUND', `no route ${req.method} ${req.path}`).toWire());
  });

  // Body parser failures (malformed JSON, too large) and anything thrown outside the handlers.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const type = isPlainObject(err) ? err.type : undefined;
    if (err instanceof URIError) {
      // The router could not percent-decode a path parameter.
      sendError(res, invalidArgument([], 'malformed percent-encoding in the URL path').toWire());
    } else if (type === 'entity.parse.failed') {
      sendError(res, invalidArgument([], 'malformed JSON body').toWire());
    } else if (type === 'entity.too.large') {
      sendError(res, invalidArgument([], `request body exceeds the limit of ${MAX_PAYLOAD_BYTES} bytes (MAX_PAYLOAD_BYTES); send large pools in chunks with pool:append`).toWire(), REST_BODY_STATUS.tooLarge);
    } else if (typeof type === 'string' && (type.startsWith('encoding.') || type.startsWith('charset.') || type === 'request.aborted' || type === 'request.size.invalid')) {
      sendError(res, invalidArgument([], String((err as { message?: unknown }).message ?? 'unreadable body')).toWire());
    } else {
      sendError(res, toWireError(err, opts.logger));
    }
  });
  return app;
}

