/**
 * Idempotency tags of requests (issue 14 item 1). A requestId is scoped to (study, operation,
 * target): the record of its first use keeps the operation kind, the target (the trial of a
 * tell/fail), a fingerprint of the payload and a short summary for error messages. A later request
 * with the same id is a retry only when all three match; anything else is CONFLICT
 * (storage-rules.ts checkReplay), never the first request's answer.
 */
import { createHash } from 'node:crypto';
import { invalidArgument } from '../core/errors.js';
import type { RequestTag } from './storage/types.js';

/** Fields that never enter a fingerprint: the id itself, who sent it, and the study (records are per study already). */
const NOT_PAYLOAD = new Set(['requestId', 'clientId', 'studyId']);

/** Nesting beyond this is refused rather than risk the stack (zod bounds the wire; this guards the recursion). */
const MAX_DEPTH = 200;

/** Longest summary stored with a record and shown in a CONFLICT message, characters. */
export const SUMMARY_CHARS = 300;

/**
 * JSON with object keys sorted at every level and undefined members dropped: equal payloads give
 * equal text. `path` is where `value` sits (named in the error for a too deeply nested value).
 */
export function canonicalJson(value: unknown, path: (string | number)[] = []): string {
  if (path.length > MAX_DEPTH) throw invalidArgument(path.slice(0, 8), `nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return `[${value.map((v, i) => (v === undefined ? 'null' : canonicalJson(v, [...path, i]))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], [...path, k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `text` cut to `max` characters with an ellipsis marking the cut. */
export function truncate(text: string, max = SUMMARY_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The tag of one request: its kind, its target (a tell/fail's trialId) and the sha256 of the
 * canonical JSON of the request without requestId/clientId/studyId (after zod defaults, so an
 * omitted `count` equals `count: 1`). Undefined when the request carries no requestId.
 */
export function requestTag(kind: string, req: { readonly requestId?: string }, target?: string): RequestTag | undefined {
  if (!req.requestId) return undefined;
  const payload = Object.fromEntries(Object.entries(req).filter(([k]) => !NOT_PAYLOAD.has(k)));
  const text = canonicalJson(payload);
  return {
    requestId: req.requestId,
    kind,
    ...(target !== undefined ? { target } : {}),
    fingerprint: createHash('sha256').update(`${kind}\0${text}`).digest('hex'),
    summary: truncate(text),
  };
}
