import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_PAYLOAD_BYTES, Requests, Routes, type Ack, type EventName } from '../protocol/messages.js';
import { ERROR_CODES, type WireError } from '../protocol/errors.js';
import { BoError, invalidArgument } from '../core/errors.js';
import { toWireError } from './errors.js';
import { rejectProtoKeys } from './validation.js';
import { bearerToken, tokenMatches, unauthenticated } from './auth.js';
import type { Logger } from './logger.js';
import type { StudyService } from './study-service.js';

/** Options of the REST transport. */
export interface HttpOptions {
  readonly token?: string;
  readonly logger: Logger;
}

function send(res: Response, ack: Ack<unknown>): void {
  const status = ack.ok ? 200 : ERROR_CODES[ack.error.code].http;
  // A full compute queue says when to come back: HTTP clients and proxies read Retry-After (seconds).
  if (!ack.ok && ack.error.retryAfterMs !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(ack.error.retryAfterMs / 1000))));
  res.status(status).json(ack);
}

function sendError(res: Response, error: WireError): void {
  send(res, { ok: false, error });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * GET query strings -> request fields: `limit` becomes a number, `states` a list (`states=a,b` or
 * repeated). Values that do not convert are passed on as they are, so zod names the field.
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

  app.use((req, res, next) => {
    const t0 = performance.now();
    res.on('finish', () => opts.logger.debug('http_request', { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - t0) }));
    if (opts.token && !tokenMatches(opts.token, bearerToken(req.headers.authorization))) {
      sendError(res, unauthenticated().toWire());
      return;
    }
    next();
  });

  // Any content type is read as JSON: a client that forgets the header still gets a clear answer.
  app.use(express.json({ limit: MAX_PAYLOAD_BYTES, strict: false, type: () => true }));

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
        send(res, { ok: true, data });
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
      sendError(res, invalidArgument([], `request body exceeds ${MAX_PAYLOAD_BYTES} bytes`).toWire());
    } else if (typeof type === 'string' && (type.startsWith('encoding.') || type.startsWith('charset.') || type === 'request.aborted' || type === 'request.size.invalid')) {
      sendError(res, invalidArgument([], String((err as { message?: unknown }).message ?? 'unreadable body')).toWire());
    } else {
      sendError(res, toWireError(err, opts.logger));
    }
  });
  return app;
}

