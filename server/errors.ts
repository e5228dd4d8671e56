import { ZodError } from 'zod';
import { ERROR_CODES, type FieldIssue, type WireError } from '../protocol/errors.js';
import { BoError } from '../core/errors.js';
import type { Logger } from './logger.js';

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

function isZodError(e: unknown): e is { issues: ZodLikeIssue[] } {
  if (e instanceof ZodError) return true;
  // zod/v4 core errors and errors from a second copy of zod are not instances of this ZodError.
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues);
}

function isBoError(e: unknown): e is BoError {
  if (e instanceof BoError) return true;
  if (typeof e !== 'object' || e === null) return false;
  const o = e as { name?: unknown; code?: unknown; toWire?: unknown };
  return o.name === 'BoError' && typeof o.code === 'string' && Object.hasOwn(ERROR_CODES, o.code) && typeof o.toWire === 'function';
}

/** Turns zod issues into wire issues (symbols in paths become strings). */
export function zodIssues(issues: readonly ZodLikeIssue[]): FieldIssue[] {
  return issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'number' || typeof p === 'string' ? p : String(p))),
    message: i.message,
  }));
}

/**
 * The one conversion of any thrown value into the wire error both transports send:
 * zod errors -> INVALID_ARGUMENT with issues; BoError -> its wire form; anything else ->
 * INTERNAL with a generic message (the detail is logged, never sent).
 */
export function toWireError(e: unknown, logger?: Logger): WireError {
  if (isBoError(e)) return e.toWire();
  if (isZodError(e)) {
    const issues = zodIssues(e.issues);
    const first = issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return { code: 'INVALID_ARGUMENT', message: first ? `${where}${first.message}` : 'invalid request', retryable: false, issues };
  }
  logger?.error('internal_error', { error: e });
  return { code: 'INTERNAL', message: 'internal server error', retryable: ERROR_CODES.INTERNAL.retryable };
}
